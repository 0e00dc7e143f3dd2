#include "io/dbmodule.h"
#include "pgconnection.h"
#include "pgeventtable.h"
#include "pgprojects.h"
#include "pgstore.h"
#include "pgtracks.h"

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

db::Failure failureOf(PgError kind)
{
    switch (kind) {
    case PgError::None:
        return db::Failure::None;
    case PgError::BadPassword:
        return db::Failure::BadPassword;
    case PgError::UnknownHost:
        return db::Failure::UnknownHost;
    case PgError::ServerDown:
        return db::Failure::ServerDown;
    case PgError::ConnectionLost:
        return db::Failure::ConnectionLost;
    case PgError::StatementTimeout:
        return db::Failure::StatementTimeout;
    case PgError::MissingTable:
        return db::Failure::MissingTable;
    case PgError::MissingColumn:
        return db::Failure::MissingColumn;
    default:
        return db::Failure::Other;
    }
}

// Connects with the session's password when the server asks for one; NeedsPassword
// when it asked and there was none (the window then prompts), BadPassword when the one
// given was wrong.
std::unique_ptr<PgConnection> connectSession(const db::Session &session, db::Failure *failure,
                                             QString *message)
{
    const PgSource source = PgSource::parse(session.source, message);
    if (!source.isValid()) {
        *failure = db::Failure::Other;
        return nullptr;
    }
    bool asked = false;
    PgConnectOptions options;
    options.connectTimeoutSeconds = session.connectTimeoutSeconds;
    options.statementTimeoutMs = session.statementTimeoutMs;
    options.passwordPrompt = [&](const QString &) {
        asked = true;
        return session.password;
    };
    PgError kind = PgError::None;
    auto c = PgConnection::connect(source, options, message, &kind);
    if (!c) {
        *failure = failureOf(kind);
        if (kind == PgError::BadPassword && asked && session.password.isEmpty()) {
            *failure = db::Failure::NeedsPassword;
            *message = QStringLiteral("%1 asks for a password for user %2")
                           .arg(source.display(),
                                source.value(QStringLiteral("user")).isEmpty()
                                    ? QStringLiteral("(default)")
                                    : source.value(QStringLiteral("user")));
        } else if (kind == PgError::BadPassword && !session.password.isEmpty()) {
            *message = QStringLiteral("wrong password for user %1 on %2: the server refused it")
                           .arg(source.value(QStringLiteral("user")), source.display());
        }
    }
    return c;
}

db::ProjectReply failed(PgConnection *c, const QString &message, const db::Session &session)
{
    db::ProjectReply r;
    r.failure = c ? failureOf(c->lastErrorKind()) : db::Failure::Other;
    if (r.failure == db::Failure::None)
        r.failure = db::Failure::Other;
    r.message = message;
    // Said to a person without the SQL that was running.
    const QString where = c ? c->display() : db::display(session.source);
    if (r.failure == db::Failure::StatementTimeout)
        r.message = QStringLiteral("%1 did not answer within the statement timeout (%2 ms), and "
                                   "the server stopped the query: something (a long query, a "
                                   "colleague's open transaction) holds the shared projects. "
                                   "Try again later.")
                        .arg(where)
                        .arg(session.statementTimeoutMs);
    else if (r.failure == db::Failure::ConnectionLost)
        r.message = QStringLiteral("the connection to %1 was lost (the server ended it, or the "
                                   "network dropped it); trying again reconnects.")
                        .arg(where);
    return r;
}

db::ProjectInfo infoOf(const pgprojects::Info &i)
{
    return {i.name, i.revision, i.savedBy, i.osUser, i.savedAtMs};
}

db::ProjectReply listProjects(const db::Session &session)
{
    db::ProjectReply r;
    auto c = connectSession(session, &r.failure, &r.message);
    if (!c)
        return r;
    std::vector<pgprojects::Info> all;
    QString error;
    if (!pgprojects::list(*c, &all, &error))
        return failed(c.get(), error, session);
    for (const auto &i : all)
        r.projects.push_back(infoOf(i));
    r.ok = true;
    return r;
}

db::ProjectReply loadProject(const db::Session &session, const QString &name)
{
    db::ProjectReply r;
    auto c = connectSession(session, &r.failure, &r.message);
    if (!c)
        return r;
    pgprojects::Info info;
    QString error;
    if (!pgprojects::load(*c, name, &info, &r.content, &r.found, &error))
        return failed(c.get(), error, session);
    if (!r.found) {
        r.failure = db::Failure::MissingTable;
        r.message = QStringLiteral("no project \u201c%1\u201d in %2").arg(name, c->display());
        return r;
    }
    r.project = infoOf(info);
    r.ok = true;
    return r;
}

