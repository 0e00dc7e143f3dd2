#include "investigation.h"

#include "eventstore.h"
#include "io/dbmodule.h"
#include "io/eventreader.h"
#include "mergedstore.h"
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
// The account of an AIS data set in one report (what the load report dialog shows):
// the counts summed, every file's rejections with the file named when there are
// several, a note per file and the NMEA sentence counts.
LoadReport combinedReport(const std::vector<LoadReport> &reports, const SentenceCounts &sentences)
{
    LoadReport all;
    if (reports.size() == 1)
        all = reports.front();
    else if (!reports.empty()) {
        all.file =
            QStringLiteral("%1 and %2 more").arg(reports.front().file).arg(reports.size() - 1);
        all.driver = reports.front().driver;
        all.rowLabel = reports.front().rowLabel;
        for (const LoadReport &r : reports) {
            const QString name = QFileInfo(r.file).fileName();
            all.records += r.records;
            all.loaded += r.loaded;
            all.notes << QStringLiteral("%1: %2 records, %3 loaded, %4 rejected")
                             .arg(name)
                             .arg(r.records)
                             .arg(r.loaded)
                             .arg(r.rejections.size());
            for (const QString &note : r.notes)
                all.notes << name + QStringLiteral(": ") + note;
            for (const Rejection &rejection : r.rejections)
                all.rejections.push_back(
                    {rejection.row, name + QStringLiteral(": ") + rejection.reason});
            for (auto it = r.warnings.begin(); it != r.warnings.end(); ++it)
                all.warnings.insert(name + QStringLiteral(": ") + it.key(), it.value());
        }
    }
    if (sentences.read > 0)
        all.notes << QStringLiteral(
                         "NMEA sentences: %1 read, %2 AIS, %3 other (skipped), %4 with a "
                         "bad checksum")
                         .arg(sentences.read)
                         .arg(sentences.ais)
                         .arg(sentences.other)
                         .arg(sentences.badChecksum);
    return all;
}
} // namespace

Investigation::Investigation(QObject *parent)
    : QObject(parent),
      m_aisReader([](const QStringList &paths, const LoadOptions &options, SegmentRules rules) {
          return aisreader::read(paths, options, rules);
      })
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

std::vector<ProjectSource> Investigation::eventSources() const
{
    std::vector<ProjectSource> list;
    for (const DataSource &s : m_sources) {
        if (s.kind == DataSource::Kind::EventFile)
            list.push_back(s.origin);
    }
    return list;
}

const DataSource *Investigation::ais() const
{
    const auto it = std::find_if(m_sources.begin(), m_sources.end(), [](const DataSource &s) {
        return s.kind == DataSource::Kind::Ais;
    });
    return it == m_sources.end() ? nullptr : &*it;
}

std::shared_ptr<const TrackStore> Investigation::tracks() const
{
    const DataSource *source = ais();
    return source ? source->tracks : nullptr;
}

const DataSource *Investigation::detected() const
{
    const auto it = std::find_if(m_sources.begin(), m_sources.end(), [](const DataSource &s) {
        return s.kind == DataSource::Kind::Detected;
    });
    return it == m_sources.end() ? nullptr : &*it;
}

std::vector<std::pair<QString, std::shared_ptr<const EventStore>>> Investigation::shownParts() const
{
    std::vector<std::pair<QString, std::shared_ptr<const EventStore>>> parts;
    for (const DataSource &s : m_sources) {
        if (s.kind == DataSource::Kind::EventFile)
            parts.emplace_back(QFileInfo(s.origin.path).fileName(), s.store);
    }
    if (const DataSource *source = detected())
        parts.emplace_back(kDetectedName, source->store);
    return parts;
}

Investigation::Shown Investigation::compose(
    const std::vector<std::pair<QString, std::shared_ptr<const EventStore>>> &parts)
{
    Shown shown;
    if (parts.size() == 1) {
        shown.store = parts.front().second;
    } else if (parts.size() > 1) {
        std::vector<mergedstore::Part> merged;
        for (const auto &[name, store] : parts)
            merged.push_back({name, store});
        shown.store = mergedstore::merge(merged);
    }
    if (shown.store)
        shown.indexes = FilterIndexes::prepare(shown.store);
    return shown;
}

