#pragma once

#include <QJsonObject>
#include <QSize>
#include <QSizeF>
#include <QString>

#include <optional>

// How a map is exported (the dialog, the clipboard copy, `rendezvous render` and the
// project file share it): the file format, the output size (pixels, or a paper size at
// a DPI), the title block and which decorations are drawn. Plain data, no painting:
// the composition is widgets/export/exportrenderer.
//
// The DPI is the print resolution and also the scale of everything drawn on the map:
// text, markers and lines are sized for a 96 DPI screen, so at 300 DPI they are drawn
// 300/96 times as many pixels large and the print looks like the screen. A paper size
// at a DPI is that many pixels (A4 landscape at 300 DPI: 3508 x 2480).
struct ExportSettings
{
    enum class Format { Png, Jpeg, Pdf, Svg, GeoTiff };
    enum class SizeMode { Pixels, Paper };
    enum class Paper { A4, A3, Letter };

    static constexpr int kMinSide = 16;
    static constexpr int kMaxSide = 16384; // QImage and memory: 16k x 16k x 4 bytes = 1 GiB
    static constexpr int kMinDpi = 36;
    static constexpr int kMaxDpi = 1200;
    static constexpr double kScreenDpi = 96;

    Format format = Format::Png;
    SizeMode sizeMode = SizeMode::Pixels;
    QSize pixelSize {1600, 1000};
    Paper paper = Paper::A4;
    bool landscape = true;
    int dpi = 96;
    QString title;
    QString subtitle;

    // Each decoration can be turned off on its own.
    struct Decorations
    {
        bool title = true;
        bool subtitle = true;
        bool filters = true; // the time window and filters in words
        bool legend = true;
        bool scaleBar = true;
        bool northArrow = true;
        bool graticule = true; // lines and their degree labels
        bool inset = true; // overview map with the view's extent
        bool attribution = true; // basemap, data file, tiles
        bool exportTime = true;
        bool operator==(const Decorations &o) const;
        bool operator!=(const Decorations &o) const { return !(*this == o); }
    };
    Decorations decorations;
    // The window's selection rings are drawn only when asked: a report is about the
    // filtered events, and a ring prints over whatever it marks.
    bool drawSelection = false;
    // Show the extent of the filtered events (with a margin, and no less than
    // kMinFitKm across) instead of the window's view.
    bool fitToEvents = false;
    static constexpr double kMinFitKm = 50;

    // The output in device pixels (a paper size converted at the DPI).
    QSize outputPixels() const;
    // Paper size in millimetres, in the chosen orientation.
    QSizeF paperMillimetres() const;
    // Device pixels per logical (96 DPI) pixel.
    double scale() const { return dpi / kScreenDpi; }
    // The output in logical pixels: what the composition lays out.
    QSizeF logicalSize() const;

    QJsonObject toJson() const;
    // All or nothing: on error *out is unchanged and *error says which key is wrong.
    // Keys that are missing keep their defaults (a project from an older version).
    static bool fromJson(const QJsonObject &json, ExportSettings *out, QString *error);
    // Checks the ranges (sides, DPI, pixels of a paper size); false with a message.
    bool validate(QString *error) const;

    static QString formatName(Format format); // "png", "jpg", "pdf", "svg", "tif"
    static std::optional<Format> formatFromName(const QString &nameOrSuffix); // also tiff, jpeg
    static QString paperName(Paper paper); // "A4", "A3", "Letter"
    static std::optional<Paper> paperFromName(const QString &name);

    bool operator==(const ExportSettings &o) const;
    bool operator!=(const ExportSettings &o) const { return !(*this == o); }
};
