#pragma once

#include "map/rasterlayer.h"
#include "map/vectoroverlaylayer.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

// Vector overlays and rasters (opened: headers, overviews, statistics) read off the GUI thread: the
// one loader behind the Layers dock (a file the user adds, the session's overlays at start-up) and
// projects (their layers, read together and added in their order).
class OverlayLoader : public QObject
{
    Q_OBJECT
public:
    struct File
    {
        QString path;
        // A vector file's shapes, or a raster file (RasterLayer::isRasterFile) opened;
        // both null: see error.
        std::shared_ptr<const VectorOverlayLayer::Geometry> geometry;
        std::shared_ptr<gdal::Raster> raster;
        QString error;
        bool ok() const { return geometry || raster; }
    };
    struct Result
    {
        std::vector<File> files; // in the order asked for
        bool outOfMemory = false; // the read failed as a whole; files is then empty
    };
    using Done = std::function<void(Result)>;

    explicit OverlayLoader(QObject *parent = nullptr);
    ~OverlayLoader() override; // waits for the reads still running

    // Reads paths in the background and calls done with them on this thread, unless
    // context is gone by then. pendingCount() already counts it down when done runs.
    void read(const QStringList &paths, QObject *context, Done done);
    int pendingCount() const { return m_pending; }

signals:
    // A read ended and no other is running (queued after its done).
    void idle();

private:
    int m_pending = 0;
};
