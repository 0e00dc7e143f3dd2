#include "eventbuilder.h"

#include "io/valueparsers.h"
#include "io/wkt.h"
#include "stagetimer.h"
#include "tracks/midtable.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>

namespace {
QString quoted(std::string_view s)
{
    constexpr size_t kMax = 60;
    QString q = QString::fromUtf8(s.data(), static_cast<qsizetype>(std::min(s.size(), kMax)));
    if (s.size() > kMax)
        q += QStringLiteral("…");
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

QString slashText(const timeparse::SlashDate &d)
{
    return QStringLiteral("%1/%2/%3 %4:%5:%6")
        .arg(d.a, 2, 10, QLatin1Char('0'))
        .arg(d.b, 2, 10, QLatin1Char('0'))
        .arg(d.year, 4, 10, QLatin1Char('0'))
        .arg(d.hour, 2, 10, QLatin1Char('0'))
        .arg(d.minute, 2, 10, QLatin1Char('0'))
        .arg(d.second, 2, 10, QLatin1Char('0'));
}

bool isZeroIdentifier(std::string_view t)
{
    if (t.size() >= 3 && (t[0] == 'I' || t[0] == 'i') && (t[1] == 'M' || t[1] == 'm')
        && (t[2] == 'O' || t[2] == 'o'))
        t.remove_prefix(3);
    for (char c : t) {
        if (c != '0' && c != ' ' && c != '.')
            return false;
    }
    return true;
}
} // namespace

EventBuilder::EventBuilder(QStringList headers, ColumnMapping mapping)
    : m_headers(std::move(headers)), m_mapping(mapping)
{
    QStringList extraNames;
    for (int c = 0; c < m_headers.size(); ++c) {
        bool mapped = false;
        for (int f = 0; f < FieldCount && !mapped; ++f)
            mapped = m_mapping.column(static_cast<Field>(f)) == c;
        if (mapped)
            continue;
        m_extraColumns.push_back(c);
        // Two source columns may share a name; the store needs distinct ones.
        QString name =
            m_headers[c].isEmpty() ? QStringLiteral("column %1").arg(c + 1) : m_headers[c];
        for (int n = 2; extraNames.contains(name); ++n)
            name = m_headers[c] + QStringLiteral(" (%1)").arg(n);
        extraNames << name;
    }
    m_store = std::make_unique<EventStore>(extraNames);
    m_extraScratch.resize(m_extraColumns.size());
}

inline std::string_view EventBuilder::field(const std::string_view *fields, size_t count,
                                            Field f) const
{
    const int c = m_mapping.column(f);
    if (c < 0 || static_cast<size_t>(c) >= count)
        return {};
    return values::trim(fields[c]);
}

void EventBuilder::reject(uint32_t row, const QString &reason)
{
    m_rejections.push_back({row, reason});
}

void EventBuilder::reserve(size_t rows)
{
    m_store->reserve(rows);
    reserveHuge(m_hashes, rows);
}

void EventBuilder::rejectRecord(uint32_t row, const QString &reason)
{
    ++m_records;
    reject(row, reason);
}

void EventBuilder::warn(const QString &message, uint32_t row)
{
    m_warnings[message].push_back(row);
}

EventBuilder::TimeOutcome EventBuilder::readTime(std::string_view text, bool isEnd, uint32_t row,
                                                 int64_t *ms, timeparse::SlashDate *slash)
{
    const timeparse::Result r = timeparse::parse(text);
    const auto what = [isEnd] {
        return isEnd ? QStringLiteral("end time") : QStringLiteral("start time");
    };
    switch (r.status) {
    case timeparse::Status::Ok:
        *ms = r.ms;
        return TimeOutcome::Ok;
    case timeparse::Status::Empty:
        *ms = EventStore::kNoTime;
        if (!isEnd && m_mapping.has(Field::Start)) {
            reject(row, QStringLiteral("no start time"));
            return TimeOutcome::Rejected;
        }
        return TimeOutcome::Ok;
    case timeparse::Status::Slash:
        *slash = r.slash;
        m_evidence[isEnd ? 1 : 0].observe(r.slash);
        return TimeOutcome::Deferred;
    case timeparse::Status::Impossible:
        reject(row,
               QStringLiteral("impossible %1 %2 (no such date or time)").arg(what(), quoted(text)));
        return TimeOutcome::Rejected;
    case timeparse::Status::Unparseable:
        break;
    }
    reject(row, QStringLiteral("unreadable %1 %2").arg(what(), quoted(text)));
    return TimeOutcome::Rejected;
}

bool EventBuilder::readPosition(const std::string_view *fields, size_t count, uint32_t row,
                                const Position *geometry, EventStore::RowInput &in)
{
    double lat = 0, lon = 0;
    bool found = false;
    if (geometry) {
        lat = geometry->lat;
        lon = geometry->lon;
        found = true;
        if (geometry->fromCentroid)
            in.flags |= EventStore::PositionFromCentroid;
    }
    const std::string_view latText = field(fields, count, Field::Latitude);
    const std::string_view lonText = field(fields, count, Field::Longitude);
    if (!found && (!values::isMissing(latText) || !values::isMissing(lonText))) {
        const values::Number la = values::parseDegrees(latText);
        const values::Number lo = values::parseDegrees(lonText);
        if (la.status == values::NumberStatus::Invalid) {
            reject(row, QStringLiteral("unreadable latitude %1").arg(quoted(latText)));
            return false;
        }
        if (lo.status == values::NumberStatus::Invalid) {
            reject(row, QStringLiteral("unreadable longitude %1").arg(quoted(lonText)));
            return false;
        }
        if (la.status == values::NumberStatus::Missing) {
            reject(row, QStringLiteral("longitude without latitude"));
            return false;
        }
        if (lo.status == values::NumberStatus::Missing) {
            reject(row, QStringLiteral("latitude without longitude"));
            return false;
        }
        lat = la.value;
        lon = lo.value;
        found = true;
    }
    if (!found) {
        const std::string_view wkt = field(fields, count, Field::Geometry);
        if (!values::isMissing(wkt)) {
            const wkt::Point p = wkt::position(wkt);
            if (!p.ok) {
                reject(row, QStringLiteral("unreadable geometry %1").arg(quoted(wkt)));
                return false;
            }
            lat = p.lat;
            lon = p.lon;
            found = true;
            if (p.fromCentroid) {
                in.flags |= EventStore::PositionFromCentroid;
                warn(QStringLiteral("geometry is not a point: its centroid is used"), row);
            }
        }
    }
    if (!found) {
        reject(row, QStringLiteral("no position"));
        return false;
    }
    if (!(lat >= -90.0 && lat <= 90.0)) {
        reject(row, QStringLiteral("latitude %1 is outside -90..90").arg(lat, 0, 'g', 12));
        return false;
    }
    if (!(lon >= -180.0 && lon <= 360.0)) {
        reject(row, QStringLiteral("longitude %1 is outside -180..180").arg(lon, 0, 'g', 12));
        return false;
    }
    if (lon > 180.0) {
        lon -= 360.0;
        warn(QStringLiteral("longitude given in 0..360 form: converted to -180..180"), row);
    }
    in.lat = lat;
    in.lon = lon;
    return true;
}

std::string_view EventBuilder::identifier(std::string_view raw, bool imo, std::string &buffer)
{
    if (raw.empty()) // the common case for a second vessel: nothing to normalise
        return {};
    // Plain digits, not all zeros, are already in normal form (the common case): no
    // copy. (raw is trimmed.)
    bool digits = true, nonZero = false;
    for (char c : raw) {
        digits &= c >= '0' && c <= '9';
        nonZero |= c > '0';
    }
    if (digits && nonZero)
        return raw;
    buffer = imo ? values::normaliseImo(raw) : values::normaliseMmsi(raw);
    if (!buffer.empty())
        return buffer;
    const std::string_view t = values::trim(raw);
    if (values::isMissing(t) || isZeroIdentifier(t))
        return {};
    // Not a number, but it is what the source says: keep it as written.
    return t;
}

void EventBuilder::deriveFlag(std::string_view mmsi, std::string_view &flag,
                              EventStore::Flag derived, uint32_t row, uint8_t &flags)
{
    if (mmsi.empty())
        return;
    const mid::Flag f = mid::flagOf(mmsi);
    switch (f.status) {
    case mid::Status::Flag:
        flag = f.iso2; // the compiled-in table outlives every store
        flags |= derived;
        break;
    case mid::Status::Malformed:
        // Never guessed: a 7-digit "2000080" may be a ship with lost digits or a coast
        // station with lost leading zeros.
        warn(QStringLiteral("MMSI not 9 digits: no flag derived"), row);
        break;
    case mid::Status::UnallocatedMid:
        warn(QStringLiteral("MMSI's MID not allocated by ITU: no flag derived"), row);
        break;
    case mid::Status::NoMid: // AIS-SART, man overboard, EPIRB: no flag to derive
        break;
    }
}

void EventBuilder::addRecord(const std::string_view *fields, size_t count, uint32_t row,
                             const Position *geometry, const uint64_t *recordHash)
{
    ++m_records;
    EventStore::RowInput in;
    in.sourceRow = row;

    timeparse::SlashDate slash[2];
    TimeOutcome t[2];
    t[0] = readTime(field(fields, count, Field::Start), false, row, &in.start, &slash[0]);
    if (t[0] == TimeOutcome::Rejected)
        return;
    t[1] = readTime(field(fields, count, Field::End), true, row, &in.end, &slash[1]);
    if (t[1] == TimeOutcome::Rejected)
        return;
    if (t[0] == TimeOutcome::Ok && t[1] == TimeOutcome::Ok && in.end != EventStore::kNoTime
        && in.end < in.start) {
        reject(row,
               QStringLiteral("end %1 is before start %2")
                   .arg(timeparse::toIso(in.end), timeparse::toIso(in.start)));
        return;
    }
    if (!readPosition(fields, count, row, geometry, in))
        return;

    const std::string_view volumeText = field(fields, count, Field::Volume);
    const values::Number volume = values::parseVolume(volumeText);
    if (volume.status == values::NumberStatus::Invalid) {
        reject(row, QStringLiteral("unreadable volume %1").arg(quoted(volumeText)));
        return;
    }
    if (volume.status == values::NumberStatus::Ok)
        in.volume = volume.value;

    in.id = field(fields, count, Field::Id);
    in.aName = field(fields, count, Field::VesselAName);
    in.aImo = identifier(field(fields, count, Field::VesselAImo), true, m_idBuffers[0]);
    in.aMmsi = identifier(field(fields, count, Field::VesselAMmsi), false, m_idBuffers[1]);
    in.aFlag = field(fields, count, Field::VesselAFlag);
    in.bName = field(fields, count, Field::VesselBName);
    in.bImo = identifier(field(fields, count, Field::VesselBImo), true, m_idBuffers[2]);
    in.bMmsi = identifier(field(fields, count, Field::VesselBMmsi), false, m_idBuffers[3]);
    in.bFlag = field(fields, count, Field::VesselBFlag);
    if (!m_mapping.has(Field::VesselAFlag))
        deriveFlag(in.aMmsi, in.aFlag, EventStore::VesselAFlagFromMmsi, row, in.flags);
    if (!m_mapping.has(Field::VesselBFlag))
        deriveFlag(in.bMmsi, in.bFlag, EventStore::VesselBFlagFromMmsi, row, in.flags);
    in.cargo = field(fields, count, Field::Cargo);
    in.confidence = field(fields, count, Field::Confidence);
    in.source = field(fields, count, Field::Source);
    in.notes = field(fields, count, Field::Notes);
    for (size_t i = 0; i < m_extraColumns.size(); ++i) {
        const auto c = static_cast<size_t>(m_extraColumns[i]);
        m_extraScratch[i] = c < count ? fields[c] : std::string_view();
    }

    const auto storeRow = static_cast<uint32_t>(m_store->size());
    for (int k = 0; k < 2; ++k) {
        if (t[k] == TimeOutcome::Deferred)
            m_pending.push_back({storeRow, k == 1, slash[k]});
    }
    uint64_t h = recordHash ? *recordHash : hashFields(fields, count);
    if (geometry && !recordHash) {
        uint64_t bits[2];
        std::memcpy(&bits[0], &geometry->lat, 8);
        std::memcpy(&bits[1], &geometry->lon, 8);
        h = (h ^ bits[0]) * 0x9e3779b97f4a7c15ULL;
        h = (h ^ bits[1]) * 0x9e3779b97f4a7c15ULL;
    }
    m_hashes.push_back(h);
    m_store->append(in, m_extraScratch.data());
}

void EventBuilder::merge(EventBuilder &&later, uint32_t rowOffset)
{
    const auto base = static_cast<uint32_t>(m_store->size());
    m_store->appendStore(*later.m_store, rowOffset);
    m_hashes.insert(m_hashes.end(), later.m_hashes.begin(), later.m_hashes.end());
    for (Pending p : later.m_pending) {
        p.storeRow += base;
        m_pending.push_back(p);
    }
    m_evidence[0].merge(later.m_evidence[0]);
    m_evidence[1].merge(later.m_evidence[1]);
    for (Rejection r : later.m_rejections) {
        r.row += rowOffset;
        m_rejections.push_back(std::move(r));
    }
    for (auto it = later.m_warnings.cbegin(); it != later.m_warnings.cend(); ++it) {
        auto &rows = m_warnings[it.key()];
        for (uint32_t r : it.value())
            rows.push_back(r + rowOffset);
    }
    m_records += later.m_records;
    later.m_store.reset();
}

void EventBuilder::resolvePending(LoadReport &report, std::vector<bool> &keep)
{
    if (m_pending.empty())
        return;
    timeparse::DateOrder order[2];
    for (int k = 0; k < 2; ++k) {
        timeparse::OrderDecision d = timeparse::decideDateOrder(m_evidence[k]);
        if (m_mapping.dateOrder() != timeparse::DateOrder::Unknown) {
            // The user's choice (dialog or date_order=), whatever the data suggests: rows
            // that contradict it are rejected like those of a conflicting column.
            d.order = m_mapping.dateOrder();
            d.explanation = QStringLiteral("%1, as chosen")
                                .arg(d.order == timeparse::DateOrder::DayFirst
                                         ? QStringLiteral("day first (dd/mm/yyyy)")
                                         : QStringLiteral("month first (mm/dd/yyyy)"));
        }
        order[k] = d.order;
        if (m_evidence[k].total > 0) {
            const int col = m_mapping.column(k == 0 ? Field::Start : Field::End);
            report.notes
                << QStringLiteral("column '%1': %2").arg(m_headers.value(col), d.explanation);
        }
    }
    std::vector<bool> touched(m_store->size(), false);
    for (const Pending &p : m_pending) {
        if (!keep[p.storeRow])
            continue;
        const timeparse::Result r = timeparse::resolve(p.date, order[p.isEnd ? 1 : 0]);
        if (r.status != timeparse::Status::Ok) {
            keep[p.storeRow] = false;
            const bool dayFirst = order[p.isEnd ? 1 : 0] == timeparse::DateOrder::DayFirst;
            reject(
                m_store->sourceRow(p.storeRow),
                QStringLiteral("impossible %1 '%2' (no such date read %3)")
                    .arg(p.isEnd ? QStringLiteral("end time") : QStringLiteral("start time"),
                         slashText(p.date),
                         dayFirst ? QStringLiteral("day first") : QStringLiteral("month first")));
            continue;
        }
        if (p.isEnd)
            m_store->setEnd(p.storeRow, r.ms);
        else
            m_store->setStart(p.storeRow, r.ms);
        touched[p.storeRow] = true;
    }
    for (size_t row = 0; row < touched.size(); ++row) {
        if (touched[row] && keep[row] && m_store->hasEnd(row)
            && m_store->end(row) < m_store->start(row)) {
            keep[row] = false;
            reject(m_store->sourceRow(row),
                   QStringLiteral("end %1 is before start %2")
                       .arg(timeparse::toIso(m_store->end(row)),
                            timeparse::toIso(m_store->start(row))));
        }
    }
}

int64_t EventBuilder::markDuplicates(std::vector<bool> &keep, bool dedupe)
{
    // Rows are split by the top bit of their hash, so two threads never see the same
    // hash and each keeps its own open-addressing table of first occurrences. Equal
    // hashes are only candidates: the stored content decides.
    const size_t n = m_hashes.size();
    HugeVector<uint8_t> live = hugeVector<uint8_t>(n, 0);
    size_t counts[2] = {0, 0};
    for (size_t r = 0; r < n; ++r) {
        live[r] = keep[r];
        counts[m_hashes[r] >> 63] += live[r];
    }
    // Both halves' tables in one buffer (one fresh huge page rather than two).
    size_t capacity[2];
    for (int half = 0; half < 2; ++half) {
        capacity[half] = 16;
        while (capacity[half] < counts[half] * 2)
            capacity[half] *= 2;
    }
    HugeVector<uint32_t> tables = hugeVector<uint32_t>(capacity[0] + capacity[1], 0);
    std::vector<uint32_t> found[2];
    auto scan = [&](unsigned half) {
        const size_t mask = capacity[half] - 1;
        uint32_t *table = tables.data() + (half ? capacity[0] : 0); // row + 1, 0 = free
        for (uint32_t r = 0; r < n; ++r) {
            const uint64_t h = m_hashes[r];
            if (!live[r] || (h >> 63) != half)
                continue;
            size_t i = h & mask;
            bool duplicate = false;
            while (table[i] != 0) {
                const uint32_t o = table[i] - 1;
                if (m_hashes[o] == h && m_store->sameContent(o, r)) {
                    duplicate = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if (duplicate)
                found[half].push_back(r);
            else
                table[i] = r + 1;
        }
    };
    if (n > 20000) {
        std::thread other(scan, 1u);
        scan(0u);
        other.join();
    } else {
        scan(0u);
        scan(1u);
    }
    for (const auto &rows : found) {
        for (uint32_t r : rows) {
            m_store->setFlag(r, EventStore::Duplicate, true);
            if (dedupe)
                keep[r] = false;
        }
    }
    return static_cast<int64_t>(found[0].size() + found[1].size());
}

LoadResult EventBuilder::finish(LoadReport report, bool dedupe)
{
    StageTimer timer("finish");
    std::vector<bool> keep(m_store->size(), true);
    resolvePending(report, keep);
    timer.lap("deferred dates");
    report.duplicates = markDuplicates(keep, dedupe);
    timer.lap("duplicates");
    report.duplicatesRemoved = dedupe;
    if (std::find(keep.begin(), keep.end(), false) != keep.end())
        m_store->compact(keep);
    std::stable_sort(m_rejections.begin(), m_rejections.end(),
                     [](const Rejection &a, const Rejection &b) { return a.row < b.row; });
    report.headers = m_headers;
    report.mapping = m_mapping;
    report.dateEvidence[0] = m_evidence[0];
    report.dateEvidence[1] = m_evidence[1];
    report.rejections = std::move(m_rejections);
    report.warnings = std::move(m_warnings);
    report.records = m_records;
    report.loaded = static_cast<int64_t>(m_store->size());
    m_hashes.clear();
    m_pending.clear();
    LoadResult result;
    result.store = std::shared_ptr<EventStore>(m_store.release());
    result.report = std::move(report);
    return result;
}
