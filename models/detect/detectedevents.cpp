#include "detectedevents.h"

#include "parallel.h"

#include "io/timeparser.h"
#include "tracks/midtable.h"

#include <QJsonArray>

#include <cmath>
#include <cstdlib>
#include <thread>

namespace detect {

namespace {

constexpr double kMsPerHour = double(kHourMs);

// Fixed decimals without trailing zeros ("2", "0.45", "-12.5"); "" when not finite
// (no anchorage known: infinity).
QString num(double v, int decimals)
{
    if (!std::isfinite(v))
        return {};
    QString s = QString::number(v, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    if (s == QLatin1String("-0"))
        s = QStringLiteral("0");
    return s;
}

QString hours(int64_t ms)
{
    return num(double(ms) / kMsPerHour, 2);
}

// A rule value in hours, to the precision a user types.
QString ruleHours(int64_t ms)
{
    return num(double(ms) / kMsPerHour, 4);
}

struct VesselText
{
    QString id, mmsi, imo, name, flag;
    bool flagFromMmsi = false;
};

VesselText identityOf(const TrackStore &store, uint32_t v)
{
    VesselText out;
    out.id = QString::fromUtf8(store.vesselId(v).data(), int(store.vesselId(v).size()));
    if (store.mmsi(v) != 0) {
        out.mmsi = out.id;
        const mid::Flag flag = mid::flagOf(store.mmsi(v));
        if (flag.ok()) {
            out.flag = QString::fromUtf8(flag.iso2.data(), int(flag.iso2.size()));
            out.flagFromMmsi = true;
        }
    }
    const VesselIdentity identity = store.identity(v);
    out.imo = QString::fromStdString(identity.imo);
    out.name = QString::fromStdString(identity.name);
    return out;
}

// "TANKER ONE (MMSI 538001234)", "MMSI 538001234", or the id column's value.
QString vesselWords(const VesselText &id)
{
    const QString key = id.mmsi.isEmpty() ? QStringLiteral("id %1").arg(id.id)
                                          : QStringLiteral("MMSI %1").arg(id.mmsi);
    return id.name.isEmpty() ? key : QStringLiteral("%1 (%2)").arg(id.name, key);
}

QString kmWords(double km)
{
    return std::isfinite(km) ? QStringLiteral("%1 km").arg(num(km, 1)) : QStringLiteral("unknown");
}

QString nmWords(double km)
{
    return std::isfinite(km) ? QStringLiteral("%1 nm").arg(num(km * 1000 / kMetresPerNm, 1))
                             : QStringLiteral("unknown distance");
}

QString encounterRules(const Rules &r)
{
    return QStringLiteral("max_distance_m=%1; min_duration_h=%2; max_median_speed_kn=%3; "
                          "merge_gap_h=%4; min_port_km=%5; exclude_land=%6; slot_min=%7; "
                          "max_interpolation_gap_h=%8")
        .arg(num(r.maxDistanceM, 3), ruleHours(r.minDurationMs), num(r.maxMedianSpeedKn, 3),
             ruleHours(r.mergeGapMs), num(r.minPortKm, 3),
             r.excludeLand ? QStringLiteral("yes") : QStringLiteral("no"),
             num(double(r.slotMs) / double(kMinuteMs), 3), ruleHours(r.maxInterpolationGapMs));
}

QString loiteringRules(const Rules &r)
{
    return QStringLiteral("max_speed_kn=%1; min_duration_h=%2; min_shore_nm=%3")
        .arg(num(r.loiterMaxSpeedKn, 3), ruleHours(r.loiterMinDurationMs),
             num(r.loiterMinShoreNm, 3));
}

QString gapRules(const Rules &r)
{
    return QStringLiteral("min_gap_h=%1; min_shore_nm=%2")
        .arg(ruleHours(r.gapMinMs), num(r.gapMinShoreNm, 3));
}

QString anomalyRules(const Rules &r, Anomaly::Kind kind)
{
    // Only the implied-speed check has a parameter; the others are facts of the data.
    if (kind == Anomaly::Kind::TwoPlacesAtOnce)
        return QStringLiteral("max_implied_speed_kn=%1").arg(num(r.maxImpliedSpeedKn, 3));
    return {};
}

// The vessel's position report nearest in time to t (the earlier on a tie); -1 when
// the vessel has none.
int64_t nearestPosition(const TrackStore &store, uint32_t v, int64_t t)
{
    int64_t best = -1;
    uint64_t bestDelta = 0;
    for (uint32_t p = store.vesselPositionBegin(v); p < store.vesselPositionEnd(v); ++p) {
        const int64_t d = store.timeMs(p) - t;
        const uint64_t delta = d < 0 ? uint64_t(0) - uint64_t(d) : uint64_t(d);
        if (best < 0 || delta < bestDelta
            || (delta == bestDelta && store.timeMs(p) < store.timeMs(size_t(best)))) {
            best = p;
            bestDelta = delta;
        }
    }
    return best;
}

QString sectionId(DetectedRow::Section s, size_t n)
{
    static const char *const kNames[] = {"encounter", "loitering", "gap", "anomaly"};
    return QStringLiteral("%1-%2").arg(QLatin1String(kNames[int(s)])).arg(n + 1);
}

QJsonValue jsonNumber(const QString &text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Null);
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok ? QJsonValue(v) : QJsonValue(text);
}

void insertVessel(QJsonObject &o, const QString &prefix, const VesselText &id)
{
    o.insert(prefix + QStringLiteral("mmsi"), id.mmsi);
    o.insert(prefix + QStringLiteral("imo"), id.imo);
    o.insert(prefix + QStringLiteral("name"), id.name);
    o.insert(prefix + QStringLiteral("flag"), id.flag);
    o.insert(prefix + QStringLiteral("id"), id.id);
}

} // namespace

QString columnName(Column c)
{
    static const char *const kNames[kColumnCount] = {
        "kind",
        "anomaly",
        "duration_h",
        "median_distance_m",
        "median_speed_kn",
        "port_km",
        "shore_km",
        "end_lat",
        "end_lon",
        "end_shore_km",
        "distance_nm",
        "implied_speed_kn",
        "slots",
        "rules",
        "vessel_a_id",
        "vessel_b_id",
    };
    return QLatin1String(kNames[int(c)]);
}

QString anomalyKey(Anomaly::Kind kind)
{
    switch (kind) {
    case Anomaly::Kind::BadImoCheckDigit:
        return QStringLiteral("bad_imo_check_digit");
    case Anomaly::Kind::UnallocatedMid:
        return QStringLiteral("unallocated_mid");
    case Anomaly::Kind::FlagMismatch:
        return QStringLiteral("flag_mismatch");
    case Anomaly::Kind::TwoPlacesAtOnce:
        return QStringLiteral("two_places_at_once");
    case Anomaly::Kind::NameChanged:
        return QStringLiteral("name_changed");
    case Anomaly::Kind::ImoChanged:
        return QStringLiteral("imo_changed");
    }
    return QStringLiteral("unknown");
}

QString anomalyWords(Anomaly::Kind kind)
{
    switch (kind) {
    case Anomaly::Kind::BadImoCheckDigit:
        return QStringLiteral("invalid IMO check digit");
    case Anomaly::Kind::UnallocatedMid:
        return QStringLiteral("MMSI's MID not allocated");
    case Anomaly::Kind::FlagMismatch:
        return QStringLiteral("flag differs from the MMSI's");
    case Anomaly::Kind::TwoPlacesAtOnce:
        return QStringLiteral("two places at once");
    case Anomaly::Kind::NameChanged:
        return QStringLiteral("name changed");
    case Anomaly::Kind::ImoChanged:
        return QStringLiteral("IMO changed");
    }
    return QStringLiteral("anomaly");
}

std::vector<DetectedRow> detectedRows(const Result &result, const TrackStore &store,
                                      const Rules &rules)
{
    std::vector<DetectedRow> rows;
    rows.reserve(result.encounters.size() + result.loitering.size() + result.gaps.size()
                 + result.anomalies.size());
    const auto begin = [&](DetectedRow::Section s, size_t n, int64_t start, int64_t end) {
        DetectedRow row;
        row.section = s;
        row.id = sectionId(s, n);
        row.startMs = start;
        row.endMs = end;
        row.values[size_t(Column::DurationH)] = hours(end - start);
        return row;
    };
    const auto set = [](DetectedRow &row, Column c, const QString &v) {
        row.values[size_t(c)] = v;
    };

    const QString encounterRule = encounterRules(rules);
    for (size_t i = 0; i < result.encounters.size(); ++i) {
        const Encounter &e = result.encounters[i];
        DetectedRow row = begin(DetectedRow::Section::Encounters, i, e.startMs, e.endMs);
        row.lat = e.lat;
        row.lon = e.lon;
        row.vesselA = e.vesselA;
        row.vesselB = e.vesselB;
        set(row, Column::Kind, QStringLiteral("encounter"));
        set(row, Column::MedianDistanceM, num(e.medianDistanceM, 1));
        set(row, Column::MedianSpeedKn, num(e.medianSpeedKn, 2));
        set(row, Column::PortKm, num(e.portKm, 2));
        set(row, Column::ShoreKm, num(e.shoreKm, 2));
        set(row, Column::Slots, QString::number(e.slotCount));
        set(row, Column::Rules, encounterRule);
        row.detail = QStringLiteral("%1 and %2 within %3 m for %4 h: median %5 m apart at %6 "
                                    "kn; %7 from shore, %8 from the nearest anchorage or port")
                         .arg(vesselWords(identityOf(store, e.vesselA)),
                              vesselWords(identityOf(store, e.vesselB)), num(rules.maxDistanceM, 1),
                              row.value(Column::DurationH), num(e.medianDistanceM, 0),
                              num(e.medianSpeedKn, 1), kmWords(e.shoreKm), kmWords(e.portKm));
        rows.push_back(std::move(row));
    }

    const QString loiteringRule = loiteringRules(rules);
    for (size_t i = 0; i < result.loitering.size(); ++i) {
        const Loitering &l = result.loitering[i];
        DetectedRow row = begin(DetectedRow::Section::Loitering, i, l.startMs, l.endMs);
        row.lat = l.lat;
        row.lon = l.lon;
        row.vesselA = l.vessel;
        set(row, Column::Kind, QStringLiteral("loitering"));
        set(row, Column::MedianSpeedKn, num(l.medianSpeedKn, 2));
        set(row, Column::PortKm, num(l.portKm, 2));
        set(row, Column::ShoreKm, num(l.shoreKm, 2));
        set(row, Column::Rules, loiteringRule);
        row.detail =
            QStringLiteral("%1 under %2 kn for %3 h (median %4 kn), %5 from shore")
                .arg(vesselWords(identityOf(store, l.vessel)), num(rules.loiterMaxSpeedKn, 1),
                     row.value(Column::DurationH), num(l.medianSpeedKn, 1), nmWords(l.shoreKm));
        rows.push_back(std::move(row));
    }

    const QString gapRule = gapRules(rules);
    for (size_t i = 0; i < result.gaps.size(); ++i) {
        const Gap &g = result.gaps[i];
        DetectedRow row = begin(DetectedRow::Section::Gaps, i, g.startMs, g.endMs);
        row.lat = g.lat0;
        row.lon = g.lon0;
        row.vesselA = g.vessel;
        set(row, Column::Kind, QStringLiteral("gap"));
        set(row, Column::ShoreKm, num(g.shoreKm0, 2));
        set(row, Column::EndLat, num(g.lat1, 7));
        set(row, Column::EndLon, num(g.lon1, 7));
        set(row, Column::EndShoreKm, num(g.shoreKm1, 2));
        set(row, Column::DistanceNm, num(g.distanceNm, 2));
        set(row, Column::ImpliedSpeedKn, num(g.impliedSpeedKn, 2));
        set(row, Column::Rules, gapRule);
        row.detail = QStringLiteral("%1 silent for %2 h: %3 nm from the last position to the "
                                    "next (%4 kn implied); %5 and %6 from shore")
                         .arg(vesselWords(identityOf(store, g.vessel)),
                              row.value(Column::DurationH), num(g.distanceNm, 1),
                              num(g.impliedSpeedKn, 1), nmWords(g.shoreKm0), nmWords(g.shoreKm1));
        rows.push_back(std::move(row));
    }

    for (size_t i = 0; i < result.anomalies.size(); ++i) {
        const Anomaly &a = result.anomalies[i];
        DetectedRow row = begin(DetectedRow::Section::Anomalies, i, a.startMs, a.endMs);
        row.vesselA = a.vessel;
        row.lat = a.lat;
        row.lon = a.lon;
        if (!row.placed()) {
            const int64_t p = nearestPosition(store, a.vessel, a.startMs);
            row.lat = p >= 0 ? store.lat(size_t(p)) : std::nan("");
            row.lon = p >= 0 ? store.lon(size_t(p)) : std::nan("");
        }
        set(row, Column::Kind, QStringLiteral("anomaly"));
        set(row, Column::Anomaly, anomalyKey(a.kind));
        set(row, Column::Rules, anomalyRules(rules, a.kind));
        row.detail = QStringLiteral("%1: %2").arg(
            vesselWords(identityOf(store, a.vessel)),
            a.detail.empty() ? anomalyWords(a.kind) : QString::fromStdString(a.detail));
        rows.push_back(std::move(row));
    }
    for (DetectedRow &row : rows) {
        row.values[size_t(Column::VesselAId)] = identityOf(store, row.vesselA).id;
        if (row.vesselB >= 0)
            row.values[size_t(Column::VesselBId)] = identityOf(store, uint32_t(row.vesselB)).id;
    }
    return rows;
}

std::shared_ptr<EventStore> toEventStore(const std::vector<DetectedRow> &rows,
                                         const TrackStore &store, int64_t *unplaced)
{
    bool otherIds = false;
    for (const DetectedRow &row : rows) {
        otherIds = otherIds || store.mmsi(row.vesselA) == 0
            || (row.vesselB >= 0 && store.mmsi(size_t(row.vesselB)) == 0);
    }
    const int columns = otherIds ? kColumnCount : int(Column::VesselAId);
    QStringList names;
    for (int c = 0; c < columns; ++c)
        names << columnName(Column(c));
    auto out = std::make_shared<EventStore>(names);
    out->reserve(rows.size());
    int64_t left = 0;
    std::array<QByteArray, kColumnCount> extras;
    std::array<std::string_view, kColumnCount> extraViews;
    const auto view = [](const QByteArray &b) { return std::string_view(b.constData(), b.size()); };
    for (const DetectedRow &row : rows) {
        if (!row.placed()) {
            ++left;
            continue;
        }
        const VesselText a = identityOf(store, row.vesselA);
        const VesselText b =
            row.vesselB >= 0 ? identityOf(store, uint32_t(row.vesselB)) : VesselText();
        const QByteArray texts[] = {row.id.toUtf8(),    a.name.toUtf8(), a.imo.toUtf8(),
                                    a.mmsi.toUtf8(),    a.flag.toUtf8(), b.name.toUtf8(),
                                    b.imo.toUtf8(),     b.mmsi.toUtf8(), b.flag.toUtf8(),
                                    row.detail.toUtf8()};
        static const QByteArray kSource = QByteArrayLiteral("rendezvous detect");
        EventStore::RowInput in;
        in.id = view(texts[0]);
        in.start = row.startMs;
        in.end = row.endMs;
        in.lat = row.lat;
        in.lon = row.lon;
        in.aName = view(texts[1]);
        in.aImo = view(texts[2]);
        in.aMmsi = view(texts[3]);
        in.aFlag = view(texts[4]);
        in.bName = view(texts[5]);
        in.bImo = view(texts[6]);
        in.bMmsi = view(texts[7]);
        in.bFlag = view(texts[8]);
        in.notes = view(texts[9]);
        in.source = view(kSource);
        in.sourceRow = uint32_t(out->size() + 1);
        in.flags = uint8_t((a.flagFromMmsi ? EventStore::VesselAFlagFromMmsi : 0)
                           | (b.flagFromMmsi ? EventStore::VesselBFlagFromMmsi : 0));
        for (int c = 0; c < columns; ++c) {
            extras[size_t(c)] = row.values[size_t(c)].toUtf8();
            extraViews[size_t(c)] = view(extras[size_t(c)]);
        }
        out->append(in, extraViews.data());
    }
    if (unplaced)
        *unplaced = left;
    return out;
}

std::shared_ptr<EventStore> toEventStore(const Result &result, const TrackStore &store,
                                         const Rules &rules, int64_t *unplaced)
{
    return toEventStore(detectedRows(result, store, rules), store, unplaced);
}

QJsonObject rulesJson(const Rules &r)
{
    const auto h = [](int64_t ms) { return double(ms) / kMsPerHour; };
    QJsonObject o {
        {QStringLiteral("slot_min"), double(r.slotMs) / double(kMinuteMs)},
        {QStringLiteral("max_interpolation_gap_h"), h(r.maxInterpolationGapMs)},
        {QStringLiteral("max_distance_m"), r.maxDistanceM},
        {QStringLiteral("min_duration_h"), h(r.minDurationMs)},
        {QStringLiteral("max_median_speed_kn"), r.maxMedianSpeedKn},
        {QStringLiteral("merge_gap_h"), h(r.mergeGapMs)},
        {QStringLiteral("min_port_km"), r.minPortKm},
        {QStringLiteral("exclude_land"), r.excludeLand},
        {QStringLiteral("anchorage_cell_km"), r.anchorageCellKm},
        {QStringLiteral("anchorage_min_vessels"), r.anchorageMinVessels},
        {QStringLiteral("stationary_km"), r.stationaryKm},
        {QStringLiteral("stationary_h"), h(r.stationaryMs)},
        {QStringLiteral("loiter_max_speed_kn"), r.loiterMaxSpeedKn},
        {QStringLiteral("loiter_min_duration_h"), h(r.loiterMinDurationMs)},
        {QStringLiteral("loiter_min_shore_nm"), r.loiterMinShoreNm},
        {QStringLiteral("gap_min_h"), h(r.gapMinMs)},
        {QStringLiteral("gap_min_shore_nm"), r.gapMinShoreNm},
        {QStringLiteral("max_implied_speed_kn"), r.maxImpliedSpeedKn},
    };
    return o;
}

namespace {
// One event of resultJson.
QJsonObject rowJson(const DetectedRow &row, const TrackStore &store)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), row.id);
    o.insert(QStringLiteral("kind"), row.value(Column::Kind));
    const VesselText a = identityOf(store, row.vesselA);
    if (row.vesselB >= 0) {
        insertVessel(o, QStringLiteral("vessel_a_"), a);
        insertVessel(o, QStringLiteral("vessel_b_"), identityOf(store, uint32_t(row.vesselB)));
    } else {
        insertVessel(o, QString(), a);
        // "id" is the event's; the vessel's own id goes under vessel_id.
        o.insert(QStringLiteral("vessel_id"), a.id);
        o.insert(QStringLiteral("id"), row.id);
    }
    o.insert(QStringLiteral("start"), timeparse::toIso(row.startMs));
    o.insert(QStringLiteral("end"), timeparse::toIso(row.endMs));
    o.insert(QStringLiteral("lat"), row.placed() ? QJsonValue(row.lat) : QJsonValue());
    o.insert(QStringLiteral("lon"), row.placed() ? QJsonValue(row.lon) : QJsonValue());
    // The keys every object has (null where they do not apply), then the section's own.
    for (Column c : {Column::DurationH, Column::MedianDistanceM, Column::MedianSpeedKn})
        o.insert(columnName(c), jsonNumber(row.value(c)));
    std::vector<Column> own;
    switch (row.section) {
    case DetectedRow::Section::Encounters:
        own = {Column::PortKm, Column::ShoreKm, Column::Slots};
        break;
    case DetectedRow::Section::Loitering:
        own = {Column::PortKm, Column::ShoreKm};
        break;
    case DetectedRow::Section::Gaps:
        own = {Column::ShoreKm,    Column::EndLat,     Column::EndLon,
               Column::EndShoreKm, Column::DistanceNm, Column::ImpliedSpeedKn};
        break;
    case DetectedRow::Section::Anomalies:
        o.insert(columnName(Column::Anomaly), row.value(Column::Anomaly));
        break;
    }
    for (Column c : own)
        o.insert(columnName(c), jsonNumber(row.value(c)));
    o.insert(QStringLiteral("rules"), row.value(Column::Rules));
    o.insert(QStringLiteral("detail"), row.detail);
    return o;
}
} // namespace

