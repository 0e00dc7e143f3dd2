#pragma once

#include "dossier/dossierdata.h"
#include "map/maplayer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPageSize>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class EventStore;
class QPainter;
class QPagedPaintDevice;
class SpatialIndex;
class TrackGeometry;
class TrackStore;

// A vessel dossier as a PDF (issue 19): for each vessel a section of pages, every page
// with the title, the time window, the data sources, the attribution and "page n of N":
//   1. identity (figures of dossier::Data, identity history, anomaly badges), a map of
//      its events (the map's own layers: land, its events, its tracks when AIS is
//      loaded, the annotations) and a timeline strip of its events;
//   2. its network neighbourhood (partners, and whom they met) with the partners' table;
//   3+. the table of every event, continued over as many pages as it needs.
// Laid out in 96 dpi logical pixels on A4 or Letter.
namespace dossierpdf {

struct Job
{
    std::shared_ptr<const EventStore> store;
    // The store's spatial index; built here when null.
    std::shared_ptr<const SpatialIndex> index;
    std::shared_ptr<const TrackStore> tracks; // may be null
    // The tracks' geometry (the window's map has it); built here when null.
    std::shared_ptr<const TrackGeometry> trackGeometry;
    QJsonArray annotations; // AnnotationModel::toJson()
    RenderOptions options; // colours of the events, basemap
    QStringList sources; // the data files' names
    std::vector<dossier::Data> vessels;
    QPageSize::PageSizeId page = QPageSize::A4;
    // UTC; invalid: SOURCE_DATE_EPOCH when set, else now.
    QDateTime made;
};

// Pages a vessel takes (so that "page n of N" is known before painting).
int pageCount(const dossier::Data &d, QPageSize::PageSizeId page);
int pageCount(const Job &job);

// Paints every page on `device` (a QPdfWriter, or a test's paged device).
void paint(QPagedPaintDevice &device, const Job &job);

// Writes the PDF through QSaveFile; false with a message when the file exists and
// overwrite is false, or it cannot be written.
bool write(const Job &job, const QString &path, bool overwrite, QString *error);

// "a4" / "letter" (any case); nullopt otherwise.
std::optional<QPageSize::PageSizeId> pageFromName(const QString &name);

} // namespace dossierpdf
