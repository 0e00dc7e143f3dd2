#include "eventstore.h"
#include "map/decorationslayer.h"
#include "map/eventlayer.h"
#include "map/maprenderer.h"
#include "spatialindex.h"

#include <QImage>
#include <QPainter>
#include <QtTest>

#include <string>

// The legend (events) and the graticule labels, scale bar and attribution
// (decorations) share the view's edges: at any view size and zoom the legend keeps out
// of their places, shrinking or dropping rows, and the counts still add up.
namespace {
std::unique_ptr<EventLayer> layerWithCategories(int categories, int perCategory)
{
    auto store = std::make_shared<EventStore>(QStringList {});
    std::vector<std::string> names;
    for (int c = 0; c < categories; ++c)
        names.push_back("cargo number " + std::to_string(c));
    for (int c = 0; c < categories; ++c)
        for (int i = 0; i < perCategory + c; ++i) {
            EventStore::RowInput in;
            in.lat = -40 + (c * 7 + i) % 80;
            in.lon = -170 + (c * 31 + i * 3) % 340;
            in.cargo = names[size_t(c)];
            store->append(in, nullptr);
        }
    auto layer = std::make_unique<EventLayer>();
    layer->setData(store, std::make_shared<SpatialIndex>(*store));
    return layer;
}

int64_t total(const QList<EventLayer::LegendEntry> &entries)
{
    int64_t n = 0;
    for (const auto &e : entries)
        n += e.count;
    return n;
}
} // namespace

class TestLegendLayout : public QObject
{
    Q_OBJECT
private slots:
    void clearOfTheDecorations_data();
    void clearOfTheDecorations();
    void belowTheLongitudeLabelsWhenZoomedOut();
    void shrinksThenHides();
    void legendPixelsAreItsOwn();
};

void TestLegendLayout::clearOfTheDecorations_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<double>("lat");
    for (const QSize size :
         {QSize(90, 70), QSize(160, 120), QSize(240, 180), QSize(320, 700), QSize(400, 300),
          QSize(640, 200), QSize(800, 600), QSize(1600, 1000), QSize(300, 1400)})
        for (double zoom : {0.0, 0.7, 1.5, 3.0, 7.0})
            for (double lat : {0.0, 70.0})
                QTest::addRow("%dx%d z%.1f lat%.0f", size.width(), size.height(), zoom, lat)
                    << size << zoom << lat;
}

void TestLegendLayout::clearOfTheDecorations()
{
    QFETCH(QSize, size);
    QFETCH(double, zoom);
    QFETCH(double, lat);
    const auto layer = layerWithCategories(12, 3);
    const MapViewport vp(lat, 20, zoom, size);
    const QRectF legend = layer->legendRect(vp);
    if (legend.isEmpty())
        return; // no room: nothing drawn, nothing overlapping
    const QRectF view(QPointF(0, 0), QSizeF(size));
    QVERIFY(view.contains(legend));
    QVERIFY(!legend.intersects(DecorationsLayer::longitudeLabelBand(vp)));
    QVERIFY(legend.left() >= DecorationsLayer::latitudeLabelWidth());
    QVERIFY(legend.bottom() <= DecorationsLayer::scaleBarRect(vp).top());
}

void TestLegendLayout::belowTheLongitudeLabelsWhenZoomedOut()
{
    // Zoom 0 in a tall view: the world (256 px) sits in the middle, and its longitude
    // labels well below the view's top, where the legend used to be.
    const auto layer = layerWithCategories(3, 2);
    const MapViewport vp(0, 0, 0, QSize(500, 800));
    const QRectF band = DecorationsLayer::longitudeLabelBand(vp);
    QVERIFY(band.top() > 200);
    const QRectF legend = layer->legendRect(vp);
    QVERIFY(!legend.isEmpty());
    QVERIFY(legend.top() >= band.bottom());
}

void TestLegendLayout::shrinksThenHides()
{
    const auto layer = layerWithCategories(12, 3);
    const QRectF full = layer->legendRect(MapViewport(0, 0, 2, QSize(1200, 900)));
    const QRectF small = layer->legendRect(MapViewport(0, 0, 2, QSize(1200, 160)));
    const QRectF none = layer->legendRect(MapViewport(0, 0, 2, QSize(1200, 90)));
    QVERIFY(!full.isEmpty() && !small.isEmpty());
    QVERIFY(small.height() < full.height() / 2);
    QVERIFY(none.isEmpty());
    // Narrow: the labels are elided, the box still fits right of the latitude labels.
    const QRectF narrow = layer->legendRect(MapViewport(0, 0, 2, QSize(170, 900)));
    QVERIFY(!narrow.isEmpty());
    QVERIFY(narrow.left() >= DecorationsLayer::latitudeLabelWidth());
    QVERIFY(narrow.right() <= 170);
    QVERIFY(narrow.width() < full.width());
    QCOMPARE(total(layer->legendEntries()), int64_t(12 * 3 + 66)); // 3 + c per category
}

// legendRect() is where the legend paints: with and without it, the frames differ
// only inside that rectangle (so the geometry checks above are about real pixels).
void TestLegendLayout::legendPixelsAreItsOwn()
{
    const auto layer = layerWithCategories(6, 2);
    DecorationsLayer decorations;
    MapRenderer renderer;
    renderer.addLayer(layer.get());
    renderer.addLayer(&decorations);
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::None;
    for (const MapViewport &vp :
         {MapViewport(0, 0, 0.5, QSize(700, 500)), MapViewport(30, 120, 4, QSize(260, 330))}) {
        const auto frame = [&] {
            QImage img(vp.size(), QImage::Format_ARGB32_Premultiplied);
            QPainter p(&img);
            renderer.render(p, vp, options);
            return img;
        };
        layer->setLegendVisible(true);
        // The first text a process draws comes out a shade different (its glyphs are
        // cached as they are first used): compare warm frames.
        (void)frame();
        const QImage with = frame();
        layer->setLegendVisible(false);
        const QImage without = frame();
        layer->setLegendVisible(true);
        const QRect legend = layer->legendRect(vp).adjusted(-1, -1, 1, 1).toAlignedRect();
        QVERIFY(!legend.isEmpty());
        int inside = 0, outside = 0;
        for (int y = 0; y < with.height(); ++y)
            for (int x = 0; x < with.width(); ++x)
                if (with.pixel(x, y) != without.pixel(x, y))
                    ++(legend.contains(x, y) ? inside : outside);
        QVERIFY(inside > 200);
        QCOMPARE(outside, 0);
    }
}

QTEST_MAIN(TestLegendLayout)
#include "tst_legendlayout.moc"
