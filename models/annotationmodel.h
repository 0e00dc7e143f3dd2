#pragma once

#include <QJsonArray>
#include <QObject>
#include <QString>

#include <vector>

// A point on the globe: longitude, latitude in degrees (WGS 84). A longitude may lie
// outside ±180 when a shape is unwrapped across the antimeridian.
struct GeoPoint
{
    double lon = 0;
    double lat = 0;
    bool operator==(const GeoPoint &o) const { return lon == o.lon && lat == o.lat; }
    bool operator!=(const GeoPoint &o) const { return !(*this == o); }
};

// One mark-up on the map, anchored in geographic coordinates so it stays on its spot
// through pan and zoom and lands in the same place in every export.
//
//   Callout     points = {anchor, label}: text in a box at `label`, a leader to `anchor`
//   Arrow       points = {tail, head}
//   Circle      points = {centre}, radiusNm: a geodesic circle (true distance on the
//               ground, not a screen circle), so it is right at any latitude
//   Rectangle   points = {corner, opposite corner}: a lat/lon box
//   Polygon     points = vertices (3 or more)
//   EventLabel  points = {anchor, label} like a callout; eventId names the event and
//               text is the label as rendered, so it survives re-filtering and reloads
struct Annotation
{
    enum class Kind { Callout, Arrow, Circle, Rectangle, Polygon, EventLabel };

    int id = 0; // unique within its model (commands and selection refer to it)
    Kind kind = Kind::Callout;
    std::vector<GeoPoint> points;
    double radiusNm = 0; // Circle only
    QString text;
    QString eventId; // EventLabel only
    quint32 color = 0xffc0392b; // ARGB
    double lineWidth = 2; // logical pixels
    double fontSize = 10; // points at 96 logical dpi (pixel size = fontSize * 4 / 3)

    static constexpr double kMinLineWidth = 0.5, kMaxLineWidth = 20;
    static constexpr double kMinFontSize = 5, kMaxFontSize = 72;
    static constexpr double kMaxRadiusNm = 5000;

    static QString kindKey(Kind kind); // "callout", "arrow", ... (JSON and UI)
    static bool kindFromKey(const QString &key, Kind *kind);
    static QString kindLabel(Kind kind); // "Callout", "Event label", ...
    // How many points the kind takes: exactly n, or at least 3 for a polygon.
    static int pointCount(Kind kind);
    // Defaults a new annotation of the kind gets (colour, widths, font).
    static Annotation defaults(Kind kind);

    // Empty when the annotation can be shown and saved; else what is wrong with it.
    QString validate() const;
    // The same annotation moved by a whole number of turns so the first point's
    // longitude is in [-180, 180): positions stay the same on the map.
    void normalizeLongitudes();

    bool operator==(const Annotation &o) const;
    bool operator!=(const Annotation &o) const { return !(*this == o); }
};

// The map's annotations, in draw order (later ones on top). Headless (no QtGui): the
// map draws it (AnnotationLayer), undoable commands edit it (widgets/annotationcommands),
// the project file stores it through toJson()/fromJson().
class AnnotationModel : public QObject
{
    Q_OBJECT
public:
    explicit AnnotationModel(QObject *parent = nullptr);

    const std::vector<Annotation> &annotations() const { return m_items; }
    int count() const { return static_cast<int>(m_items.size()); }
    bool isEmpty() const { return m_items.empty(); }
    const Annotation *find(int id) const; // null when there is none
    int indexOf(int id) const; // -1 when there is none

    // Inserts at `index` (clamped; -1 = on top). An id of 0 or one in use gets a new
    // id. Returns the id, or 0 when the annotation is invalid (nothing changes).
    int insert(Annotation annotation, int index = -1);
    bool remove(int id);
    // Replaces the annotation with the same id; false when there is none or the new
    // value is invalid.
    bool update(const Annotation &annotation);
    void clear();

    // [{"kind": "circle", "points": [[lon, lat], ...], "radiusNm": 25, "text": "...",
    //   "color": "#ffc0392b", "lineWidth": 2, "fontSize": 10, "eventId": "...", "id": 3}]
    // Coordinates are JSON numbers (doubles), so a round trip is exact.
    QJsonArray toJson() const;
    // All or nothing: on error the model is unchanged and *error says which
    // annotation is wrong and why.
    bool fromJson(const QJsonArray &json, QString *error);

    static QString colorName(quint32 argb); // "#aarrggbb"
    static bool parseColor(const QString &name, quint32 *argb); // "#rrggbb" or "#aarrggbb"

signals:
    void changed(); // every edit

private:
    int nextId() const;

    std::vector<Annotation> m_items;
};
