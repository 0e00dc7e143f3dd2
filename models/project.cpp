#include "project.h"

#include "eventstore.h"
#include "eventstorejson.h"
#include "io/dbmodule.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

const QString Project::kFormat = QStringLiteral("rendezvous-project");
const QString Project::kSuffix = QStringLiteral("rvz");

namespace {
const QString kFormatKey = QStringLiteral("format");
const QString kVersionKey = QStringLiteral("version");
const QString kSourcesKey = QStringLiteral("dataSources");
const QString kFiltersKey = QStringLiteral("filters");
const QString kViewKey = QStringLiteral("view");
const QString kLayersKey = QStringLiteral("layers");
const QString kAnnotationsKey = QStringLiteral("annotations");
const QString kExportKey = QStringLiteral("exportSettings");
const QString kSectionsKey = QStringLiteral("sections");
const QString kDetectedKey = QStringLiteral("detected");
constexpr qint64 kChunk = 64 * 1024;

// Reads one JSON object with the key path in every message ("layers.overlays[2].color
// must be text"). The first error sticks; later reads return defaults.
class Reader
{
public:
    Reader(const QJsonObject &object, QString where, QString *error)
        : m_object(object), m_where(std::move(where)), m_error(error)
    { }

    bool ok() const { return m_error->isEmpty(); }
    bool has(const QString &key) const { return m_object.contains(key); }
    QString name(const QString &key) const
    {
        return m_where.isEmpty() ? key : m_where + QLatin1Char('.') + key;
    }
    void fail(const QString &message)
    {
        if (ok())
            *m_error = message;
    }
    // Missing and required: an error; missing and optional: nullopt.
    std::optional<QJsonValue> value(const QString &key, bool required)
    {
        const auto it = m_object.constFind(key);
        if (it == m_object.constEnd() || it->isNull()) {
            if (required)
                fail(QStringLiteral("missing required key \"%1\"").arg(name(key)));
            return std::nullopt;
        }
        return *it;
    }
    double number(const QString &key, bool required, double fallback = 0)
    {
        const auto v = value(key, required);
        if (!v)
            return fallback;
        if (!v->isDouble() || !std::isfinite(v->toDouble())) {
            fail(QStringLiteral("\"%1\" must be a number").arg(name(key)));
            return fallback;
        }
        return v->toDouble();
    }
    QString text(const QString &key, bool required, const QString &fallback = {})
    {
        const auto v = value(key, required);
        if (!v)
            return fallback;
        if (!v->isString()) {
            fail(QStringLiteral("\"%1\" must be text").arg(name(key)));
            return fallback;
        }
        return v->toString();
    }
    bool boolean(const QString &key, bool fallback)
    {
        const auto v = value(key, false);
        if (!v)
            return fallback;
        if (!v->isBool()) {
            fail(QStringLiteral("\"%1\" must be true or false").arg(name(key)));
            return fallback;
        }
        return v->toBool();
    }
    QJsonObject object(const QString &key, bool required)
    {
        const auto v = value(key, required);
        if (v && !v->isObject())
            fail(QStringLiteral("\"%1\" must be an object").arg(name(key)));
        return v && v->isObject() ? v->toObject() : QJsonObject();
    }
    QJsonArray array(const QString &key, bool required)
    {
        const auto v = value(key, required);
        if (v && !v->isArray())
            fail(QStringLiteral("\"%1\" must be a list").arg(name(key)));
        return v && v->isArray() ? v->toArray() : QJsonArray();
    }
    QStringList strings(const QString &key)
    {
        QStringList out;
        const QJsonArray list = array(key, false);
        for (const QJsonValue &v : list) {
            if (!v.isString()) {
                fail(QStringLiteral("\"%1\" must be a list of text").arg(name(key)));
                return {};
            }
            out.append(v.toString());
        }
        return out;
    }

private:
    QJsonObject m_object;
    QString m_where;
    QString *m_error;
};

QString indexed(const QString &where, qsizetype i)
{
    return QStringLiteral("%1[%2]").arg(where).arg(i);
}

// Both forms of a path: relative to the project's folder where there is one, and
// absolute as a fallback for a project copied away from its data.
void writePath(QJsonObject &o, const QString &path, const QString &projectDir)
{
    // A database (PG:…, as the connection dialog makes it: no password) is no path.
    if (db::isDatabase(path)) {
        o.insert(QStringLiteral("path"), path);
        return;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    o.insert(QStringLiteral("path"),
             projectDir.isEmpty() ? absolute : QDir(projectDir).relativeFilePath(absolute));
    o.insert(QStringLiteral("absolutePath"), absolute);
}

// The first of (relative, absolute) that exists; the relative one when neither does, so
// that the user is asked for the file where the project expects it.
QString readPath(Reader &r, const QString &projectDir)
{
    // A leading ':' is Qt's prefix for resources, never a user's file: "./" keeps such
    // a name an ordinary file name (found by the fuzzer: the path changed on each save).
    const auto plain = [](QString p) { return p.startsWith(QLatin1Char(':')) ? "./" + p : p; };
    const QString path =
        plain(r.text(QStringLiteral("path"), !r.has(QStringLiteral("absolutePath"))));
    if (db::isDatabase(path))
        return path;
    const QString absolute = plain(r.text(QStringLiteral("absolutePath"), false));
    QStringList candidates;
    if (!path.isEmpty())
        candidates.append(QDir::cleanPath(QDir(projectDir).absoluteFilePath(path)));
    // An "absolutePath" that is not absolute (a hand-edited file) is taken from the
    // project's folder too, never from the working directory of whoever opens it.
    if (!absolute.isEmpty())
        candidates.append(QDir::cleanPath(QDir(projectDir).absoluteFilePath(absolute)));
    if (candidates.isEmpty()) {
        r.fail(QStringLiteral("\"%1\" is empty").arg(r.name(QStringLiteral("path"))));
        return {};
    }
    for (const QString &c : candidates) {
        if (QFileInfo::exists(c))
            return c;
    }
    return candidates.constFirst();
}

std::optional<int64_t> readTime(Reader &r, const QString &key)
{
    const auto v = r.value(key, false);
    if (!v)
        return std::nullopt;
    if (v->isDouble() && std::isfinite(v->toDouble()) && std::abs(v->toDouble()) < 9e15)
        return static_cast<int64_t>(v->toDouble());
    if (v->isString()) {
        if (const auto ms = projectio::timeFromText(v->toString()))
            return ms;
    }
    r.fail(QStringLiteral("\"%1\" must be a UTC time such as 2019-02-11T04:20:00.000Z")
               .arg(r.name(key)));
    return std::nullopt;
}

QJsonValue timeJson(int64_t ms)
{
    // Years outside 1..9999 have no ISO text QDateTime reads back: a number then.
    const QString text = projectio::timeToText(ms);
    if (projectio::timeFromText(text) == ms)
        return text;
    return static_cast<double>(ms);
}

bool isColor(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"));
    return re.match(text).hasMatch();
}

bool readSources(Reader &top, const QString &projectDir, Project &p, QString *error)
{
    const QJsonArray list = top.array(kSourcesKey, true);
    for (qsizetype i = 0; i < list.size() && top.ok(); ++i) {
        if (!list.at(i).isObject()) {
            top.fail(QStringLiteral("\"%1\" must be an object").arg(indexed(kSourcesKey, i)));
            break;
        }
        Reader r(list.at(i).toObject(), indexed(kSourcesKey, i), error);
        ProjectSource s;
        s.path = readPath(r, projectDir);
        const QString kind = r.text(QStringLiteral("kind"), false);
        if (kind == QLatin1String("ais"))
            s.kind = ProjectSource::Kind::Ais;
        else if (!kind.isEmpty() && kind != QLatin1String("events"))
            r.fail(QStringLiteral("\"%1\" must be \"events\" or \"ais\"")
                       .arg(r.name(QStringLiteral("kind"))));
        const QJsonArray more = r.array(QStringLiteral("more"), false);
        for (qsizetype m = 0; m < more.size() && r.ok(); ++m) {
            const QString where = indexed(r.name(QStringLiteral("more")), m);
            if (!more.at(m).isObject()) {
                r.fail(QStringLiteral("\"%1\" must be an object").arg(where));
                break;
            }
            Reader file(more.at(m).toObject(), where, error);
            s.morePaths.append(readPath(file, projectDir));
            if (!file.ok())
                r.fail(*error);
        }
        s.layer = r.text(QStringLiteral("layer"), false);
        s.fieldOverrides = r.strings(QStringLiteral("fields"));
        s.dedupe = r.boolean(QStringLiteral("dedupe"), false);
        p.sources.push_back(std::move(s));
    }
    return top.ok();
}

bool readFilters(Reader &top, Project &p, QString *error)
{
    Reader r(top.object(kFiltersKey, true), kFiltersKey, error);
    if (!top.ok())
        return false;
    Reader time(r.object(QStringLiteral("time"), false), r.name(QStringLiteral("time")), error);
    p.from = readTime(time, QStringLiteral("from"));
    p.to = readTime(time, QStringLiteral("to"));
    if (p.from && p.to && *p.from > *p.to)
        r.fail(QStringLiteral("\"filters.time.from\" is after \"filters.time.to\""));

    Reader area(r.object(QStringLiteral("area"), false), r.name(QStringLiteral("area")), error);
    const QJsonArray ring = area.array(QStringLiteral("polygon"), false);
    for (qsizetype i = 0; i < ring.size() && r.ok(); ++i) {
        const QJsonArray xy = ring.at(i).toArray();
        const double lon = xy.size() == 2 ? xy.at(0).toDouble(qQNaN()) : qQNaN();
        const double lat = xy.size() == 2 ? xy.at(1).toDouble(qQNaN()) : qQNaN();
        if (!std::isfinite(lon) || !(lat >= -90 && lat <= 90))
            r.fail(QStringLiteral("\"%1\" must be [longitude, latitude]")
                       .arg(indexed(area.name(QStringLiteral("polygon")), i)));
        p.polygon.emplace_back(lon, lat);
    }
    p.areaFollowsView = area.boolean(QStringLiteral("followView"), false);
    const QJsonArray box = area.array(QStringLiteral("box"), false);
    if (!box.isEmpty()) {
        const auto at = [&box](int i) {
            return box.size() == 4 ? box.at(i).toDouble(qQNaN()) : qQNaN();
        };
        const GeoBox b {at(0), at(1), at(2), at(3)};
        if (!(b.south >= -90 && b.north <= 90 && b.south <= b.north)
            || !(b.west >= -180 && b.west <= 180 && b.east >= -180 && b.east <= 180))
            r.fail(QStringLiteral("\"filters.area.box\" must be [west, south, east, north]"));
        p.box = b;
    }
    p.text = r.text(QStringLiteral("text"), false);
    const QJsonObject hidden = r.object(QStringLiteral("hiddenCategories"), false);
    Reader categories(hidden, r.name(QStringLiteral("hiddenCategories")), error);
    for (auto it = hidden.begin(); it != hidden.end() && r.ok(); ++it) {
        const QStringList values = categories.strings(it.key());
        p.hiddenCategories.insert(it.key(), QSet<QString>(values.begin(), values.end()));
    }
    return r.ok();
}

bool readLayers(Reader &top, const QString &projectDir, Project &p, QString *error)
{
    Reader r(top.object(kLayersKey, true), kLayersKey, error);
    if (!top.ok())
        return false;
    p.basemap = r.text(QStringLiteral("basemap"), true);
    if (r.ok() && p.basemap != QLatin1String("none") && p.basemap != QLatin1String("land")
        && p.basemap != QLatin1String("tiles"))
        r.fail(QStringLiteral("\"layers.basemap\" must be none, land or tiles, not \"%1\"")
                   .arg(p.basemap));
    p.tileUrl = r.text(QStringLiteral("tileUrl"), false);
    p.colorBy = r.text(QStringLiteral("colorBy"), false, p.colorBy);
    p.sizeByVolume = r.boolean(QStringLiteral("sizeByVolume"), false);
    p.graticule = r.boolean(QStringLiteral("graticule"), true);
    p.scaleBar = r.boolean(QStringLiteral("scaleBar"), true);
    p.attribution = r.boolean(QStringLiteral("attribution"), true);
    p.eventsVisible = r.boolean(QStringLiteral("eventsVisible"), true);
    const QJsonArray list = r.array(QStringLiteral("overlays"), false);
    const QString where = r.name(QStringLiteral("overlays"));
    for (qsizetype i = 0; i < list.size() && r.ok(); ++i) {
        if (!list.at(i).isObject()) {
            r.fail(QStringLiteral("\"%1\" must be an object").arg(indexed(where, i)));
            break;
        }
        Reader o(list.at(i).toObject(), indexed(where, i), error);
        ProjectOverlay overlay;
        overlay.path = readPath(o, projectDir);
        overlay.color = o.text(QStringLiteral("color"), true);
        if (o.ok() && !isColor(overlay.color))
            o.fail(QStringLiteral("\"%1\" must be a colour such as #ff0072b2, not \"%2\"")
                       .arg(o.name(QStringLiteral("color")), overlay.color));
        if (overlay.color.size() == 7)
            overlay.color.insert(1, QStringLiteral("ff"));
        overlay.color = overlay.color.toLower();
        overlay.visible = o.boolean(QStringLiteral("visible"), true);
        overlay.opacity = o.number(QStringLiteral("opacity"), false, 1.0);
        if (o.ok() && !(overlay.opacity >= 0 && overlay.opacity <= 1))
            o.fail(QStringLiteral("\"%1\" must be between 0 and 1, not %2")
                       .arg(o.name(QStringLiteral("opacity")))
                       .arg(overlay.opacity));
        p.overlays.push_back(std::move(overlay));
    }
    return r.ok();
}
} // namespace

bool Project::operator==(const Project &o) const
{
    return sources == o.sources && from == o.from && to == o.to && polygon == o.polygon
        && areaFollowsView == o.areaFollowsView && box == o.box && text == o.text
        && hiddenCategories == o.hiddenCategories && centerLon == o.centerLon
        && centerLat == o.centerLat && zoom == o.zoom && basemap == o.basemap
        && tileUrl == o.tileUrl && colorBy == o.colorBy && sizeByVolume == o.sizeByVolume
        && graticule == o.graticule && scaleBar == o.scaleBar && attribution == o.attribution
        && eventsVisible == o.eventsVisible && overlays == o.overlays
        && annotations == o.annotations && exportSettings == o.exportSettings
        && sections == o.sections && detected == o.detected;
}

QJsonObject Project::toJson(const QString &projectDir) const
{
    QJsonObject json;
    json.insert(kFormatKey, kFormat);
    json.insert(kVersionKey, kVersion);

    QJsonArray sourceList;
    for (const ProjectSource &s : sources) {
        QJsonObject o;
        writePath(o, s.path, projectDir);
        // Written only for AIS: an events source reads as before in older builds.
        if (s.kind == ProjectSource::Kind::Ais)
            o.insert(QStringLiteral("kind"), QStringLiteral("ais"));
        if (!s.morePaths.isEmpty()) {
            QJsonArray more;
            for (const QString &path : s.morePaths) {
                QJsonObject file;
                writePath(file, path, projectDir);
                more.append(file);
            }
            o.insert(QStringLiteral("more"), more);
        }
        if (!s.layer.isEmpty())
            o.insert(QStringLiteral("layer"), s.layer);
        if (!s.fieldOverrides.isEmpty())
            o.insert(QStringLiteral("fields"), QJsonArray::fromStringList(s.fieldOverrides));
        if (s.dedupe)
            o.insert(QStringLiteral("dedupe"), true);
        sourceList.append(o);
    }
    json.insert(kSourcesKey, sourceList);

    QJsonObject filters;
    QJsonObject time;
    if (from)
        time.insert(QStringLiteral("from"), timeJson(*from));
    if (to)
        time.insert(QStringLiteral("to"), timeJson(*to));
    filters.insert(QStringLiteral("time"), time);
    QJsonObject area;
    QJsonArray ring;
    for (const QPointF &v : polygon)
        ring.append(QJsonArray {v.x(), v.y()});
    area.insert(QStringLiteral("polygon"), ring);
    area.insert(QStringLiteral("followView"), areaFollowsView);
    if (box)
        area.insert(QStringLiteral("box"),
                    QJsonArray {box->west, box->south, box->east, box->north});
    filters.insert(QStringLiteral("area"), area);
    filters.insert(QStringLiteral("text"), text);
    QJsonObject hidden;
    for (auto it = hiddenCategories.begin(); it != hiddenCategories.end(); ++it) {
        QStringList values(it.value().begin(), it.value().end());
        values.sort(); // the same state gives the same file
        hidden.insert(it.key(), QJsonArray::fromStringList(values));
    }
    filters.insert(QStringLiteral("hiddenCategories"), hidden);
    json.insert(kFiltersKey, filters);

    json.insert(kViewKey,
                QJsonObject {{QStringLiteral("centerLon"), centerLon},
                             {QStringLiteral("centerLat"), centerLat},
                             {QStringLiteral("zoom"), zoom},
                             {QStringLiteral("width"), viewWidth},
                             {QStringLiteral("height"), viewHeight}});

    QJsonObject layers;
    layers.insert(QStringLiteral("basemap"), basemap);
    layers.insert(QStringLiteral("tileUrl"), tileUrl);
    layers.insert(QStringLiteral("colorBy"), colorBy);
    layers.insert(QStringLiteral("sizeByVolume"), sizeByVolume);
    layers.insert(QStringLiteral("graticule"), graticule);
    layers.insert(QStringLiteral("scaleBar"), scaleBar);
    layers.insert(QStringLiteral("attribution"), attribution);
    layers.insert(QStringLiteral("eventsVisible"), eventsVisible);
    QJsonArray overlayList;
    for (const ProjectOverlay &o : overlays) {
        QJsonObject entry;
        writePath(entry, o.path, projectDir);
        entry.insert(QStringLiteral("color"), o.color);
        entry.insert(QStringLiteral("visible"), o.visible);
        if (o.opacity < 1)
            entry.insert(QStringLiteral("opacity"), o.opacity);
        overlayList.append(entry);
    }
    layers.insert(QStringLiteral("overlays"), overlayList);
    json.insert(kLayersKey, layers);

    json.insert(kAnnotationsKey, annotations);
    json.insert(kExportKey, exportSettings);
    json.insert(kSectionsKey, sections);
    if (!detected.isEmpty()) // absent: read as before by older builds
        json.insert(kDetectedKey, detected);
    return json;
}

bool Project::fromJson(const QJsonObject &json, const QString &projectDir, Project *out,
                       QString *error)
{
    QString message;
    Reader top(json, QString(), &message);
    const QString format = top.text(kFormatKey, true);
    if (top.ok() && format != kFormat) {
        *error = QStringLiteral("not a Rendezvous project (format \"%1\")").arg(format);
        return false;
    }
    const double version = top.number(kVersionKey, true);
    if (top.ok() && (version < 1 || version != std::floor(version)))
        top.fail(QStringLiteral("\"version\" must be a whole number from 1, not %1").arg(version));
    if (top.ok() && version > kVersion) {
        *error = QStringLiteral("made by a newer Rendezvous (version %1); this one reads up to %2")
                     .arg(static_cast<qint64>(std::min(version, 9e15)))
                     .arg(kVersion);
        return false;
    }

    Project p;
    if (top.ok())
        readSources(top, projectDir, p, &message);
    if (top.ok())
        readFilters(top, p, &message);
    if (top.ok()) {
        Reader view(top.object(kViewKey, true), kViewKey, &message);
        p.centerLon = view.number(QStringLiteral("centerLon"), true);
        p.centerLat = view.number(QStringLiteral("centerLat"), true);
        p.zoom = view.number(QStringLiteral("zoom"), true);
        const double width = view.number(QStringLiteral("width"), false);
        const double height = view.number(QStringLiteral("height"), false);
        if (view.ok() && (width < 0 || width > 100000 || height < 0 || height > 100000))
            view.fail(
                QStringLiteral("\"view.width\" and \"view.height\" must be within 0..100000"));
        p.viewWidth = int(width);
        p.viewHeight = int(height);
        if (view.ok() && (p.centerLat < -90 || p.centerLat > 90))
            view.fail(QStringLiteral("\"view.centerLat\" must be within -90..90"));
        if (view.ok() && (p.zoom < 0 || p.zoom > 30))
            view.fail(QStringLiteral("\"view.zoom\" must be within 0..30"));
    }
    if (top.ok())
        readLayers(top, projectDir, p, &message);
    if (top.ok()) {
        p.annotations = top.array(kAnnotationsKey, false);
        p.exportSettings = top.object(kExportKey, false);
        p.sections = top.object(kSectionsKey, false);
        p.detected = top.object(kDetectedKey, false);
        // Checked now, not when the window applies it: a damaged file changes nothing.
        QString why;
        if (top.ok() && !p.detected.isEmpty() && !eventstorejson::fromJson(p.detected, &why))
            top.fail(QStringLiteral("\"%1\": %2").arg(kDetectedKey, why));
    }
    if (!top.ok()) {
        *error = message;
        return false;
    }
    *out = std::move(p);
    return true;
}

bool Project::parse(const QByteArray &bytes, const QString &projectDir, Project *out,
                    QString *error, QJsonObject *raw)
{
    if (bytes.trimmed().isEmpty()) {
        *error = QStringLiteral("the file is empty");
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("damaged file: %1 at byte %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("not a Rendezvous project (the file holds no JSON object)");
        return false;
    }
    const QJsonObject json = doc.object();
    if (!fromJson(json, projectDir, out, error))
        return false;
    if (raw)
        *raw = json;
    return true;
}

bool Project::read(const QString &path, Project *out, QString *error, QJsonObject *raw)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    return parse(bytes, QFileInfo(path).absolutePath(), out, error, raw);
}

bool Project::write(const QString &path, QString *error, const QJsonObject &extra,
                    const projectio::WriteProgress &progress) const
{
    QJsonObject json = toJson(QFileInfo(path).absolutePath());
    for (auto it = extra.begin(); it != extra.end(); ++it)
        json.insert(it.key(), it.value());
    return projectio::writeAtomically(path, QJsonDocument(json).toJson(QJsonDocument::Indented),
                                      error, progress);
}

bool projectio::writeAtomically(const QString &path, const QByteArray &bytes, QString *error,
                                const WriteProgress &progress)
{
    QSaveFile file(path);
    const auto failed = [&](const QString &why) {
        *error = QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), why);
        file.cancelWriting();
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    const qint64 total = bytes.size();
    for (qint64 done = 0; done < total;) {
        const qint64 n = file.write(bytes.constData() + done, std::min(kChunk, total - done));
        if (n <= 0)
            return failed(file.errorString());
        done += n;
        if (progress)
            progress(done, total);
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

QString projectio::timeToText(int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

std::optional<int64_t> projectio::timeFromText(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime) // no offset written: UTC, as everywhere in the file
        t.setTimeSpec(Qt::UTC);
    return t.toMSecsSinceEpoch();
}
