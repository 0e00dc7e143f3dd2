#include "gdalraster.h"

#include "ogrreader.h"
#include "ogrsupport.h"

#include <QSaveFile>

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include <atomic>
#include <string>

bool ogr::writeGeoTiff(const unsigned char *rgba, int width, int height, long long bytesPerLine,
                       const double *geotransform, const QString &path, QString *error)
{
    ensureRegistered();
    detail::ErrorCapture capture;
    const auto fail = [&](const QString &what) {
        const QString gdalWhy = capture.failureMessages();
        *error = QStringLiteral("cannot write %1: %2%3")
                     .arg(path, what,
                          gdalWhy.isEmpty() ? QString()
                                            : QStringLiteral(" (") + gdalWhy + QLatin1Char(')'));
        return false;
    };
    if (!rgba || width <= 0 || height <= 0 || bytesPerLine < 4LL * width)
        return fail(QStringLiteral("no image"));
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    if (!driver)
        return fail(QStringLiteral("this GDAL has no GeoTIFF driver"));

    static std::atomic<int> serial {0};
    const std::string mem = "/vsimem/rendezvous-geotiff-" + std::to_string(++serial) + ".tif";
    const char *options[] = {"COMPRESS=DEFLATE", "PREDICTOR=2",      "PHOTOMETRIC=RGB",
                             "TILED=YES",        "BIGTIFF=IF_SAFER", nullptr};
    {
        detail::DatasetPtr ds(GDALCreate(driver, mem.c_str(), width, height, 3, GDT_Byte,
                                         const_cast<char **>(options)));
        if (!ds)
            return fail(QStringLiteral("GDAL could not create the GeoTIFF"));
        double gt[6];
        for (int i = 0; i < 6; ++i)
            gt[i] = geotransform[i];
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        detail::SrsPtr srsOwner(srs);
        char *wkt = nullptr;
        if (OSRImportFromEPSG(srs, 3857) != OGRERR_NONE || OSRExportToWkt(srs, &wkt) != OGRERR_NONE)
            return fail(QStringLiteral("EPSG:3857 is unknown to this GDAL"));
        const CPLErr srsErr = GDALSetProjection(ds.get(), wkt);
        CPLFree(wkt);
        int bands[] = {1, 2, 3};
        if (srsErr != CE_None || GDALSetGeoTransform(ds.get(), gt) != CE_None
            || GDALDatasetRasterIO(ds.get(), GF_Write, 0, 0, width, height,
                                   const_cast<unsigned char *>(rgba), width, height, GDT_Byte, 3,
                                   bands, 4, GSpacing(bytesPerLine), 1)
                != CE_None) {
            ds.reset();
            VSIUnlink(mem.c_str());
            return fail(QStringLiteral("GDAL could not write the image"));
        }
        GDALSetMetadataItem(ds.get(), "TIFFTAG_SOFTWARE", "Rendezvous", nullptr);
    } // closing the dataset flushes it into memory
    vsi_l_offset length = 0;
    GByte *bytes = VSIGetMemFileBuffer(mem.c_str(), &length, FALSE);
    if (!bytes || length == 0) {
        VSIUnlink(mem.c_str());
        return fail(QStringLiteral("GDAL produced no file"));
    }
    QSaveFile out(path);
    const bool ok = out.open(QIODevice::WriteOnly)
        && out.write(reinterpret_cast<const char *>(bytes), qint64(length)) == qint64(length)
        && out.commit();
    const QString why = out.errorString();
    VSIUnlink(mem.c_str());
    if (!ok)
        return fail(why);
    return true;
}
