#pragma once

// Shared by tst_ogrio.cpp and tst_ogrwrite.cpp: builds GDAL datasets at test time
// (GeoPackage, Shapefile) and compares event stores field by field.

#include "eventstore.h"
#include "io/loadreport.h"

// The models library links GDAL privately, so its include directory is not ours.
#if __has_include(<gdal.h>)
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#else
#include <gdal/gdal.h>
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#endif

#include <QDateTime>
#include <QTimeZone>
#include <QVariant>
#include <QtTest>

#include <cmath>
#include <utility>
#include <vector>

namespace ogrtest {

inline QString dataFile(const QString &name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/ogr/") + name;
}

inline qint64 utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc()).toMSecsSinceEpoch();
}

// Exact spherical Web Mercator inverse (EPSG:3857), independent of PROJ.
inline std::pair<double, double> fromWebMercator(double x, double y)
{
    constexpr double R = 6378137.0;
    constexpr double pi = 3.14159265358979323846;
    const double lon = x / R * 180.0 / pi;
    const double lat = (2.0 * std::atan(std::exp(y / R)) - pi / 2.0) * 180.0 / pi;
    return {lat, lon};
}

// "row: reason" lines, so a failing comparison prints something readable.
inline QStringList rejectionLines(const LoadReport &r)
{
    QStringList out;
    for (const Rejection &x : r.rejections)
        out << QStringLiteral("%1: %2").arg(x.row).arg(x.reason);
    return out;
}

inline QStringList warningLines(const LoadReport &r)
{
    QStringList out;
    for (auto it = r.warnings.cbegin(); it != r.warnings.cend(); ++it) {
        QStringList rows;
        for (uint32_t row : it.value())
            rows << QString::number(row);
        out << it.key() + QStringLiteral(": ") + rows.join(QLatin1Char(','));
    }
    return out;
}

inline int storeRowById(const EventStore &s, const QString &id)
{
    for (size_t r = 0; r < s.size(); ++r) {
        if (s.id(r) == id)
            return int(r);
    }
    return -1;
}

// A value of a test feature: text, number, or a time (QDateTime; Qt::LocalTime
// stands for "no zone").
using Values = std::vector<std::pair<const char *, QVariant>>;

class Dataset
{
public:
    Dataset(const char *driver, const QString &path)
    {
        GDALAllRegister();
        m_ds = GDALCreate(GDALGetDriverByName(driver), QFile::encodeName(path).constData(), 0, 0, 0,
                          GDT_Unknown, nullptr);
        if (!m_ds)
            qFatal("cannot create %s", qPrintable(path));
    }
    ~Dataset() { GDALClose(m_ds); }
    Dataset(const Dataset &) = delete;
    Dataset &operator=(const Dataset &) = delete;

    // epsg 0: no CRS. fields: name and OGR type.
    OGRLayerH addLayer(const char *name, OGRwkbGeometryType type, int epsg,
                       const std::vector<std::pair<const char *, OGRFieldType>> &fields,
                       const char *const *options = nullptr)
    {
        OGRSpatialReferenceH srs = nullptr;
        if (epsg) {
            srs = OSRNewSpatialReference(nullptr);
            OSRImportFromEPSG(srs, epsg);
            OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
        }
        OGRLayerH layer =
            GDALDatasetCreateLayer(m_ds, name, srs, type, const_cast<char **>(options));
        if (srs)
            OSRRelease(srs);
        if (!layer)
            qFatal("cannot create layer %s", name);
        for (const auto &[fieldName, fieldType] : fields) {
            OGRFieldDefnH fd = OGR_Fld_Create(fieldName, fieldType);
            OGR_L_CreateField(layer, fd, TRUE);
            OGR_Fld_Destroy(fd);
        }
        return layer;
    }