bool Investigation::setDetected(std::shared_ptr<const EventStore> store, const Shown &composed,
                                const std::vector<const EventStore *> &composedFrom)
{
    if (m_loading)
        return false;
    const DataSource *before = detected();
    if (!store && !before)
        return true;
    m_sources.erase(
        std::remove_if(m_sources.begin(), m_sources.end(),
                       [](const DataSource &s) { return s.kind == DataSource::Kind::Detected; }),
        m_sources.end());
    if (store) {
        DataSource source;
        source.kind = DataSource::Kind::Detected;
        source.id = m_nextId++;
        source.origin.path = kDetectedName;
        source.report.file = kDetectedName;
        source.report.records = static_cast<int64_t>(store->size());
        source.report.loaded = static_cast<int64_t>(store->size());
        source.store = std::move(store);
        m_sources.push_back(std::move(source));
    }
    // The worker's composition holds exactly these stores, in this order, or it is stale.
    const auto parts = shownParts();
    bool fresh = composed.store != nullptr && composedFrom.size() == parts.size();
    for (size_t i = 0; fresh && i < parts.size(); ++i)
        fresh = composedFrom[i] == parts[i].second.get();
    m_shown = fresh ? composed : compose(parts);
    emit detectedChanged();
    return true;
}

std::vector<ProjectSource> Investigation::allSources() const
{
    std::vector<ProjectSource> list = eventSources();
    if (const DataSource *source = ais())
        list.push_back(source->origin);
    return list;
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
    request({source, false});
}

void Investigation::addEvents(const ProjectSource &source)
{
    request({source, true});
}

void Investigation::openAis(const ProjectSource &source)
{
    ProjectSource ais = source;
    ais.kind = ProjectSource::Kind::Ais;
    request({ais, false});
}

void Investigation::removeAis()
{
    const auto before = m_sources.size();
    m_sources.erase(
        std::remove_if(m_sources.begin(), m_sources.end(),
                       [](const DataSource &s) { return s.kind == DataSource::Kind::Ais; }),
        m_sources.end());
    if (m_sources.size() != before)
        emit tracksChanged();
}

void Investigation::request(const Request &request)
{
    if (request.source.path.isEmpty())
        return;
    if (m_loading) {
        // One load at a time: the running one stops, then this one starts.
        m_pending = request;
        cancel();
        return;
    }
    startLoad(request);
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
    const bool hadTracks = ais() != nullptr;
    const bool hadDetected = detected() != nullptr;
    m_sources.clear();
    m_shown = Shown();
    emit cleared();
    if (hadTracks)
        emit tracksChanged();
    if (hadDetected)
        emit detectedChanged();
}

bool Investigation::replaceRows(const QString &source, std::shared_ptr<const EventStore> store)
{
    if (m_loading || !store)
        return false;
    DataSource *target = nullptr;
    for (DataSource &s : m_sources) {
        if (s.kind == DataSource::Kind::EventFile) {
            if (target || s.origin.path != source)
                return false;
            target = &s;
        }
    }
    if (!target || detected())
        return false;
    target->store = store;
    target->indexes = FilterIndexes::prepare(store);
    m_shown = {store, target->indexes};
    emit rowsReplaced();
    return true;
}

