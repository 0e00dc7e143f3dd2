#include "wkt.h"

#include "io/valueparsers.h"

#include <ogr_api.h>

#include <cctype>
#include <string>

namespace {
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

// "POINT (x y)", "POINT Z (x y z)", "POINT(x y)"; nullopt-like ok=false otherwise.
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
    std::string_view rest = values::trim(inner.substr(sp + 1));
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
} // namespace

wkt::Point wkt::position(std::string_view text)
{
    text = values::trim(text);
    Point p = fastPoint(text);
    if (p.ok)
        return p;
    std::string copy(text);
    char *cursor = copy.data();
    OGRGeometryH geom = nullptr;
    if (OGR_G_CreateFromWkt(&cursor, nullptr, &geom) != OGRERR_NONE || !geom)
        return p;
    if (!OGR_G_IsEmpty(geom)) {
        OGRGeometryH centroid = OGR_G_CreateGeometry(wkbPoint);
        if (OGR_G_Centroid(geom, centroid) == OGRERR_NONE && !OGR_G_IsEmpty(centroid)) {
            p.ok = true;
            p.lon = OGR_G_GetX(centroid, 0);
            p.lat = OGR_G_GetY(centroid, 0);
            p.fromCentroid = wkbFlatten(OGR_G_GetGeometryType(geom)) != wkbPoint;
        }
        OGR_G_DestroyGeometry(centroid);
    }
    OGR_G_DestroyGeometry(geom);
    return p;
}
