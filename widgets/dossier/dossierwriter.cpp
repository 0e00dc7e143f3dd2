#include "dossierwriter.h"

#include "annotationmodel.h"
#include "eventstore.h"
#include "export/exportrenderer.h"
#include "export/exportscene.h"
#include "io/timeparser.h"
#include "map/basemap.h"
#include "map/basemaplayer.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/trackgeometry.h"
#include "map/tracklayer.h"
#include "spatialindex.h"
#include "tracks/trackstore.h"
#include "vessels/vesseltablemodel.h"

#include <QFileInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace dossierpdf {

namespace {

constexpr double kMargin = 40;
constexpr double kHeaderBottom = 84; // content starts below the header rule
constexpr double kFooterHeight = 46; // above the bottom margin
constexpr double kRowHeight = 25; // events table: two lines a row
constexpr double kTableHeader = 20;

const QColor kInk(0x20, 0x26, 0x30);
const QColor kMuted(0x60, 0x68, 0x74);
const QColor kRule(0xc8, 0xcd, 0xd4);
const QColor kAccent(0x1f, 0x5f, 0x9e);
const QColor kBadge(0xb3, 0x3a, 0x2a);

QSizeF logicalPage(QPageSize::PageSizeId id)
{
    const QSizeF inches = QPageSize(id).size(QPageSize::Inch);
    return {inches.width() * 96, inches.height() * 96};
}

QFont font(double px, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    f.setPixelSize(std::max(1, int(std::lround(px))));
    f.setBold(bold);
    return f;
}

double contentTop()
{
    return kHeaderBottom + 10;
}

double contentBottom(QSizeF page)
{
    return page.height() - kMargin - kFooterHeight;
}

int rowsPerTablePage(QSizeF page)
{
    // A caption line, the header row, then rows.
    // (and a line for "Continued on the next page").
    const double h = contentBottom(page) - contentTop() - 22 - kTableHeader - 16;
    return std::max(1, int(std::floor(h / kRowHeight)));
}

QString day(int64_t ms)
{
    return ms == EventStore::kNoTime ? QStringLiteral("–") : timeparse::toIso(ms).left(10);
}

QString minute(int64_t ms)
{
    if (ms == EventStore::kNoTime)
        return QStringLiteral("(no time)");
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString place(double lat, double lon)
{
    return QStringLiteral("%1°%2 %3°%4")
        .arg(std::abs(lat), 0, 'f', 3)
        .arg(lat < 0 ? QLatin1Char('S') : QLatin1Char('N'))
        .arg(std::abs(lon), 0, 'f', 3)
        .arg(lon < 0 ? QLatin1Char('W') : QLatin1Char('E'));
}

QString volumeText(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : Summary::formatVolume(v);
}

QString windowText(const dossier::Data &d)
{
    if (d.windowFrom || d.windowTo)
        return Summary::formatPeriod(d.windowFrom, d.windowTo);
    return QStringLiteral("all events");
}

void text(QPainter &p, const QRectF &r, const QString &s,
          int flags = Qt::AlignLeft | Qt::AlignVCenter)
{
    const QFontMetricsF fm(p.font());
    p.drawText(r, flags, fm.elidedText(s, Qt::ElideRight, r.width()));
}

// What every page says besides its content.
struct Frame
{
    const Job *job = nullptr;
    QSizeF page;
    int total = 0;
    QDateTime made;
};

void paintFrame(QPainter &p, const Frame &f, const dossier::Data &d, int pageNumber,
                const QString &part)
{
    const double w = f.page.width() - 2 * kMargin;
    p.setPen(kInk);
    p.setFont(font(17, true));
    text(p, QRectF(kMargin, kMargin - 8, w * 0.72, 24),
         QStringLiteral("Vessel dossier: ") + (d.vessel.name.isEmpty() ? d.title : d.vessel.name));
    p.setFont(font(10));
    p.setPen(kMuted);
    text(p, QRectF(kMargin + w * 0.72, kMargin - 8, w * 0.28, 24), part,
         Qt::AlignRight | Qt::AlignVCenter);
    p.setFont(font(11));
    p.setPen(kInk);
    text(p, QRectF(kMargin, kMargin + 16, w, 16), d.title);
    p.setPen(kMuted);
    text(p, QRectF(kMargin, kMargin + 32, w, 14),
         QStringLiteral("Time window: ") + windowText(d)
             + QStringLiteral("  ·  events of the vessel: ")
             + (d.summary.first == EventStore::kNoTime
                    ? QStringLiteral("none")
                    : Summary::formatPeriod(d.summary.first, d.summary.last, false)));
    p.setPen(QPen(kRule, 1));
    p.drawLine(QPointF(kMargin, kHeaderBottom), QPointF(kMargin + w, kHeaderBottom));

    const double y = f.page.height() - kMargin - kFooterHeight + 10;
    p.drawLine(QPointF(kMargin, y), QPointF(kMargin + w, y));
    p.setFont(font(9));
    p.setPen(kMuted);
    text(p, QRectF(kMargin, y + 4, w * 0.8, 14),
         QStringLiteral("Data: ") + f.job->sources.join(QStringLiteral(", ")));
    text(p, QRectF(kMargin, y + 18, w * 0.8, 14),
         QStringLiteral("Basemap: Natural Earth (public domain) · Made with Rendezvous on ")
             + f.made.toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC"));
    p.setFont(font(10, true));
    p.setPen(kInk);
    text(p, QRectF(kMargin + w * 0.8, y + 4, w * 0.2, 28),
         QStringLiteral("Page %1 of %2").arg(pageNumber).arg(f.total),
         Qt::AlignRight | Qt::AlignVCenter);
}

// Label: value pairs in two columns; returns the bottom.
double paintIdentity(QPainter &p, const dossier::Data &d, const QRectF &area, bool hasTracks)
{
    const VesselRow &v = d.vessel;
    QList<QPair<QString, QString>> items;
    items << qMakePair(QStringLiteral("Name"), v.name.isEmpty() ? QStringLiteral("–") : v.name);
    items << qMakePair(QStringLiteral("MMSI"), v.mmsi.isEmpty() ? QStringLiteral("–") : v.mmsi);
    items << qMakePair(QStringLiteral("IMO"), v.imo.isEmpty() ? QStringLiteral("–") : v.imo);
    items << qMakePair(
        QStringLiteral("Flag"),
        v.flag.isEmpty()
            ? QStringLiteral("–")
            : v.flag + (v.flagDerived ? QStringLiteral(" (from the MMSI's MID)") : QString()));
    const QString type = VesselTableModel::shipTypeText(v.shipType);
    items << qMakePair(QStringLiteral("Ship type"), type.isEmpty() ? QStringLiteral("–") : type);
    items << qMakePair(QStringLiteral("Seen"),
                       v.firstMs == VesselRow::kNoTime
                           ? QStringLiteral("–")
                           : day(v.firstMs) + QStringLiteral(" – ") + day(v.lastMs));
    items << qMakePair(QStringLiteral("Events"), Summary::formatCount(d.summary.events));
    items << qMakePair(QStringLiteral("Partners"), Summary::formatCount(v.partners));
    QString volume = Summary::formatVolume(d.summary.volumeBbl) + QStringLiteral(" bbl");
    if (d.summary.volumeUnknown > 0)
        volume +=
            QStringLiteral(" (%1 unknown)").arg(Summary::formatCount(d.summary.volumeUnknown));
    items << qMakePair(QStringLiteral("Volume"), volume);
    items << qMakePair(QStringLiteral("Vessels involved"), Summary::formatCount(d.summary.vessels));
    if (hasTracks)
        items << qMakePair(
            QStringLiteral("AIS"),
            QStringLiteral("%1 positions, %2 segments")
                .arg(Summary::formatCount(v.positions), Summary::formatCount(v.segments)));
    items << qMakePair(QStringLiteral("Key"), QString::fromStdString(v.key));
    const int perColumn = int((items.size() + 1) / 2);
    const double colW = area.width() / 2, rowH = 17, labelW = 100;
    for (int i = 0; i < items.size(); ++i) {
        const double x = area.left() + (i / perColumn) * colW;
        const double y = area.top() + (i % perColumn) * rowH;
        p.setFont(font(10));
        p.setPen(kMuted);
        text(p, QRectF(x, y, labelW, rowH), items[i].first);
        p.setFont(font(11, i == 0));
        p.setPen(kInk);
        text(p, QRectF(x + labelW, y, colW - labelW - 8, rowH), items[i].second);
    }
    double y = area.top() + perColumn * rowH + 8;

    // Anomaly badges, then their lines.
    const QStringList badges = VesselTableModel::badges(v);
    double x = area.left();
    p.setFont(font(10, true));
    const QFontMetricsF fm(p.font());
    if (badges.isEmpty()) {
        p.setFont(font(10));
        p.setPen(kMuted);
        text(p, QRectF(x, y, area.width(), 16),
             hasTracks ? QStringLiteral("No identity anomaly in its AIS positions in the window.")
                       : QStringLiteral("Identity anomalies: none known (no AIS loaded)."));
        y += 20;
    } else {
        for (const QString &b : badges) {
            const double bw = fm.horizontalAdvance(b) + 14;
            if (x + bw > area.right()) {
                x = area.left();
                y += 22;
            }
            QPainterPath path;
            path.addRoundedRect(QRectF(x, y, bw, 18), 9, 9);
            p.fillPath(path, kBadge);
            p.setPen(Qt::white);
            p.drawText(QRectF(x, y, bw, 18), Qt::AlignCenter, b);
            x += bw + 6;
        }
        y += 24;
        p.setFont(font(9));
        p.setPen(kInk);
        const QStringList lines = VesselTableModel::anomalyLines(v);
        for (int i = 0; i < lines.size() && i < 4; ++i, y += 13)
            text(p, QRectF(area.left(), y, area.width(), 13), lines[i]);
        if (lines.size() > 4) {
            text(p, QRectF(area.left(), y, area.width(), 13),
                 QStringLiteral("… and %1 more").arg(lines.size() - 4));
            y += 13;
        }
        y += 4;
    }
    return y;
}

// The identities its events gave it; returns the bottom.
double paintHistory(QPainter &p, const dossier::Data &d, const QRectF &area, int maxRows)
{
    std::vector<const dossier::Sighting *> all;
    for (const dossier::Sighting &s : d.identities)
        all.push_back(&s);
    for (const dossier::Sighting &s : d.aisIdentities)
        all.push_back(&s);
    if (all.empty())
        return area.top();
    p.setFont(font(11, true));
    p.setPen(kInk);
    QString title = all.size() == 1
        ? QStringLiteral("Identity (one throughout)")
        : QStringLiteral("Identity history (%1 identities)").arg(all.size());
    title += d.aisIdentities.empty() ? QStringLiteral(" in its events")
                                     : QStringLiteral(" in its events and its AIS");
    text(p, QRectF(area.left(), area.top(), area.width(), 16), title);
    double y = area.top() + 18;
    const double widths[] = {0.28, 0.12, 0.13, 0.08, 0.15, 0.12, 0.12};
    const QString heads[] = {QStringLiteral("Name"),    QStringLiteral("IMO"),
                             QStringLiteral("MMSI"),    QStringLiteral("Flag"),
                             QStringLiteral("Seen in"), QStringLiteral("First"),
                             QStringLiteral("Last")};
    const auto row = [&](const QStringList &cells, bool head) {
        double x = area.left();
        p.setFont(font(9, head));
        p.setPen(head ? kMuted : kInk);
        for (int c = 0; c < 7; ++c) {
            const double cw = widths[c] * area.width();
            text(p, QRectF(x + 2, y, cw - 4, 14), cells[c]);
            x += cw;
        }
        y += 14;
    };
    row({heads[0], heads[1], heads[2], heads[3], heads[4], heads[5], heads[6]}, true);
    const int shown = std::min<int>(int(all.size()), maxRows);
    for (int i = 0; i < shown; ++i) {
        const dossier::Sighting &s = *all[size_t(i)];
        const QString seen = s.fromAis
            ? QStringLiteral("AIS, %1 reports").arg(Summary::formatCount(s.events))
            : QStringLiteral("%1 %2").arg(Summary::formatCount(s.events),
                                          s.events == 1 ? QStringLiteral("event")
                                                        : QStringLiteral("events"));
        row({s.name.isEmpty() ? QStringLiteral("–") : s.name, s.imo, s.mmsi, s.flag, seen,
             day(s.first), day(s.last)},
            false);
    }
    if (shown < int(all.size())) {
        p.setFont(font(9));
        text(p, QRectF(area.left(), y, area.width(), 14),
             QStringLiteral("… and %1 more identities").arg(int(all.size()) - shown));
        y += 14;
    }
    return y + 6;
}

// What the maps of one job share, made once.
struct Cache
{
    std::shared_ptr<const SpatialIndex> index;
    std::shared_ptr<const TrackGeometry> tracks;
};

// The map of its events, its track and the annotations, through the map's own layers.
void paintMap(QPainter &p, const Job &job, const dossier::Data &d, const QRectF &r, Cache &cache)
{
    p.setPen(QPen(kRule, 1));
    p.drawRect(r);
    if (!d.mapBox) {
        p.setFont(font(11));
        p.setPen(kMuted);
        p.drawText(r, Qt::AlignCenter, QStringLiteral("No event with a position in the window."));
        return;
    }
    const QSize size(int(r.width()), int(r.height()));
    ExportScene scene;
    MapLayerSet &layers = scene.layers();
    layers.applyOptions(job.options);
    const MapViewport vp = ExportRenderer::fittedToEvents(*d.mapBox, size);
    if (BasemapLayer *land = layers.land())
        land->basemap()->waitFor(Basemap::detailForZoom(vp.zoom()));
    std::shared_ptr<const SpatialIndex> &index = cache.index;
    if (!index)
        index = job.index;
    if (!index)
        // One picture: its positions and Z order, never its rtree; built once per job.
        index =
            std::make_shared<const SpatialIndex>(*job.store, SpatialIndex::TreeBuild::OnFirstQuery);
    layers.events()->setData(job.store, index, d.vessel.eventRows);
    layers.applyOptions(job.options);
    if (job.tracks && !d.vessel.tracks.empty()) {
        TrackLayer *tracks = layers.tracks();
        if (!cache.tracks)
            cache.tracks = job.trackGeometry && job.trackGeometry->store() == job.tracks
                ? job.trackGeometry
                : TrackGeometry::build(job.tracks);
        tracks->setGeometry(cache.tracks);
        tracks->setTimeWindow(d.windowFrom, d.windowTo);
        tracks->setHighlightedVessels(d.vessel.tracks);
        tracks->setFocus(d.vessel.tracks,
                         d.windowFrom.value_or(std::numeric_limits<int64_t>::min() / 2),
                         d.windowTo.value_or(std::numeric_limits<int64_t>::max() / 2));
        tracks->setLegendVisible(false);
    }
    QString ignored;
    layers.annotationModel()->fromJson(job.annotations, &ignored);
    p.save();
    p.setClipRect(r);
    p.translate(r.topLeft());
    scene.renderer().render(p, vp, job.options);
    p.restore();
    p.setPen(QPen(kRule, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
}

// Its events along the time window: a bar per event from start to end, in lanes so
// that overlapping events stay apart; ticks on round hours, days or months.
void paintTimeline(QPainter &p, const dossier::Data &d, const QRectF &r)
{
    p.setFont(font(11, true));
    p.setPen(kInk);
    text(p, QRectF(r.left(), r.top(), r.width(), 16), QStringLiteral("Timeline of its events"));
    int64_t from = d.windowFrom.value_or(d.summary.first);
    int64_t to = d.windowTo.value_or(d.summary.last);
    if (from == EventStore::kNoTime || to == EventStore::kNoTime)
        return;
    if (!d.windowFrom || !d.windowTo) {
        // The events' own extent: a little room on either side.
        const int64_t pad = std::max<int64_t>(3600000, (to - from) / 40);
        if (!d.windowFrom)
            from -= pad;
        if (!d.windowTo)
            to += pad;
    }
    if (to <= from)
        to = from + 3600000;
    const QRectF band(r.left(), r.top() + 20, r.width(), r.height() - 38);
    p.fillRect(band, QColor(0xf2, 0xf4, 0xf7));
    const auto xOf = [&](int64_t ms) {
        return band.left() + band.width() * double(ms - from) / double(to - from);
    };
    // Ticks: the smallest round step giving at most seven.
    const int64_t hour = 3600000, day = 24 * hour;
    const int64_t steps[] = {hour,      3 * hour,  6 * hour,  12 * hour, day,
                             2 * day,   7 * day,   14 * day,  30 * day,  91 * day,
                             182 * day, 365 * day, 730 * day, 1826 * day};
    int64_t step = steps[std::size(steps) - 1];
    for (const int64_t s : steps)
        if ((to - from) / s <= 7) {
            step = s;
            break;
        }
    const QString format = step < day ? QStringLiteral("MM-dd HH:mm")
        : step < 30 * day             ? QStringLiteral("yyyy-MM-dd")
                                      : QStringLiteral("MMM yyyy");
    p.setFont(font(9));
    const auto tickTimes = [&] {
        std::vector<int64_t> t;
        if (step < 30 * day) {
            for (int64_t m = (from + step - 1) / step * step; m <= to; m += step)
                t.push_back(m);
        } else {
            // First days of months: every 1, 3, 6, 12, 24 or 60 months.
            const int months = int(step / (30 * day) == 0 ? 1 : step / (30 * day));
            QDate dte = QDateTime::fromMSecsSinceEpoch(from, QTimeZone::utc()).date();
            dte = QDate(dte.year(), dte.month(), 1).addMonths(1);
            for (; QDateTime(dte, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch() <= to;
                 dte = dte.addMonths(months))
                t.push_back(QDateTime(dte, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        }
        return t;
    }();
    double lastRight = -1e9;
    for (const int64_t t : tickTimes) {
        const double x = xOf(t);
        p.setPen(QPen(kRule, 1));
        p.drawLine(QPointF(x, band.top()), QPointF(x, band.bottom() + 3));
        const double left = std::clamp(x - 40, band.left(), band.right() - 80);
        if (left < lastRight + 4)
            continue;
        p.setPen(kMuted);
        p.drawText(QRectF(left, band.bottom() + 3, 80, 14), Qt::AlignCenter,
                   QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc()).toString(format));
        lastRight = left + 80;
    }
    // Lanes: an event goes in the first lane free at its start (at most four).
    constexpr int kLanes = 4;
    std::vector<double> laneEnd(kLanes, -1e9);
    std::vector<int> laneOf(d.events.size(), 0);
    int lanes = 1;
    for (size_t i = 0; i < d.events.size(); ++i) {
        const dossier::EventLine &e = d.events[i];
        if (e.start == EventStore::kNoTime)
            continue;
        const double x0 = xOf(e.start);
        const double x1 = std::max(x0 + 2, xOf(e.end == EventStore::kNoTime ? e.start : e.end));
        int lane = 0;
        for (int l = 0; l < kLanes; ++l)
            if (laneEnd[size_t(l)] < x0 - 1) {
                lane = l;
                break;
            } else if (laneEnd[size_t(l)] < laneEnd[size_t(lane)]) {
                lane = l;
            }
        laneEnd[size_t(lane)] = std::max(laneEnd[size_t(lane)], x1);
        laneOf[i] = lane;
        lanes = std::max(lanes, lane + 1);
    }
    const double laneH = (band.height() - 8) / lanes;
    for (size_t i = 0; i < d.events.size(); ++i) {
        const dossier::EventLine &e = d.events[i];
        if (e.start == EventStore::kNoTime)
            continue;
        const double x0 = std::clamp(xOf(e.start), band.left(), band.right());
        const double x1 = std::clamp(xOf(e.end == EventStore::kNoTime ? e.start : e.end),
                                     band.left(), band.right());
        const QColor c = e.partnerKey.empty() ? kMuted : kAccent;
        p.fillRect(QRectF(x0 - 1, band.top() + 4 + laneOf[i] * laneH + 1,
                          std::max(2.0, x1 - x0 + 2), laneH - 2),
                   c);
    }
    p.setPen(QPen(kRule, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(band);
    p.setFont(font(8));
    p.setPen(kMuted);
    text(p, QRectF(r.left(), r.top(), r.width(), 16),
         QStringLiteral("blue: with a known partner · grey: partner unknown"),
         Qt::AlignRight | Qt::AlignVCenter);
}

void paintFirstPage(QPainter &p, const Job &job, const dossier::Data &d, QSizeF page, Cache &cache)
{
    const double w = page.width() - 2 * kMargin;
    const double bottom = contentBottom(page);
    double y = paintIdentity(p, d, QRectF(kMargin, contentTop(), w, 200), bool(job.tracks));
    if (!d.inWindow || d.events.empty()) {
        y = paintHistory(p, d, QRectF(kMargin, y, w, 200), 8);
        p.setFont(font(13, true));
        p.setPen(kInk);
        p.drawText(
            QRectF(kMargin, y + 20, w, 60), Qt::AlignCenter | Qt::TextWordWrap,
            QStringLiteral("No events of this vessel in the time window (%1).").arg(windowText(d)));
        return;
    }
    y = paintHistory(p, d, QRectF(kMargin, y, w, 200), 5);
    const double timelineH = 76;
    const double mapH = std::max(260.0, bottom - y - timelineH - 12);
    paintMap(p, job, d, QRectF(kMargin, y, w, mapH), cache);
    paintTimeline(p, d, QRectF(kMargin, y + mapH + 10, w, timelineH));
}

// The partners around it and whom they met.
void paintNetwork(QPainter &p, const dossier::Data &d, QSizeF page)
{
    const double w = page.width() - 2 * kMargin;
    double y = contentTop();
    p.setFont(font(11, true));
    p.setPen(kInk);
    text(p, QRectF(kMargin, y, w, 16),
         QStringLiteral("Network neighbourhood: %1 partners, %2 vessels they met besides")
             .arg(Summary::formatCount(int64_t(d.partners.size())),
                  Summary::formatCount(int64_t(d.secondHop.size()))));
    y += 20;
    const QRectF area(kMargin, y, w, std::min(w * 0.72, (contentBottom(page) - y) * 0.58));
    p.fillRect(area, QColor(0xf7, 0xf8, 0xfa));
    const QPointF c = area.center();
    const double labelW = 130;
    // The outer ring leaves room for a label beside each vessel.
    const double r2 = std::min(area.height() / 2 - 16, area.width() / 2 - labelW - 12);
    const double r1 = r2 * 0.55;
    const size_t maxPartners = 24, maxHop = 40;
    const size_t np = std::min(d.partners.size(), maxPartners);
    std::vector<double> angle(np);
    std::vector<QPointF> at(np);
    int64_t most = 1;
    for (const dossier::Partner &pt : d.partners)
        most = std::max(most, pt.meetings);
    for (size_t i = 0; i < np; ++i) {
        angle[i] = -M_PI / 2 + 2 * M_PI * double(i) / double(std::max<size_t>(1, np));
        at[i] = c + QPointF(std::cos(angle[i]), std::sin(angle[i])) * r1;
    }
    // Second hop: in the order of the mean angle of the partners that met it, spread
    // evenly over the outer ring, so that each sits near its partners and apart from
    // the others.
    const size_t nh = std::min(d.secondHop.size(), maxHop);
    std::vector<std::vector<size_t>> metBy(nh);
    for (size_t i = 0; i < np; ++i)
        for (const size_t h : d.partners[i].others)
            if (h < nh)
                metBy[h].push_back(i);
    std::vector<std::pair<double, size_t>> byAngle;
    for (size_t h = 0; h < nh; ++h) {
        double sx = 0, sy = 0;
        for (const size_t i : metBy[h]) {
            sx += std::cos(angle[i]);
            sy += std::sin(angle[i]);
        }
        double a = metBy[h].empty() ? M_PI / 2 : std::atan2(sy, sx);
        if (a < -M_PI / 2)
            a += 2 * M_PI;
        byAngle.push_back({a, h});
    }
    std::sort(byAngle.begin(), byAngle.end());
    std::vector<QPointF> hopAt(nh);
    std::vector<double> hopAngle(nh);
    if (nh > 0) {
        // Centred on the mean angles: rotated so the spread keeps their average place.
        double shift = 0;
        for (size_t k = 0; k < nh; ++k)
            shift += byAngle[k].first - (-M_PI / 2 + 2 * M_PI * (double(k) + 0.5) / double(nh));
        shift /= double(nh);
        if (nh > 6)
            shift = std::clamp(shift, -M_PI / double(nh), M_PI / double(nh));
        for (size_t k = 0; k < nh; ++k) {
            const double a = nh <= 6
                ? byAngle[k].first
                : -M_PI / 2 + 2 * M_PI * (double(k) + 0.5) / double(nh) + shift;
            hopAngle[byAngle[k].second] = a;
            hopAt[byAngle[k].second] = c + QPointF(std::cos(a), std::sin(a)) * r2;
        }
    }
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    for (size_t h = 0; h < nh; ++h)
        for (const size_t i : metBy[h]) {
            p.setPen(QPen(QColor(0x9a, 0xa3, 0xae), 0.8));
            p.drawLine(at[i], hopAt[h]);
        }
    for (size_t i = 0; i < np; ++i) {
        const double width = 1 + 5 * std::sqrt(double(d.partners[i].meetings) / double(most));
        p.setPen(QPen(kAccent, width, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(c, at[i]);
    }
    // Labels beside their dot, outward, never over another label: one that would
    // overlap is left out (the tables below name every partner).
    std::vector<QRectF> taken;
    int unlabelled = 0;
    const auto label = [&](QPointF dot, double a, double gap, const QString &s, const QFont &f,
                           const QColor &colour) {
        p.setFont(f);
        const QFontMetricsF fm(f);
        const QString shown = fm.elidedText(s, Qt::ElideRight, gap > 12 ? 2 * labelW : labelW);
        const double tw = fm.horizontalAdvance(shown) + 4, th = fm.height();
        const double cx = std::cos(a), cy = std::sin(a);
        QRectF r;
        if (std::abs(cx) < 0.35) // top or bottom: centred above or below
            r = QRectF(dot.x() - tw / 2, cy < 0 ? dot.y() - gap - th : dot.y() + gap, tw, th);
        else
            r = QRectF(cx < 0 ? dot.x() - gap - tw : dot.x() + gap, dot.y() - th / 2, tw, th);
        // Where it goes, else a line lower or higher, else nowhere.
        bool placed = false;
        for (const double dy : {0.0, th, -th}) {
            const QRectF candidate = r.translated(0, dy);
            if (std::none_of(taken.begin(), taken.end(),
                             [&](const QRectF &t) { return t.intersects(candidate); })) {
                r = candidate;
                placed = true;
                break;
            }
        }
        if (!placed) {
            ++unlabelled;
            return;
        }
        taken.push_back(r);
        p.fillRect(r, QColor(255, 255, 255, 200));
        p.setPen(colour);
        p.drawText(r, Qt::AlignCenter, shown);
    };
    // The vessel itself, then its partners, then the second hop, so that the nearer
    // names win a place.
    p.setPen(QPen(Qt::white, 2));
    p.setBrush(kInk);
    p.drawEllipse(c, 12, 12);
    // Its own name first: it wins its place.
    label(c, M_PI / 2, 14, d.vessel.name.isEmpty() ? d.title : d.vessel.name, font(10, true), kInk);
    for (size_t i = 0; i < np; ++i) {
        p.setPen(QPen(Qt::white, 1.5));
        p.setBrush(kAccent);
        const double rad = 5 + 5 * std::sqrt(double(d.partners[i].meetings) / double(most));
        p.drawEllipse(at[i], rad, rad);
        const QPointF mid = (c * 0.45 + at[i] * 0.55);
        p.setFont(font(9, true));
        p.setPen(kInk);
        p.setBrush(Qt::white);
        const QRectF badge(mid.x() - 9, mid.y() - 7, 18, 14);
        if (std::any_of(taken.begin(), taken.end(),
                        [&](const QRectF &t) { return t.intersects(badge); }))
            continue; // the partners' table has the number
        p.drawRoundedRect(badge, 6, 6);
        p.drawText(badge, Qt::AlignCenter, QString::number(d.partners[i].meetings));
        taken.push_back(badge);
    }
    for (size_t h = 0; h < nh; ++h) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x9a, 0xa3, 0xae));
        p.drawEllipse(hopAt[h], 3.5, 3.5);
    }
    for (size_t i = 0; i < np; ++i)
        label(at[i], angle[i], 11, d.partners[i].label, font(9, true), kInk);
    for (size_t h = 0; h < nh; ++h)
        label(hopAt[h], hopAngle[h], 6, d.secondHop[h].label, font(8), kMuted);
    p.restore();
    if (d.partners.empty()) {
        p.setFont(font(11));
        p.setPen(kMuted);
        p.drawText(area.adjusted(0, 40, 0, 0), Qt::AlignHCenter | Qt::AlignTop,
                   QStringLiteral("No known partner in the window."));
    }
    p.setFont(font(9));
    p.setPen(kMuted);
    QString note = QStringLiteral("Blue: its meetings (width and number: meetings in the window); "
                                  "grey: vessels its partners met besides.");
    if (d.partners.size() > np || d.secondHop.size() > nh)
        note += QStringLiteral(" Drawn: the %1 partners and %2 second-hop vessels with most "
                               "meetings.")
                    .arg(np)
                    .arg(nh);
    if (unlabelled > 0)
        note += QStringLiteral(" %1 names left out where they would overlap.").arg(unlabelled);
    p.drawText(QRectF(kMargin, area.bottom() + 2, w, 26), Qt::AlignLeft | Qt::TextWordWrap, note);

    // Partners' table.
    y = area.bottom() + 30;
    p.setFont(font(11, true));
    p.setPen(kInk);
    text(p, QRectF(kMargin, y, w, 16), QStringLiteral("Partners"));
    y += 18;
    const double widths[] = {0.40, 0.10, 0.12, 0.20, 0.18};
    const auto row = [&](const QStringList &cells, bool head) {
        double x = kMargin;
        p.setFont(font(9, head));
        p.setPen(head ? kMuted : kInk);
        for (int col = 0; col < 5; ++col) {
            const double cw = widths[col] * w;
            text(p, QRectF(x + 2, y, cw - 4, 14), cells[col],
                 (col >= 2 ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
            x += cw;
        }
        y += 14;
    };
    row({QStringLiteral("Partner"), QStringLiteral("Flag"), QStringLiteral("Meetings"),
         QStringLiteral("Volume (bbl)"), QStringLiteral("Others they met")},
        true);
    const int room = int((contentBottom(page) - y - 16) / 14);
    const int shown = std::min<int>(room, int(d.partners.size()));
    for (int i = 0; i < shown; ++i) {
        const dossier::Partner &pt = d.partners[size_t(i)];
        QString vol = Summary::formatVolume(pt.volume);
        if (pt.volumeUnknown > 0)
            vol += QStringLiteral(" (%1 unknown)").arg(pt.volumeUnknown);
        row({pt.label, pt.flag, Summary::formatCount(pt.meetings), vol,
             Summary::formatCount(int64_t(pt.others.size()))},
            false);
    }
    if (shown < int(d.partners.size())) {
        p.setFont(font(9));
        p.setPen(kMuted);
        text(p, QRectF(kMargin, y, w, 14),
             QStringLiteral("… and %1 more partners (all are in the events table)")
                 .arg(int(d.partners.size()) - shown));
        y += 14;
    }
    if (d.unknownPartner > 0 || d.sameVessel > 0) {
        p.setFont(font(9));
        p.setPen(kMuted);
        text(p, QRectF(kMargin, y + 4, w, 14),
             QStringLiteral("Besides: %1 events with the other party unknown, %2 with the same "
                            "vessel on both sides.")
                 .arg(Summary::formatCount(d.unknownPartner), Summary::formatCount(d.sameVessel)));
    }
}

void paintTablePage(QPainter &p, const dossier::Data &d, QSizeF page, int first, int count,
                    int tablePage, int tablePages)
{
    const double w = page.width() - 2 * kMargin;
    double y = contentTop();
    p.setFont(font(11, true));
    p.setPen(kInk);
    text(p, QRectF(kMargin, y, w, 16),
         QStringLiteral("Every event (%1), in time order — rows %2–%3%4")
             .arg(Summary::formatCount(int64_t(d.events.size())))
             .arg(first + 1)
             .arg(first + count)
             .arg(tablePages > 1
                      ? QStringLiteral(", table page %1 of %2").arg(tablePage).arg(tablePages)
                      : QString()));
    y += 22;
    const double widths[] = {0.04, 0.18, 0.16, 0.25, 0.13, 0.08, 0.16};
    const QStringList heads {
        QStringLiteral("#"),       QStringLiteral("Time (UTC)"),   QStringLiteral("Place"),
        QStringLiteral("Partner"), QStringLiteral("Cargo / kind"), QStringLiteral("bbl"),
        QStringLiteral("Source")};
    // Two lines a row: the second (smaller, muted) for the end, the partner's ids and
    // the source file.
    const auto row = [&](const QStringList &top, const QStringList &bottom, bool head, bool shade) {
        const double h = head ? kTableHeader : kRowHeight;
        if (shade)
            p.fillRect(QRectF(kMargin, y, w, h), QColor(0xf2, 0xf4, 0xf7));
        double x = kMargin;
        for (int col = 0; col < 7; ++col) {
            const double cw = widths[col] * w;
            const Qt::Alignment align =
                (col == 0 || col == 5 ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter;
            const bool two = !head && !bottom.value(col).isEmpty();
            p.setFont(font(8.5, head));
            p.setPen(head ? kMuted : kInk);
            // Numbers kept clear of the next column's text.
            const double pad = col == 0 || col == 5 ? 10 : 4;
            text(p, QRectF(x + 2, y + (two ? 1 : 0), cw - pad, two ? 12 : h), top[col], align);
            if (two) {
                p.setFont(font(7.5));
                p.setPen(kMuted);
                const QFontMetricsF fm(p.font());
                p.drawText(QRectF(x + 2, y + 12, cw - 4, 11), align,
                           fm.elidedText(bottom[col], Qt::ElideMiddle, cw - 4));
            }
            x += cw;
        }
        y += h;
        if (head) {
            p.setPen(QPen(kRule, 1));
            p.drawLine(QPointF(kMargin, y), QPointF(kMargin + w, y));
        }
    };
    row(heads, {}, true, false);
    for (int i = first; i < first + count; ++i) {
        const dossier::EventLine &e = d.events[size_t(i)];
        QString partner = e.partner, ids;
        const qsizetype open = partner.indexOf(QStringLiteral(" ("));
        if (open > 0 && partner.endsWith(QLatin1Char(')'))) {
            ids = partner.mid(open + 2, partner.size() - open - 3);
            partner = partner.left(open);
        }
        const bool hasEnd = e.end != EventStore::kNoTime && e.end != e.start;
        row({QString::number(i + 1), minute(e.start), place(e.lat, e.lon), partner,
             e.cargo.isEmpty() ? e.kind : e.cargo, volumeText(e.volume),
             QStringLiteral("row ") + QString::number(e.sourceRow)},
            {QString(), hasEnd ? QStringLiteral("to ") + minute(e.end) : QString(), QString(), ids,
             e.cargo.isEmpty() ? QString() : e.kind, QString(), e.sourceFile},
            false, (i - first) % 2 == 1);
    }
    p.setPen(QPen(kRule, 1));
    p.drawLine(QPointF(kMargin, y), QPointF(kMargin + w, y));
    if (first + count < int(d.events.size())) {
        p.setFont(font(9));
        p.setPen(kMuted);
        text(p, QRectF(kMargin, y + 2, w, 14), QStringLiteral("Continued on the next page."),
             Qt::AlignRight | Qt::AlignVCenter);
    }
}

} // namespace

std::optional<QPageSize::PageSizeId> pageFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("a4"))
        return QPageSize::A4;
    if (n == QLatin1String("letter"))
        return QPageSize::Letter;
    return std::nullopt;
}

int pageCount(const dossier::Data &d, QPageSize::PageSizeId page)
{
    if (!d.inWindow || d.events.empty())
        return 1;
    const int per = rowsPerTablePage(logicalPage(page));
    return 2 + (int(d.events.size()) + per - 1) / per;
}

int pageCount(const Job &job)
{
    int n = 0;
    for (const dossier::Data &d : job.vessels)
        n += pageCount(d, job.page);
    return n;
}

void paint(QPagedPaintDevice &device, const Job &job)
{
    const QSizeF page = logicalPage(job.page);
    Frame f;
    f.job = &job;
    f.page = page;
    f.total = pageCount(job);
    f.made = job.made.isValid() ? job.made.toUTC() : ExportContext().resolvedTime();
    QPainter p(&device);
    const double k = device.width() / page.width();
    int number = 0;
    Cache cache;
    const auto begin = [&](const dossier::Data &d, const QString &part) {
        if (number > 0)
            device.newPage();
        ++number;
        p.resetTransform();
        p.scale(k, k);
        p.fillRect(QRectF(QPointF(0, 0), page), Qt::white);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setRenderHint(QPainter::TextAntialiasing, true);
        paintFrame(p, f, d, number, part);
    };
    for (size_t v = 0; v < job.vessels.size(); ++v) {
        const dossier::Data &d = job.vessels[v];
        const QString section = job.vessels.size() > 1
            ? QStringLiteral("Vessel %1 of %2 · ").arg(v + 1).arg(job.vessels.size())
            : QString();
        begin(d, section + QStringLiteral("Identity, map, timeline"));
        paintFirstPage(p, job, d, page, cache);
        if (pageCount(d, job.page) == 1)
            continue;
        begin(d, section + QStringLiteral("Network"));
        paintNetwork(p, d, page);
        const int per = rowsPerTablePage(page);
        const int n = int(d.events.size());
        const int tablePages = (n + per - 1) / per;
        for (int t = 0; t < tablePages; ++t) {
            begin(d, section + QStringLiteral("Events"));
            paintTablePage(p, d, page, t * per, std::min(per, n - t * per), t + 1, tablePages);
        }
    }
    p.end();
}

bool write(const Job &job, const QString &path, bool overwrite, QString *error)
{
    if (!overwrite && QFileInfo::exists(path)) {
        *error = QStringLiteral("%1 exists; use --overwrite to replace it").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    {
        QPdfWriter pdf(&file);
        pdf.setCreator(QStringLiteral("Rendezvous"));
        QStringList names;
        for (const dossier::Data &d : job.vessels)
            names << (d.vessel.name.isEmpty() ? d.title : d.vessel.name);
        pdf.setTitle(QStringLiteral("Vessel dossier: ") + names.join(QStringLiteral(", ")));
        pdf.setResolution(300);
        pdf.setPageLayout(QPageLayout(QPageSize(job.page), QPageLayout::Portrait, QMarginsF()));
        paint(pdf, job);
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace dossierpdf
