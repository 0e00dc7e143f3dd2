#include "vesselsummary.h"

#include "detect/identityanomalies.h"
#include "tracks/midtable.h"

#include "eventstore.h"
#include "summary.h"
#include "tracks/trackstore.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace {
QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

void widen(VesselRow &row, int64_t first, int64_t last)
{
    if (first == VesselRow::kNoTime)
        return;
    row.firstMs = row.firstMs == VesselRow::kNoTime ? first : std::min(row.firstMs, first);
    row.lastMs = row.lastMs == VesselRow::kNoTime ? last : std::max(row.lastMs, last);
}

} // namespace

namespace vessels {

QString flagOfMmsi(uint32_t mmsi)
{
    // ISO alpha-2, as EventBuilder derives event files' flags.
    const mid::Flag f = mid::flagOf(mmsi);
    return f.ok() ? QString::fromUtf8(f.iso2.data(), qsizetype(f.iso2.size())) : QString();
}

QString mmsiText(uint32_t mmsi)
{
    return mmsi == 0 ? QString() : QStringLiteral("%1").arg(mmsi, 9, 10, QLatin1Char('0'));
}

std::vector<VesselRow> summarise(const SummaryInput &in)
{
    std::vector<VesselRow> out;
    // identity id (events) -> index in out, -1 none yet.
    std::vector<int32_t> rowOf;
    std::vector<std::vector<uint32_t>> partners; // per out row, identity ids
    std::vector<uint32_t> representative; // identity id -> first vessel with it
    VesselIdentities own;
    const VesselIdentities *ids = in.identities;
    QHash<QString, uint32_t> byMmsi, byImo; // event vessels' identifiers -> identity id

    const EventStore *events = in.events;
    if (events) {
        if (!ids) {
            own = VesselIdentities::of(*events);
            ids = &own;
        }
        const VesselTable &table = events->vessels();
        rowOf.assign(ids->count, -1);
        representative.assign(ids->count, 0);
        for (uint32_t v = 1; v < table.size(); ++v) {
            const uint32_t id = ids->identityOf[v];
            if (id == 0)
                continue;
            if (representative[id] == 0)
                representative[id] = v;
            if (!table.mmsi(v).empty())
                byMmsi.insert(text(table.mmsi(v)), id);
            if (!table.imo(v).empty())
                byImo.insert(text(table.imo(v)), id);
        }
    }
    const auto rowForIdentity = [&](uint32_t id) -> VesselRow & {
        if (rowOf[id] < 0) {
            rowOf[id] = static_cast<int32_t>(out.size());
            VesselRow row;
            const uint32_t v = representative[id];
            row.key = events->vessels().identityKey(v);
            fillFrom(row, events->vessels(), v);
            out.push_back(std::move(row));
            partners.emplace_back();
        }
        return out[static_cast<size_t>(rowOf[id])];
    };

    if (events && in.rows) {
        const VesselTable &table = events->vessels();
        for (const uint32_t r : *in.rows) {
            const uint32_t a = events->vesselsA()[r], b = events->vesselsB()[r];
            const uint32_t ia = ids->identityOf[a], ib = ids->identityOf[b];
            const auto take = [&](uint32_t id, uint32_t v, uint32_t other) {
                VesselRow &row = rowForIdentity(id);
                fillFrom(row, table, v);
                ++row.events;
                const double volume = events->volume(r);
                if (std::isnan(volume))
                    ++row.volumeUnknown;
                else
                    row.barrels += volume;
                row.eventRows.push_back(r);
                if (events->start(r) != EventStore::kNoTime)
                    widen(row, events->start(r), events->effectiveEnd(r));
                if (other != 0 && other != id)
                    partners[static_cast<size_t>(rowOf[id])].push_back(other);
            };
            if (ia != 0)
                take(ia, a, ib);
            // A vessel written on both sides of one event takes part in it once.
            if (ib != 0 && ib != ia)
                take(ib, b, ia);
        }
        for (size_t i = 0; i < out.size(); ++i) {
            std::vector<uint32_t> &p = partners[i];
            std::sort(p.begin(), p.end());
            out[i].partners = std::unique(p.begin(), p.end()) - p.begin();
        }
    }

    if (const TrackStore *tracks = in.tracks) {
        const int64_t from = in.from.value_or(std::numeric_limits<int64_t>::min());
        const int64_t to = in.to.value_or(std::numeric_limits<int64_t>::max());
        const auto &times = tracks->times();
        // The same rule as `rendezvous detect --kinds identity` over the same window.
        detect::Rules rules;
        rules.fromMs = from;
        rules.toMs = to;
        const std::vector<detect::Anomaly> anomalies = detect::findAnomalies(*tracks, rules);
        auto nextAnomaly = anomalies.begin(); // sorted by vessel
        for (size_t v = 0; v < tracks->vesselCount(); ++v) {
            const auto anomaliesBegin = nextAnomaly;
            while (nextAnomaly != anomalies.end() && nextAnomaly->vessel == v)
                ++nextAnomaly;
            int64_t positions = 0, segments = 0;
            int64_t first = VesselRow::kNoTime, last = VesselRow::kNoTime;
            for (uint32_t s = tracks->vesselSegmentBegin(v); s < tracks->vesselSegmentEnd(v); ++s) {
                // A segment is sorted by time: its part inside the window is one range.
                const auto begin = times.begin() + tracks->segmentBegin(s);
                const auto end = times.begin() + tracks->segmentEnd(s);
                const auto lo = std::lower_bound(begin, end, from);
                const auto hi = std::upper_bound(lo, end, to);
                if (lo == hi)
                    continue;
                positions += hi - lo;
                ++segments;
                first = first == VesselRow::kNoTime ? *lo : std::min(first, *lo);
                last = last == VesselRow::kNoTime ? *(hi - 1) : std::max(last, *(hi - 1));
            }
            // The event vessel it is, by MMSI, else by any IMO it broadcast.
            const uint32_t mmsi = tracks->mmsi(v);
            const QString mmsiString = mmsiText(mmsi);
            int64_t identity = -1;
            if (events && mmsi != 0) {
                auto it = byMmsi.constFind(mmsiString);
                if (it == byMmsi.cend())
                    it = byMmsi.constFind(QString::number(mmsi));
                if (it != byMmsi.cend())
                    identity = *it;
            }
            if (events && identity < 0) {
                for (const IdentityPeriod &p : tracks->identityHistory(v)) {
                    const auto it = p.identity.imo.empty()
                        ? byImo.cend()
                        : byImo.constFind(QString::fromStdString(p.identity.imo));
                    if (it != byImo.cend()) {
                        identity = *it;
                        break;
                    }
                }
            }
            const bool hasRow = identity >= 0 && rowOf[static_cast<size_t>(identity)] >= 0;
            if (positions == 0 && !hasRow)
                continue;
            VesselRow *row = nullptr;
            if (identity >= 0) {
                row = &rowForIdentity(static_cast<uint32_t>(identity));
            } else {
                VesselRow fresh;
                fresh.key = "A:" + std::string(tracks->vesselId(v));
                out.push_back(std::move(fresh));
                row = &out.back();
            }
            row->tracks.push_back(static_cast<uint32_t>(v));
            row->anomalies.insert(row->anomalies.end(), anomaliesBegin, nextAnomaly);
            row->positions += positions;
            row->segments += segments;
            widen(*row, first, last);
            if (row->mmsi.isEmpty())
                row->mmsi = mmsi != 0 ? mmsiString : text(tracks->vesselId(v));
            const VesselIdentity latest = tracks->identity(v);
            if (row->imo.isEmpty())
                row->imo = QString::fromStdString(latest.imo);
            if (row->name.isEmpty())
                row->name = QString::fromStdString(latest.name);
            if (row->shipType < 0)
                row->shipType = latest.shipType;
            // A flag column's flag is the file's word, as an event file's is; else the MID's.
            if (row->flag.isEmpty())
                row->flag = QString::fromStdString(latest.flag);
            if (row->flag.isEmpty() && mmsi != 0) {
                row->flag = flagOfMmsi(mmsi);
                row->flagDerived = !row->flag.isEmpty();
            }
        }
    }
    std::sort(out.begin(), out.end(),
              [](const VesselRow &a, const VesselRow &b) { return a.key < b.key; });
    return out;
}

QString describe(const VesselRow &v)
{
    QStringList ids;
    if (!v.imo.isEmpty())
        ids << QStringLiteral("IMO ") + v.imo;
    if (!v.mmsi.isEmpty())
        ids << QStringLiteral("MMSI ") + v.mmsi;
    if (!v.flag.isEmpty())
        ids << v.flag;
    const QString name = v.name.isEmpty() ? QStringLiteral("(no name)") : v.name;
    return ids.isEmpty() ? name
                         : name + QStringLiteral(" (") + ids.join(QStringLiteral(", ")) + ')';
}

// Fields an earlier vessel of the same identity left empty are taken from this one
// (the same IMO written once without its MMSI, then with it).
void fillFrom(VesselRow &row, const VesselTable &table, uint32_t v)
{
    if (row.mmsi.isEmpty() && !table.mmsi(v).empty())
        row.mmsi = text(table.mmsi(v));
    if (row.imo.isEmpty() && !table.imo(v).empty())
        row.imo = text(table.imo(v));
    if (row.name.isEmpty() && !table.name(v).empty())
        row.name = text(table.name(v));
    if (row.flag.isEmpty() && !table.flag(v).empty())
        row.flag = text(table.flag(v));
}

} // namespace vessels
