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
    QFuture<void> worker;
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true; // no new worker, and the running one stops after its level
        worker = m_future;
    }
    worker.waitForFinished();
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
            basemap->loadOnRequest();
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
    start(folder, false);
}

void Basemap::loadOnRequest(const QString &folder)
{
    start(folder, true);
}

void Basemap::start(const QString &folder, bool onRequest)
{
    QMutexLocker lock(&m_mutex);
    if (m_started)
        return;
    m_started = true;
    m_onRequest = onRequest;
    m_folder = folder;
    for (int i = 0; i < kDetailCount; ++i)
        m_queued[size_t(i)] = !onRequest || i == int(Detail::Low);
    startWorker();
}

void Basemap::request(Detail detail)
{
    QMutexLocker lock(&m_mutex);
    if (!m_onRequest || m_stop || m_levels[size_t(detail)] || m_tried[size_t(detail)]
        || m_queued[size_t(detail)])
        return;
    m_queued[size_t(detail)] = true;
    m_finished = false;
    startWorker();
}

void Basemap::startWorker()
{
    if (m_running || m_stop)
        return;
    m_running = true;
    m_future = QtConcurrent::run([this] { run(); });
}

void Basemap::run()
{
    for (;;) {
        QMutexLocker lock(&m_mutex);
        int next = -1;
        for (int i = 0; i < kDetailCount && next < 0 && !m_stop; ++i) {
            if (m_queued[size_t(i)])
                next = i;
        }
        if (next < 0) {
            // Nothing left: finished, until a request queues more.
            m_running = false;
            m_finished = !m_stop;
            m_changed.wakeAll();
            // Posted before the lock goes: the destructor waits for this worker only
            // while m_running was set.
            QMetaObject::invokeMethod(this, &Basemap::finished, Qt::QueuedConnection);
            return;
        }
        const QString folder = m_folder;
        lock.unlock();
        QString error;
        std::shared_ptr<const Level> level = readLevel(folder, Detail(next), &error);
        publish(Detail(next), std::move(level), error);
        lock.relock();
        m_queued[size_t(next)] = false;
        m_tried[size_t(next)] = true;
        if (folder.isEmpty()) { // one error says it
            m_queued.fill(false);
            m_tried.fill(true);
        }
    }
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
    request(detail);
    QMutexLocker lock(&m_mutex);
    while (!m_levels[size_t(detail)] && !m_tried[size_t(detail)] && !m_stop)
        m_changed.wait(&m_mutex);
    return m_levels[size_t(detail)] != nullptr;
}
