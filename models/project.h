#pragma once

#include "eventfilter.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointF>
#include <QSet>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace projectio {
// Called after each chunk written, before the commit (bytes so far, total). Lets a test
// stop a writer in the middle; nothing else needs it.
using WriteProgress = std::function<void(qint64 written, qint64 total)>;
// bytes to path through QSaveFile, in chunks; false with a message naming the file.
bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error,
                     const WriteProgress &progress = {});
// "2019-02-11T04:20:00.000Z" and back (exact to the millisecond).
QString timeToText(int64_t ms);
std::optional<int64_t> timeFromText(const QString &text);
} // namespace projectio

// A Rendezvous project (.rvz): everything needed to bring a window back as it was —
// the data source with its load options, the filters, the view, the layers and their
// styles, and two sections other parts of the program own and validate themselves
// (the annotations and the export settings, kept here as opaque JSON).
//
// The file is JSON: {"format": "rendezvous-project", "version": 1, ...}. Paths are
// written relative to the project's folder (so a folder moved or shared as a whole
// still opens) and absolute too (so a project saved elsewhere still finds its data);
// reading prefers whichever of the two exists. A file from a newer Rendezvous is
// refused rather than half read: its meaning may have changed.
//
// No widgets: colours are "#aarrggbb" text, geometry lon/lat degrees, times UTC ms.
struct ProjectSource
{
    QString path; // absolute
    QString layer; // LoadOptions::layer (--layer)
    QStringList fieldOverrides; // LoadOptions::fieldOverrides (--field key=column)
    bool dedupe = false; // LoadOptions::dedupe (--dedupe): exact duplicates excluded
    // What the file holds. Older projects have no "kind": events.
    enum class Kind { Events, Ais };
    Kind kind = Kind::Events;
    // AIS only: further files read with path as one data set (a week of daily files).
    QStringList morePaths = {}; // absolute (initialised: brace lists may omit it)

    bool operator==(const ProjectSource &o) const
    {
        return kind == o.kind && path == o.path && morePaths == o.morePaths && layer == o.layer
            && fieldOverrides == o.fieldOverrides && dedupe == o.dedupe;
    }
    // path and morePaths.
    QStringList paths() const { return QStringList {path} + morePaths; }
    bool operator!=(const ProjectSource &o) const { return !(*this == o); }
};

struct ProjectOverlay
{
    QString path; // absolute
    QString color; // "#aarrggbb" (a raster's is unused)
    bool visible = true;
    double opacity = 1.0; // rasters (imagery): 0..1; written only when below 1

    bool operator==(const ProjectOverlay &o) const
    {
        return path == o.path && color == o.color && visible == o.visible && opacity == o.opacity;
    }
    bool operator!=(const ProjectOverlay &o) const { return !(*this == o); }
};

struct Project
{
    static constexpr int kVersion = 1; // the newest version this build reads and writes
    static const QString kFormat; // "rendezvous-project"
    static const QString kSuffix; // "rvz"

    // --- Data. The window shows one source; the file holds a list for later. ---
    std::vector<ProjectSource> sources;

    // --- Filters. ---
    std::optional<int64_t> from, to; // the time window, inclusive UTC ms
    std::vector<QPointF> polygon; // drawn area, (lon, lat) vertices, not closed
    bool areaFollowsView = false; // "only events in map view"
    std::optional<GeoBox> box; // the box that applied when saved (follows the view)
    QString text; // search text
    QHash<QString, QSet<QString>> hiddenCategories; // attribute -> values unchecked

    // --- View. ---
    double centerLon = 0, centerLat = 0, zoom = 2;
    // The map's size in logical pixels when saved (0: unknown), so that `rendezvous
    // render --project` shows the same extent as the window's export. Not part of ==:
    // resizing the window is not a change to the project.
    int viewWidth = 0, viewHeight = 0;

    // --- Layers and styles. ---
    QString basemap = QStringLiteral("land"); // "none", "land" or "tiles"
    QString tileUrl; // empty: the default tile server
    QString colorBy = QStringLiteral("cargo");
    bool sizeByVolume = false;
    bool graticule = true, scaleBar = true, attribution = true;
    bool eventsVisible = true;
    std::vector<ProjectOverlay> overlays; // draw order, bottom first

    // --- Owned elsewhere, validated when applied. ---
    QJsonArray annotations; // AnnotationModel::toJson()
    QJsonObject exportSettings; // ExportSettings::toJson()
    QJsonObject sections; // further named sections (ProjectController::registerSection)

    // --- Events that exist in no file. ---
    // The Detected events (Analysis ▸ Detect…) themselves, as eventstorejson writes them
    // ({} for none): a reopened project shows the very same events, whether or not the
    // AIS they were found in is still there and whatever the detectors have become since.
    // Each event carries the rule values that made it (its "rules" column).
    QJsonObject detected;

    bool operator==(const Project &o) const;
    bool operator!=(const Project &o) const { return !(*this == o); }

    // Relative paths are written against projectDir (the folder of the file).
    QJsonObject toJson(const QString &projectDir) const;
    // All or nothing: on error *out is untouched and *error says what is wrong, naming
    // the key ("view.zoom must be a number").
    static bool fromJson(const QJsonObject &json, const QString &projectDir, Project *out,
                         QString *error);
    // Bytes of a file to a project: damaged JSON (with the offset of the error), another
    // format, a newer version, missing keys, wrong types. raw, when given, gets the
    // whole object (keys this struct does not know, such as a recovery file's own).
    static bool parse(const QByteArray &bytes, const QString &projectDir, Project *out,
                      QString *error, QJsonObject *raw = nullptr);
    // Reads a file (never writes to it or near it).
    static bool read(const QString &path, Project *out, QString *error, QJsonObject *raw = nullptr);
    // Writes atomically (QSaveFile): the previous file stays whole until the new one is
    // complete. extra: top-level keys added to the object (a recovery file's origin).
    bool write(const QString &path, QString *error, const QJsonObject &extra = {},
               const projectio::WriteProgress &progress = {}) const;
};
