#include "portsfile.h"

#include "io/gdalmodule.h"

#include <QFile>
#include <QFileInfo>

#include <cmath>

namespace detect {
namespace {

// One line split on the delimiter; double quotes group and "" is a quote.
QStringList splitLine(const QString &line, QChar delimiter)
{
    QStringList out;
    QString field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == u'"' && i + 1 < line.size() && line[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == delimiter) {
            out << field.trimmed();
            field.clear();
        } else {
            field += c;
        }
    }
    out << field.trimmed();
    return out;
}

int findColumn(const QStringList &header, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        for (int i = 0; i < header.size(); ++i) {
            if (header[i].compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return i;
        }
    }
    return -1;
}

bool parseDegrees(const QString &text, double limit, double *out)
{
    bool ok = false;
    QString t = text;
    t.replace(u',', u'.'); // 12,5 in a semicolon-separated file
    const double v = t.toDouble(&ok);
    if (!ok || !std::isfinite(v) || std::abs(v) > limit)
        return false;
    *out = v;
    return true;
}

} // namespace

QStringList PortsFile::messages(const QString &path) const
{
    QStringList out;
    const QString name = QFileInfo(path).fileName();
    for (const Rejected &r : rejected)
        out << (r.where.isEmpty() ? QStringLiteral("%1: %2").arg(name, r.reason)
                                  : QStringLiteral("%1 %2: %3").arg(name, r.where, r.reason));
    return out;
}

PortsFile parsePortsText(const QByteArray &text)
{
    PortsFile out;
    const QStringList lines = QString::fromUtf8(text).split(u'\n');
    int headerLine = -1;
    for (int i = 0; i < lines.size(); ++i) {
        if (!lines[i].trimmed().isEmpty()) {
            headerLine = i;
            break;
        }
    }
    if (headerLine < 0) {
        out.error = QStringLiteral("the file is empty");
        return out;
    }
    QString header = lines[headerLine];
    if (header.startsWith(QChar(0xFEFF)))
        header.remove(0, 1);
    header.remove(u'\r');
    // The delimiter the header uses most.
    QChar delimiter = u',';
    int most = 0;
    for (const QChar d : {QChar(u','), QChar(u';'), QChar(u'\t'), QChar(u'|')}) {
        const int n = int(header.count(d));
        if (n > most) {
            most = n;
            delimiter = d;
        }
    }
    const QStringList columns = splitLine(header, delimiter);
    const int lat = findColumn(columns, {"lat", "latitude", "y", "lat_dd", "latitude_dd"});
    const int lon =
        findColumn(columns, {"lon", "lng", "long", "longitude", "x", "lon_dd", "longitude_dd"});
    const int name = findColumn(columns, {"name", "port", "port_name", "portname", "anchorage"});
    if (lat < 0 || lon < 0) {
        out.error = QStringLiteral("line %1: no latitude and longitude columns (lat/latitude "
                                   "and lon/lng/longitude) in \"%2\"")
                        .arg(headerLine + 1)
                        .arg(header.trimmed());
        return out;
    }
    for (int i = headerLine + 1; i < lines.size(); ++i) {
        QString line = lines[i];
        line.remove(u'\r');
        if (line.trimmed().isEmpty())
            continue;
        const QStringList f = splitLine(line, delimiter);
        const QString number = QStringLiteral("line %1").arg(i + 1);
        if (f.size() <= std::max(lat, lon)) {
            out.rejected.push_back(
                {number,
                 QStringLiteral("%1 fields, the header has %2").arg(f.size()).arg(columns.size())});
            continue;
        }
        double la = 0, lo = 0;
        if (!parseDegrees(f[lat], 90.0, &la)) {
            out.rejected.push_back(
                {number,
                 QStringLiteral("latitude \"%1\" is not a number within ±90°").arg(f[lat])});
            continue;
        }
        if (!parseDegrees(f[lon], 180.0, &lo)) {
            out.rejected.push_back(
                {number,
                 QStringLiteral("longitude \"%1\" is not a number within ±180°").arg(f[lon])});
            continue;
        }
        Port port;
        port.kind = Port::Kind::Point;
        if (name >= 0 && name < f.size())
            port.name = f[name];
        port.parts = {{{lo, la}}};
        out.ports.push_back(std::move(port));
    }
    return out;
}

PortsFile readPorts(const QString &path)
{
    PortsFile out;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv") || suffix == QLatin1String("tsv")
        || suffix == QLatin1String("txt")) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            out.error = QStringLiteral("%1: %2").arg(path, file.errorString());
            return out;
        }
        out = parsePortsText(file.readAll());
        if (!out.error.isEmpty())
            out.error = QStringLiteral("%1 %2").arg(path, out.error);
        return out;
    }
    if (!QFileInfo::exists(path)) {
        out.error = QStringLiteral("%1: no such file").arg(path);
        return out;
    }
    const gdal::ShapeLayer layer = gdal::readShapes(path);
    if (!layer.error.isEmpty()) {
        out.error = layer.error;
        return out;
    }
    const int name = [&] {
        for (const char *n : {"name", "port", "port_name", "portname", "anchorage"}) {
            for (int i = 0; i < layer.fields.size(); ++i) {
                if (layer.fields[i].compare(QLatin1String(n), Qt::CaseInsensitive) == 0)
                    return i;
            }
        }
        return -1;
    }();
    // Features that are no shape are rejections like the others, in one line each.
    for (const QString &skipped : layer.skipped())
        out.rejected.push_back({QString(), skipped});
    for (const gdal::GeoShape &s : layer.shapes) {
        Port port;
        port.kind = s.kind == gdal::GeoShape::Kind::Point ? Port::Kind::Point
            : s.kind == gdal::GeoShape::Kind::Line        ? Port::Kind::Line
                                                          : Port::Kind::Polygon;
        if (name >= 0 && name < s.attributes.size())
            port.name = s.attributes[name];
        bool valid = !s.parts.empty();
        for (const auto &part : s.parts) {
            for (const auto &p : part) {
                if (!std::isfinite(p.first) || !std::isfinite(p.second) || std::abs(p.second) > 90.0
                    || std::abs(p.first) > 540.0)
                    valid = false;
            }
            if (part.empty())
                valid = false;
        }
        if (!valid) {
            out.rejected.push_back({QStringLiteral("feature %1").arg(s.feature),
                                    QStringLiteral("no valid lon/lat geometry (a ports file "
                                                   "must be in WGS 84 degrees)")});
            continue;
        }
        port.parts = s.parts;
        out.ports.push_back(std::move(port));
    }
    return out;
}

} // namespace detect
