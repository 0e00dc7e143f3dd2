#include "eventstore.h"

#include "io/timeparser.h"
#include "io/valueparsers.h"

#include <cmath>
#include <cstring>
#include <thread>
#include <utility>

namespace {
template<typename V> void compactVector(V &v, const std::vector<bool> &keep)
{
    size_t w = 0;
    for (size_t r = 0; r < v.size(); ++r) {
        if (keep[r])
            v[w++] = v[r];
    }
    v.resize(w);
}

std::string_view utf8(const QByteArray &b)
{
    return std::string_view(b.constData(), static_cast<size_t>(b.size()));
}

QString number(double v)
{
    return std::isnan(v) ? QString() : QString::number(v, 'g', 15);
}
} // namespace

VesselTable::VesselTable()
{
    m_parts.push_back({0, 0, 0, 0});
}

uint32_t VesselTable::intern(std::string_view name, std::string_view imo, std::string_view mmsi,
                             std::string_view flag)
{
    if (name.empty() && imo.empty() && mmsi.empty() && flag.empty())
        return 0;
    // Unit separators cannot occur in the parts (they are trimmed text fields). The key
    // is put together on the stack: this runs twice for every row.
    char local[256];
    const size_t size = name.size() + imo.size() + mmsi.size() + flag.size() + 3;
    if (size > sizeof local)
        m_scratch.resize(size);
    char *const key = size > sizeof local ? m_scratch.data() : local;
    char *p = key;
    const std::string_view parts[] = {name, imo, mmsi, flag};
    for (int k = 0; k < 4; ++k) {
        if (k > 0)
            *p++ = '\x1f';
        if (!parts[k].empty())
            std::memcpy(p, parts[k].data(), parts[k].size());
        p += parts[k].size();
    }
    const uint32_t id = m_keys.intern(std::string_view(key, size));
    // m_keys' id 0 is the empty string, which no vessel key equals: vessel ids match
    // key ids, and a new key is always the next vessel.
    if (id == m_parts.size())
        m_parts.push_back(
            {m_names.intern(name), m_imos.intern(imo), m_mmsis.intern(mmsi), m_flags.intern(flag)});
    return id;
}

Vessel VesselTable::vessel(uint32_t id) const
{
    const auto &p = m_parts[id];
    return Vessel {m_names.text(p[0]), m_imos.text(p[1]), m_mmsis.text(p[2]), m_flags.text(p[3])};
}

std::string VesselTable::identityKey(uint32_t id) const
{
    if (id == 0)
        return {};
    if (!imo(id).empty())
        return "I:" + std::string(imo(id));
    if (!mmsi(id).empty())
        return "M:" + std::string(mmsi(id));
    const std::string n = values::normaliseName(name(id));
    return n.empty() ? std::string() : "N:" + n;
}

size_t VesselTable::memoryBytes() const
{
    return m_keys.memoryBytes() + m_names.memoryBytes() + m_imos.memoryBytes()
        + m_mmsis.memoryBytes() + m_flags.memoryBytes() + m_parts.capacity() * 16;
}

EventStore::EventStore(QStringList extraNames)
    : m_extraNames(std::move(extraNames)), m_extras(static_cast<size_t>(m_extraNames.size()))
{ }

void EventStore::reserve(size_t rows)
{
    reserveHuge(m_start, rows);
    reserveHuge(m_end, rows);
    reserveHuge(m_lat, rows);
    reserveHuge(m_lon, rows);
    reserveHuge(m_volume, rows);
    reserveHuge(m_vesselA, rows);
    reserveHuge(m_vesselB, rows);
    reserveHuge(m_sourceRow, rows);
    reserveHuge(m_flags, rows);
    m_cargo.reserve(rows);
    m_confidence.reserve(rows);
    m_source.reserve(rows);
    m_id.reserveLike(rows);
    m_notes.reserveLike(rows);
    for (auto &c : m_extras)
        c.reserveLike(rows);
}

// Flattened: the push_backs into reserved columns are a few instructions each once
// inlined, but as calls they cost as much as the rest of the row.
[[gnu::flatten]] void EventStore::append(const RowInput &row, const std::string_view *extras)
{
    m_id.append(row.id);
    m_start.push_back(row.start);
    m_end.push_back(row.end);
    m_lat.push_back(row.lat);
    m_lon.push_back(row.lon);
    m_volume.push_back(row.volume);
    m_vesselA.push_back(m_vessels.intern(row.aName, row.aImo, row.aMmsi, row.aFlag));
    m_vesselB.push_back(m_vessels.intern(row.bName, row.bImo, row.bMmsi, row.bFlag));
    m_cargo.append(row.cargo);
    m_confidence.append(row.confidence);
    m_source.append(row.source);
    m_notes.append(row.notes);
    m_sourceRow.push_back(row.sourceRow);
    m_flags.push_back(row.flags);
    for (size_t c = 0; c < m_extras.size(); ++c)
        m_extras[c].append(extras ? extras[c] : std::string_view());
}

