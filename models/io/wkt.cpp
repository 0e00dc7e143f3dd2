#include "wkt.h"

#include "io/valueparsers.h"

#include <boost/geometry.hpp>

#include <cctype>
#include <string>

namespace {
namespace bg = boost::geometry;
using Point = bg::model::d2::point_xy<double>;

bool startsWithNoCase(std::string_view s, std::string_view prefix)
{
    if (s.size() < prefix.size())
        return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(s[i])) != prefix[i])
            return false;
    }
    return true;
}

// "POINT (x y)", "POINT Z (x y z)", "POINT(x y)": read directly, the common case.
wkt::Point fastPoint(std::string_view s)
{
    wkt::Point p;
    if (!startsWithNoCase(s, "POINT"))
        return p;
    const size_t open = s.find('(');
    const size_t close = s.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return p;
    for (char c : s.substr(5, open - 5)) {
        const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (u != ' ' && u != 'Z' && u != 'M')
            return p;
    }
    std::string_view inner = values::trim(s.substr(open + 1, close - open - 1));
    const size_t sp = inner.find(' ');
    if (sp == std::string_view::npos)
        return p;
    const values::Number x = values::parseNumber(inner.substr(0, sp));
    const std::string_view rest = values::trim(inner.substr(sp + 1));
    const size_t sp2 = rest.find(' ');
    const values::Number y =
        values::parseNumber(sp2 == std::string_view::npos ? rest : rest.substr(0, sp2));
    if (x.status != values::NumberStatus::Ok || y.status != values::NumberStatus::Ok)
        return p;
    p.ok = true;
    p.lon = x.value;
    p.lat = y.value;
    return p;
}

// Planar centroid (as OGR computes it) of any WKT Boost.Geometry reads.
template<typename Geometry> bool centroidOf(const std::string &text, Point *out)
{
    Geometry g;
    bg::read_wkt(text, g);
    if (bg::is_empty(g))
        return false;
    bg::centroid(g, *out);
    return std::isfinite(out->x()) && std::isfinite(out->y());
}

bool centroid(const std::string &text, Point *out)
{
    using Ring = bg::model::polygon<Point>;
    std::string upper;
    for (char c : text.substr(0, 24))
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    try {
        if (upper.rfind("MULTIPOLYGON", 0) == 0)
            return centroidOf<bg::model::multi_polygon<Ring>>(text, out);
        if (upper.rfind("POLYGON", 0) == 0) {
            Ring poly;
            bg::read_wkt(text, poly);
            bg::correct(poly); // accept either ring orientation, close open rings
            if (bg::is_empty(poly))
                return false;
            bg::centroid(poly, *out);
            return std::isfinite(out->x()) && std::isfinite(out->y());
        }
        if (upper.rfind("MULTILINESTRING", 0) == 0)
            return centroidOf<bg::model::multi_linestring<bg::model::linestring<Point>>>(text, out);
        if (upper.rfind("LINESTRING", 0) == 0)
            return centroidOf<bg::model::linestring<Point>>(text, out);
        if (upper.rfind("MULTIPOINT", 0) == 0)
            return centroidOf<bg::model::multi_point<Point>>(text, out);
    } catch (const std::exception &) {
        return false; // unreadable WKT, or a degenerate geometry without centroid
    }
    return false;
}
} // namespace

wkt::Point wkt::position(std::string_view text)
{
    text = values::trim(text);
    Point p = fastPoint(text);
    if (p.ok)
        return p;
    ::Point c;
    if (centroid(std::string(text), &c)) {
        p.ok = true;
        p.lon = c.x();
        p.lat = c.y();
        p.fromCentroid = true;
    }
    return p;
}
