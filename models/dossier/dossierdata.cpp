#include "dossierdata.h"

#include "eventstore.h"
#include "io/valueparsers.h"
#include "mergedstore.h"
#include "network/vesselnetwork.h"
#include "tracks/trackstore.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace dossier {

namespace {

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString labelOf(const VesselRow &v)
{
    if (!v.name.isEmpty())
        return v.name;
    if (!v.mmsi.isEmpty())
        return QStringLiteral("MMSI ") + v.mmsi;
    if (!v.imo.isEmpty())
        return QStringLiteral("IMO ") + v.imo;
    return QString::fromStdString(v.key);
}

// The other side of an event in words, as the table of the dossier writes it.
QString partnerText(const VesselTable &table, uint32_t v)
{
    QString s = text(table.name(v));
    QStringList ids;
    if (!table.mmsi(v).empty())
        ids << QStringLiteral("MMSI ") + text(table.mmsi(v));
    if (!table.imo(v).empty())
        ids << QStringLiteral("IMO ") + text(table.imo(v));
    if (s.isEmpty())
        return ids.join(QStringLiteral(", "));
    return ids.isEmpty() ? s : s + QStringLiteral(" (") + ids.join(QStringLiteral(", ")) + ')';
}

QString digits(const QString &s)
{
    QString out;
    for (const QChar c : s)
        if (c.isDigit())
            out += c;
    return out;
}

// Levenshtein distance, for the near matches of an unknown name.
int distance(const QString &a, const QString &b)
{
    std::vector<int> prev(size_t(b.size()) + 1), cur(prev.size());
    for (size_t j = 0; j < prev.size(); ++j)
        prev[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int sub = prev[size_t(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[size_t(j)] = std::min({prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev.back();
}

// The identities its tracks broadcast.
void aisIdentitiesOf(Data &d, const Input &input)
{
    if (!input.tracks)
        return;
    for (const uint32_t t : d.vessel.tracks) {
        for (const IdentityPeriod &p : input.tracks->identityHistory(t)) {
            Sighting s;
            s.fromAis = true;
            s.name = QString::fromStdString(p.identity.name);
            s.imo = QString::fromStdString(p.identity.imo);
            s.mmsi = vessels::mmsiText(input.tracks->mmsi(t));
            s.flag = QString::fromStdString(p.identity.flag);
            s.first = p.firstMs;
            s.last = p.lastMs;
            s.events = p.reports;
            d.aisIdentities.push_back(std::move(s));
        }
    }
}

// Its events' positions and its positions in the window, as one box.
void mapOf(Data &d, const Input &input)
{
    std::vector<double> lons;
    double south = 90, north = -90;
    const auto add = [&](double lat, double lon) {
        if (!std::isfinite(lat) || !std::isfinite(lon))
            return;
        lons.push_back(lon);
        south = std::min(south, lat);
        north = std::max(north, lat);
    };
    for (const EventLine &e : d.events)
        add(e.lat, e.lon);
    if (input.tracks) {
        const TrackStore &t = *input.tracks;
        for (const uint32_t v : d.vessel.tracks)
            for (uint32_t p = t.vesselPositionBegin(v); p < t.vesselPositionEnd(v); ++p) {
                const int64_t ms = t.timeMs(p);
                if ((input.from && ms < *input.from) || (input.to && ms > *input.to))
                    continue;
                add(t.lat(p), t.lon(p));
            }
    }
    if (lons.empty())
        return;
    std::vector<uint32_t> all(lons.size());
    for (uint32_t i = 0; i < all.size(); ++i)
        all[i] = i;
    const auto [west, east] = longitudeExtent(lons, all);
    d.mapBox = GeoBox {west, south, east, north};
}

} // namespace

std::vector<size_t> resolve(const std::vector<VesselRow> &rows, const QString &query,
                            QStringList *near, int maxNear)
{
    const QString q = query.trimmed();
    const std::string qName = values::normaliseName(q.toStdString());
    QString qDigits = q;
    if (qDigits.startsWith(QLatin1String("IMO"), Qt::CaseInsensitive))
        qDigits = qDigits.mid(3).trimmed();
    else if (qDigits.startsWith(QLatin1String("MMSI"), Qt::CaseInsensitive))
        qDigits = qDigits.mid(4).trimmed();
    std::vector<size_t> found;
    for (size_t i = 0; i < rows.size(); ++i) {
        const VesselRow &v = rows[i];
        const bool same = (!v.mmsi.isEmpty() && v.mmsi == qDigits)
            || (!v.imo.isEmpty() && v.imo == qDigits) || v.key == q.toStdString()
            || (!qName.empty() && !v.name.isEmpty()
                && values::normaliseName(v.name.toStdString()) == qName);
        if (same)
            found.push_back(i);
    }
    if (!found.empty() || !near)
        return found;
    // Near: containing the query (or contained in it) first, then by edit distance.
    const QString upper = QString::fromStdString(qName);
    const QString qd = digits(q);
    std::vector<std::pair<int, size_t>> scored;
    for (size_t i = 0; i < rows.size(); ++i) {
        const VesselRow &v = rows[i];
        const QString name = QString::fromStdString(values::normaliseName(v.name.toStdString()));
        int score = 1000;
        if (!qd.isEmpty() && qd.size() >= 3
            && ((!v.mmsi.isEmpty() && v.mmsi.contains(qd))
                || (!v.imo.isEmpty() && v.imo.contains(qd))))
            score = 0;
        else if (!upper.isEmpty() && !name.isEmpty()
                 && (name.contains(upper) || upper.contains(name)))
            score = 1;
        else {
            if (!name.isEmpty() && !upper.isEmpty())
                score = 2 + distance(name, upper);
            if (!qd.isEmpty() && !v.mmsi.isEmpty())
                score = std::min(score, 2 + distance(v.mmsi, qd));
            if (!qd.isEmpty() && !v.imo.isEmpty())
                score = std::min(score, 2 + distance(v.imo, qd));
        }
        // Not near at all: more edits than half the query.
        if (score >= 2 && score - 2 > std::max<qsizetype>(2, q.size() / 2))
            continue;
        scored.push_back({score, i});
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto &x, const auto &y) { return x.first < y.first; });
    for (size_t i = 0; i < scored.size() && int(i) < maxNear; ++i)
        *near << vessels::describe(rows[scored[i].second]);
    return found;
}

Data build(const Input &input, const std::string &key)
{
    Data d;
    d.windowFrom = input.from;
    d.windowTo = input.to;
    d.vessel.key = key;
    static const std::vector<uint32_t> none;
    const std::vector<uint32_t> &rows = input.rows ? *input.rows : none;

    vessels::SummaryInput in;
    in.events = input.events;
    in.rows = &rows;
    in.tracks = input.tracks;
    in.from = input.from;
    in.to = input.to;
    std::vector<VesselRow> all = vessels::summarise(in);
    for (VesselRow &v : all) {
        if (v.key == key) {
            d.vessel = std::move(v);
            d.inWindow = true;
            break;
        }
    }
    d.title = vessels::describe(d.vessel);
    aisIdentitiesOf(d, input);
    if (!input.events) {
        mapOf(d, input);
        d.summary.windowFrom = input.from;
        d.summary.windowTo = input.to;
        return d;
    }
    const EventStore &store = *input.events;
    const VesselIdentities ids = VesselIdentities::of(store);
    d.summary = Summary::compute(store, d.vessel.eventRows, ids);
    d.summary.windowFrom = input.from;
    d.summary.windowTo = input.to;

    // Its events in time order, and who it was in each.
    const VesselTable &table = store.vessels();
    const int sourceColumn = store.extraNames().indexOf(mergedstore::kSourceFileColumn);
    const int kindColumn = store.extraNames().indexOf(QStringLiteral("kind"));
    std::map<uint32_t, Sighting> seen; // interned vessel -> sighting
    for (const uint32_t r : d.vessel.eventRows) {
        const uint32_t a = store.vesselsA()[r], b = store.vesselsB()[r];
        const bool isA = a != 0 && table.identityKey(a) == key;
        const bool isB = b != 0 && table.identityKey(b) == key;
        EventLine e;
        e.row = r;
        e.start = store.start(r);
        e.end = store.end(r);
        e.lat = store.lat(r);
        e.lon = store.lon(r);
        e.id = store.id(r);
        e.cargo = store.text(Field::Cargo, r);
        e.volume = store.volume(r);
        if (kindColumn >= 0)
            e.kind = store.extra(kindColumn, r);
        e.sourceFile = sourceColumn >= 0 ? store.extra(sourceColumn, r) : input.sourceName;
        e.sourceRow = store.sourceRow(r);
        const uint32_t other = isA ? b : a;
        if (isA && isB) {
            e.partner = QStringLiteral("(same vessel)");
            ++d.sameVessel;
        } else if (other == 0 || table.identityKey(other).empty()) {
            e.partner = QStringLiteral("(unknown)");
            ++d.unknownPartner;
        } else {
            e.partner = partnerText(table, other);
            e.partnerKey = table.identityKey(other);
        }
        d.events.push_back(std::move(e));
        for (const uint32_t self : {isA ? a : 0u, isB && b != a ? b : 0u}) {
            if (self == 0)
                continue;
            auto [it, fresh] = seen.try_emplace(self);
            Sighting &s = it->second;
            if (fresh) {
                s.name = text(table.name(self));
                s.imo = text(table.imo(self));
                s.mmsi = text(table.mmsi(self));
                s.flag = text(table.flag(self));
                s.first = store.start(r);
                s.last = store.effectiveEnd(r);
            }
            ++s.events;
            if (store.start(r) != EventStore::kNoTime) {
                if (s.first == EventStore::kNoTime || store.start(r) < s.first)
                    s.first = store.start(r);
                s.last = std::max(s.last, store.effectiveEnd(r));
            }
        }
    }
    std::stable_sort(d.events.begin(), d.events.end(), [](const EventLine &x, const EventLine &y) {
        return x.start != y.start ? x.start < y.start : x.row < y.row;
    });
    for (auto &[v, s] : seen)
        d.identities.push_back(s);
    std::stable_sort(d.identities.begin(), d.identities.end(),
                     [](const Sighting &x, const Sighting &y) { return x.first < y.first; });

    mapOf(d, input);

    // The network around it: its partners, and theirs.
    // Only the rows of it and its partners: every edge around it and around them is
    // made of those, and the whole network of a million events is not needed for it.
    std::vector<char> near(ids.count, 0);
    for (const uint32_t r : d.vessel.eventRows) {
        near[ids.identityOf[store.vesselsA()[r]]] = 1;
        near[ids.identityOf[store.vesselsB()[r]]] = 1;
    }
    near[0] = 0; // unknown
    std::vector<uint32_t> around;
    for (const uint32_t r : rows)
        if (near[ids.identityOf[store.vesselsA()[r]]] || near[ids.identityOf[store.vesselsB()[r]]])
            around.push_back(r);
    const network::VesselNetwork net = network::build({&store, &around, &ids});
    const int self = net.indexOf(key);
    if (self < 0)
        return d;
    std::unordered_map<uint32_t, size_t> partnerOf; // node -> index in d.partners
    for (const network::Edge &e : net.edges) {
        if (e.a != uint32_t(self) && e.b != uint32_t(self))
            continue;
        const uint32_t o = e.a == uint32_t(self) ? e.b : e.a;
        Partner p;
        p.key = net.nodes[o].vessel.key;
        p.label = labelOf(net.nodes[o].vessel);
        p.flag = net.nodes[o].vessel.flag;
        p.meetings = e.events;
        p.volume = e.volume;
        p.volumeUnknown = e.volumeUnknown;
        partnerOf[o] = d.partners.size();
        d.partners.push_back(std::move(p));
    }
    const auto byMeetings = [](const auto &x, const auto &y) {
        return x.meetings != y.meetings ? x.meetings > y.meetings : x.key < y.key;
    };
    std::sort(d.partners.begin(), d.partners.end(), byMeetings);
    for (auto &[node, index] : partnerOf)
        for (size_t i = 0; i < d.partners.size(); ++i)
            if (d.partners[i].key == net.nodes[node].vessel.key)
                index = i;
    std::unordered_map<uint32_t, size_t> hopOf; // node -> index in d.secondHop
    std::vector<std::pair<size_t, uint32_t>> links; // (partner index, second-hop node)
    for (const network::Edge &e : net.edges) {
        if (e.a == uint32_t(self) || e.b == uint32_t(self))
            continue;
        const auto pa = partnerOf.find(e.a), pb = partnerOf.find(e.b);
        if (pa == partnerOf.end() && pb == partnerOf.end())
            continue;
        const std::vector<uint32_t> r = net.rowsOf(e);
        d.neighbourhoodRows.insert(d.neighbourhoodRows.end(), r.begin(), r.end());
        if (pa != partnerOf.end() && pb != partnerOf.end())
            continue; // two partners met: no second-hop vessel
        const size_t partner = pa != partnerOf.end() ? pa->second : pb->second;
        const uint32_t other = pa != partnerOf.end() ? e.b : e.a;
        auto [it, fresh] = hopOf.try_emplace(other, d.secondHop.size());
        if (fresh)
            d.secondHop.push_back(
                {net.nodes[other].vessel.key, labelOf(net.nodes[other].vessel), 0});
        d.secondHop[it->second].meetings += e.events;
        links.push_back({partner, other});
    }
    std::sort(d.neighbourhoodRows.begin(), d.neighbourhoodRows.end());
    std::sort(d.secondHop.begin(), d.secondHop.end(), byMeetings);
    std::unordered_map<std::string, size_t> hopIndex;
    for (size_t i = 0; i < d.secondHop.size(); ++i)
        hopIndex[d.secondHop[i].key] = i;
    for (const auto &[partner, node] : links)
        d.partners[partner].others.push_back(hopIndex[net.nodes[node].vessel.key]);
    for (Partner &p : d.partners)
        std::sort(p.others.begin(), p.others.end());
    return d;
}

} // namespace dossier