    static void addFeature(OGRLayerH layer, const Values &values, const char *wkt)
    {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        for (const auto &[name, value] : values) {
            const int i = OGR_F_GetFieldIndex(f, name);
            if (i < 0)
                qFatal("no field %s", name);
            if (value.userType() == QMetaType::QDateTime) {
                const QDateTime t = value.toDateTime();
                const int tz = t.timeSpec() == Qt::LocalTime ? 0 : 100 + t.offsetFromUtc() / 900;
                OGR_F_SetFieldDateTimeEx(f, i, t.date().year(), t.date().month(), t.date().day(),
                                         t.time().hour(), t.time().minute(),
                                         float(t.time().second() + t.time().msec() / 1000.0), tz);
            } else if (value.userType() == QMetaType::QDate) {
                const QDate d = value.toDate();
                OGR_F_SetFieldDateTime(f, i, d.year(), d.month(), d.day(), 0, 0, 0, 0);
            } else if (value.userType() == QMetaType::Double) {
                OGR_F_SetFieldDouble(f, i, value.toDouble());
            } else if (value.userType() == QMetaType::QByteArray) {
                OGR_F_SetFieldString(f, i, value.toByteArray().constData()); // raw bytes
            } else {
                OGR_F_SetFieldString(f, i, value.toString().toUtf8().constData());
            }
        }
        if (wkt) {
            OGRGeometryH g = nullptr;
            char *text = const_cast<char *>(wkt);
            OGR_G_CreateFromWkt(&text, nullptr, &g);
            OGR_F_SetGeometryDirectly(f, g);
        }
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE)
            qFatal("cannot write a feature");
        OGR_F_Destroy(f);
    }

private:
    GDALDatasetH m_ds = nullptr;
};

inline bool sameNumber(double a, double b, double tolerance)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(a));
}

// Every event of `expected` against the same row of `actual`: values, positions to
// `degrees`, extras by position (after dropping the columns in `ignoredExtras`).
// Extra names must match exactly unless renamedExtras (then: same, or truncated/suffixed).
inline void compareStores(const EventStore &expected, const EventStore &actual, double degrees,
                          const QStringList &ignoredExtras = {}, bool renamedExtras = false)
{
    QCOMPARE(actual.size(), expected.size());
    std::vector<int> extraColumns;
    for (int c = 0; c < actual.extraNames().size(); ++c) {
        if (!ignoredExtras.contains(actual.extraNames().at(c)))
            extraColumns.push_back(c);
    }
    QCOMPARE(int(extraColumns.size()), int(expected.extraNames().size()));
    for (size_t k = 0; k < extraColumns.size(); ++k) {
        const QString want = expected.extraNames().at(qsizetype(k));
        const QString got = actual.extraNames().at(extraColumns[k]);
        if (renamedExtras)
            QVERIFY2(got == want || want.startsWith(got.section(QLatin1Char('_'), 0, 0))
                         || got.startsWith(want),
                     qPrintable(got + QStringLiteral(" for ") + want));
        else
            QVERIFY2(got == want || got.startsWith(want + QLatin1Char('_')),
                     qPrintable(got + QStringLiteral(" for ") + want));
    }
    for (size_t r = 0; r < expected.size(); ++r) {
        const QString where = QStringLiteral("event %1 (%2)").arg(r).arg(expected.id(r));
        const char *w = qPrintable(where);
        QCOMPARE(actual.id(r), expected.id(r));
        QVERIFY2(actual.start(r) == expected.start(r), w);
        QVERIFY2(actual.end(r) == expected.end(r), w);
        QVERIFY2(std::abs(actual.lat(r) - expected.lat(r)) <= degrees, w);
        QVERIFY2(std::abs(actual.lon(r) - expected.lon(r)) <= degrees, w);
        QVERIFY2(sameNumber(actual.volume(r), expected.volume(r), 1e-12), w);
        for (Field f :
             {Field::VesselAName, Field::VesselAImo, Field::VesselAMmsi, Field::VesselAFlag,
              Field::VesselBName, Field::VesselBImo, Field::VesselBMmsi, Field::VesselBFlag,
              Field::Cargo, Field::Confidence, Field::Source, Field::Notes})
            QCOMPARE(actual.text(f, r), expected.text(f, r));
        for (size_t k = 0; k < extraColumns.size(); ++k)
            QCOMPARE(actual.extra(extraColumns[k], r), expected.extra(int(k), r));
        QCOMPARE(actual.flags(r) & EventStore::PositionFromCentroid,
                 expected.flags(r) & EventStore::PositionFromCentroid);
    }
}

} // namespace ogrtest
