#include "basemap.h"

#include "buildtree.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {
std::atomic<bool> g_instanceOnDemand {false};
} // namespace

Basemap::Basemap(QObject *parent) : QObject(parent) { }

Basemap::~Basemap()
{
    m_stop = true;
    m_future.waitForFinished();
}

Basemap *Basemap::instance()
{
    static QMutex mutex;
    static Basemap *basemap = nullptr;
    QMutexLocker lock(&mutex);
    if (!basemap) {
        QCoreApplication *app = QCoreApplication::instance();
        Q_ASSERT(app);
        basemap = new Basemap;
        if (basemap->thread() != app->thread())
            basemap->moveToThread(app->thread());
        basemap->setParent(app);
        // The pointer is cleared when the application deletes it at exit.
        QObject::connect(basemap, &QObject::destroyed, [] { basemap = nullptr; });
        if (g_instanceOnDemand)
            basemap->loadOnDemand();
        else
            basemap->load();
    }
    return basemap;
}

QString Basemap::resourcesFolder()
{
    QStringList candidates;
    const QString env = qEnvironmentVariable("RENDEZVOUS_RESOURCES");
    if (!env.isEmpty())
        candidates << env;
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath()
                + QStringLiteral("/../share/rendezvous");
#ifdef RENDEZVOUS_RESOURCES_BUILD
    if (runsFromBuildTree())
        candidates << QStringLiteral(RENDEZVOUS_RESOURCES_BUILD);
#endif
    const QString marker = QStringLiteral("basemap/") + preparedFileName(Detail::Low);
    for (const QString &c : candidates) {
        const QDir dir(c);
        if (QFileInfo::exists(dir.filePath(marker)))
            return dir.absoluteFilePath(QStringLiteral("basemap"));
    }
    return {};
}

Basemap::Detail Basemap::detailForZoom(double zoom)
{
    if (zoom < 3.0)
        return Detail::Low;
    if (zoom < 5.5)
        return Detail::Medium;
    return Detail::High;
}

void Basemap::setInstanceLoadsOnDemand(bool onDemand)
{
    g_instanceOnDemand = onDemand;
}

void Basemap::loadOnDemand(const QString &folder)
{
    QMutexLocker lock(&m_mutex);
    if (m_started)
        return;
    m_started = true;
    m_onDemand = true;
    m_folder = folder;
}

std::shared_ptr<const Basemap::Level> Basemap::readLevel(const QString &folder, Detail detail,
                                                         QString *error)
{
    if (folder.isEmpty()) {
        *error = QStringLiteral("the prepared basemap files (basemap/%1...) were not found")
                     .arg(preparedFileName(Detail::Low));
        return nullptr;
    }
    const QString path = QDir(folder).filePath(preparedFileName(detail));
    std::shared_ptr<const Level> level = readPrepared(path, error);
    if (level && level->detail != detail) {
        *error = QStringLiteral("basemap file %1 holds another level of detail").arg(path);
        level.reset();
    }
    return level;
}

void Basemap::load(const QString &folder)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_started)
            return;
        m_started = true;
    }
    m_future = QtConcurrent::run([this, folder] { run(folder); });
}

void Basemap::run(QString folder)
{
    for (int i = 0; i < kDetailCount && !m_stop; ++i) {
        const Detail d = Detail(i);
        QString error;
        std::shared_ptr<const Level> level = readLevel(folder, d, &error);
        publish(d, std::move(level), error);
        if (folder.isEmpty())
            break; // one error says it
    }
    {
        QMutexLocker lock(&m_mutex);
        m_finished = true;
        m_changed.wakeAll();
    }
    QMetaObject::invokeMethod(this, &Basemap::finished, Qt::QueuedConnection);
}

void Basemap::publish(Detail detail, std::shared_ptr<const Level> level, const QString &error)
{
    const bool ok = level != nullptr;
    {
        QMutexLocker lock(&m_mutex);
        if (ok)
            m_levels[size_t(detail)] = std::move(level);
        if (!error.isEmpty() && m_error.isEmpty())
            m_error = error;
        m_changed.wakeAll();
    }
    if (ok)
        QMetaObject::invokeMethod(
            this, [this, detail] { emit levelLoaded(detail); }, Qt::QueuedConnection);
}

std::shared_ptr<const Basemap::Level> Basemap::level(Detail detail) const
{
    QMutexLocker lock(&m_mutex);
    return m_levels[size_t(detail)];
}

std::shared_ptr<const Basemap::Level> Basemap::levelForZoom(double zoom) const
{
    const int wanted = int(detailForZoom(zoom));
    QMutexLocker lock(&m_mutex);
    if (m_levels[size_t(wanted)])
        return m_levels[size_t(wanted)];
    for (int i = wanted - 1; i >= 0; --i) {
        if (m_levels[size_t(i)])
            return m_levels[size_t(i)];
    }
    for (int i = wanted + 1; i < kDetailCount; ++i) {
        if (m_levels[size_t(i)])
            return m_levels[size_t(i)];
    }
    return nullptr;
}

bool Basemap::isFinished() const
{
    QMutexLocker lock(&m_mutex);
    return m_finished;
}

QString Basemap::error() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

bool Basemap::waitFor(Detail detail)
{
    bool onDemand = false;
    {
        QMutexLocker lock(&m_mutex);
        onDemand = m_onDemand;
    }
    if (onDemand) {
        // One reader at a time, so that two callers wanting one level read it once.
        QMutexLocker reading(&m_reading);
        QMutexLocker lock(&m_mutex);
        if (m_levels[size_t(detail)] || m_tried[size_t(detail)])
            return m_levels[size_t(detail)] != nullptr;
        m_tried[size_t(detail)] = true;
        const QString folder = m_folder;
        lock.unlock();
        QString error;
        std::shared_ptr<const Level> level = readLevel(folder, detail, &error);
        publish(detail, std::move(level), error);
        lock.relock();
        const bool loaded = m_levels[size_t(detail)] != nullptr;
        const bool all = std::all_of(m_tried.begin(), m_tried.end(), [](bool t) { return t; });
        if (all) {
            m_finished = true;
            m_changed.wakeAll();
        }
        lock.unlock();
        if (all)
            QMetaObject::invokeMethod(this, &Basemap::finished, Qt::QueuedConnection);
        return loaded;
    }
    load();
    QMutexLocker lock(&m_mutex);
    while (!m_levels[size_t(detail)] && !m_finished)
        m_changed.wait(&m_mutex);
    return m_levels[size_t(detail)] != nullptr;
}
