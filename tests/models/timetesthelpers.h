#pragma once

// Shared by the time parser's test suites (tst_timeparser, tst_dateorder).

#include "io/timeparser.h"

#include <QDateTime>
#include <QTimeZone>
#include <QtTest>

Q_DECLARE_METATYPE(timeparse::Status)
Q_DECLARE_METATYPE(timeparse::DateOrder)

namespace timeparse {
// Found by QTest through ADL: failures print the status name, not a number.
inline char *toString(const Status &s)
{
    static const char *const names[] = {"Empty", "Ok", "Slash", "Unparseable", "Impossible"};
    return qstrdup(names[static_cast<int>(s)]);
}
} // namespace timeparse

namespace timetest {

// Expectations come from QDateTime, never from the parser's own arithmetic.
inline qint64 utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc()).toMSecsSinceEpoch();
}

inline qint64 zoned(int y, int mo, int d, int h, int mi, int s, int ms, int offsetSeconds)
{
    const QTimeZone zone(offsetSeconds);
    if (!zone.isValid()) // QTimeZone only takes -14 h..+14 h
        qFatal("test bug: offset %d s has no QTimeZone", offsetSeconds);
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), zone).toMSecsSinceEpoch();
}

inline timeparse::Result parseBytes(const QByteArray &b)
{
    return timeparse::parse(std::string_view(b.constData(), size_t(b.size())));
}

} // namespace timetest
