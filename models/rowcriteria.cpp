#include "rowcriteria.h"

#include "categoryreader.h"
#include "eventstore.h"

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include <QByteArray>

#include <algorithm>
#include <optional>
#include <unordered_set>

namespace bg = boost::geometry;

namespace rowbits {
std::vector<uint64_t> all(size_t rows)
{
    std::vector<uint64_t> bits((rows + 63) / 64, ~uint64_t(0));
    if (rows % 64)
        bits.back() = (uint64_t(1) << (rows % 64)) - 1;
    return bits;
}

size_t count(const std::vector<uint64_t> &bits)
{
    size_t n = 0;
    for (uint64_t w : bits)
        n += size_t(__builtin_popcountll(w));
    return n;
}

std::vector<uint32_t> rows(const std::vector<uint64_t> &bits)
{
    std::vector<uint32_t> out;
    out.reserve(count(bits));
    for (size_t i = 0; i < bits.size(); ++i) {
        for (uint64_t w = bits[i]; w; w &= w - 1)
            out.push_back(uint32_t(i * 64 + size_t(__builtin_ctzll(w))));
    }
    return out;
}
} // namespace rowbits

namespace {
bool isAscii(std::string_view s)
{
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// Case-insensitive "contains", with EventFilter's semantics (QString::contains with
// Qt::CaseInsensitive): ASCII text is compared byte by byte, anything else through
// QString's case folding.
class TextMatcher
{
public:
    explicit TextMatcher(const QString &needle)
        : m_needle(needle),
          m_utf8(needle.toUtf8()),
          m_asciiNeedle(isAscii(std::string_view(m_utf8.constData(), size_t(m_utf8.size()))))
    {
        if (m_asciiNeedle)
            std::transform(m_utf8.begin(), m_utf8.end(), m_utf8.begin(), lowerAscii);
    }

    bool contains(std::string_view hay) const
    {
        if (m_asciiNeedle && isAscii(hay)) {
            const std::string_view needle(m_utf8.constData(), size_t(m_utf8.size()));
            return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                               [](char a, char b) { return lowerAscii(a) == b; })
                != hay.end();
        }
        return QString::fromUtf8(hay.data(), qsizetype(hay.size()))
            .contains(m_needle, Qt::CaseInsensitive);
    }

private:
    QString m_needle;
    QByteArray m_utf8;
    bool m_asciiNeedle;
};

struct CategorySet
{
    QString key;
    std::vector<QByteArray> owned;
    std::unordered_set<std::string_view> values;
};

std::vector<CategorySet> categorySets(const QHash<QString, QSet<QString>> &categories)
{
    std::vector<CategorySet> sets;
    for (auto it = categories.begin(); it != categories.end(); ++it) {
        CategorySet set;
        set.key = it.key();
        for (const QString &v : it.value())
            set.owned.push_back(v.toUtf8());
        for (const QByteArray &b : set.owned)
            set.values.insert(std::string_view(b.constData(), size_t(b.size())));
        sets.push_back(std::move(set));
    }
    return sets;
}

using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point>;

struct PolygonTest
{
    Polygon polygon;
    bg::model::box<Point> envelope;
    explicit PolygonTest(const std::vector<QPointF> &ring)
    {
        for (const QPointF &p : ring)
            bg::append(polygon.outer(), Point(p.x(), p.y()));
        bg::correct(polygon); // closes the ring, orients it as the type expects
        envelope = bg::return_envelope<bg::model::box<Point>>(polygon);
    }
    bool contains(double lat, double lon) const
    {
        for (double shift : {0.0, 360.0, -360.0}) {
            const Point p(lon + shift, lat);
            if (bg::covered_by(p, envelope) && bg::covered_by(p, polygon))
                return true;
        }
        return false;
    }
};
} // namespace

std::vector<uint64_t> RowCriteria::evaluate(const EventStore &store) const
{
    const size_t n = store.size();
    std::vector<uint64_t> bits = rowbits::all(n);
    const auto keepWhere = [&](auto &&pass) {
        for (size_t i = 0; i < bits.size(); ++i) {
            for (uint64_t w = bits[i]; w; w &= w - 1) {
                const size_t row = i * 64 + size_t(__builtin_ctzll(w));
                if (!pass(row))
                    bits[i] &= ~(uint64_t(1) << (row & 63));
            }
        }
    };
    if (bbox)
        keepWhere([&](size_t r) { return bbox->contains(store.lat(r), store.lon(r)); });
    if (polygon.size() >= 3) {
        const PolygonTest test(polygon);
        keepWhere([&](size_t r) { return test.contains(store.lat(r), store.lon(r)); });
    }
    const QString needle = text.trimmed();
    if (!needle.isEmpty()) {
        const TextMatcher matcher(needle);
        const VesselTable &vessels = store.vessels();
        std::vector<uint8_t> vesselHit(vessels.size());
        for (uint32_t v = 0; v < vessels.size(); ++v) {
            vesselHit[v] = matcher.contains(vessels.name(v)) || matcher.contains(vessels.imo(v))
                || matcher.contains(vessels.mmsi(v));
        }
        const auto &a = store.vesselsA(), &b = store.vesselsB();
        keepWhere([&](size_t r) {
            return vesselHit[a[r]] || vesselHit[b[r]]
                || matcher.contains(store.textView(Field::Id, r));
        });
    }
    for (const CategorySet &set : categorySets(categories)) {
        CategoryReader reader(store, set.key);
        keepWhere([&](size_t r) { return set.values.count(reader.value(r)) > 0; });
    }
    for (auto it = ranges.begin(); it != ranges.end(); ++it) {
        const NumericReader reader(store, it.key());
        const NumericRange range = it.value();
        keepWhere([&](size_t r) { return range.contains(reader.value(r)); });
    }
    return bits;
}

bool RowCriteria::matches(const EventStore &store, size_t row) const
{
    // Box and text: the CLI's own rules (no time bounds, so only those two apply).
    EventFilter cli;
    cli.bbox = bbox;
    cli.text = text.trimmed();
    if (!cli.matches(store, row))
        return false;
    if (polygon.size() >= 3 && !PolygonTest(polygon).contains(store.lat(row), store.lon(row)))
        return false;
    for (auto it = categories.begin(); it != categories.end(); ++it) {
        CategoryReader reader(store, it.key());
        const std::string_view v = reader.value(row);
        if (!it.value().contains(QString::fromUtf8(v.data(), qsizetype(v.size()))))
            return false;
    }
    for (auto it = ranges.begin(); it != ranges.end(); ++it) {
        if (!it.value().contains(NumericReader(store, it.key()).value(row)))
            return false;
    }
    return true;
}
