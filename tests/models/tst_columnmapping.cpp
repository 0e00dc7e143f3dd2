#include "eventfields.h"
#include "io/columnmapping.h"

#include <QJsonDocument>
#include <QtTest>

namespace {

// Real header rows, copied here so the tests do not depend on the sample files.
const QStringList kMarineCadastre = {
    "MMSI",       "BaseDateTime",    "LAT",        "LON",   "SOG",
    "COG",        "Heading",         "VesselName", "IMO",   "CallSign",
    "VesselType", "Status",          "Length",     "Width", "Draft",
    "Cargo",      "TransceiverClass"};
const QStringList kDma = {"# Timestamp", "Type of mobile",
                          "MMSI",        "Latitude",
                          "Longitude",   "Navigational status",
                          "ROT",         "SOG",
                          "COG",         "Heading",
                          "IMO",         "Callsign",
                          "Name",        "Ship type",
                          "Cargo type",  "Width",
                          "Length",      "Type of position fixing device",
                          "Draught",     "Destination",
                          "ETA",         "Data source type"};
const QStringList kGfwEncounters = {"fishing_vessel_mmsi", "transshipment_vessel_mmsi",
                                    "start_time",          "end_time",
                                    "mean_latitude",       "mean_longitude",
                                    "duration_hr",         "median_distance_km",
                                    "median_speed_knots"};
const QStringList kGfwPortal = {"id",
                                "type",
                                "start",
                                "end",
                                "lat",
                                "lon",
                                "vessel.id",
                                "vessel.mmsi",
                                "vessel.name",
                                "vessel.flag",
                                "vessel.type",
                                "median_speed_knots",
                                "distance_from_shore_m",
                                "distance_from_port_m",
                                "regions.eez",
                                "regions.rfmo",
                                "encounter.median_distance_km",
                                "encounter.encountered_vessel.mmsi",
                                "encounter.encountered_vessel.name",
                                "encounter.encountered_vessel.flag"};

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Fields that use each column; more than one would mean a column feeds two fields.
void checkNoDoubleUse(const ColumnMapping &m, const QStringList &headers)
{
    QList<int> uses(headers.size(), 0);
    for (int f = 0; f < FieldCount; ++f) {
        const int c = m.column(static_cast<Field>(f));
        if (c < 0)
            continue;
        QVERIFY2(c < headers.size(), "column out of range");
        QVERIFY2(++uses[c] == 1, qPrintable("column used twice: " + headers.at(c)));
    }
}

} // namespace