db::ProjectReply saveProject(const db::Session &session, const QString &name,
                             const QByteArray &content, int openedRevision, const QString &osUser)
{
    db::ProjectReply r;
    auto c = connectSession(session, &r.failure, &r.message);
    if (!c)
        return r;
    pgprojects::Info saved, newer;
    QString error;
    const pgprojects::SaveOutcome outcome =
        pgprojects::save(*c, name, content, openedRevision, osUser, &saved, &newer, &error);
    switch (outcome) {
    case pgprojects::SaveOutcome::Saved:
        r.ok = true;
        r.save = db::ProjectReply::Save::Saved;
        r.project = infoOf(saved);
        return r;
    case pgprojects::SaveOutcome::Stale:
    case pgprojects::SaveOutcome::Exists:
        r.save = outcome == pgprojects::SaveOutcome::Stale ? db::ProjectReply::Save::Stale
                                                           : db::ProjectReply::Save::Exists;
        r.project = infoOf(newer);
        r.message = QStringLiteral("not saved: %1 holds revision %2 of \u201c%3\u201d")
                        .arg(c->display())
                        .arg(newer.revision)
                        .arg(name);
        return r;
    case pgprojects::SaveOutcome::Failed:
        break;
    }
    return failed(c.get(), error, session);
}

db::TestResult test(const QString &text, const QString &password, int connectTimeoutSeconds)
{
    db::TestResult r;
    db::Session session;
    session.source = text;
    session.password = password;
    session.connectTimeoutSeconds = connectTimeoutSeconds;
    session.statementTimeoutMs = 30000;
    auto c = connectSession(session, &r.failure, &r.message);
    if (!c)
        return r;
    r.connected = true;
    const PgResult info = c->query(QStringLiteral(
        "SELECT current_setting('server_version'), current_user, (SELECT extversion FROM "
        "pg_extension WHERE extname = 'postgis')"));
    r.message = info.text(0, 2).isEmpty()
        ? QStringLiteral("Connected: PostgreSQL %1 as %2, but PostGIS is not installed in this "
                         "database (CREATE EXTENSION postgis)")
              .arg(info.text(0, 0), info.text(0, 1))
        : QStringLiteral("Connected: PostgreSQL %1, PostGIS %2, as %3")
              .arg(info.text(0, 0), info.text(0, 2), info.text(0, 1));
    if (info.text(0, 2).isEmpty())
        return r;
    // Point tables, the store's events tables first, then by name.
    const bool store =
        c->query(QStringLiteral("SELECT to_regclass('rendezvous_layers') IS NOT NULL")).text(0, 0)
        == QLatin1String("t");
    const PgResult tables = c->query(
        QStringLiteral("SELECT CASE WHEN g.f_table_schema = current_schema() THEN g.f_table_name "
                       "ELSE g.f_table_schema || '.' || g.f_table_name END FROM geometry_columns "
                       "g WHERE g.type IN ('POINT', 'GEOMETRY') ORDER BY %1 1")
            .arg(store ? QStringLiteral("NOT EXISTS (SELECT 1 FROM rendezvous_layers l WHERE "
                                        "l.name = g.f_table_name AND l.kind = 'events'),")
                       : QString()));
    if (tables.isNull()) {
        r.message += QStringLiteral("; the tables could not be listed: %1").arg(c->lastError());
        return r;
    }
    for (int i = 0; i < tables.rows(); ++i)
        r.tables << tables.text(i, 0);
    r.message += tables.rows() == 1 ? QStringLiteral("; 1 table with points")
                                    : QStringLiteral("; %1 tables with points").arg(tables.rows());
    return r;
}

std::unique_ptr<db::EventTable> openEventTable(const QString &text, const QString &table,
                                               QString *error)
{
    const PgSource source = PgSource::parse(text, error);
    if (!source.isValid())
        return nullptr;
    return PgEventTable::open(source, table, error);
}

} // namespace

// The module's one exported symbol: the core finds it with dlsym (io/dbmodule.cpp).
extern "C" Q_DECL_EXPORT const db::Backend *rendezvous_db_backend()
{
    static const db::Backend backend {
        db::kAbiVersion, &loadEvents,          &loadTracks,          &display,
        &test,           &listProjects,        &loadProject,         &saveProject,
        &openEventTable, &pgtracks::tableInfo, &pgtracks::readTracks};
    return &backend;
}
