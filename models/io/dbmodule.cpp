#include "dbmodule.h"

#include "moduleloader.h"

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

db::TestResult db::test(const QString &source, int connectTimeoutSeconds)
{
    TestResult r;
    if (const Backend *b = backend(&r.message))
        return b->test(source, connectTimeoutSeconds);
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
