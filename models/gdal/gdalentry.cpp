#include "io/gdalmodule.h"
#include "ogrreader.h"

// The module's one exported symbol: the core finds it with dlsym (io/gdalmodule.cpp).
extern "C" Q_DECL_EXPORT const gdal::Backend *rendezvous_gdal_backend()
{
    static const gdal::Backend backend {gdal::kAbiVersion, &ogr::readFile, &ogr::writeFile};
    return &backend;
}
