#pragma once

// Shared by the detection suites (tst_detect, tst_detectproject, tst_gaplines).

#include "detect/detectcontroller.h"
#include "detect/detectedevents.h"
#include "eventstore.h"
#include "investigation.h"
#include "map/eventlayer.h"
#include "map/gaplines.h"
#include "mapui/mapcontroller.h"
#include "project/projectcontroller.h"
#include "tracks/trackstore.h"
#include "window/mainwindow.h"

#include <QImage>
#include <QSignalSpy>

namespace detecttest {
inline constexpr int64_t kStart = 1709251200000LL; // 2024-03-01 00:00 UTC

// Three vessels in the East China Sea, reporting every 10 minutes for a day: A and B
// side by side, C silent for 14 h in the middle (two segments).
inline std::shared_ptr<const TrackStore> tracks()
{
    TrackBuilder b;
    const uint16_t file = b.addFile(QStringLiteral("week.csv"));
    const auto track = [&](uint32_t vessel, double lat, double lon, int from, int to) {
        for (int i = from; i < to; ++i) {
            PositionReport r;
            r.vessel = vessel;
            r.timeMs = kStart + i * 600000LL;
            r.lat = lat + i * 0.001;
            r.lon = lon + i * 0.001;
            r.sog = 0.5f;
            r.sourceFile = file;
            r.sourceRow = uint32_t(i + 2);
            b.add(r);
        }
    };
    const uint32_t a = b.vesselByMmsi(412000001), bb = b.vesselByMmsi(412000002),
                   c = b.vesselByMmsi(413000003);
    track(a, 30.0, 125.0, 0, 144);
    track(bb, 30.002, 125.0, 0, 144);
    track(c, 28.0, 124.0, 0, 30);
    track(c, 28.5, 125.5, 114, 144);
    VesselIdentity name;
    name.name = "SYNTH DARK STAR";
    b.addIdentity(c, kStart, name);
    return b.finish();
}

inline Investigation::AisReader reader()
{
    return [](const QStringList &paths, const LoadOptions &, SegmentRules) {
        TrackLoadResult r;
        r.store = tracks();
        for (const QString &p : paths) {
            LoadReport report;
            report.file = p;
            report.records = report.loaded = int64_t(r.store->positionCount());
            r.reports.push_back(report);
        }
        return r;
    };
}

// What a detection of those tracks gives (hand-made: the detectors have their own tests).
inline detect::Result result(int encounters)
{
    detect::Result r;
    for (int i = 0; i < encounters; ++i) {
        detect::Encounter e;
        e.vesselA = 0;
        e.vesselB = 1;
        e.startMs = kStart + i * 6 * detect::kHourMs;
        e.endMs = e.startMs + 3 * detect::kHourMs;
        e.lat = 30.05;
        e.lon = 125.05;
        e.medianDistanceM = 220;
        e.medianSpeedKn = 0.5;
        r.encounters.push_back(e);
    }
    detect::Gap g;
    g.vessel = 2;
    g.startMs = kStart + 29 * 600000LL;
    g.endMs = kStart + 114 * 600000LL;
    g.lat0 = 28.029, g.lon0 = 124.029, g.lat1 = 28.614, g.lon1 = 125.614;
    g.distanceNm = 90.2;
    g.impliedSpeedKn = 6.4;
    r.gaps.push_back(g);
    return r;
}

// Result -> the Detected events, by the window's own conversion (detectedevents: a
// "kind" category column, the gap's end position and figures).
inline std::shared_ptr<const EventStore> convert(const detect::Result &r, const TrackStore &t,
                                                 const detect::Rules &rules)
{
    return detect::toEventStore(r, t, rules);
}

inline ProjectSource aisSource(const QString &path = QStringLiteral("/data/week.csv"))
{
    ProjectSource s;
    s.kind = ProjectSource::Kind::Ais;
    s.path = path;
    return s;
}

// The AIS (tracks()) through the window's own opening; path need not exist (the reader
// is injected) unless a project is to find it again.
inline bool openAis(MainWindow &w, const QString &path = QStringLiteral("/data/week.csv"))
{
    w.investigation()->setAisReader(reader());
    QSignalSpy finished(w.investigation(), &Investigation::loadFinished);
    w.project()->openData(aisSource(path));
    return finished.wait(20000) && finished.constFirst().constFirst().toBool();
}

inline bool detectAndWait(DetectController &c, unsigned kinds = detect::AllKinds)
{
    QSignalSpy finished(&c, &DetectController::finished);
    if (!c.start(c.rulesInScope(), kinds))
        return false;
    return finished.wait(20000) && finished.constFirst().constFirst().toBool();
}

inline int kindCount(const MainWindow &w, const QString &kind)
{
    const EventStore &s = *w.investigation()->shown().store;
    const int column = s.extraNames().indexOf(QStringLiteral("kind"));
    int n = 0;
    for (size_t r = 0; column >= 0 && r < s.size(); ++r)
        n += s.extra(column, r) == kind;
    return n;
}

// The gap lines' ink (GapLineLayer's colour), not the markers', land's or sea's.
inline bool isInk(const QColor &c)
{
    return c.red() > 100 && c.green() < 80 && c.blue() < 120;
}

// Pixels of the gap lines' ink anywhere in the image.
inline int inkPixels(const QImage &image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += isInk(image.pixelColor(x, y));
    return n;
}

// The AIS gap lines the window's map draws now (the visible gap events').
inline std::vector<const GapLine *> shownGapLines(const MainWindow &w)
{
    return w.map()->eventLayer()->gapLayer()->visibleLines();
}
} // namespace detecttest
