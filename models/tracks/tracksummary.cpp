#include "tracksummary.h"

#include "io/timeparser.h"

#include <QJsonArray>

#include <cmath>

std::vector<uint32_t> TrackFilter::apply(const TrackStore &store) const
{
    std::vector<uint32_t> out;
    const size_t n = store.positionCount();
    if (isEmpty()) {
        out.resize(n);
        for (size_t p = 0; p < n; ++p)
            out[p] = uint32_t(p);
        return out;
    }
    for (size_t p = 0; p < n; ++p) {
        if (matches(store, p))
            out.push_back(uint32_t(p));
    }
    return out;
}

TrackSummary TrackSummary::compute(const TrackStore &store, const TrackFilter &filter)
{
    TrackSummary s;
    s.loaded = int64_t(store.positionCount());
    s.segments = int64_t(store.segmentCount());
    for (size_t v = 0; v < store.vesselCount(); ++v) {
        // A vessel known only from static messages (type 5, 24) has no position.
        if (store.vesselPositionEnd(v) > store.vesselPositionBegin(v))
            ++s.vessels;
    }
    if (filter.isEmpty()) {
        // Every position matches: no pass over millions of them.
        s.positions = s.loaded;
        s.matchingVessels = s.vessels;
        for (size_t seg = 0; seg < store.segmentCount(); ++seg)
            s.matchingSegments += store.segmentEnd(seg) > store.segmentBegin(seg) ? 1 : 0;
    } else {
        for (size_t seg = 0; seg < store.segmentCount(); ++seg) {
            int64_t matching = 0;
            for (size_t p = store.segmentBegin(seg); p < store.segmentEnd(seg); ++p)
                matching += filter.matches(store, p) ? 1 : 0;
            s.positions += matching;
            s.matchingSegments += matching > 0 ? 1 : 0;
        }
        for (size_t v = 0; v < store.vesselCount(); ++v) {
            for (size_t p = store.vesselPositionBegin(v); p < store.vesselPositionEnd(v); ++p) {
                if (filter.matches(store, p)) {
                    ++s.matchingVessels;
                    break;
                }
            }
        }
    }
    if (s.loaded > 0) {
        s.first = store.firstMs();
        s.last = store.lastMs();
        // The store keeps degrees * 1e7: rounded to that, -95.0815 prints as read, not
        // as -95.08149999999999.
        const auto e7 = [](double d) { return std::round(d * 1e7) / 1e7; };
        s.bbox =
            GeoBox {e7(store.bbox(0)), e7(store.bbox(1)), e7(store.bbox(2)), e7(store.bbox(3))};
    }
    return s;
}

QJsonObject TrackSummary::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("positions"), qint64(positions));
    o.insert(QStringLiteral("loaded"), qint64(loaded));
    o.insert(QStringLiteral("vessels"), qint64(vessels));
    o.insert(QStringLiteral("segments"), qint64(segments));
    o.insert(QStringLiteral("matching_vessels"), qint64(matchingVessels));
    o.insert(QStringLiteral("matching_segments"), qint64(matchingSegments));
    o.insert(QStringLiteral("first"), first ? QJsonValue(timeparse::toIso(*first)) : QJsonValue());
    o.insert(QStringLiteral("last"), last ? QJsonValue(timeparse::toIso(*last)) : QJsonValue());
    o.insert(QStringLiteral("bbox"),
             bbox ? QJsonValue(QJsonArray {bbox->west, bbox->south, bbox->east, bbox->north})
                  : QJsonValue());
    return o;
}
