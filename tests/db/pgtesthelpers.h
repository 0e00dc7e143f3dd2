#pragma once

#include "pgconnection.h"

#include <QTest>

#include <memory>

// The database tests run against the server named by RENDEZVOUS_TEST_PG (a libpq
// conninfo; scripts/test starts a throw-away one with scripts/pgserver). Without a
// reachable server they skip, saying how to start one, except under CI (CI=true or 1),
// where they fail: CI must never pass without having run them.
namespace pgtest {

inline bool inCi()
{
    const QByteArray ci = qgetenv("CI");
    return ci == "true" || ci == "1";
}

inline QString conninfo()
{
    return QString::fromLocal8Bit(qgetenv("RENDEZVOUS_TEST_PG"));
}

inline PgSource source()
{
    return PgSource::parse(QStringLiteral("PG:\"%1\"").arg(conninfo()), nullptr);
}

inline QString pgSource()
{
    return QStringLiteral("PG:\"%1\"").arg(conninfo());
}

// A connection to the test server, or nullptr with *why saying what is missing.
inline std::unique_ptr<PgConnection> connect(QString *why, PgConnectOptions options = {})
{
    if (conninfo().isEmpty()) {
        *why = QStringLiteral("no test database: RENDEZVOUS_TEST_PG is not set. Start one with "
                              "eval \"$(scripts/pgserver start)\" (or run scripts/test, which "
                              "does), or set it to a libpq conninfo of a PostGIS database");
        return nullptr;
    }
    QString error;
    auto c = PgConnection::connect(source(), options, &error);
    if (!c)
        *why = QStringLiteral("the test database in RENDEZVOUS_TEST_PG is not reachable: %1")
                   .arg(error);
    return c;
}

} // namespace pgtest

// In a test function (initTestCase for the whole suite): connects to the test server,
// or skips (locally) or fails (CI) with the reason.
#define PGTEST_REQUIRE_SERVER(var)                                                                 \
    QString var##Why;                                                                              \
    std::unique_ptr<PgConnection> var = pgtest::connect(&var##Why);                                \
    if (!var) {                                                                                    \
        if (pgtest::inCi())                                                                        \
            QFAIL(qPrintable(var##Why + QStringLiteral(" (CI is set: database tests must run)"))); \
        else                                                                                       \
            QSKIP(qPrintable(var##Why));                                                           \
    }
