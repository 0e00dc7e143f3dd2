#include "projectrecovery.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>

#include <algorithm>

namespace {
const QString kRecoveryKey = QStringLiteral("recovery");

QString lockName(const QString &file)
{
    return file + QStringLiteral(".lock");
}

std::unique_ptr<QLockFile> makeLock(const QString &file)
{
    auto lock = std::make_unique<QLockFile>(lockName(file));
    // Only a dead owner makes a lock stale, never its age: a window may stay open for days.
    lock->setStaleLockTime(0);
    return lock;
}
} // namespace

ProjectRecovery::ProjectRecovery(QObject *parent) : QObject(parent), m_dir(defaultDirectory())
{
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ProjectRecovery::tick);
}

ProjectRecovery::~ProjectRecovery() = default;

QString ProjectRecovery::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/recovery");
}

void ProjectRecovery::setDirectory(const QString &dir)
{
    remove();
    m_dir = dir;
}

void ProjectRecovery::setInterval(int ms)
{
    m_timer.setInterval(std::max(1, ms));
}

void ProjectRecovery::setProjectPath(const QString &projectPath)
{
    const QString absolute =
        projectPath.isEmpty() ? QString() : QFileInfo(projectPath).absoluteFilePath();
    if (absolute == m_projectPath)
        return;
    remove();
    m_projectPath = absolute;
}

QString ProjectRecovery::stem() const
{
    if (m_projectPath.isEmpty())
        return m_dir + QStringLiteral("/untitled");
    // The name for people, the hash for two projects of the same name in two folders.
    const QByteArray hash =
        QCryptographicHash::hash(m_projectPath.toUtf8(), QCryptographicHash::Sha1).toHex().left(10);
    return m_dir + QLatin1Char('/') + QFileInfo(m_projectPath).completeBaseName() + QLatin1Char('-')
        + QString::fromLatin1(hash);
}

QString ProjectRecovery::recoveryFile() const
{
    return m_lock ? m_file : stem() + QStringLiteral(".rvz");
}

void ProjectRecovery::setModified(bool modified)
{
    if (modified && !m_timer.isActive())
        m_timer.start();
    else if (!modified)
        m_timer.stop();
}

void ProjectRecovery::tick()
{
    QString error;
    if (!writeNow(&error))
        emit failed(error);
}

bool ProjectRecovery::writeNow(QString *error)
{
    if (!m_capture)
        return true;
    const Project state = m_capture();
    if (m_lastWritten && *m_lastWritten == state)
        return true;
    if (!QDir().mkpath(m_dir)) {
        *error = QStringLiteral("cannot create the recovery folder %1")
                     .arg(QDir::toNativeSeparators(m_dir));
        return false;
    }
    // Another running Rendezvous editing the same project (or another untitled one)
    // holds its own file: this one takes the next free name.
    for (int n = 1; !m_lock && n <= kMaxInstances; ++n) {
        const QString candidate =
            stem() + (n == 1 ? QString() : QStringLiteral("-%1").arg(n)) + QStringLiteral(".rvz");
        auto lock = makeLock(candidate);
        if (lock->tryLock(0)) {
            m_lock = std::move(lock);
            m_file = candidate;
        }
    }
    if (!m_lock) {
        *error = QStringLiteral("every recovery file name for this project is in use in %1")
                     .arg(QDir::toNativeSeparators(m_dir));
        return false;
    }
    const QString file = m_file;
    const QJsonObject extra {
        {kRecoveryKey,
         QJsonObject {{QStringLiteral("projectPath"), m_projectPath},
                      {QStringLiteral("savedAt"),
                       QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}}}};
    if (!state.write(file, error, extra))
        return false;
    m_lastWritten = state;
    emit written(file);
    return true;
}

void ProjectRecovery::remove()
{
    m_timer.stop();
    m_lastWritten.reset();
    if (!m_lock)
        return;
    QFile::remove(m_file);
    m_lock->unlock();
    m_lock.reset();
}

QList<ProjectRecovery::Recovered> ProjectRecovery::orphans() const
{
    QList<Recovered> found;
    const QFileInfoList files =
        QDir(m_dir).entryInfoList({QStringLiteral("*.rvz")}, QDir::Files, QDir::Time);
    for (const QFileInfo &info : files) {
        const QString file = info.absoluteFilePath();
        if (m_lock && file == QFileInfo(m_file).absoluteFilePath())
            continue; // this window's own
        auto lock = makeLock(file);
        if (!lock->tryLock(0))
            continue; // its window is alive
        Recovered r;
        r.file = file;
        r.savedAt = info.lastModified().toUTC();
        found.append(r);
    }
    return found;
}

bool ProjectRecovery::read(const QString &file, Project *out, Recovered *info, QString *error)
{
    QJsonObject raw;
    if (!Project::read(file, out, error, &raw))
        return false;
    const QJsonObject recovery = raw.value(kRecoveryKey).toObject();
    info->file = file;
    info->projectPath = recovery.value(QStringLiteral("projectPath")).toString();
    info->savedAt = QDateTime::fromString(recovery.value(QStringLiteral("savedAt")).toString(),
                                          Qt::ISODateWithMs);
    if (!info->savedAt.isValid())
        info->savedAt = QFileInfo(file).lastModified().toUTC();
    return true;
}

void ProjectRecovery::discard(const QString &file)
{
    QFile::remove(file);
    QFile::remove(lockName(file));
}

QMessageBox *ProjectRecovery::createPrompt(QWidget *parent, const QString &projectName,
                                           const QDateTime &saved)
{
    auto *box = new QMessageBox(
        QMessageBox::Question, QStringLiteral("Restore unsaved work?"),
        QStringLiteral("Rendezvous did not close properly. Restore the unsaved changes to "
                       "\u201c%1\u201d?")
            .arg(projectName),
        QMessageBox::NoButton, parent);
    box->setObjectName(QStringLiteral("recoveryBox"));
    box->setInformativeText(
        QStringLiteral("They were saved automatically on %1 UTC. Discard deletes them.")
            .arg(saved.toUTC().toString(QStringLiteral("d MMM yyyy, HH:mm"))));
    QPushButton *restore = box->addButton(QStringLiteral("&Restore"), QMessageBox::AcceptRole);
    box->addButton(QStringLiteral("&Discard"), QMessageBox::DestructiveRole);
    box->setDefaultButton(restore);
    return box;
}

ProjectRecovery::Offer ProjectRecovery::offer(QWidget *parent, const Prompt &prompt, Project *out,
                                              Recovered *info, QString *error) const
{
    const QList<Recovered> found = orphans();
    if (found.isEmpty())
        return Offer::None;
    const QString file = found.constFirst().file;
    if (!read(file, out, info, error)) {
        // Kept for a person to look at, but not offered at every start.
        const QString kept = file + QStringLiteral(".damaged");
        QFile::rename(file, kept);
        QFile::remove(lockName(file));
        *error =
            QStringLiteral("%1\n\nIt was kept as %2").arg(*error, QDir::toNativeSeparators(kept));
        return Offer::Damaged;
    }
    const QString name = info->projectPath.isEmpty() ? QStringLiteral("Untitled")
                                                     : QFileInfo(info->projectPath).fileName();
    bool restore;
    if (prompt) {
        restore = prompt(name, info->savedAt);
    } else {
        std::unique_ptr<QMessageBox> box(createPrompt(parent, name, info->savedAt));
        box->exec();
        restore = box->buttonRole(box->clickedButton()) == QMessageBox::AcceptRole;
    }
    if (restore)
        return Offer::Restore;
    discard(file);
    return Offer::Discarded;
}
