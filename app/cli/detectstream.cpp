#include "detectstream.h"

#include "detect/anchorages.h"
#include "detect/encounters.h"
#include "detect/identityanomalies.h"
#include "detect/singlevessel.h"
#include "io/dbmodule.h"
#include "summary.h"

#include <algorithm>
#include <map>

namespace {

constexpr int64_t kDayMs = 24 * detect::kHourMs;

int64_t floorDiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct Part
{
    uint32_t first = 0, last = 0; // MMSIs
    uint32_t vesselOffset = 0; // vessels before it, in MMSI order
};

// Rows with vessel numbers replaced by MMSIs (mapped to the vessels store at the end).
void addRows(const detect::Result &r, const TrackStore &store, const detect::Rules &rules,
             std::vector<detect::DetectedRow> *rows)
{
    for (detect::DetectedRow row : detect::detectedRows(r, store, rules)) {
        row.vesselA = store.mmsi(row.vesselA);
        if (row.vesselB >= 0)
            row.vesselB = int64_t(store.mmsi(size_t(row.vesselB)));
        rows->push_back(std::move(row));
    }
}

void addSummary(const TrackSummary &s, TrackSummary *into)
{
    into->positions += s.positions;
    into->loaded += s.loaded;
    into->vessels += s.vessels;
    into->segments += s.segments;
    into->matchingVessels += s.matchingVessels;
    into->matchingSegments += s.matchingSegments;
    if (s.first)
        into->first = into->first ? std::min(*into->first, *s.first) : *s.first;
    if (s.last)
        into->last = into->last ? std::max(*into->last, *s.last) : *s.last;
    if (s.bbox) {
        if (!into->bbox) {
            into->bbox = s.bbox;
        } else if (into->bbox->west <= into->bbox->east && s.bbox->west <= s.bbox->east) {
            into->bbox->west = std::min(into->bbox->west, s.bbox->west);
            into->bbox->east = std::max(into->bbox->east, s.bbox->east);
            into->bbox->south = std::min(into->bbox->south, s.bbox->south);
            into->bbox->north = std::max(into->bbox->north, s.bbox->north);
        } else { // a part across 180°: the whole circle of longitudes
            into->bbox->west = -180;
            into->bbox->east = 180;
            into->bbox->south = std::min(into->bbox->south, s.bbox->south);
            into->bbox->north = std::max(into->bbox->north, s.bbox->north);
        }
    }
}

} // namespace

