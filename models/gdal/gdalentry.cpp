#include "gdalraster.h"
#include "io/gdalmodule.h"
#include "ogrreader.h"
#include "ogrshapes.h"
#include "ogrtracks.h"

// The module's one exported symbol: the core finds it with dlsym (io/gdalmodule.cpp).
// Entries still nullptr are not built yet; the core reports them as unavailable.
extern "C" Q_DECL_EXPORT const gdal::Backend *rendezvous_gdal_backend()
{
    static const gdal::Backend backend {gdal::kAbiVersion, &ogr::readFile,   &ogr::writeFile,
                                        &ogr::readShapes,  &ogr::readMbTile, &ogr::writeGeoTiff,
                                        &ogr::writeTracks, &ogr::openRaster, &ogr::drawRaster,
                                        &ogr::closeRaster};
    return &backend;
}
