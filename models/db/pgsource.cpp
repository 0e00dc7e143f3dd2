#include "pgsource.h"

#include <QSet>
#include <QUrl>
#include <QUrlQuery>

#include <libpq-fe.h>

namespace {

const QSet<QString> &libpqKeywords()
{
    static const QSet<QString> keywords = [] {
        QSet<QString> all;
        if (PQconninfoOption *options = PQconndefaults()) {
            for (PQconninfoOption *o = options; o->keyword; ++o)
                all.insert(QString::fromLatin1(o->keyword));
            PQconninfoFree(options);
        }
        return all;
    }();
    return keywords;
}

bool isGdalKeyword(const QString &k)
{
    return k == QLatin1String("schemas") || k == QLatin1String("active_schema")
        || k == QLatin1String("tables");
}

// A value as libpq reads it back: bare when it has no space, quote or backslash.
QString quoted(const QString &value)
{
    bool plain = !value.isEmpty();
    for (const QChar c : value) {
        if (c.isSpace() || c == QLatin1Char('\'') || c == QLatin1Char('\\'))
            plain = false;
    }
    if (plain)
        return value;
    QString out = QStringLiteral("'");
    for (const QChar c : value) {
        if (c == QLatin1Char('\'') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out + QLatin1Char('\'');
}

QString joinPairs(const std::vector<std::pair<QString, QString>> &pairs, bool withPassword)
{
    QStringList parts;
    for (const auto &[k, v] : pairs) {
        if (!withPassword && k == QLatin1String("password"))
            continue;
        parts << k + QLatin1Char('=') + quoted(v);
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

bool PgSource::isPgSource(const QString &text)
{
    return text.trimmed().startsWith(QLatin1String("PG:"), Qt::CaseInsensitive);
}

PgSource PgSource::parse(const QString &textIn, QString *error)
{
    PgSource s;
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return PgSource();
    };
    QString text = textIn.trimmed();
    if (!isPgSource(text))
        return fail(QStringLiteral("not a database: a database source starts with PG:"));
    text = text.mid(3).trimmed();
    // Quotes around the whole string (a keyword never starts with one).
    if (text.size() >= 2
        && ((text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"')))
            || (text.startsWith(QLatin1Char('\'')) && text.endsWith(QLatin1Char('\''))))) {
        text = text.mid(1, text.size() - 2).trimmed();
    }
    if (text.isEmpty())
        return fail(QStringLiteral("PG: needs a connection string, e.g. PG:\"host=localhost "
                                   "dbname=ais\" or PG:service=team"));
    if (text.startsWith(QLatin1String("postgresql://"))
        || text.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid())
            return fail(QStringLiteral("not a valid postgresql:// address: %1")
                            .arg(url.errorString().remove(text)));
        s.m_uri = text;
        s.m_valid = true;
        return s;
    }
    int i = 0;
    const int n = int(text.size());
    while (i < n) {
        while (i < n && text.at(i).isSpace())
            ++i;
        if (i >= n)
            break;
        const int keyStart = i;
        while (i < n && text.at(i) != QLatin1Char('=') && !text.at(i).isSpace())
            ++i;
        const QString key = text.mid(keyStart, i - keyStart);
        while (i < n && text.at(i).isSpace())
            ++i;
        if (i >= n || text.at(i) != QLatin1Char('='))
            return fail(QStringLiteral("'%1' in the connection string has no value (write "
                                       "keyword=value)")
                            .arg(key));
        ++i;
        while (i < n && text.at(i).isSpace())
            ++i;
        QString value;
        if (i < n && text.at(i) == QLatin1Char('\'')) {
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar c = text.at(i++);
                if (c == QLatin1Char('\\') && i < n) {
                    value += text.at(i++);
                } else if (c == QLatin1Char('\'')) {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed)
                return fail(QStringLiteral("the value of '%1' has no closing quote").arg(key));
        } else {
            while (i < n && !text.at(i).isSpace()) {
                const QChar c = text.at(i++);
                if (c == QLatin1Char('\\') && i < n)
                    value += text.at(i++);
                else
                    value += c;
            }
        }
        if (isGdalKeyword(key)) {
            s.m_gdal.emplace_back(key, value);
            continue;
        }
        if (!libpqKeywords().contains(key))
            return fail(QStringLiteral("unknown connection keyword '%1' (see libpq's "
                                       "connection parameters: host, port, dbname, user, "
                                       "service, sslmode…)")
                            .arg(key));
        bool replaced = false;
        for (auto &[k, v] : s.m_pairs) {
            if (k == key) {
                v = value;
                replaced = true;
            }
        }
        if (!replaced)
            s.m_pairs.emplace_back(key, value);
    }
    if (s.m_pairs.empty())
        return fail(QStringLiteral("PG: needs at least one connection keyword, e.g. dbname=…"));
    s.m_valid = true;
    return s;
}

QString PgSource::conninfo() const
{
    return m_uri.isEmpty() ? joinPairs(m_pairs, true) : m_uri;
}

QString PgSource::display() const
{
    if (!m_valid)
        return QStringLiteral("PG:(invalid)");
    if (!m_uri.isEmpty()) {
        QUrl url(m_uri);
        url.setPassword(QString());
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("password"));
        url.setQuery(query);
        return QStringLiteral("PG:") + url.toString();
    }
    std::vector<std::pair<QString, QString>> all = m_pairs;
    all.insert(all.end(), m_gdal.begin(), m_gdal.end());
    const QString pairs = joinPairs(all, false);
    return pairs.contains(QLatin1Char(' ')) ? QStringLiteral("PG:\"%1\"").arg(pairs)
                                            : QStringLiteral("PG:") + pairs;
}

QString PgSource::value(const QString &keyword) const
{
    if (!m_uri.isEmpty()) {
        const QUrl url(m_uri);
        if (keyword == QLatin1String("password"))
            return url.password().isEmpty()
                ? QUrlQuery(url).queryItemValue(QStringLiteral("password"))
                : url.password();
        if (keyword == QLatin1String("host"))
            return url.host();
        if (keyword == QLatin1String("user"))
            return url.userName();
        if (keyword == QLatin1String("dbname"))
            return url.path().mid(1);
        if (keyword == QLatin1String("port"))
            return url.port() > 0 ? QString::number(url.port()) : QString();
        return QUrlQuery(url).queryItemValue(keyword);
    }
    for (const auto &[k, v] : m_pairs) {
        if (k == keyword)
            return v;
    }
    return {};
}

PgSource PgSource::with(const QString &keyword, const QString &value) const
{
    PgSource s = *this;
    if (!s.m_uri.isEmpty()) {
        // libpq takes keyword=value after a URI only through PQconnectdbParams; keep it
        // simple: URIs get the password as a query parameter.
        QUrl url(s.m_uri);
        QUrlQuery query(url);
        query.removeAllQueryItems(keyword);
        query.addQueryItem(keyword, value);
        url.setQuery(query);
        s.m_uri = url.toString();
        return s;
    }
    for (auto &[k, v] : s.m_pairs) {
        if (k == keyword) {
            v = value;
            return s;
        }
    }
    s.m_pairs.emplace_back(keyword, value);
    return s;
}
