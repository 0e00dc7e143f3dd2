#include "detectargs.h"

#include "detect/detector.h"

#include <cmath>

namespace {

// A number the option accepts: finite, and positive (or zero where allowed).
bool number(const QCommandLineParser &parser, const QCommandLineOption &option, bool zeroAllowed,
            double *out, QString *error)
{
    if (!parser.isSet(option))
        return true;
    const QString text = parser.value(option).trimmed();
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0 || (!zeroAllowed && v == 0)) {
        *error = QStringLiteral("--%1 must be a number %2, not '%3'")
                     .arg(option.names().constFirst(),
                          zeroAllowed ? QStringLiteral("of 0 or more")
                                      : QStringLiteral("greater than 0"),
                          parser.value(option));
        return false;
    }
    *out = v;
    return true;
}

bool hoursOption(const QCommandLineParser &parser, const QCommandLineOption &option, int64_t *ms,
                 QString *error)
{
    double h = double(*ms) / double(detect::kHourMs);
    if (!number(parser, option, false, &h, error))
        return false;
    // A year of hours is more than any AIS data set spans; beyond it is a typing mistake.
    if (h > 24 * 366) {
        *error = QStringLiteral("--%1 must be at most %2 hours, not '%3'")
                     .arg(option.names().constFirst())
                     .arg(24 * 366)
                     .arg(parser.value(option));
        return false;
    }
    *ms = int64_t(std::llround(h * double(detect::kHourMs)));
    return true;
}

} // namespace

void DetectArgs::addTo(QCommandLineParser &parser)
{
    parser.addOptions({m_kinds, m_minHours, m_maxDistance, m_maxSpeed, m_minPort,
                       m_anchorageVessels, m_loiterHours, m_loiterSpeed, m_loiterShore, m_gapHours,
                       m_gapShore});
}

bool DetectArgs::read(const QCommandLineParser &parser, detect::Rules *rules, unsigned *kinds,
                      QString *error) const
{
    *kinds = detect::AllKinds;
    if (parser.isSet(m_kinds)) {
        QString why;
        if (!detect::parseKinds(parser.value(m_kinds), kinds, &why)) {
            *error = QStringLiteral("--kinds: ") + why;
            return false;
        }
    }
    if (!hoursOption(parser, m_minHours, &rules->minDurationMs, error)
        || !number(parser, m_maxDistance, false, &rules->maxDistanceM, error)
        || !number(parser, m_maxSpeed, false, &rules->maxMedianSpeedKn, error)
        || !number(parser, m_minPort, true, &rules->minPortKm, error)
        || !hoursOption(parser, m_loiterHours, &rules->loiterMinDurationMs, error)
        || !number(parser, m_loiterSpeed, false, &rules->loiterMaxSpeedKn, error)
        || !number(parser, m_loiterShore, true, &rules->loiterMinShoreNm, error)
        || !hoursOption(parser, m_gapHours, &rules->gapMinMs, error)
        || !number(parser, m_gapShore, true, &rules->gapMinShoreNm, error))
        return false;
    if (parser.isSet(m_anchorageVessels)) {
        bool ok = false;
        const int n = parser.value(m_anchorageVessels).trimmed().toInt(&ok);
        if (!ok || n < 1) {
            *error = QStringLiteral("--anchorage-vessels must be a whole number of 1 or more, "
                                    "not '%1'")
                         .arg(parser.value(m_anchorageVessels));
            return false;
        }
        rules->anchorageMinVessels = n;
    }
    // 1000 km is far beyond any meeting; a larger value is a unit mistake (metres for km).
    if (rules->maxDistanceM > 1e6) {
        *error = QStringLiteral("--max-distance-m must be at most 1000000 (1000 km), not '%1'")
                     .arg(parser.value(m_maxDistance));
        return false;
    }
    return true;
}
