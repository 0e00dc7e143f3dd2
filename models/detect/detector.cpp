#include "detector.h"

#include "detect/encounters.h"
#include "detect/identityanomalies.h"
#include "detect/singlevessel.h"
#include "stagetimer.h"

#include <QStringList>

#include <algorithm>
#include <tuple>

namespace detect {

namespace {

// Rough shares of the time each detector takes on a week of AIS (encounters
// resample every vessel and compare pairs; the others read each position once).
constexpr double kWeights[] = {6, 2, 1, 1};
constexpr Kind kOrder[] = {Encounters, LoiteringKind, Gaps, Identity};
constexpr const char *kNames[] = {"encounters", "loitering", "gaps", "identity"};

// The documented orders, whatever order a detector produced (determinism does
// not depend on how a detector splits its work).
void sortResult(Result &r)
{
    std::stable_sort(r.encounters.begin(), r.encounters.end(),
                     [](const Encounter &a, const Encounter &b) {
                         return std::tie(a.startMs, a.vesselA, a.vesselB)
                             < std::tie(b.startMs, b.vesselA, b.vesselB);
                     });
    std::stable_sort(r.loitering.begin(), r.loitering.end(),
                     [](const Loitering &a, const Loitering &b) {
                         return std::tie(a.startMs, a.vessel) < std::tie(b.startMs, b.vessel);
                     });
    std::stable_sort(r.gaps.begin(), r.gaps.end(), [](const Gap &a, const Gap &b) {
        return std::tie(a.startMs, a.vessel) < std::tie(b.startMs, b.vessel);
    });
    std::stable_sort(
        r.anomalies.begin(), r.anomalies.end(), [](const Anomaly &a, const Anomaly &b) {
            return std::tie(a.vessel, a.kind, a.startMs) < std::tie(b.vessel, b.kind, b.startMs);
        });
}

} // namespace

Result run(const TrackStore &store, const Rules &rules, const GeoContext &geo, unsigned kinds,
           const Control &control)
{
    double total = 0;
    for (size_t i = 0; i < std::size(kOrder); ++i)
        total += (kinds & kOrder[i]) ? kWeights[i] : 0;
    Result result;
    StageTimer timer("detect");
    double done = 0;
    for (size_t i = 0; i < std::size(kOrder); ++i) {
        if (!(kinds & kOrder[i]))
            continue;
        if (control.cancelled())
            break;
        const double from = done / total, share = kWeights[i] / total;
        Control part;
        part.cancel = control.cancel;
        if (control.progress)
            part.progress = [&control, from, share](double f) {
                control.progress(from + share * std::clamp(f, 0.0, 1.0));
            };
        switch (kOrder[i]) {
        case Encounters:
            result.encounters = findEncounters(store, rules, geo, part);
            break;
        case LoiteringKind:
            result.loitering = findLoitering(store, rules, geo, part);
            break;
        case Gaps:
            result.gaps = findGaps(store, rules, geo, part);
            break;
        case Identity:
            result.anomalies = findAnomalies(store, rules, part);
            break;
        default:
            break;
        }
        timer.lap(kNames[i]);
        done += kWeights[i];
        if (control.progress)
            control.progress(done / total);
    }
    if (control.cancelled()) {
        Result cancelled;
        cancelled.cancelled = true;
        return cancelled;
    }
    sortResult(result);
    return result;
}

bool parseKinds(const QString &text, unsigned *kinds, QString *error)
{
    unsigned out = 0;
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QString word = part.trimmed().toLower();
        if (word == QLatin1String("encounters") || word == QLatin1String("encounter"))
            out |= Encounters;
        else if (word == QLatin1String("loitering"))
            out |= LoiteringKind;
        else if (word == QLatin1String("gaps") || word == QLatin1String("gap"))
            out |= Gaps;
        else if (word == QLatin1String("identity") || word == QLatin1String("anomalies"))
            out |= Identity;
        else if (word == QLatin1String("all"))
            out |= AllKinds;
        else {
            *error = QStringLiteral("unknown kind '%1' (kinds: encounters, loitering, gaps, "
                                    "identity, all)")
                         .arg(part.trimmed());
            return false;
        }
    }
    *kinds = out;
    return true;
}

QString kindsText(unsigned kinds)
{
    QStringList words;
    if (kinds & Encounters)
        words << QStringLiteral("encounters");
    if (kinds & LoiteringKind)
        words << QStringLiteral("loitering");
    if (kinds & Gaps)
        words << QStringLiteral("gaps");
    if (kinds & Identity)
        words << QStringLiteral("identity");
    return words.join(QLatin1Char(','));
}

} // namespace detect
