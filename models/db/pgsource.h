#pragma once

#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

// A database written as GDAL writes it: `PG:"host=… dbname=… user=…"`, `PG:service=…`,
// `PG:dbname=…` (quotes optional, single or double), or a libpq URI after `PG:`
// (`PG:postgresql://host/db`). The keyword/value pairs are libpq's, plus GDAL's own
// `schemas`, `active_schema` and `tables`, which are kept apart (libpq rejects them).
//
// A password written into the string is used for the connection only: display() never
// shows it, and nothing here stores it.
class PgSource
{
public:
    // Whether text names a database (starts with "PG:", any case).
    static bool isPgSource(const QString &text);
    // The source, or an invalid one with *error saying what is wrong with the text.
    static PgSource parse(const QString &text, QString *error);

    bool isValid() const { return m_valid; }
    // keyword=value pairs for libpq, quoted as libpq reads them; with the password when
    // one was written.
    QString conninfo() const;
    // Same, without password: for window titles, logs, settings and error messages.
    // E.g. PG:"host=db.example dbname=ais user=anna".
    QString display() const;
    // The value of a libpq keyword ("" when absent).
    QString value(const QString &keyword) const;
    bool hasPassword() const { return !value(QStringLiteral("password")).isEmpty(); }
    // A copy with keyword set (replaced or added); used for a prompted password.
    PgSource with(const QString &keyword, const QString &value) const;
    // GDAL-only options (schemas=…, active_schema=…, tables=…).
    const std::vector<std::pair<QString, QString>> &gdalOptions() const { return m_gdal; }

private:
    bool m_valid = false;
    QString m_uri; // a postgresql:// URI (then m_pairs is empty)
    std::vector<std::pair<QString, QString>> m_pairs;
    std::vector<std::pair<QString, QString>> m_gdal;
};
