#include "pgprojects.h"

#include "pgstore.h"

#include <QRegularExpression>

namespace {

const QString kColumns = QStringLiteral(
    "name, revision, saved_by, os_user, (extract(epoch FROM saved_at) * 1000)::bigint");

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// The connection's last error, said of the projects table when it is the table that is
// wrong (made by hand, or by something else than Rendezvous).
QString projectsError(PgConnection &c)
{
    if (c.lastErrorKind() == PgError::MissingColumn || c.lastErrorKind() == PgError::MissingTable) {
        // The server's words (column "revision" does not exist), without the SQL around them.
        static const QRegularExpression what(
            QStringLiteral("(column|relation) \"[^\"]*\" does not exist"));
        const QRegularExpressionMatch m = what.match(c.lastError());
        return QStringLiteral("the shared projects table rendezvous_projects in %1 is not as "
                              "Rendezvous makes it (%2); ask whoever manages the database")
            .arg(c.display(), m.hasMatch() ? m.captured(0) : c.lastError());
    }
    return c.lastError();
}

pgprojects::Info infoFrom(const PgResult &r, int row)
{
    pgprojects::Info i;
    i.name = r.text(row, 0);
    i.revision = int(r.number(row, 1));
    i.savedBy = r.text(row, 2);
    i.osUser = r.text(row, 3);
    i.savedAtMs = r.number(row, 4);
    return i;
}

bool hasProjectsTable(PgConnection &c, bool *has, QString *error)
{
    const PgResult r =
        c.query(QStringLiteral("SELECT to_regclass('rendezvous_projects') IS NOT "
                               "NULL AND to_regclass('rendezvous_project_revisions') "
                               "IS NOT NULL"));
    if (r.isNull())
        return fail(error, c.lastError());
    *has = r.text(0, 0) == QLatin1String("t");
    return true;
}

class Transaction
{
public:
    explicit Transaction(PgConnection &c) : m_c(c) { }
    ~Transaction()
    {
        if (m_open && m_c.isOpen())
            m_c.exec(QStringLiteral("ROLLBACK"));
    }
    bool begin(QString *error)
    {
        if (!m_c.exec(QStringLiteral("BEGIN")))
            return fail(error, m_c.lastError());
        m_open = true;
        return true;
    }
    bool commit(QString *error)
    {
        m_open = false;
        return m_c.exec(QStringLiteral("COMMIT")) || fail(error, m_c.lastError());
    }

private:
    PgConnection &m_c;
    bool m_open = false;
};

} // namespace

bool pgprojects::list(PgConnection &c, std::vector<Info> *out, QString *error)
{
    out->clear();
    bool has = false;
    if (!hasProjectsTable(c, &has, error))
        return false;
    if (!has)
        return true; // a store without shared projects yet (or no store at all)
    const PgResult r =
        c.query(QStringLiteral("SELECT %1 FROM rendezvous_projects ORDER BY lower(name), name")
                    .arg(kColumns));
    if (r.isNull())
        return fail(error, projectsError(c));
    for (int i = 0; i < r.rows(); ++i)
        out->push_back(infoFrom(r, i));
    return true;
}

bool pgprojects::load(PgConnection &c, const QString &name, Info *info, QByteArray *content,
                      bool *found, QString *error)
{
    *found = false;
    bool has = false;
    if (!hasProjectsTable(c, &has, error))
        return false;
    if (!has)
        return true;
    // The catalog row and its revision's content as one snapshot.
    const PgResult r = c.query(
        QStringLiteral("SELECT p.name, p.revision, r.saved_by, r.os_user, (extract(epoch FROM "
                       "r.saved_at) * 1000)::bigint, r.content::text FROM rendezvous_projects p "
                       "JOIN rendezvous_project_revisions r ON r.project_id = p.id AND r.revision "
                       "= p.revision WHERE p.name = $1"),
        {name});
    if (r.isNull())
        return fail(error, projectsError(c));
    if (r.rows() == 0)
        return true;
    *found = true;
    *info = infoFrom(r, 0);
    *content = r.text(0, 5).toUtf8();
    return true;
}