class TestColumnMapping : public QObject
{
    Q_OBJECT

private slots:
    void normalise_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("expected");
        const QList<std::pair<QString, QString>> rows = {
            {"Date/Time (UTC)", "datetimeutc"},
            {"encounter.encountered_vessel.name", "encounterencounteredvesselname"},
            {"encounter.encounteredVessel.name", "encounterencounteredvesselname"},
            {"# Timestamp", "timestamp"},
            {"  LAT  ", "lat"},
            {"Quantity (bbl)", "quantitybbl"},
            {"vessel_a-name", "vesselaname"},
            {"Vessel 1", "vessel1"},
            {"MMSI_1", "mmsi1"},
            {"", ""},
            {"___", ""},
            {QString::fromUtf8("L\xC3\xA4nge"), QString::fromUtf8("l\xC3\xA4nge")},
            {QString::fromUtf8("\xC3\x89TA"), QString::fromUtf8("\xC3\xA9ta")},
            {QString::fromUtf8("\xEF\xBB\xBFid"), "id"}, // UTF-8 BOM on the first header
            {QString::fromUtf8("Breite\xC2\xB0"), "breite"},
            {QString::fromUtf8("\xD0\xA8\xD0\xB8\xD1\x80\xD0\xBE\xD1\x82\xD0\xB0"),
             QString::fromUtf8("\xD1\x88\xD0\xB8\xD1\x80\xD0\xBE\xD1\x82\xD0\xB0")},
        };
        for (const auto &[in, out] : rows)
            QTest::newRow(qPrintable("'" + in + "'")) << in << out;
    }
    void normalise()
    {
        QFETCH(QString, header);
        QFETCH(QString, expected);
        QCOMPARE(ColumnMapping::normalise(header), expected);
    }

    // One row per alias spelling people use (and our own keys, labels and short names).
    void alias_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("field");
        const QList<std::pair<const char *, QStringList>> families = {
            {"id",
             {"id", "ID", "event_id", "eventid", "Event ID", "event.id", "transfer_id", "sts_id",
              "uid", "fid"}},
            {"start", {"start",           "Start",      "start_time",  "starttime",
                       "start_date",      "begin",      "begin_time",  "Date/Time (UTC)",
                       "datetime",        "date_time",  "timestamp",   "# Timestamp",
                       "BaseDateTime",    "time",       "date",        "event_start",
                       "start_timestamp", "first_seen", "Start (UTC)", "starting_timestamp"}},
            {"end",
             {"end", "end_time", "endtime", "end_date", "finish", "stop", "event_end",
              "end_timestamp", "last_seen", "End (UTC)", "ending_timestamp"}},
            {"lat",
             {"lat", "LAT", "latitude", "Latitude", "mean_latitude", "meanlat", "lat_dd", "y", "Y",
              "latitude_dd", "lat_deg", "position_lat", "position.lat", "location_lat",
              "decimalLatitude"}},
            {"lon",
             {"lon", "LON", "lng", "long", "longitude", "Longitude", "mean_longitude", "x",
              "lon_dd", "position_lon", "position.lon", "location_lon", "decimalLongitude"}},
            {"geometry", {"wkt", "WKT", "geometry", "geom", "the_geom", "wkt_geom", "shape"}},
            {"vessel_a",
             {"vessel_a", "vessel_a_name", "vessela", "vessel1", "Vessel 1", "vessel_1_name",
              "ship1", "ship_a", "ship_1", "vessel.name", "vessel_name", "VesselName", "Name",
              "ship_name", "shipname", "vessel", "a_name", "Vessel A"}},
            {"vessel_a_imo",
             {"vessel_a_imo", "vessel1_imo", "imo1", "imo_1", "IMO 1", "ship1_imo", "vessel.imo",
              "imo", "IMO", "a_imo", "Vessel A IMO"}},
            {"vessel_a_mmsi",
             {"vessel_a_mmsi", "vessel1_mmsi", "mmsi1", "mmsi_1", "fishing_vessel_mmsi",
              "vessel.mmsi", "vessel_mmsi", "mmsi", "MMSI", "a_mmsi", "vessel.ssvid"}},
            {"vessel_a_flag",
             {"vessel_a_flag", "flag1", "flag_1", "vessel.flag", "flag", "vessel_flag", "a_flag"}},
            {"vessel_b",
             {"vessel_b", "vessel_b_name", "vesselb", "vessel2", "Vessel 2", "vessel_2_name",
              "ship2", "ship_b", "ship_2", "b_name", "encounter.encountered_vessel.name",
              "encounter.encounteredVessel.name", "encounter.vessel.name", "Vessel B"}},
            {"vessel_b_imo",
             {"vessel_b_imo", "vessel2_imo", "imo2", "imo_2", "ship2_imo", "b_imo",
              "encounter.encountered_vessel.imo", "encounter.encounteredVessel.imo"}},
            {"vessel_b_mmsi",
             {"vessel_b_mmsi", "vessel2_mmsi", "mmsi2", "mmsi_2", "b_mmsi",
              "transshipment_vessel_mmsi", "encounter.encountered_vessel.mmsi",
              "encounter.encounteredVessel.mmsi", "encounter.vessel.ssvid"}},
            {"vessel_b_flag",
             {"vessel_b_flag", "flag2", "flag_2", "b_flag", "encounter.encountered_vessel.flag",
              "encounter.encounteredVessel.flag"}},
            {"cargo",
             {"cargo", "Cargo", "cargo_type", "Cargo type", "commodity", "product", "goods"}},
            {"volume",
             {"volume_bbl", "Quantity (bbl)", "quantity_bbl", "barrels", "bbl", "volume_barrels",
              "volume", "quantity", "amount_bbl", "Volume (bbl)"}},
            {"confidence", {"confidence", "confidence_level", "certainty", "reliability"}},
            {"source", {"source", "reference", "ref", "source_reference", "citation", "url"}},
            {"notes", {"notes", "note", "comments", "comment", "remarks", "description"}},
        };
        for (const auto &[key, headers] : families) {
            for (const QString &h : headers)
                QTest::newRow(qPrintable(QString::fromLatin1(key) + " <- " + h))
                    << h << QString::fromLatin1(key);
        }
        // Every field's machine key and human label, as our own exports write them.
        for (int f = 0; f < FieldCount; ++f) {
            const QString key = fieldKey(static_cast<Field>(f));
            const QString label = fieldLabel(static_cast<Field>(f));
            QTest::newRow(qPrintable("key " + key)) << key << key;
            QTest::newRow(qPrintable("label " + label)) << label << key;
        }
    }
    void alias()
    {
        QFETCH(QString, header);
        QFETCH(QString, field);
        const QStringList headers = {"unrelated", header, "other_column"};
        const ColumnMapping m = ColumnMapping::detect(headers);
        const QJsonObject expected {{field, header}};
        QCOMPARE(compact(m.toJson(headers)), compact(expected));
    }

    void notMapped_data()
    {
        QTest::addColumn<QString>("header");
        for (const char *h : {"vessel.id",
                              "volume_t",
                              "quantity_mt",
                              "tonnes",
                              "volume_m3",
                              "Quantity (t)",
                              "cargo_volume",
                              "vessel.type",
                              "type",
                              "duration_hr",
                              "median_distance_km",
                              "median_speed_knots",
                              "Data source type",
                              "Ship type",
                              "Type of mobile",
                              "Destination",
                              "distance_from_shore_m",
                              "regions.eez",
                              "encounter.median_distance_km",
                              "SOG",
                              "Heading",
                              "CallSign",
                              "identifier",
                              "start_lat",
                              "vessel_type",
                              "",
                              "#",
                              "___"})
            QTest::newRow(h) << QString::fromLatin1(h);
    }
    void notMapped()
    {
        QFETCH(QString, header);
        QCOMPARE(compact(ColumnMapping::detect({header}).toJson({header})), QByteArray("{}"));
    }

    void realWorld_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QJsonObject>("expected");
        QTest::newRow("NOAA MarineCadastre AIS")
            << kMarineCadastre
            << QJsonObject {
                   {"start", "BaseDateTime"},  {"lat", "LAT"},          {"lon", "LON"},
                   {"vessel_a", "VesselName"}, {"vessel_a_imo", "IMO"}, {"vessel_a_mmsi", "MMSI"},
                   {"cargo", "Cargo"}};
        QTest::newRow("DMA aisdk")
            << kDma << QJsonObject {{"start", "# Timestamp"}, {"lat", "Latitude"},
                                    {"lon", "Longitude"},     {"vessel_a", "Name"},
                                    {"vessel_a_imo", "IMO"},  {"vessel_a_mmsi", "MMSI"},
                                    {"cargo", "Cargo type"}};
        QStringList dmaWithBom = kDma;
        dmaWithBom[0] = QString::fromUtf8("\xEF\xBB\xBF# Timestamp");
        QTest::newRow("DMA aisdk with BOM")
            << dmaWithBom << QJsonObject {{"start", dmaWithBom[0]}, {"lat", "Latitude"},
                                          {"lon", "Longitude"},     {"vessel_a", "Name"},
                                          {"vessel_a_imo", "IMO"},  {"vessel_a_mmsi", "MMSI"},
                                          {"cargo", "Cargo type"}};
        QTest::newRow("GFW encounter release")
            << kGfwEncounters
            << QJsonObject {{"vessel_a_mmsi", "fishing_vessel_mmsi"},
                            {"vessel_b_mmsi", "transshipment_vessel_mmsi"},
                            {"start", "start_time"},
                            {"end", "end_time"},
                            {"lat", "mean_latitude"},
                            {"lon", "mean_longitude"}};
        const QJsonObject portal {{"id", "id"},
                                  {"start", "start"},
                                  {"end", "end"},
                                  {"lat", "lat"},
                                  {"lon", "lon"},
                                  {"vessel_a_mmsi", "vessel.mmsi"},
                                  {"vessel_a", "vessel.name"},
                                  {"vessel_a_flag", "vessel.flag"},
                                  {"vessel_b_mmsi", "encounter.encountered_vessel.mmsi"},
                                  {"vessel_b", "encounter.encountered_vessel.name"},
                                  {"vessel_b_flag", "encounter.encountered_vessel.flag"}};
        QTest::newRow("GFW portal export") << kGfwPortal << portal;
        QStringList camel = kGfwPortal;
        camel.replaceInStrings("encountered_vessel", "encounteredVessel");
        camel.replaceInStrings("median_distance_km", "medianDistanceKilometers");
        QJsonObject camelExpected = portal;
        for (const char *k : {"vessel_b_mmsi", "vessel_b", "vessel_b_flag"})
            camelExpected[k] =
                camelExpected[k].toString().replace("encountered_vessel", "encounteredVessel");
        QTest::newRow("GFW portal export, camelCase") << camel << camelExpected;
        QTest::newRow("GFW loitering")
            << QStringList {"transshipment_mmsi", "starting_latitude",  "starting_longitude",
                            "ending_latitude",    "ending_longitude",   "starting_timestamp",
                            "ending_timestamp",   "median_speed_knots", "total_event_hours"}
            << QJsonObject {{"vessel_a_mmsi", "transshipment_mmsi"},
                            {"lat", "starting_latitude"},
                            {"lon", "starting_longitude"},
                            {"start", "starting_timestamp"},
                            {"end", "ending_timestamp"}};
        const QStringList shortNames = {"id",         "start",  "end",    "lat",    "lon",
                                        "a_name",     "a_imo",  "a_mmsi", "a_flag", "b_name",
                                        "b_imo",      "b_mmsi", "b_flag", "cargo",  "volume_bbl",
                                        "confidence", "source", "notes"};
        QJsonObject shortExpected;
        const QStringList shortKeys = {
            "id",           "start",         "end",           "lat",           "lon",
            "vessel_a",     "vessel_a_imo",  "vessel_a_mmsi", "vessel_a_flag", "vessel_b",
            "vessel_b_imo", "vessel_b_mmsi", "vessel_b_flag", "cargo",         "volume",
            "confidence",   "source",        "notes"};
        for (int i = 0; i < shortNames.size(); ++i) {
            QVERIFY(shortNames[i].size() <= 10); // Shapefile field names
            shortExpected[shortKeys[i]] = shortNames[i];
        }
        QTest::newRow("our Shapefile short names") << shortNames << shortExpected;
        QTest::newRow("investigator spreadsheet")
            << QStringList {"Date/Time (UTC)",
                            "Vessel 1",
                            "IMO 1",
                            "Vessel 2",
                            "IMO 2",
                            "Latitude",
                            "Longitude",
                            "Cargo",
                            "Quantity (bbl)",
                            "Quantity (t)",
                            "Confidence",
                            "Source",
                            "Notes"}
            << QJsonObject {{"start", "Date/Time (UTC)"}, {"vessel_a", "Vessel 1"},
                            {"vessel_a_imo", "IMO 1"},    {"vessel_b", "Vessel 2"},
                            {"vessel_b_imo", "IMO 2"},    {"lat", "Latitude"},
                            {"lon", "Longitude"},         {"cargo", "Cargo"},
                            {"volume", "Quantity (bbl)"}, {"confidence", "Confidence"},
                            {"source", "Source"},         {"notes", "Notes"}};
        QTest::newRow("projected and geographic columns")
            << QStringList {"x", "y", "lon", "lat"} << QJsonObject {{"lat", "lat"}, {"lon", "lon"}};
        QTest::newRow("QGIS CSV export with WKT")
            << QStringList {"WKT", "fid", "event_id", "start_time", "lat", "lon"}
            << QJsonObject {{"geometry", "WKT"},
                            {"id", "event_id"},
                            {"start", "start_time"},
                            {"lat", "lat"},
                            {"lon", "lon"}};
    }
    void realWorld()
    {
        QFETCH(QStringList, headers);
        QFETCH(QJsonObject, expected);
        const ColumnMapping m = ColumnMapping::detect(headers);
        QCOMPARE(compact(m.toJson(headers)), compact(expected));
        checkNoDoubleUse(m, headers);
    }

    void priority_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("column");
        QTest::newRow("lat beats y") << QStringList {"y", "lat"} << "lat" << 1;
        QTest::newRow("lon beats x") << QStringList {"x", "lon"} << "lon" << 1;
        QTest::newRow("lat beats latitude") << QStringList {"latitude", "lat"} << "lat" << 1;
        QTest::newRow("start_time beats timestamp")
            << QStringList {"timestamp", "start_time"} << "start" << 1;
        QTest::newRow("event_start beats date")
            << QStringList {"date", "event_start"} << "start" << 1;
        QTest::newRow("time beats date") << QStringList {"date", "time"} << "start" << 1;
        QTest::newRow("volume_bbl beats volume")
            << QStringList {"volume", "volume_bbl"} << "volume" << 1;
        QTest::newRow("vessel_name beats vessel")
            << QStringList {"vessel", "vessel_name"} << "vessel_a" << 1;
        QTest::newRow("vessel_a_name beats vessel_name")
            << QStringList {"vessel_name", "vessel_a_name"} << "vessel_a" << 1;
        QTest::newRow("vessel_a_mmsi beats mmsi")
            << QStringList {"mmsi", "vessel_a_mmsi"} << "vessel_a_mmsi" << 1;
        QTest::newRow("leftmost of equal names")
            << QStringList {"Vessel Name", "vessel_name"} << "vessel_a" << 0;
        QTest::newRow("id, not vessel.id") << QStringList {"vessel.id", "id"} << "id" << 1;
        QTest::newRow("no id from vessel.id") << QStringList {"vessel.id"} << "id" << -1;
        QTest::newRow("event_id beats fid") << QStringList {"fid", "event_id"} << "id" << 1;
        QTest::newRow("geometry with lat/lon")
            << QStringList {"lat", "lon", "wkt"} << "geometry" << 2;
    }
    void priority()
    {
        QFETCH(QStringList, headers);
        QFETCH(QString, field);
        QFETCH(int, column);
        const ColumnMapping m = ColumnMapping::detect(headers);
        QCOMPARE(m.column(*fieldFromKey(field)), column);
        checkNoDoubleUse(m, headers);
        // The losing candidate is left for the extra columns, not given to another field.
        int mapped = 0;
        for (int f = 0; f < FieldCount; ++f)
            mapped += m.has(static_cast<Field>(f));
        const bool geometryRow = field == QLatin1String("geometry");
        QCOMPARE(mapped, column < 0 ? 0 : (geometryRow ? 3 : 1));
    }

    // Every alias is normalised, belongs to one family only, and all of them in one
    // file give each field its first alias without sharing a column.
    void aliasTableIsConsistent()
    {
        QHash<QString, int> owner;
        QStringList all;
        for (int f = 0; f < FieldCount; ++f) {
            const QStringList aliases = ColumnMapping::aliases(static_cast<Field>(f));
            QVERIFY(!aliases.isEmpty());
            for (const QString &a : aliases) {
                QVERIFY2(!a.isEmpty() && ColumnMapping::normalise(a) == a, qPrintable(a));
                QVERIFY2(!owner.contains(a), qPrintable("alias in two families: " + a));
                owner.insert(a, f);
                all.append(a);
            }
        }
        const ColumnMapping m = ColumnMapping::detect(all);
        checkNoDoubleUse(m, all);
        for (int f = 0; f < FieldCount; ++f) {
            const Field field = static_cast<Field>(f);
            QCOMPARE(all.at(m.column(field)), ColumnMapping::aliases(field).first());
        }
    }

    void overrides_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QStringList>("assignments");
        QTest::addColumn<QString>("error"); // of the last assignment; empty = success
        QTest::addColumn<QJsonObject>("expected");
        const QStringList when = {"When", "Lat", "Lon"};
        const QJsonObject latLon {{"lat", "Lat"}, {"lon", "Lon"}};
        QJsonObject withStart = latLon;
        withStart["start"] = "When";
        QTest::newRow("exact") << when << QStringList {"start=When"} << QString() << withStart;
        QTest::newRow("normalised") << when << QStringList {"start=WHEN"} << QString() << withStart;
        QTest::newRow("spaces around key and column")
            << when << QStringList {" Start = When "} << QString() << withStart;
        QTest::newRow("key synonym") << when << QStringList {"time=When"} << QString() << withStart;
        QTest::newRow("exact name with spaces")
            << QStringList {"My column", "lat", "lon"} << QStringList {"start=My column"}
            << QString() << QJsonObject {{"start", "My column"}, {"lat", "lat"}, {"lon", "lon"}};
        QTest::newRow("exact beats normalised")
            << QStringList {"my column", "My Column"} << QStringList {"start=My Column"}
            << QString() << QJsonObject {{"start", "My Column"}};
        QTest::newRow("ambiguous normalised")
            << QStringList {"my column", "My Column"} << QStringList {"start=MY-COLUMN"}
            << "column 'MY-COLUMN' is ambiguous (matches: my column, My Column); give the "
               "exact name"
            << QJsonObject {};
        QTest::newRow("equals sign in the column name")
            << QStringList {"a=b", "lat"} << QStringList {"start=a=b"} << QString()
            << QJsonObject {{"start", "a=b"}, {"lat", "lat"}};
        QTest::newRow("unknown key")
            << when << QStringList {"strat=When"}
            << "unknown field 'strat' (known: id, start, end, lat, lon, geometry, vessel_a, "
               "vessel_a_imo, vessel_a_mmsi, vessel_a_flag, vessel_b, vessel_b_imo, "
               "vessel_b_mmsi, vessel_b_flag, cargo, volume, confidence, source, notes)"
            << latLon;
        QTest::newRow("unknown column")
            << QStringList {"a", "b", "c"} << QStringList {"start=My colum"}
            << "no column 'My colum' in the file (columns: a, b, c)" << QJsonObject {};
        QTest::newRow("no equals sign")
            << when << QStringList {"start"} << "expected KEY=COLUMN, got 'start'" << latLon;
        QTest::newRow("unmap") << QStringList {"start", "lat", "lon"} << QStringList {"start="}
                               << QString() << QJsonObject {{"lat", "lat"}, {"lon", "lon"}};
        QTest::newRow("unmap, blank column")
            << QStringList {"start", "lat", "lon"} << QStringList {"start=  "} << QString()
            << QJsonObject {{"lat", "lat"}, {"lon", "lon"}};
        QTest::newRow("move a field") << QStringList {"time", "date"} << QStringList {"start=date"}
                                      << QString() << QJsonObject {{"start", "date"}};
        QTest::newRow("take another field's column")
            << QStringList {"vessel", "imo"} << QStringList {"vessel_b=vessel"} << QString()
            << QJsonObject {{"vessel_b", "vessel"}, {"vessel_a_imo", "imo"}};
        QTest::newRow("swap lat and lon")
            << QStringList {"lat", "lon"} << QStringList {"lat=lon", "lon=lat"} << QString()
            << QJsonObject {{"lat", "lon"}, {"lon", "lat"}};
        QTest::newRow("failure after success keeps the success")
            << when << QStringList {"start=When", "end=Then"}
            << "no column 'Then' in the file (columns: When, Lat, Lon)" << withStart;
    }
    void overrides()
    {
        QFETCH(QStringList, headers);
        QFETCH(QStringList, assignments);
        QFETCH(QString, error);
        QFETCH(QJsonObject, expected);
        ColumnMapping m = ColumnMapping::detect(headers);
        for (int i = 0; i < assignments.size(); ++i) {
            QString message = QStringLiteral("stale");
            const bool ok = m.applyOverride(assignments[i], headers, &message);
            const bool last = i == assignments.size() - 1;
            const QString wanted = last ? error : QString();
            QCOMPARE(ok, wanted.isEmpty());
            QCOMPARE(message, wanted);
        }
        QCOMPARE(compact(m.toJson(headers)), compact(expected));
        checkNoDoubleUse(m, headers);
        QVERIFY(!m.applyOverride("nope=x", headers, nullptr)); // no error pointer: no crash
    }

    void positionAndStart()
    {
        ColumnMapping m;
        QVERIFY(!m.hasPosition());
        QVERIFY(!m.hasStart());
        m.setColumn(Field::Latitude, 0);
        QVERIFY(!m.hasPosition());
        m.setColumn(Field::Longitude, 1);
        QVERIFY(m.hasPosition());
        m.setColumn(Field::Latitude, -1);
        m.setColumn(Field::Geometry, 2);
        QVERIFY(m.hasPosition());
        m.setColumn(Field::Start, 3);
        QVERIFY(m.hasStart());
        QVERIFY(ColumnMapping::detect(kGfwEncounters).hasPosition());
        QVERIFY(ColumnMapping::detect(kGfwEncounters).hasStart());
        QVERIFY(!ColumnMapping::detect({"lat", "time"}).hasPosition());
        QVERIFY(ColumnMapping() == ColumnMapping());
        QVERIFY(!(ColumnMapping::detect({"lat"}) == ColumnMapping()));
    }

    void report()
    {
        const ColumnMapping m = ColumnMapping::detect(kMarineCadastre);
        const QStringList expected = {
            "start <- BaseDateTime",  "lat <- LAT",          "lon <- LON",
            "vessel_a <- VesselName", "vessel_a_imo <- IMO", "vessel_a_mmsi <- MMSI",
            "cargo <- Cargo"};
        QCOMPARE(m.describe(kMarineCadastre), expected);
        QCOMPARE(compact(m.toJson(kMarineCadastre)),
                 QByteArray(R"({"cargo":"Cargo","lat":"LAT","lon":"LON","start":"BaseDateTime",)"
                            R"("vessel_a":"VesselName","vessel_a_imo":"IMO",)"
                            R"("vessel_a_mmsi":"MMSI"})"));
        QCOMPARE(ColumnMapping().describe(kMarineCadastre), QStringList());
        QCOMPARE(ColumnMapping().toJson(kMarineCadastre), QJsonObject());
        // Shown against a shorter header list, the report must not name another column.
        ColumnMapping stale;
        stale.setColumn(Field::Notes, 4);
        QCOMPARE(stale.describe({"a"}), QStringList {"notes <- column 5"});
        QCOMPARE(stale.toJson({"a"}), QJsonObject({{"notes", "column 5"}}));
    }
};

QTEST_GUILESS_MAIN(TestColumnMapping)
#include "tst_columnmapping.moc"
