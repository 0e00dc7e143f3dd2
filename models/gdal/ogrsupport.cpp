#include "ogrsupport.h"

#include <charconv>
#include <cmath>

namespace ogr::detail {

ErrorCapture::ErrorCapture()
{
    CPLPushErrorHandlerEx(&ErrorCapture::handle, this);
}

ErrorCapture::~ErrorCapture()
{
    CPLPopErrorHandler();
}

void CPL_STDCALL ErrorCapture::handle(CPLErr level, CPLErrorNum, const char *message)
{
    auto *self = static_cast<ErrorCapture *>(CPLGetErrorHandlerUserData());
    if (!self || level == CE_Debug || level == CE_None)
        return;
    // GDAL's messages sometimes end in a newline; they are quoted inside our own sentences.
    QString text = QString::fromUtf8(message ? message : "").trimmed();
    while (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    if (text.isEmpty())
        return;
    self->m_lastMessage = text;
    if (level == CE_Warning) {
        // A driver may warn once per feature; the first ones tell the story.
        constexpr int kKept = 20;
        if (self->m_warnings.contains(text))
            return;
        if (self->m_warnings.size() < kKept)
            self->m_warnings << text;
        else
            ++self->m_moreWarnings;
        return;
    }
    ++self->m_failures;
    self->m_failureMessages.removeAll(text);
    self->m_failureMessages << text;
    constexpr int kKept = 20;
    if (self->m_failureMessages.size() > kKept)
        self->m_failureMessages.removeFirst();
}

SrsPtr wgs84()
{
    SrsPtr srs(OSRNewSpatialReference(nullptr));
    // By EPSG code, so that GeoPackage and .prj files carry the authority.
    if (OSRImportFromEPSG(srs.get(), 4326) != OGRERR_NONE)
        OSRSetWellKnownGeogCS(srs.get(), "WGS84");
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

template<typename T> static std::string shortest(T v)
{
    if (!std::isfinite(v))
        return {};
    // Fixed notation of the shortest round-trip digits: at most ~330 characters for
    // the smallest subnormal double.
    char buf[400];
    const std::to_chars_result r =
        std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    if (r.ec != std::errc())
        return {};
    return std::string(buf, r.ptr);
}

std::string shortestText(double v)
{
    return shortest(v);
}

std::string shortestText(float v)
{
    return shortest(v);
}

} // namespace ogr::detail