pgprojects::SaveOutcome pgprojects::save(PgConnection &c, const QString &name,
                                         const QByteArray &content, int openedRevision,
                                         const QString &osUserIn, Info *saved, Info *newer,
                                         QString *error)
{
    // A null QString is SQL NULL; an unknown login is "".
    const QString osUser = osUserIn.isNull() ? QStringLiteral("") : osUserIn;
    const auto failed = [&](const QString &message) {
        fail(error, message);
        return SaveOutcome::Failed;
    };
    if (name.trimmed().isEmpty())
        return failed(QStringLiteral("a project in the database needs a name"));
    Transaction tx(c);
    if (!tx.begin(error) || !pgstore::ensureSchema(c, error))
        return SaveOutcome::Failed;
    // The project's row, locked until the end of this transaction: a colleague's save of
    // the same project waits here, then sees this one's revision.
    PgResult row =
        c.query(QStringLiteral("SELECT id, %1 FROM rendezvous_projects WHERE name = $1 FOR UPDATE")
                    .arg(kColumns),
                {name});
    if (row.isNull())
        return failed(projectsError(c));
    QString id;
    int revision = 0;
    const auto current = [&](const PgResult &r) {
        Info i;
        i.name = r.text(0, 1);
        i.revision = int(r.number(0, 2));
        i.savedBy = r.text(0, 3);
        i.osUser = r.text(0, 4);
        i.savedAtMs = r.number(0, 5);
        return i;
    };
    if (row.rows() == 0) {
        // (Opened from here and deleted since: saved anew under its name, which loses
        // nobody's work.) ON CONFLICT: a colleague creating the same name at this moment wins; this
        // save is then refused like any other over a newer revision.
        row = c.query(QStringLiteral("INSERT INTO rendezvous_projects (name, revision, os_user) "
                                     "VALUES ($1, 1, $2) ON CONFLICT (name) DO NOTHING RETURNING "
                                     "id"),
                      {name, osUser});
        if (row.isNull())
            return failed(projectsError(c));
        if (row.rows() == 0) {
            const PgResult other =
                c.query(QStringLiteral("SELECT id, %1 FROM rendezvous_projects WHERE name = $1")
                            .arg(kColumns),
                        {name});
            if (other.isNull())
                return failed(projectsError(c));
            if (newer)
                *newer = current(other);
            return SaveOutcome::Exists;
        }
        id = row.text(0, 0);
        revision = 1;
    } else {
        const Info now = current(row);
        if (now.revision != openedRevision) {
            if (newer)
                *newer = now;
            return openedRevision == 0 ? SaveOutcome::Exists : SaveOutcome::Stale;
        }
        id = row.text(0, 0);
        revision = now.revision + 1;
        // Conditional on the revision too: the row lock makes it hold, and a database
        // whose locks do not (a misconfigured pooler) still cannot overwrite.
        const PgResult updated =
            c.query(QStringLiteral("UPDATE rendezvous_projects SET revision = $2::integer, "
                                   "saved_at = now(), saved_by = current_user, os_user = $3 "
                                   "WHERE id = $1::uuid AND revision = $4::integer"),
                    {id, QString::number(revision), osUser, QString::number(openedRevision)});
        if (updated.isNull())
            return failed(projectsError(c));
    }
    const PgResult inserted = c.query(
        QStringLiteral("INSERT INTO rendezvous_project_revisions (project_id, revision, os_user, "
                       "content) VALUES ($1::uuid, $2::integer, $3, $4::jsonb) RETURNING "
                       "saved_by, (extract(epoch FROM saved_at) * 1000)::bigint"),
        {id, QString::number(revision), osUser, QString::fromUtf8(content)});
    if (inserted.isNull() || inserted.rows() != 1)
        return failed(projectsError(c));
    if (!tx.commit(error))
        return SaveOutcome::Failed;
    if (saved) {
        saved->name = name;
        saved->revision = revision;
        saved->savedBy = inserted.text(0, 0);
        saved->osUser = osUser;
        saved->savedAtMs = inserted.number(0, 1);
    }
    return SaveOutcome::Saved;
}
