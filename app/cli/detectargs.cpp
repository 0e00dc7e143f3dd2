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

bool hoursOption(const QCommandLineParser &parser, const QCommandLineOption &option,
                 bool zeroAllowed, int64_t *ms, QString *error)
{
    double h = double(*ms) / double(detect::kHourMs);
    if (!number(parser, option, zeroAllowed, &h, error))
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
    const detect::Rules d;
    const auto n = [](double v) { return QString::number(v, 'g', 6); };
    const auto h = [&n](int64_t ms) { return n(double(ms) / double(detect::kHourMs)); };
    m_kinds.setDescription(QStringLiteral("Any of encounters,loitering,gaps,identity (all)"));
    m_minHours.setDescription(
        QStringLiteral("Encounter: together H hours or more (%1)").arg(h(d.minDurationMs)));
    m_maxDistance.setDescription(
        QStringLiteral("Encounter: within M metres of each other (%1)").arg(n(d.maxDistanceM)));
    m_maxSpeed.setDescription(
        QStringLiteral("Encounter: median speed below K knots (%1)").arg(n(d.maxMedianSpeedKn)));
    m_mergeHours.setDescription(
        QStringLiteral("Encounter: one if under H hours apart (%1)").arg(h(d.mergeGapMs)));
    m_interpolateHours.setDescription(QStringLiteral("Interpolate across silences under H h (%1)")
                                          .arg(h(d.maxInterpolationGapMs)));
    m_minPort.setDescription(
        QStringLiteral("Encounter: P km or more from a port (%1)").arg(n(d.minPortKm)));
    m_anchorageVessels.setDescription(
        QStringLiteral("Anchorage: N vessels stationary 12 h (%1)").arg(d.anchorageMinVessels));
    m_loiterHours.setDescription(
        QStringLiteral("Loitering: slow for H hours or more (%1)").arg(h(d.loiterMinDurationMs)));
    m_loiterSpeed.setDescription(
        QStringLiteral("Loitering: below K knots (%1)").arg(n(d.loiterMaxSpeedKn)));
    m_loiterShore.setDescription(
        QStringLiteral("Loitering: N nm or more from shore (%1)").arg(n(d.loiterMinShoreNm)));
    m_gapHours.setDescription(
        QStringLiteral("AIS gap: silent H hours or more (%1)").arg(h(d.gapMinMs)));
    m_gapShore.setDescription(
        QStringLiteral("AIS gap: both ends N nm from shore (%1)").arg(n(d.gapMinShoreNm)));
    m_impliedSpeed.setDescription(QStringLiteral("Identity: faster than K knots is 2 ships (%1)")
                                      .arg(n(d.maxImpliedSpeedKn)));
    parser.addOptions({m_kinds, m_minHours, m_maxDistance, m_maxSpeed, m_mergeHours,
                       m_interpolateHours, m_minPort, m_anchorageVessels, m_loiterHours,
                       m_loiterSpeed, m_loiterShore, m_gapHours, m_gapShore, m_impliedSpeed});
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
    if (!hoursOption(parser, m_minHours, false, &rules->minDurationMs, error)
        || !number(parser, m_maxDistance, false, &rules->maxDistanceM, error)
        || !number(parser, m_maxSpeed, false, &rules->maxMedianSpeedKn, error)
        || !hoursOption(parser, m_mergeHours, true, &rules->mergeGapMs, error)
        || !hoursOption(parser, m_interpolateHours, false, &rules->maxInterpolationGapMs, error)
        || !number(parser, m_impliedSpeed, false, &rules->maxImpliedSpeedKn, error)
        || !number(parser, m_minPort, true, &rules->minPortKm, error)
        || !hoursOption(parser, m_loiterHours, false, &rules->loiterMinDurationMs, error)
        || !number(parser, m_loiterSpeed, false, &rules->loiterMaxSpeedKn, error)
        || !number(parser, m_loiterShore, true, &rules->loiterMinShoreNm, error)
        || !hoursOption(parser, m_gapHours, false, &rules->gapMinMs, error)
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