void Investigation::startLoad(const Request &request)
{
    const ProjectSource &source = request.source;
    m_loading = true;
    m_loadingSource = source;
    m_loadingAdds = request.add;
    // Added: shown with the other event files (read by the worker; stores never change).
    std::vector<mergedstore::Part> others;
    const bool ais = source.kind == ProjectSource::Kind::Ais;
    if (request.add && !ais) {
        for (const DataSource &s : m_sources) {
            if (s.kind == DataSource::Kind::EventFile && s.origin.path != source.path)
                others.push_back({QFileInfo(s.origin.path).fileName(), s.store});
        }
    }
    // The detected events stay shown after the event files, whichever file comes.
    std::vector<mergedstore::Part> after;
    if (const DataSource *d = detected(); d && !ais)
        after.push_back({kDetectedName, d->store});
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
    QThreadPool::globalInstance()->start(
        [promise, path = source.path, paths = source.paths(), ais, reader = m_aisReader, options,
         cancel, others = std::move(others), after = std::move(after)]() mutable {
            try {
                LoadJob job;
                if (ais) {
                    job.ais = reader(paths, options, SegmentRules());
                    promise->addResult(std::move(job));
                    promise->finish();
                    return;
                }
                // A database table is read as the window needs it (db::readForWindow),
                // not whole.
                job.result = db::isDatabase(path) && !options.layer.isEmpty()
                    ? db::readForWindow(path, options.layer)
                    : EventReader::load(path, options);
                if (job.result.store && !*cancel) {
                    job.shown = job.result.store;
                    if (!others.empty() || !after.empty()) {
                        others.push_back({QFileInfo(path).fileName(), job.result.store});
                        others.insert(others.end(), after.begin(), after.end());
                        job.shown = mergedstore::merge(others);
                    }
                    job.indexes = FilterIndexes::prepare(job.shown);
                }
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
    const bool adds = m_loadingAdds;
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
    const bool ais = source.kind == ProjectSource::Kind::Ais;
    if (ais) {
        if (failure.isEmpty() && !job.ais.error.isEmpty())
            failure = job.ais.error;
        else if (failure.isEmpty() && !job.ais.store)
            failure = QStringLiteral("no AIS positions could be read");
    } else if (failure.isEmpty() && !job.result.report.ok()) {
        failure = job.result.report.error;
    } else if (failure.isEmpty() && !job.result.store) {
        failure = QStringLiteral("the reader returned no events");
    }

    bool ok = false;
    if (wasCancelled) {
        // Whatever the worker got done is dropped: the user asked for the old data.
        emit cancelled(source);
    } else if (!failure.isEmpty()) {
        emit failed(source, failure);
    } else if (ais) {
        DataSource loaded;
        loaded.kind = DataSource::Kind::Ais;
        loaded.id = m_nextId++;
        loaded.origin = source;
        loaded.tracks = std::move(job.ais.store);
        loaded.aisReports = std::move(job.ais.reports);
        loaded.sentences = job.ais.sentences;
        loaded.report = combinedReport(loaded.aisReports, loaded.sentences);
        // One AIS data set per investigation: it replaces the previous one, after the
        // event files.
        m_sources.erase(
            std::remove_if(m_sources.begin(), m_sources.end(),
                           [](const DataSource &s) { return s.kind == DataSource::Kind::Ais; }),
            m_sources.end());
        m_sources.push_back(std::move(loaded));
        ok = true;
        emit this->loaded(m_sources.back());
        emit tracksChanged();
    } else {
        DataSource loaded;
        loaded.kind = DataSource::Kind::EventFile;
        loaded.id = m_nextId++;
        loaded.origin = source;
        loaded.report = std::move(job.result.report);
        loaded.store = std::move(job.result.store);
        if (job.shown == loaded.store)
            loaded.indexes = job.indexes;
        // Opened, the file takes the place of every event file; added, of its own
        // earlier reading only.
        const auto replaced = [adds, &source](const DataSource &s) {
            return s.kind == DataSource::Kind::EventFile && (!adds || s.origin.path == source.path);
        };
        const auto at = std::find_if(m_sources.begin(), m_sources.end(), replaced);
        const ptrdiff_t index = adds && at != m_sources.end() ? at - m_sources.begin() : -1;
        m_sources.erase(std::remove_if(m_sources.begin(), m_sources.end(), replaced),
                        m_sources.end());
        const auto place = index >= 0
            ? m_sources.begin() + std::min<ptrdiff_t>(index, ptrdiff_t(m_sources.size()))
            : m_sources.end();
        const auto it = m_sources.insert(place, std::move(loaded));
        m_shown = {std::move(job.shown), std::move(job.indexes)};
        ok = true;
        emit this->loaded(*it);
    }

    if (m_pending) {
        const Request next = *m_pending;
        m_pending.reset();
        startLoad(next);
    }
    emit loadFinished(ok);
}
