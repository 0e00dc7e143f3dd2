#pragma once

#include "pgsource.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

struct pg_conn;
struct pg_result;
struct pg_cancel;

// What went wrong, for callers that react differently (the window offers to reconnect
// after ConnectionLost, a new password after BadPassword). The message says it to a
// person either way.
enum class PgError {
    None,
    BadPassword, // wrong password, or none when one is needed
    UnknownHost,
    ServerDown, // nothing listens there (refused), or the connect timeout expired
    ConnectionLost, // the server closed the connection, or the network dropped it
    StatementTimeout,
    Cancelled, // cancel() was called
    MissingTable,
    MissingColumn,
    Other,
};

struct PgConnectOptions
{
    int connectTimeoutSeconds = 10; // libpq's connect_timeout; 0: libpq's default (none)
    int statementTimeoutMs = 0; // 0: none; set for the whole session
    // Asked for a password when the server wants one and none came from the string,
    // ~/.pgpass or the service file; gets the source's display(). Empty: give up. The
    // password is used for this connection and not kept.
    std::function<QString(const QString &display)> passwordPrompt;
};

// A query's result; rows of text (libpq's text format).
class PgResult
{
public:
    PgResult() = default;
    explicit PgResult(pg_result *r);
    ~PgResult();
    PgResult(PgResult &&other) noexcept;
    PgResult &operator=(PgResult &&other) noexcept;
    PgResult(const PgResult &) = delete;
    PgResult &operator=(const PgResult &) = delete;

    bool isNull() const { return !m_result; }
    int rows() const;
    int columns() const;
    QString columnName(int c) const;
    QString text(int row, int column) const;
    // The same bytes (UTF-8), without a copy; valid while the result lives.
    std::string_view view(int row, int column) const;
    bool isNullValue(int row, int column) const;
    long long number(int row, int column) const; // 0 when null or not a number

private:
    pg_result *m_result = nullptr;
};

// One libpq connection. Not thread-safe, except cancel(), which any thread may call
// while another runs a query on it.
class PgConnection
{
public:
    // nullptr with *error (and *kind) set when it cannot connect; the message names the
    // source without its password and says what to do.
    static std::unique_ptr<PgConnection> connect(const PgSource &source,
                                                 const PgConnectOptions &options, QString *error,
                                                 PgError *kind = nullptr);
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    const PgSource &source() const { return m_source; }
    QString display() const { return m_source.display(); }
    // Whether the connection is still up as far as libpq knows (after a failed query,
    // false when the server went away).
    bool isOpen() const;

    // A statement; its rows (possibly none). On failure a null result, with
    // lastError()/lastErrorKind() set. params are $1, $2… as text (null QString: NULL).
    PgResult query(const QString &sql, const QStringList &params = {});
    bool exec(const QString &sql) { return !query(sql).isNull(); }
    // SET statement_timeout for the session; 0: none.
    bool setStatementTimeout(int ms);

    // Asks the server to stop the running statement (PQcancel); safe from any thread.
    // The statement then fails with PgError::Cancelled.
    void cancel();

    // COPY … FROM STDIN: begin, put any number of chunks, end. end() returns false with
    // lastError() when the server refused the data (the message names the line) or
    // the connection dropped; *rows gets how many rows the server took.
    bool copyBegin(const QString &copySql);
    bool copyPut(const char *data, size_t size);
    bool copyPut(const QByteArray &data) { return copyPut(data.constData(), size_t(data.size())); }
    bool copyEnd(long long *rows = nullptr);
    // Ends a COPY in progress without keeping its rows.
    void copyAbort(const QString &reason);

    QString lastError() const { return m_error; }
    PgError lastErrorKind() const { return m_errorKind; }
    // Quotes an identifier ("table name") and a literal for SQL text.
    QString quoteIdentifier(const QString &name) const;
    QString quoteLiteral(const QString &text) const;
    // The server's version, e.g. 150004.
    int serverVersion() const;

private:
    PgConnection(pg_conn *conn, PgSource source);
    void fail(PgError kind, const QString &message);
    void failFromResult(pg_result *r, const QString &what);

    pg_conn *m_conn = nullptr;
    PgSource m_source;
    std::mutex m_cancelMutex;
    pg_cancel *m_cancel = nullptr;
    std::atomic_bool m_cancelRequested {false};
    int m_statementTimeoutMs = 0;
    QString m_error;
    PgError m_errorKind = PgError::None;
};
