#include "pgconnection.h"

#include <libpq-fe.h>

#include <vector>

namespace {

QString firstLine(const QString &text)
{
    const QString t = text.trimmed();
    const int nl = int(t.indexOf(QLatin1Char('\n')));
    return nl < 0 ? t : t.left(nl).trimmed();
}

// libpq's message without its "connection to server at … failed: " lead and the
// server's "FATAL:  " severity, on one line.
QString libpqReason(const QString &message)
{
    QString m = message.trimmed();
    const int failed = int(m.indexOf(QLatin1String(" failed: ")));
    if (m.startsWith(QLatin1String("connection to server")) && failed > 0)
        m = m.mid(failed + 9);
    m.replace(QLatin1String("FATAL:  "), QString());
    m.replace(QLatin1String("ERROR:  "), QString());
    // Its lines as sentences: "Connection refused. Is the server running …?"
    QStringList lines;
    for (const QString &line : m.split(QLatin1Char('\n'))) {
        const QString l = line.simplified();
        if (l.isEmpty())
            continue;
        if (!lines.isEmpty() && !lines.last().endsWith(QLatin1Char('.'))
            && !lines.last().endsWith(QLatin1Char('?')) && !lines.last().endsWith(QLatin1Char(':')))
            lines.last() += QLatin1Char('.');
        lines << l;
    }
    return lines.join(QLatin1Char(' '));
}

PgError classifyConnectFailure(pg_conn *conn, const QString &message)
{
    if (PQconnectionNeedsPassword(conn)
        || message.contains(QLatin1String("password authentication failed"))
        || message.contains(QLatin1String("no password supplied")))
        return PgError::BadPassword;
    if (message.contains(QLatin1String("could not translate host name")))
        return PgError::UnknownHost;
    if (message.contains(QLatin1String("Connection refused"))
        || message.contains(QLatin1String("timeout expired"))
        || message.contains(QLatin1String("No such file or directory"))
        || message.contains(QLatin1String("No route to host")))
        return PgError::ServerDown;
    return PgError::Other;
}

QString connectAdvice(PgError kind, const PgSource &source)
{
    switch (kind) {
    case PgError::BadPassword:
        return QStringLiteral("wrong or missing password for user %1; put it in ~/.pgpass "
                              "(host:port:dbname:user:password) or a service file")
            .arg(source.value(QStringLiteral("user")).isEmpty()
                     ? QStringLiteral("(default)")
                     : source.value(QStringLiteral("user")));
    case PgError::UnknownHost:
        return QStringLiteral("unknown host %1").arg(source.value(QStringLiteral("host")));
    case PgError::ServerDown:
        return QStringLiteral("no database server answers there (is it running, and is the "
                              "host and port right?)");
    default:
        return {};
    }
}

} // namespace