bool cli::detectDatabase(const QString &source, const QString &table, const detect::Rules &rules,
                         unsigned kinds, const TrackFilter &filter, const QString &basemapFolder,
                         const QString &portsFile, DetectProgress &progress, StreamedDetection *out,
                         QString *error)
{
    using namespace detect;
    db::TableInfo info;
    if (!db::tableInfo(source, table, true, &info, error))
        return false;
    if (info.rows == 0) {
        *error = QStringLiteral("table %1 holds no AIS positions").arg(table);
        return false;
    }
    // Parts of about a day's positions (the table's average), whole vessels each.
    const int64_t days = floorDiv(info.lastMs, kDayMs) - floorDiv(info.firstMs, kDayMs) + 1;
    // RENDEZVOUS_DETECT_PART_ROWS sets it (the tests read small tables in many parts).
    const long long wanted = qEnvironmentVariableIntValue("RENDEZVOUS_DETECT_PART_ROWS");
    const long long perPart =
        wanted > 0 ? wanted : std::max<long long>(info.rows / std::max<int64_t>(days, 1), 10000);
    std::vector<Part> parts;
    long long inPart = 0;
    for (size_t i = 0; i < info.vesselRows.size(); ++i) {
        if (parts.empty() || inPart >= perPart) {
            parts.push_back({info.vesselRows[i].first, info.vesselRows[i].first, uint32_t(i)});
            inPart = 0;
        }
        parts.back().last = info.vesselRows[i].first;
        inPart += info.vesselRows[i].second;
    }
    out->parts = int(parts.size());
    out->days = int(days);
    const auto readPart = [&](db::TrackQuery::By by, int64_t from, int64_t to,
                              std::shared_ptr<TrackStore> *store) {
        TrackBuilder builder;
        const uint16_t file = builder.addFile(table);
        db::TrackQuery q {source, table, by, from, to};
        long long n = 0;
        if (!db::readTracks(q, &builder, file, &n, error))
            return false;
        out->rowsRead += n;
        out->largestPart = std::max(out->largestPart, size_t(n));
        *store = builder.finish();
        return true;
    };

    // 1. By vessel: stays, identity anomalies, figures, the vessels' identities.
    std::vector<AnchorageStay> stays;
    std::vector<DetectedRow> anomalies, single, encounters;
    TrackBuilder vessels;
    const uint16_t vesselsFile = vessels.addFile(table);
    const bool needStays = kinds & (Encounters | LoiteringKind);
    progress.stage(QStringLiteral("reading %1 by vessel (%2 parts): figures%3%4…")
                       .arg(table)
                       .arg(parts.size())
                       .arg(needStays ? QStringLiteral(", anchorages") : QString(),
                            (kinds & Identity) ? QStringLiteral(", identity") : QString()));
    for (const Part &part : parts) {
        std::shared_ptr<TrackStore> store;
        if (!readPart(db::TrackQuery::By::Mmsi, part.first, part.last, &store))
            return false;
        addSummary(TrackSummary::compute(*store, filter), &out->summary);
        if (needStays)
            findStays(*store, rules, part.vesselOffset, &stays);
        if (kinds & Identity) {
            Result r;
            r.anomalies = findAnomalies(*store, rules);
            addRows(r, *store, rules, &anomalies);
        }
        for (size_t v = 0; v < store->vesselCount(); ++v) {
            const uint32_t vv = vessels.vesselByMmsi(store->mmsi(v));
            if (store->vesselPositionBegin(v) < store->vesselPositionEnd(v)) {
                const uint32_t p = store->vesselPositionBegin(v);
                PositionReport first;
                first.vessel = vv;
                first.timeMs = store->timeMs(p);
                first.lat = store->lat(p);
                first.lon = store->lon(p);
                first.sourceFile = vesselsFile;
                vessels.add(first);
            }
            for (const IdentityPeriod &period : store->identityHistory(v)) {
                const int at = vessels.addIdentity(vv, period.firstMs, period.identity,
                                                   store->length(v), store->width(v));
                if (at >= 0 && period.reports > 1)
                    vessels.repeatIdentity(vv, at, period.lastMs, store->length(v),
                                           store->width(v));
            }
        }
    }
    out->vessels = vessels.finish();
    if (kinds & (Encounters | LoiteringKind | Gaps)) {
        progress.stage(needStays ? QStringLiteral("shore, anchorages and ports…")
                                 : QStringLiteral("shore…"));
        if (!makeGeography(anchoragesOf(std::move(stays), rules), rules, kinds, basemapFolder,
                           portsFile, &out->geo, error))
            return false;
    }

    // 2. By vessel again: loitering and gaps, with the anchorages.
    if (kinds & (LoiteringKind | Gaps)) {
        progress.stage(QStringLiteral("reading %1 by vessel: loitering and gaps…").arg(table));
        for (const Part &part : parts) {
            std::shared_ptr<TrackStore> store;
            if (!readPart(db::TrackQuery::By::Mmsi, part.first, part.last, &store))
                return false;
            Result r;
            if (kinds & LoiteringKind)
                r.loitering = findLoitering(*store, rules, *out->geo.geo);
            if (kinds & Gaps)
                r.gaps = findGaps(*store, rules, *out->geo.geo);
            addRows(r, *store, rules, &single);
        }
    }

    // 3. Day by day: encounters, each in the window of the day it starts.
    if (kinds & Encounters) {
        const int64_t margin = rules.mergeGapMs + rules.minDurationMs + rules.maxInterpolationGapMs
            + rules.slotMs + SegmentRules {}.maxGapMs;
        progress.stage(
            QStringLiteral("reading %1 day by day (%2 days): encounters…").arg(table).arg(days));
        for (int64_t day = floorDiv(info.firstMs, kDayMs) * kDayMs; day <= info.lastMs;
             day += kDayMs) {
            int64_t after = margin;
            for (;;) {
                const int64_t windowEnd = day + kDayMs + after;
                std::shared_ptr<TrackStore> store;
                if (!readPart(db::TrackQuery::By::Time, day - margin, windowEnd, &store))
                    return false;
                Result r;
                bool whole = true;
                for (const Encounter &e : findEncounters(*store, rules, *out->geo.geo)) {
                    if (e.startMs < day || e.startMs >= day + kDayMs)
                        continue;
                    whole = whole && (e.endMs + margin < windowEnd || windowEnd > info.lastMs);
                    r.encounters.push_back(e);
                }
                if (!whole) {
                    after *= 2; // a kept encounter may go on past the window: read more
                    continue;
                }
                addRows(r, *store, rules, &encounters);
                break;
            }
        }
    }

    // Vessel numbers of the vessels store, the sections in detectedRows' orders, and
    // ids numbered within each section.
    const auto toVessels = [&](std::vector<DetectedRow> &rows) {
        for (DetectedRow &row : rows) {
            row.vesselA = uint32_t(out->vessels->findMmsi(row.vesselA));
            if (row.vesselB >= 0)
                row.vesselB = out->vessels->findMmsi(uint32_t(row.vesselB));
        }
    };
    toVessels(anomalies);
    toVessels(single);
    toVessels(encounters);
    const auto byStart = [](const DetectedRow &a, const DetectedRow &b) {
        if (a.startMs != b.startMs)
            return a.startMs < b.startMs;
        if (a.vesselA != b.vesselA)
            return a.vesselA < b.vesselA;
        return a.vesselB < b.vesselB;
    };
    std::stable_sort(encounters.begin(), encounters.end(), byStart);
    std::vector<DetectedRow> loitering, gaps;
    for (DetectedRow &row : single)
        (row.section == DetectedRow::Section::Loitering ? loitering : gaps)
            .push_back(std::move(row));
    std::stable_sort(loitering.begin(), loitering.end(), byStart);
    std::stable_sort(gaps.begin(), gaps.end(), byStart);
    // Anomalies come by vessel already (parts in MMSI order), each vessel's in the
    // detector's order.
    static const char *const kNames[] = {"encounter", "loitering", "gap", "anomaly"};
    int s = 0;
    for (std::vector<DetectedRow> *section : {&encounters, &loitering, &gaps, &anomalies}) {
        out->counts[s] = int64_t(section->size());
        for (size_t n = 0; n < section->size(); ++n) {
            DetectedRow &row = (*section)[n];
            row.id = QStringLiteral("%1-%2").arg(QLatin1String(kNames[s])).arg(n + 1);
            out->rows.push_back(std::move(row));
        }
        ++s;
    }
    return true;
}
