#include "io/dbmodule.h"
#include "pgstore.h"

namespace {

pgstore::Target targetFor(const db::LoadRequest &request, QString *error)
{
    pgstore::Target t;
    t.source = PgSource::parse(request.source, error);
    t.table = request.table;
    t.overwrite = request.overwrite;
    t.files = request.files;
    return t;
}

template<typename Store, typename Load>
bool loadWith(Load load, const Store &store, const std::vector<uint32_t> &rows,
              const db::LoadRequest &request, db::LoadSummary *summary, QString *error)
{
    const pgstore::Target target = targetFor(request, error);
    if (!target.source.isValid())
        return false;
    pgstore::Loaded loaded;
    if (!load(store, rows, target, &loaded, error))
        return false;
    if (summary) {
        summary->table = loaded.table;
        summary->rows = loaded.rows;
        summary->vessels = loaded.vessels;
    }
    return true;
}

bool loadEvents(const EventStore &store, const std::vector<uint32_t> &rows,
                const db::LoadRequest &request, db::LoadSummary *summary, QString *error)
{
    return loadWith(&pgstore::loadEvents, store, rows, request, summary, error);
}

bool loadTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                const db::LoadRequest &request, db::LoadSummary *summary, QString *error)
{
    return loadWith(&pgstore::loadTracks, store, positions, request, summary, error);
}

QString display(const QString &source)
{
    const PgSource s = PgSource::parse(source, nullptr);
    return s.isValid() ? s.display() : QString();
}

} // namespace

// The module's one exported symbol: the core finds it with dlsym (io/dbmodule.cpp).
extern "C" Q_DECL_EXPORT const db::Backend *rendezvous_db_backend()
{
    static const db::Backend backend {db::kAbiVersion, &loadEvents, &loadTracks, &display};
    return &backend;
}
