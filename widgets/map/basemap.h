#pragma once

#include "basemap/preparedbasemap.h"

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
// (resources/basemap/*.json) at three levels of detail.
//
// The TopoJSON is the source of truth, but it is read only at build time: the tool
// resources/basemap/preparebasemap.cpp runs buildLevel() on it (GDAL, projection, cuts)
// and writes each level once into a prepared file (basemap-110m.bin..., the format is
// in basemapfile.cpp). At run time a level is one read of that file and a checksum;
// each piece's QPainterPath is built from it only when a view first draws the piece,
// so the first frame, and `rendezvous render`, pay for the pieces they show and no
// more (parsing the TopoJSON took about a second).
//
// Every vertex is in Web Mercator world coordinates scaled to 256 units (zoom-0
// pixels), so drawing a level is a painter transform (scale 2^zoom, translate) and no
// per-frame math. A level is immutable once published and handed out as
// shared_ptr<const Level>: the GUI thread and the background-render worker may draw it
// at the same time (a piece's path is built under the level's lock, with the lazily
// computed caches of QPainterPath primed, before any thread reads it).
class Basemap : public QObject
{
    Q_OBJECT
public:
    enum class Detail { Low = 0, Medium = 1, High = 2 }; // 110m, 50m, 10m
    Q_ENUM(Detail)
    static constexpr int kDetailCount = 3;

    struct Level;
    // A piece of a path with its bounds, so that a close view draws only what it sees.
    class Piece
    {
    public:
        Piece() = default;
        Piece(const QRectF &bounds, QPainterPath path); // built already
        Piece(Piece &&other) noexcept;
        Piece &operator=(Piece &&other) noexcept;

        QRectF bounds; // world units (0..256)
        // The path: built on the first call when the piece comes from a prepared file
        // (thread-safe; later calls only read).
        const QPainterPath &path() const;
        bool isBuilt() const { return m_built.load(std::memory_order_acquire); }

    private:
        friend struct Level;
        friend class Basemap;
        void build() const;

        mutable QPainterPath m_path;
        mutable std::atomic<bool> m_built {true};
        // Where a prepared piece's elements are in its level's file.
        const Level *m_level = nullptr;
        size_t m_first = 0;
        size_t m_count = 0;
        Qt::FillRule m_fill = Qt::OddEvenFill;
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

        int builtPieceCount() const; // pieces whose path exists (tests: lazy loading)

    private:
        friend class Basemap;
        friend class Basemap::Piece;
        // A prepared level's file, which its pieces build their paths from.
        std::unique_ptr<basemapfile::Level> m_file;
        const double *m_xy = nullptr; // x, y per element
        const quint8 *m_types = nullptr; // QPainterPath::ElementType per element
        mutable QMutex m_building;
    };

    explicit Basemap(QObject *parent = nullptr);
    ~Basemap() override; // stops loading (between files) and waits for the worker

    // The application-wide basemap, parented to the QCoreApplication (created on first
    // use, loading started). Must be called with a QCoreApplication alive.
    static Basemap *instance();

    // Where the prepared basemap files are (a folder holding basemap-110m.bin...): under
    // the environment variable RENDEZVOUS_RESOURCES, then <executable>/../share/rendezvous,
    // then the build tree's resources/ (RENDEZVOUS_RESOURCES_BUILD, for a program run
    // from the build tree only: see runsFromBuildTree()), each + "/basemap". Empty when
    // none has them.
    static QString resourcesFolder();
    // Level of detail for a zoom: 110m below 3, 50m below 5.5, 10m beyond.
    static Detail detailForZoom(double zoom);

    // Starts loading the prepared files in a worker: 110m first (within milliseconds),
    // then 50m, then 10m. Does nothing when started already.
    void load(const QString &folder = resourcesFolder());
    // The window's way (instance()): 110m at once in a worker, the finer levels when
    // request() or waitFor() first asks for them (BasemapLayer asks for the level of
    // the zoom it draws), so that reading 10m never competes with the first frame and
    // a session that never zooms in never reads it. Until then levelForZoom() gives
    // the nearest loaded level, and levelLoaded() says when the finer one is in.
    void loadOnRequest(const QString &folder = resourcesFolder());
    // Queues a level to read (on request; nothing otherwise). Thread-safe, cheap when
    // the level is loaded or queued already.
    void request(Detail detail);
    // Instead of load(), for a program that draws one picture: nothing is read in the
    // background; waitFor() reads the level it is asked for, in its caller's thread,
    // and only that one. Does nothing when started already.
    void loadOnDemand(const QString &folder = resourcesFolder());
    // Whether instance() will load on demand (the command line) rather than on request
    // (the window). Takes effect when instance() creates the basemap.
    static void setInstanceLoadsOnDemand(bool onDemand);

    // The published level, or null while it is not loaded. Thread-safe.
    std::shared_ptr<const Level> level(Detail detail) const;
    // The level to draw at a zoom: the one for the zoom when loaded, else the nearest
    // loaded one (coarser first). Null when none is loaded yet. Thread-safe.
    std::shared_ptr<const Level> levelForZoom(double zoom) const;
    bool isLoaded(Detail detail) const { return level(detail) != nullptr; }
    // Nothing left to read: every level (load) or every requested level (on request)
    // loaded or failed; on demand, every level tried.
    bool isFinished() const;
    QString error() const; // the first failure, empty when all went well

    // Blocks until `detail` is loaded or loading has finished (the CLI renders once
    // and must not draw a coarser level than the widget would). Returns isLoaded().
    // Starts loading when it was not started; on demand, reads the level now.
    bool waitFor(Detail detail);

    // Builds one level from the two TopoJSON files (synchronous; used by the build-time
    // tool and tests). Returns null early (without an error) when *stop becomes true.
    static std::shared_ptr<Level> buildLevel(Detail detail, const QString &landFile,
                                             const QString &countriesFile, QString *error,
                                             const std::atomic<bool> *stop = nullptr);

    // The prepared file of a level: "basemap-110m.bin", "basemap-50m.bin", "basemap-10m.bin".
    static QString preparedFileName(Detail detail);
    // Writes a level in the prepared form (atomically: a reader never sees half a file).
    static bool writePrepared(const Level &level, const QString &path, QString *error);
    // Reads a prepared level: the file is read and checked whole (size, checksum,
    // structure), the pieces' paths are built on first use. Null with *error saying
    // what is wrong for a missing, truncated, damaged or foreign file.
    static std::shared_ptr<Level> readPrepared(const QString &path, QString *error);

signals:
    // A level became available (queued to this object's thread); repaint.
    void levelLoaded(Basemap::Detail detail);
    // Nothing left to read (isFinished()); on request, after each batch.
    void finished();

private:
    static void primePath(const QPainterPath &path); // see basemapfile.cpp
    void start(const QString &folder, bool onRequest);
    void startWorker(); // with m_mutex held
    void run();
    static std::shared_ptr<const Level> readLevel(const QString &folder, Detail detail,
                                                  QString *error);
    void publish(Detail detail, std::shared_ptr<const Level> level, const QString &error);

    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    std::array<std::shared_ptr<const Level>, kDetailCount> m_levels;
    QString m_error;
    bool m_started = false;
    bool m_finished = false;
    bool m_onDemand = false;
    bool m_onRequest = false;
    bool m_running = false; // a worker is reading m_queued
    QString m_folder;
    std::array<bool, kDetailCount> m_queued {}; // to read in the worker
    std::array<bool, kDetailCount> m_tried {}; // read (or failed) already
    QMutex m_reading; // on demand: one reader at a time
    bool m_stop = false;
    QFuture<void> m_future;
};
