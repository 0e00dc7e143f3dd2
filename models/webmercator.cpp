#include "webmercator.h"

std::vector<std::pair<double, double>>
WebMercator::unwrapLongitudes(const std::vector<std::pair<double, double>> &lonLat, bool ring)
{
    std::vector<std::pair<double, double>> u = lonLat;
    double shift = 0;
    for (size_t i = 1; i < u.size(); ++i) {
        double lon = lonLat[i].first + shift;
        const double previous = u[i - 1].first;
        if (lon - previous > 180.0) {
            shift -= 360.0;
            lon -= 360.0;
        } else if (lon - previous < -180.0) {
            shift += 360.0;
            lon += 360.0;
        }
        u[i].first = lon;
    }
    if (ring && !u.empty() && std::abs(u.back().first - u.front().first) > 180.0)
        return lonLat;
    return u;
}
