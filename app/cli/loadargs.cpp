#include "loadargs.h"

#include "io/timeparser.h"

#include <QJsonArray>

void LoadArgs::addTo(QCommandLineParser &parser)
{
    parser.addOptions({m_layer, m_field, m_from, m_to, m_bbox, m_search, m_dedupe, m_reader, m_as});
}

void LoadArgs::addTrackOptionsTo(QCommandLineParser &parser)
{
    m_tracks = true;
    m_field.setDescription(
        QStringLiteral("Map a field to a column, e.g. id=oid or time=t (repeatable). Keys: mmsi, "
                       "id, time, lat, lon, sog, cog, heading, imo, name, callsign, shiptype, "
                       "length, width."));
    m_from.setDescription(QStringLiteral("Count positions at or after D (date = whole UTC day, "
                                         "or ISO 8601)."));
    m_to.setDescription(
        QStringLiteral("Count positions at or before D (a date includes the whole day)."));
    m_bbox.setDescription(QStringLiteral("Count positions inside W,S,E,N (W > E crosses the "
                                         "antimeridian)."));
    m_layer.setDescription(QStringLiteral("Table of a PG: database to read."));
    parser.addOptions({m_layer, m_field, m_from, m_to, m_bbox, m_as});
}

void LoadArgs::addDetectOptionsTo(QCommandLineParser &parser)
{
    m_tracks = true;
    m_field.setDescription(QStringLiteral("Read column COLUMN as KEY, e.g. time=t"));
    m_from.setDescription(QStringLiteral("Analyse from D (UTC date or ISO 8601 time)"));
    m_to.setDescription(QStringLiteral("Analyse up to D (a date: to the end of that day)"));
    m_bbox.setDescription(QStringLiteral("Analyse inside W,S,E,N (W > E: across 180°)"));
    m_as.setDescription(QStringLiteral("ais: read FILE as AIS whatever its columns"));
    m_layer.setDescription(QStringLiteral("Table: of a PG: FILE, else of -o PG:"));
    parser.addOptions({m_layer, m_field, m_from, m_to, m_bbox, m_as});
}

bool LoadArgs::read(const QCommandLineParser &parser, QString *error)
{
    options.fieldOverrides = parser.values(m_field);
    options.layer = parser.value(m_layer);
    if (!m_tracks) {
        options.dedupe = parser.isSet(m_dedupe);
        const QString reader = parser.value(m_reader).toLower();
        if (reader == QLatin1String("ogr"))
            options.reader = LoadOptions::Reader::Ogr;
        else if (reader == QLatin1String("csv"))
            options.reader = LoadOptions::Reader::FastCsv;
        else if (reader != QLatin1String("auto")) {
            *error = QStringLiteral("--reader must be auto, csv or ogr, not '%1'").arg(reader);
            return false;
        }
        filter.text = parser.value(m_search);
    }
    if (parser.isSet(m_as)) {
        const QString as = parser.value(m_as).toLower();
        if (as == QLatin1String("events"))
            this->as = DataAs::Events;
        else if (as == QLatin1String("ais"))
            this->as = DataAs::Ais;
        else {
            *error = QStringLiteral("--as must be events or ais, not '%1'").arg(parser.value(m_as));
            return false;
        }
    }
    if (parser.isSet(m_from)) {
        filter.from = EventFilter::parseBound(parser.value(m_from), false, error);
        if (!filter.from)
            return false;
    }
    if (parser.isSet(m_to)) {
        filter.to = EventFilter::parseBound(parser.value(m_to), true, error);
        if (!filter.to)
            return false;
    }
    if (filter.from && filter.to && *filter.from > *filter.to) {
        *error = QStringLiteral("--from is after --to");
        return false;
    }
    if (parser.isSet(m_bbox)) {
        filter.bbox = GeoBox::parse(parser.value(m_bbox), error);
        if (!filter.bbox)
            return false;
    }
    return true;
}

QJsonObject LoadArgs::filterJson() const
{
    QJsonObject o;
    if (filter.from)
        o.insert(QStringLiteral("from"), timeparse::toIso(*filter.from));
    if (filter.to)
        o.insert(QStringLiteral("to"), timeparse::toIso(*filter.to));
    if (filter.bbox)
        o.insert(QStringLiteral("bbox"),
                 QJsonArray {filter.bbox->west, filter.bbox->south, filter.bbox->east,
                             filter.bbox->north});
    if (!filter.text.isEmpty())
        o.insert(QStringLiteral("search"), filter.text);
    return o;
}
