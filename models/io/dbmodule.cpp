#include "dbmodule.h"

#include "moduleloader.h"

#include <QHash>

#include <mutex>

namespace {
struct Loaded
{
    const db::Backend *backend = nullptr;
    QString error;
};

Loaded load()
{
    const ModuleSpec spec {"RENDEZVOUS_DB_MODULE", QStringLiteral(RENDEZVOUS_DB_MODULE_INSTALLED),
                           QStringLiteral(RENDEZVOUS_DB_MODULE_BUILD), "rendezvous_db_backend",
                           QStringLiteral("database support")};
    Loaded l;
    using Entry = const db::Backend *(*)();
    const auto entry = reinterpret_cast<Entry>(loadModuleEntry(spec, &l.error));
    if (!entry)
        return l;
    const db::Backend *b = entry();
    if (!b || b->abiVersion != db::kAbiVersion) {
        l.error = QStringLiteral("the database module belongs to another version of Rendezvous");
        return l;
    }
    l.backend = b;
    return l;
}
} // namespace

bool db::isDatabase(const QString &text)
{
    return text.trimmed().startsWith(QLatin1String("PG:"), Qt::CaseInsensitive);
}

QString db::forGdal(const QString &text)
{
    QString rest = text.trimmed().mid(3).trimmed();
    if (rest.size() >= 2
        && ((rest.startsWith(QLatin1Char('"')) && rest.endsWith(QLatin1Char('"')))
            || (rest.startsWith(QLatin1Char('\'')) && rest.endsWith(QLatin1Char('\'')))))
        rest = rest.mid(1, rest.size() - 2).trimmed();
    return QStringLiteral("PG:") + rest;
}

const db::Backend *db::backend(QString *error)
{
    static std::once_flag once;
    static Loaded loaded;
    std::call_once(once, [] { loaded = load(); });
    if (!loaded.backend && error)
        *error = loaded.error;
    return loaded.backend;
}

bool db::loadEvents(const EventStore &store, const std::vector<uint32_t> &rows,
                    const LoadRequest &request, LoadSummary *summary, QString *error)
{
    const Backend *b = backend(error);
    return b && b->loadEvents(store, rows, request, summary, error);
}

bool db::loadTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                    const LoadRequest &request, LoadSummary *summary, QString *error)
{
    const Backend *b = backend(error);
    return b && b->loadTracks(store, positions, request, summary, error);
}

QString db::display(const QString &source)
{
    const Backend *b = backend(nullptr);
    return b ? b->display(source) : QStringLiteral("PG:…");
}

db::TestResult db::test(const QString &source, int connectTimeoutSeconds, const QString &password)
{
    TestResult r;
    if (const Backend *b = backend(&r.message))
        return b->test(source, password, connectTimeoutSeconds);
    return r;
}

namespace {
template<typename Call> db::ProjectReply callBackend(Call call)
{
    db::ProjectReply r;
    if (const db::Backend *b = db::backend(&r.message))
        return call(b);
    r.failure = db::Failure::Other;
    return r;
}

std::mutex passwordsMutex;
QHash<QString, QString> &passwords()
{
    static QHash<QString, QString> p;
    return p;
}
QString passwordKey(const QString &source)
{
    const QString d = db::display(source);
    return d.isEmpty() ? source.trimmed() : d;
}
} // namespace

db::ProjectReply db::listProjects(const Session &session)
{
    return callBackend([&](const Backend *b) { return b->listProjects(session); });
}

db::ProjectReply db::loadProject(const Session &session, const QString &name)
{
    return callBackend([&](const Backend *b) { return b->loadProject(session, name); });
}

db::ProjectReply db::saveProject(const Session &session, const QString &name,
                                 const QByteArray &content, int openedRevision,
                                 const QString &osUser)
{
    return callBackend([&](const Backend *b) {
        return b->saveProject(session, name, content, openedRevision, osUser);
    });
}

void db::setSessionPassword(const QString &source, const QString &password)
{
    const QString key = passwordKey(source);
    std::lock_guard<std::mutex> lock(passwordsMutex);
    passwords().insert(key, password);
}

QString db::sessionPassword(const QString &source)
{
    const QString key = passwordKey(source);
    std::lock_guard<std::mutex> lock(passwordsMutex);
    return passwords().value(key);
}

void db::forgetSessionPassword(const QString &source)
{
    const QString key = passwordKey(source);
    std::lock_guard<std::mutex> lock(passwordsMutex);
    passwords().remove(key);
}

QString db::forGdalWithPassword(const QString &source)
{
    const QString gdal = forGdal(source);
    const QString password = sessionPassword(source);
    // A URI (PG:postgresql://…) takes no keyword after it: its own password, or libpq's.
    if (password.isEmpty() || gdal.mid(3).contains(QLatin1String("://")))
        return gdal;
    QString quoted = password;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('\''), QLatin1String("\\'"));
    return gdal + QStringLiteral(" password='%1'").arg(quoted);
}

std::unique_ptr<db::EventTable> db::openEventTable(const QString &source, const QString &table,
                                                   QString *error)
{
    const Backend *b = backend(error);
    // With the password the window's prompt was given for it this run, if any (the
    // table's messages show the source without it).
    const QString withPassword =
        sessionPassword(source).isEmpty() ? source : forGdalWithPassword(source);
    return b ? b->openEventTable(withPassword, table, error) : nullptr;
}

LoadResult db::readForWindow(const QString &source, const QString &table)
{
    LoadResult r;
    r.report.file = display(source);
    r.report.layer = table;
    auto t = openEventTable(source, table, &r.report.error);
    if (!t)
        return r;
    // Days of data over the whole table: its span, and whether it is small enough.
    const HistogramResult days = t->histogram({}, BucketUnit::Day);
    if (!days.ok()) {
        r.report.error = days.error;
        return r;
    }
    long long total = 0;
    for (long long c : days.counts)
        total += c;
    EventQuery q;
    if (total > kWindowRows && !days.starts.empty()) {
        constexpr int64_t kDay = 24 * 3600 * 1000;
        q.to = days.starts.back() + kDay - 1;
        q.from = *q.to + 1 - kFirstDays * kDay;
    }
    QueryResult rows = t->query(q);
    if (!rows.ok() || !rows.rows.store) {
        r.report.error = rows.error;
        return r;
    }
    r = std::move(rows.rows);
    r.report.notes << (q.from ? QStringLiteral("database table of %1 events: the last %2 days of "
                                               "data read first; the window asks the server for "
                                               "the events its time window, area, view and "
                                               "search select")
                                    .arg(total)
                                    .arg(kFirstDays)
                              : QStringLiteral("database table of %1 events, all read; the "
                                               "window asks the server again as its time "
                                               "window, area, view and search change")
                                    .arg(total));
    return r;
}

bool db::tableInfo(const QString &source, const QString &table, bool perVessel, TableInfo *info,
                   QString *error)
{
    const Backend *b = backend(error);
    return b && b->tableInfo(source, table, perVessel, info, error);
}

bool db::readTracks(const TrackQuery &query, TrackBuilder *builder, uint16_t file, long long *rows,
                    QString *error)
{
    const Backend *b = backend(error);
    return b && b->readTracks(query, builder, file, rows, error);
}
