#include "investigation.h"

#include "eventstore.h"
#include "io/eventreader.h"
#include "transferfilter.h"

#include <QDir>
#include <QFileInfo>
#include <QPromise>
#include <QStandardPaths>
#include <QThreadPool>

#include <algorithm>

namespace {
// What a worker's exception says (the readers report errors as values; this is for what
// they cannot: running out of memory, or a bug).
QString describe(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::bad_alloc &) {
        return QStringLiteral("not enough memory to load this file");
    } catch (const std::exception &e) {
        return QString::fromLocal8Bit(e.what());
    } catch (...) {
        return QStringLiteral("unexpected error");
    }
}
} // namespace

Investigation::Investigation(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &Investigation::onFinished);
}

Investigation::~Investigation()
{
    // The worker calls back into this object (progress); let it stop first.
    if (m_loading && m_cancel) {
        *m_cancel = true;
        m_watcher.waitForFinished();
    }
}

const DataSource *Investigation::events() const
{
    const auto it = std::find_if(m_sources.begin(), m_sources.end(), [](const DataSource &s) {
        return s.kind == DataSource::Kind::EventFile;
    });
    return it == m_sources.end() ? nullptr : &*it;
}

ProjectSource Investigation::currentSource() const
{
    const DataSource *source = events();
    return source ? source->origin : ProjectSource();
}

const LoadReport &Investigation::report() const
{
    static const LoadReport none;
    const DataSource *source = events();
    return source ? source->report : none;
}

QString Investigation::saveFolder() const
{
    const auto existingFolder = [](const QString &file) {
        if (file.isEmpty())
            return QString();
        const QFileInfo info(file);
        return info.absoluteDir().exists() ? info.absolutePath() : QString();
    };
    QString folder = existingFolder(m_projectPath);
    if (folder.isEmpty() && !m_sources.empty())
        folder = existingFolder(m_sources.front().origin.path);
    if (folder.isEmpty() && m_loading)
        folder = existingFolder(m_loadingSource.path);
    if (folder.isEmpty())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    return QDir::cleanPath(folder);
}

QString Investigation::suggestSavePath(const QString &lastPath, const QString &defaultName) const
{
    const QString folder = saveFolder();
    if (!lastPath.isEmpty()) {
        const QString lastFolder = QDir::cleanPath(QFileInfo(lastPath).absolutePath());
        if (lastFolder == folder || lastFolder.startsWith(folder + QLatin1Char('/')))
            return QDir::cleanPath(QFileInfo(lastPath).absoluteFilePath());
    }
    const QString name = lastPath.isEmpty() ? defaultName : QFileInfo(lastPath).fileName();
    return QDir(folder).filePath(name);
}

void Investigation::openEvents(const ProjectSource &source)
{
    if (source.path.isEmpty())
        return;
    if (m_loading) {
        // One load at a time: the running one stops, then this one starts.
        m_pending = source;
        cancel();
        return;
    }
    startLoad(source);
}

void Investigation::cancel()
{
    if (m_loading && m_cancel)
        *m_cancel = true;
}

void Investigation::clear()
{
    m_pending.reset();
    cancel();
    m_sources.clear();
    emit cleared();
}

void Investigation::startLoad(const ProjectSource &source)
{
    m_loading = true;
    m_loadingSource = source;
    const int id = ++m_loadId;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancel;

    // The readers call this from their threads, often: forward only whole per-mille steps.
    auto last = std::make_shared<std::atomic_int>(-1);
    LoadOptions options;
    options.cancel = cancel.get();
    options.layer = source.layer;
    options.fieldOverrides = source.fieldOverrides;
    options.dedupe = source.dedupe;
    options.progress = [this, id, last](double fraction) {
        const int permille = fraction > 0
            ? (fraction < 1 ? static_cast<int>(fraction * 1000) : 1000)
            : 0; // also NaN
        if (last->exchange(permille) == permille)
            return;
        // Safe: the destructor waits for the worker, so this outlives every call.
        QMetaObject::invokeMethod(
            this, [this, id, permille] { onProgress(id, permille); }, Qt::QueuedConnection);
    };
    // Qt Core's pool and promise rather than QtConcurrent, which the command line would
    // have to load on every start. cancel is captured so that the flag outlives this
    // object if the worker is slow to stop.
    auto promise = std::make_shared<QPromise<LoadJob>>();
    m_watcher.setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, path = source.path, options, cancel] {
        try {
            LoadJob job;
            job.result = EventReader::load(path, options);
            if (job.result.store && !*cancel)
                job.indexes = FilterIndexes::prepare(job.result.store);
            promise->addResult(std::move(job));
        } catch (...) {
            promise->setException(std::current_exception());
        }
        promise->finish();
    });
    emit loadingStarted(source);
}

void Investigation::onProgress(int loadId, int permille)
{
    // Late calls of a finished or replaced load are dropped.
    if (!m_loading || loadId != m_loadId || isCancelling())
        return;
    emit loadingProgress(permille);
}

void Investigation::onFinished()
{
    const ProjectSource source = m_loadingSource;
    const bool wasCancelled = m_cancel && *m_cancel;
    m_loading = false;
    m_cancel.reset();

    LoadJob job;
    QString failure;
    try {
        // Not takeResult(): it resets the future, and waitForFinished() then never returns.
        job = m_watcher.result();
    } catch (...) {
        failure = describe(std::current_exception());
    }
    if (failure.isEmpty() && !job.result.report.ok())
        failure = job.result.report.error;
    else if (failure.isEmpty() && !job.result.store)
        failure = QStringLiteral("the reader returned no events");

    bool ok = false;
    if (wasCancelled) {
        // Whatever the worker got done is dropped: the user asked for the old data.
        emit cancelled(source);
    } else if (!failure.isEmpty()) {
        emit failed(source, failure);
    } else {
        DataSource loaded;
        loaded.kind = DataSource::Kind::EventFile;
        loaded.id = m_nextId++;
        loaded.origin = source;
        loaded.report = std::move(job.result.report);
        loaded.store = std::move(job.result.store);
        loaded.indexes = std::move(job.indexes);
        // The window shows one event file: the new one takes the old one's place.
        m_sources.erase(std::remove_if(m_sources.begin(), m_sources.end(),
                                       [](const DataSource &s) {
                                           return s.kind == DataSource::Kind::EventFile;
                                       }),
                        m_sources.end());
        m_sources.push_back(std::move(loaded));
        ok = true;
        emit this->loaded(m_sources.back());
    }

    if (m_pending) {
        const ProjectSource next = *m_pending;
        m_pending.reset();
        startLoad(next);
    }
    emit loadFinished(ok);
}
