#pragma once

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <QWaitCondition>

#include <array>
#include <atomic>
#include <memory>
#include <vector>

// The offline vector basemap: Natural Earth land and country borders from world-atlas
// (resources/basemap/*.json, read through GDAL), at three levels of detail.
//
// Every vertex is projected once, at load time, into Web Mercator world coordinates
// scaled to 256 units (zoom-0 pixels), so drawing a level is a painter transform
// (scale 2^zoom, translate) and no per-frame math. A level is immutable once published
// and handed out as shared_ptr<const Level>: the GUI thread and the background-render
// worker may draw it at the same time (the paths' lazily computed caches are primed
// before publication, so concurrent painting never writes to them).
class Basemap : public QObject
{
    Q_OBJECT
public:
    enum class Detail { Low = 0, Medium = 1, High = 2 }; // 110m, 50m, 10m
    Q_ENUM(Detail)
    static constexpr int kDetailCount = 3;

    // A piece of a path with its bounds, so that a close view draws only what it sees.
    struct Piece
    {
        QRectF bounds; // world units (0..256)
        QPainterPath path;
    };
    struct Level
    {
        Detail detail = Detail::Low;
        // Land polygons (odd-even fill), cut into pieces of bounded size. Pieces of a
        // polygon meet edge to edge and overlap by a hair so that antialiasing shows
        // no seam.
        std::vector<Piece> land;
        // Coastlines: the land polygons' outlines without the artificial edges (the
        // cut at ±180° and the bottom of Antarctica). Open polylines.
        std::vector<Piece> coast;
        // Country borders on land: edges that two country polygons share.
        std::vector<Piece> borders;
        int vertexCount = 0;
    };

    explicit Basemap(QObject *parent = nullptr);
    ~Basemap() override; // stops loading (between files) and waits for the worker

    // The application-wide basemap, parented to the QCoreApplication (created on first
    // use, loading started). Must be called with a QCoreApplication alive.
    static Basemap *instance();

    // Where the basemap files are (a folder holding land-110m.json...): the environment
    // variable RENDEZVOUS_RESOURCES, then <executable>/../share/rendezvous, then the
    // source tree's resources/ (RENDEZVOUS_RESOURCES_SOURCE, for a program run from the
    // build tree only: see runsFromBuildTree()). Empty when none has them.
    static QString resourcesFolder();
    // Level of detail for a zoom: 110m below 3, 50m below 5.5, 10m beyond.
    static Detail detailForZoom(double zoom);

    // Starts loading in a worker: 110m first (available within a fraction of a
    // second), then 50m, then 10m. Does nothing when started already.
    void load(const QString &folder = resourcesFolder());

    // The published level, or null while it is not loaded. Thread-safe.
    std::shared_ptr<const Level> level(Detail detail) const;
    // The level to draw at a zoom: the one for the zoom when loaded, else the nearest
    // loaded one (coarser first). Null when none is loaded yet. Thread-safe.
    std::shared_ptr<const Level> levelForZoom(double zoom) const;
    bool isLoaded(Detail detail) const { return level(detail) != nullptr; }
    bool isFinished() const; // every level loaded or failed
    QString error() const; // the first failure, empty when all went well

    // Blocks until `detail` is loaded or loading has finished (the CLI renders once
    // and must not draw a coarser level than the widget would). Returns isLoaded().
    // Starts loading when it was not started.
    bool waitFor(Detail detail);

    // Builds one level from the two files (synchronous; used by the worker and tests).
    // Returns null early (without an error) when *stop becomes true.
    static std::shared_ptr<Level> buildLevel(Detail detail, const QString &landFile,
                                             const QString &countriesFile, QString *error,
                                             const std::atomic<bool> *stop = nullptr);

signals:
    // A level became available (queued to this object's thread); repaint.
    void levelLoaded(Basemap::Detail detail);
    // All levels are done, loaded or failed.
    void finished();

private:
    void run(QString folder);
    void publish(Detail detail, std::shared_ptr<const Level> level, const QString &error);

    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    std::array<std::shared_ptr<const Level>, kDetailCount> m_levels;
    QString m_error;
    bool m_started = false;
    bool m_finished = false;
    std::atomic<bool> m_stop {false};
    QFuture<void> m_future;
};