PgResult::PgResult(pg_result *r) : m_result(r) { }
PgResult::~PgResult()
{
    if (m_result)
        PQclear(m_result);
}
PgResult::PgResult(PgResult &&other) noexcept : m_result(other.m_result)
{
    other.m_result = nullptr;
}
PgResult &PgResult::operator=(PgResult &&other) noexcept
{
    if (this != &other) {
        if (m_result)
            PQclear(m_result);
        m_result = other.m_result;
        other.m_result = nullptr;
    }
    return *this;
}
int PgResult::rows() const
{
    return m_result ? PQntuples(m_result) : 0;
}
int PgResult::columns() const
{
    return m_result ? PQnfields(m_result) : 0;
}
QString PgResult::columnName(int c) const
{
    return m_result ? QString::fromUtf8(PQfname(m_result, c)) : QString();
}
QString PgResult::text(int row, int column) const
{
    if (!m_result || row >= rows() || column >= columns())
        return {};
    return QString::fromUtf8(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}
std::string_view PgResult::view(int row, int column) const
{
    if (!m_result || row >= rows() || column >= columns())
        return {};
    return std::string_view(PQgetvalue(m_result, row, column),
                            size_t(PQgetlength(m_result, row, column)));
}

bool PgResult::isNullValue(int row, int column) const
{
    return !m_result || row >= rows() || column >= columns() || PQgetisnull(m_result, row, column);
}
long long PgResult::number(int row, int column) const
{
    return isNullValue(row, column) ? 0 : text(row, column).toLongLong();
}

std::unique_ptr<PgConnection> PgConnection::connect(const PgSource &source,
                                                    const PgConnectOptions &options, QString *error,
                                                    PgError *kind)
{
    const auto fail = [&](PgError k, const QString &message) {
        if (error)
            *error = message;
        if (kind)
            *kind = k;
        return nullptr;
    };
    if (!source.isValid())
        return fail(PgError::Other, QStringLiteral("not a valid database connection"));
    const auto attempt = [&](const PgSource &s) {
        // Defaults first: the expanded connection string overrides them.
        const QByteArray timeout = QByteArray::number(options.connectTimeoutSeconds);
        const QByteArray conninfo = s.conninfo().toUtf8();
        std::vector<const char *> keys {"application_name", "client_encoding"};
        std::vector<const char *> values {"rendezvous", "UTF8"};
        if (options.connectTimeoutSeconds > 0) {
            keys.push_back("connect_timeout");
            values.push_back(timeout.constData());
        }
        keys.push_back("dbname");
        values.push_back(conninfo.constData());
        keys.push_back(nullptr);
        values.push_back(nullptr);
        return PQconnectdbParams(keys.data(), values.data(), 1);
    };
    PgSource used = source;
    pg_conn *conn = attempt(used);
    if (conn && PQstatus(conn) == CONNECTION_BAD && PQconnectionNeedsPassword(conn)
        && !source.hasPassword() && options.passwordPrompt) {
        const QString password = options.passwordPrompt(source.display());
        if (!password.isEmpty()) {
            PQfinish(conn);
            used = source.with(QStringLiteral("password"), password);
            conn = attempt(used);
        }
    }
    if (!conn)
        return fail(PgError::Other,
                    QStringLiteral("cannot connect to %1: out of memory").arg(source.display()));
    if (PQstatus(conn) == CONNECTION_BAD) {
        const QString message = QString::fromUtf8(PQerrorMessage(conn));
        const PgError k = classifyConnectFailure(conn, message);
        PQfinish(conn);
        const QString advice = connectAdvice(k, source);
        const QString reason = libpqReason(message);
        return fail(k,
                    advice.isEmpty()
                        ? QStringLiteral("cannot connect to %1: %2").arg(source.display(), reason)
                        : QStringLiteral("cannot connect to %1: %2 (%3)")
                              .arg(source.display(), advice, reason));
    }
    // The password (if any) stays with libpq's connection object; ours keeps the source
    // as given.
    std::unique_ptr<PgConnection> c(new PgConnection(conn, source));
    if (options.statementTimeoutMs > 0 && !c->setStatementTimeout(options.statementTimeoutMs))
        return fail(c->lastErrorKind(), c->lastError());
    return c;
}

PgConnection::PgConnection(pg_conn *conn, PgSource source)
    : m_conn(conn), m_source(std::move(source)), m_cancel(PQgetCancel(conn))
{ }

PgConnection::~PgConnection()
{
    {
        std::lock_guard<std::mutex> lock(m_cancelMutex);
        if (m_cancel)
            PQfreeCancel(m_cancel);
        m_cancel = nullptr;
    }
    PQfinish(m_conn);
}

bool PgConnection::isOpen() const
{
    return PQstatus(m_conn) == CONNECTION_OK;
}

void PgConnection::fail(PgError kind, const QString &message)
{
    m_errorKind = kind;
    m_error = message;
}

void PgConnection::failFromResult(pg_result *r, const QString &what)
{
    const QString message = QString::fromUtf8(r ? PQresultErrorMessage(r) : PQerrorMessage(m_conn));
    const QString state =
        r ? QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : QString();
    const QString reason =
        libpqReason(message.isEmpty() ? QString::fromUtf8(PQerrorMessage(m_conn)) : message);
    if (PQstatus(m_conn) == CONNECTION_BAD || state.startsWith(QLatin1String("08"))
        || state == QLatin1String("57P01") || state == QLatin1String("57P02")
        || state == QLatin1String("57P03")) {
        fail(PgError::ConnectionLost,
             QStringLiteral("the connection to %1 was lost while %2 (%3); reconnect to go on")
                 .arg(display(), what, firstLine(reason)));
        return;
    }
    if (state == QLatin1String("57014")) {
        if (m_cancelRequested)
            fail(PgError::Cancelled, QStringLiteral("cancelled: %1 on %2").arg(what, display()));
        else
            fail(PgError::StatementTimeout,
                 QStringLiteral("%1 on %2 took longer than the statement timeout (%3 ms) and was "
                                "stopped by the server")
                     .arg(what, display())
                     .arg(m_statementTimeoutMs));
        return;
    }
    if (state == QLatin1String("42P01")) {
        fail(PgError::MissingTable, QStringLiteral("%1: %2 in %3").arg(what, reason, display()));
        return;
    }
    if (state == QLatin1String("42703")) {
        fail(PgError::MissingColumn, QStringLiteral("%1: %2 in %3").arg(what, reason, display()));
        return;
    }
    fail(PgError::Other, QStringLiteral("%1 on %2: %3").arg(what, display(), reason));
}

PgResult PgConnection::query(const QString &sql, const QStringList &params)
{
    m_cancelRequested = false;
    m_error.clear();
    m_errorKind = PgError::None;
    const QByteArray text = sql.toUtf8();
    std::vector<QByteArray> storage;
    std::vector<const char *> values;
    storage.reserve(size_t(params.size()));
    for (const QString &p : params) {
        storage.push_back(p.toUtf8());
        values.push_back(p.isNull() ? nullptr : storage.back().constData());
    }
    pg_result *r = PQexecParams(m_conn, text.constData(), int(values.size()), nullptr,
                                values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return PgResult(r);
    const QString what = QStringLiteral("running %1").arg(firstLine(sql).left(60));
    failFromResult(r, what);
    if (r)
        PQclear(r);
    return {};
}

bool PgConnection::setStatementTimeout(int ms)
{
    if (!exec(QStringLiteral("SET statement_timeout = %1").arg(ms)))
        return false;
    m_statementTimeoutMs = ms;
    return true;
}

void PgConnection::cancel()
{
    std::lock_guard<std::mutex> lock(m_cancelMutex);
    m_cancelRequested = true;
    if (m_cancel) {
        char buffer[256];
        PQcancel(m_cancel, buffer, int(sizeof buffer));
    }
}

bool PgConnection::copyBegin(const QString &copySql)
{
    m_cancelRequested = false;
    m_error.clear();
    m_errorKind = PgError::None;
    pg_result *r = PQexec(m_conn, copySql.toUtf8().constData());
    if (r && PQresultStatus(r) == PGRES_COPY_IN) {
        PQclear(r);
        return true;
    }
    failFromResult(r, QStringLiteral("starting %1").arg(firstLine(copySql).left(60)));
    if (r)
        PQclear(r);
    return false;
}

bool PgConnection::copyPut(const char *data, size_t size)
{
    if (size == 0)
        return true;
    if (PQputCopyData(m_conn, data, int(size)) == 1)
        return true;
    failFromResult(nullptr, QStringLiteral("sending rows"));
    return false;
}

bool PgConnection::copyEnd(long long *rows)
{
    if (PQputCopyEnd(m_conn, nullptr) != 1) {
        failFromResult(nullptr, QStringLiteral("ending the copy"));
        return false;
    }
    bool ok = true;
    while (pg_result *r = PQgetResult(m_conn)) {
        if (PQresultStatus(r) == PGRES_COMMAND_OK) {
            if (rows)
                *rows = QByteArray(PQcmdTuples(r)).toLongLong();
        } else if (ok) {
            failFromResult(r, QStringLiteral("copying rows"));
            ok = false;
        }
        PQclear(r);
    }
    return ok;
}

void PgConnection::copyAbort(const QString &reason)
{
    PQputCopyEnd(m_conn, reason.toUtf8().constData());
    while (pg_result *r = PQgetResult(m_conn))
        PQclear(r);
}

QString PgConnection::quoteIdentifier(const QString &name) const
{
    const QByteArray utf8 = name.toUtf8();
    char *q = PQescapeIdentifier(m_conn, utf8.constData(), size_t(utf8.size()));
    if (!q)
        return QStringLiteral("\"\"");
    const QString out = QString::fromUtf8(q);
    PQfreemem(q);
    return out;
}

QString PgConnection::quoteLiteral(const QString &text) const
{
    const QByteArray utf8 = text.toUtf8();
    char *q = PQescapeLiteral(m_conn, utf8.constData(), size_t(utf8.size()));
    if (!q)
        return QStringLiteral("''");
    const QString out = QString::fromUtf8(q);
    PQfreemem(q);
    return out;
}

int PgConnection::serverVersion() const
{
    return PQserverVersion(m_conn);
}