QJsonObject resultJson(const std::vector<DetectedRow> &rows, const TrackStore &store)
{
    // The objects are built on every core (a week of AIS gives thousands of anomalies),
    // then put in their sections in the rows' order.
    std::vector<QJsonObject> objects(rows.size());
    const unsigned threads =
        rows.size() < 1024 ? 1u : std::max(1u, std::thread::hardware_concurrency());
    parallel::onThreads(threads, [&](unsigned k) {
        for (size_t i = rows.size() * k / threads; i < rows.size() * (k + 1) / threads; ++i)
            objects[i] = rowJson(rows[i], store);
    });
    QJsonArray sections[4];
    int64_t unplaced = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].placed())
            ++unplaced;
        sections[int(rows[i].section)].append(objects[i]);
    }
    QJsonObject counts {
        {QStringLiteral("encounters"), sections[0].size()},
        {QStringLiteral("loitering"), sections[1].size()},
        {QStringLiteral("gaps"), sections[2].size()},
        {QStringLiteral("anomalies"), sections[3].size()},
        {QStringLiteral("events"), qint64(rows.size()) - unplaced},
        {QStringLiteral("unplaced_anomalies"), qint64(unplaced)},
    };
    return {{QStringLiteral("encounters"), sections[0]},
            {QStringLiteral("loitering"), sections[1]},
            {QStringLiteral("gaps"), sections[2]},
            {QStringLiteral("anomalies"), sections[3]},
            {QStringLiteral("counts"), counts}};
}

} // namespace detect