void EventStore::append(const TransferEvent &e)
{
    // Keep the UTF-8 buffers alive for the duration of the call.
    const QByteArray id = e.id.toUtf8(), an = e.vesselA.name.toUtf8(), ai = e.vesselA.imo.toUtf8(),
                     am = e.vesselA.mmsi.toUtf8(), af = e.vesselA.flag.toUtf8(),
                     bn = e.vesselB.name.toUtf8(), bi = e.vesselB.imo.toUtf8(),
                     bm = e.vesselB.mmsi.toUtf8(), bf = e.vesselB.flag.toUtf8(),
                     cargo = e.cargo.toUtf8(), conf = e.confidence.toUtf8(),
                     src = e.source.toUtf8(), notes = e.notes.toUtf8();
    RowInput r;
    r.id = utf8(id);
    r.start = e.start;
    r.end = e.end;
    r.lat = e.position.latitude();
    r.lon = e.position.longitude();
    r.volume = e.volumeBbl;
    r.aName = utf8(an);
    r.aImo = utf8(ai);
    r.aMmsi = utf8(am);
    r.aFlag = utf8(af);
    r.bName = utf8(bn);
    r.bImo = utf8(bi);
    r.bMmsi = utf8(bm);
    r.bFlag = utf8(bf);
    r.cargo = utf8(cargo);
    r.confidence = utf8(conf);
    r.source = utf8(src);
    r.notes = utf8(notes);
    r.sourceRow = e.sourceRow;
    r.flags = e.flags;
    std::vector<QByteArray> extraBytes(m_extras.size());
    std::vector<std::string_view> extraViews(m_extras.size());
    for (const auto &[name, value] : e.extras) {
        const qsizetype c = m_extraNames.indexOf(name);
        if (c < 0)
            continue;
        extraBytes[static_cast<size_t>(c)] = value.toUtf8();
        extraViews[static_cast<size_t>(c)] = utf8(extraBytes[static_cast<size_t>(c)]);
    }
    append(r, extraViews.data());
}

void EventStore::appendStore(const EventStore &o, uint32_t rowOffset)
{
    Q_ASSERT(o.m_extraNames == m_extraNames);
    // Two halves of about the same bytes per row, which touch disjoint members: with a
    // large store they run in two threads, since copying into fresh memory is what
    // merging costs.
    const auto numbers = [this, &o, rowOffset] {
        m_start.insert(m_start.end(), o.m_start.begin(), o.m_start.end());
        m_end.insert(m_end.end(), o.m_end.begin(), o.m_end.end());
        m_lat.insert(m_lat.end(), o.m_lat.begin(), o.m_lat.end());
        m_lon.insert(m_lon.end(), o.m_lon.begin(), o.m_lon.end());
        m_volume.insert(m_volume.end(), o.m_volume.begin(), o.m_volume.end());
        const size_t base = m_sourceRow.size();
        m_sourceRow.resize(base + o.m_sourceRow.size());
        for (size_t i = 0; i < o.m_sourceRow.size(); ++i)
            m_sourceRow[base + i] = o.m_sourceRow[i] + rowOffset;
        m_flags.insert(m_flags.end(), o.m_flags.begin(), o.m_flags.end());
    };
    const auto texts = [this, &o] {
        m_id.appendColumn(o.m_id);
        m_notes.appendColumn(o.m_notes);
        m_cargo.appendColumn(o.m_cargo);
        m_confidence.appendColumn(o.m_confidence);
        m_source.appendColumn(o.m_source);
        for (size_t c = 0; c < m_extras.size(); ++c)
            m_extras[c].appendColumn(o.m_extras[c]);
        // Re-interned once per distinct vessel, then remapped row by row.
        std::vector<uint32_t> remap(o.m_vessels.size());
        for (uint32_t v = 0; v < o.m_vessels.size(); ++v)
            remap[v] = m_vessels.intern(o.m_vessels.name(v), o.m_vessels.imo(v),
                                        o.m_vessels.mmsi(v), o.m_vessels.flag(v));
        for (auto [to, from] :
             {std::pair(&m_vesselA, &o.m_vesselA), std::pair(&m_vesselB, &o.m_vesselB)}) {
            const size_t base = to->size();
            to->resize(base + from->size());
            for (size_t i = 0; i < from->size(); ++i)
                (*to)[base + i] = remap[(*from)[i]];
        }
    };
    if (o.size() >= 20000) {
        std::thread helper(numbers);
        texts();
        helper.join();
    } else {
        numbers();
        texts();
    }
}

void EventStore::compact(const std::vector<bool> &keep)
{
    compactVector(m_start, keep);
    compactVector(m_end, keep);
    compactVector(m_lat, keep);
    compactVector(m_lon, keep);
    compactVector(m_volume, keep);
    compactVector(m_vesselA, keep);
    compactVector(m_vesselB, keep);
    compactVector(m_sourceRow, keep);
    compactVector(m_flags, keep);
    m_id.compact(keep);
    m_notes.compact(keep);
    m_cargo.compact(keep);
    m_confidence.compact(keep);
    m_source.compact(keep);
    for (auto &c : m_extras)
        c.compact(keep);
}

