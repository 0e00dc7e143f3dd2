#pragma once

#include <QString>
#include <QStringList>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>
#include <string>
#include <type_traits>

// Internals shared by the OGR reader, writer and shape reader; not part of the library's API.
namespace ogr::detail {

// Collects GDAL's messages while alive instead of letting them reach stderr. GDAL's
// handler stack is per thread, so concurrent loads (one per worker) stay apart, and
// nothing outside the scope is affected.
class ErrorCapture
{
public:
    ErrorCapture();
    ~ErrorCapture();
    ErrorCapture(const ErrorCapture &) = delete;
    ErrorCapture &operator=(const ErrorCapture &) = delete;

    // CE_Failure and CE_Fatal messages seen so far; compare counts around a call to
    // learn whether that call failed.
    int failures() const { return m_failures; }
    QString lastFailure() const { return m_failureMessages.value(m_failureMessages.size() - 1); }
    // Every distinct failure message, in order: GDAL often says what went wrong first
    // and only then that it gave up ("Unterminated array; Failed to read GeoJSON data").
    QString failureMessages() const { return m_failureMessages.join(QStringLiteral("; ")); }
    // Last message of any level (the best explanation when a call returned nothing).
    QString lastMessage() const { return m_lastMessage; }
    // The first distinct warnings, in order of appearance, and how many more came.
    const QStringList &warnings() const { return m_warnings; }
    int moreWarnings() const { return m_moreWarnings; }

private:
    static void CPL_STDCALL handle(CPLErr level, CPLErrorNum number, const char *message);

    int m_failures = 0;
    QStringList m_failureMessages;
    QString m_lastMessage;
    QStringList m_warnings;
    int m_moreWarnings = 0;
};

struct DatasetCloser
{
    void operator()(void *h) const { GDALClose(h); }
};
using DatasetPtr = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, DatasetCloser>;

struct FeatureDestroyer
{
    void operator()(void *h) const { OGR_F_Destroy(h); }
};
using FeaturePtr = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDestroyer>;

struct GeometryDestroyer
{
    void operator()(void *h) const { OGR_G_DestroyGeometry(h); }
};
using GeometryPtr = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, GeometryDestroyer>;

struct SrsReleaser
{
    void operator()(void *h) const { OSRRelease(h); }
};
using SrsPtr = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsReleaser>;

struct TransformDestroyer
{
    void operator()(OGRCoordinateTransformationH h) const { OCTDestroyCoordinateTransformation(h); }
};
using TransformPtr =
    std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformDestroyer>;

// WGS 84 with longitude first: the order OGR drivers hand coordinates over in, whatever
// the EPSG axis order says.
SrsPtr wgs84();

// Shortest text that reads back as exactly v, never in exponent form (the volume
// parser takes plain decimals only): 0.1 -> "0.1", 5e5 -> "500000". NaN -> "".
std::string shortestText(double v);
std::string shortestText(float v);

// GDAL's C strings (UTF-8, possibly null) as text.
inline QString fromUtf8(const char *s)
{
    return QString::fromUtf8(s ? s : "");
}

} // namespace ogr::detail