void EventStore::setFlag(size_t row, Flag f, bool on)
{
    if (on)
        m_flags[row] |= f;
    else
        m_flags[row] &= static_cast<uint8_t>(~f);
}

const InternedColumn *EventStore::internedColumn(Field f) const
{
    switch (f) {
    case Field::Cargo:
        return &m_cargo;
    case Field::Confidence:
        return &m_confidence;
    case Field::Source:
        return &m_source;
    default:
        return nullptr;
    }
}

std::string_view EventStore::textView(Field f, size_t r) const
{
    switch (f) {
    case Field::Id:
        return m_id.view(r);
    case Field::Notes:
        return m_notes.view(r);
    case Field::VesselAName:
        return m_vessels.name(m_vesselA[r]);
    case Field::VesselAImo:
        return m_vessels.imo(m_vesselA[r]);
    case Field::VesselAMmsi:
        return m_vessels.mmsi(m_vesselA[r]);
    case Field::VesselAFlag:
        return m_vessels.flag(m_vesselA[r]);
    case Field::VesselBName:
        return m_vessels.name(m_vesselB[r]);
    case Field::VesselBImo:
        return m_vessels.imo(m_vesselB[r]);
    case Field::VesselBMmsi:
        return m_vessels.mmsi(m_vesselB[r]);
    case Field::VesselBFlag:
        return m_vessels.flag(m_vesselB[r]);
    default:
        if (const InternedColumn *c = internedColumn(f))
            return c->view(r);
        return {};
    }
}

QString EventStore::text(Field f, size_t r) const
{
    switch (f) {
    case Field::Start:
        return m_start[r] == kNoTime ? QString() : timeparse::toIso(m_start[r]);
    case Field::End:
        return m_end[r] == kNoTime ? QString() : timeparse::toIso(m_end[r]);
    case Field::Latitude:
        return number(m_lat[r]);
    case Field::Longitude:
        return number(m_lon[r]);
    case Field::Volume:
        return number(m_volume[r]);
    case Field::Geometry:
        return QStringLiteral("POINT (%1 %2)").arg(number(m_lon[r]), number(m_lat[r]));
    default: {
        const auto v = textView(f, r);
        return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
    }
    }
}

TransferEvent EventStore::event(size_t r) const
{
    TransferEvent e;
    e.id = m_id.text(r);
    e.start = m_start[r];
    e.end = m_end[r];
    e.position = QGeoCoordinate(m_lat[r], m_lon[r]);
    e.vesselA = m_vessels.vessel(m_vesselA[r]);
    e.vesselB = m_vessels.vessel(m_vesselB[r]);
    e.cargo = m_cargo.text(r);
    e.volumeBbl = m_volume[r];
    e.confidence = m_confidence.text(r);
    e.source = m_source.text(r);
    e.notes = m_notes.text(r);
    for (size_t c = 0; c < m_extras.size(); ++c)
        e.extras.append({m_extraNames[static_cast<qsizetype>(c)], m_extras[c].text(r)});
    e.sourceRow = m_sourceRow[r];
    e.flags = m_flags[r];
    return e;
}

bool EventStore::sameContent(size_t a, size_t b) const
{
    const auto sameDouble = [](double x, double y) {
        return (std::isnan(x) && std::isnan(y)) || x == y;
    };
    if (m_start[a] != m_start[b] || m_end[a] != m_end[b] || !sameDouble(m_lat[a], m_lat[b])
        || !sameDouble(m_lon[a], m_lon[b]) || !sameDouble(m_volume[a], m_volume[b])
        || m_vesselA[a] != m_vesselA[b] || m_vesselB[a] != m_vesselB[b]
        || m_cargo.id(a) != m_cargo.id(b) || m_confidence.id(a) != m_confidence.id(b)
        || m_source.id(a) != m_source.id(b) || m_id.view(a) != m_id.view(b)
        || m_notes.view(a) != m_notes.view(b)
        || (m_flags[a] & PositionFromCentroid) != (m_flags[b] & PositionFromCentroid))
        return false;
    for (const auto &c : m_extras) {
        if (c.view(a) != c.view(b))
            return false;
    }
    return true;
}

size_t EventStore::memoryBytes() const
{
    size_t n = (m_start.capacity() + m_end.capacity()) * 8
        + (m_lat.capacity() + m_lon.capacity() + m_volume.capacity()) * 8
        + (m_vesselA.capacity() + m_vesselB.capacity() + m_sourceRow.capacity()) * 4
        + m_flags.capacity() + m_id.memoryBytes() + m_notes.memoryBytes() + m_cargo.memoryBytes()
        + m_confidence.memoryBytes() + m_source.memoryBytes() + m_vessels.memoryBytes();
    for (const auto &c : m_extras)
        n += c.memoryBytes();
    return n;
}
