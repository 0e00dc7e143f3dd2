// The OGR-backed reader on arbitrary bytes in each format we claim. The first byte picks
// the format; the rest is the file. OGR reads it from /vsimem/ under the format's usual
// name, as it would read a file of that name from disk; delimited text goes through a
// real file instead, since the reader's CSV path maps the file itself (ogrcsv.h).
#include "checkaccount.h"
#include "ogrreader.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include <QDir>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// Keep in step with tests/fuzz/make_corpus.sh, which prefixes the seeds with these.
const char *const kFormats[] = {"csv", "geojson", "gpkg", "shz", "kml", "kmz", "fgb", "gml"};
constexpr int kFormatCount = int(sizeof kFormats / sizeof *kFormats);

std::string csvPath()
{
    // Per process: libFuzzer's -jobs/-workers run several at once.
    const QString dir = QDir::tempPath();
    return QDir(dir)
        .filePath(QStringLiteral("rendezvous-fuzz-%1.csv").arg(::getpid()))
        .toStdString();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    ogr::ensureRegistered();
    // The GML driver may fetch the schemas a document names: never from a fuzz input.
    CPLSetConfigOption("GML_DOWNLOAD_WFS_SCHEMA", "NO");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "none");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *format = kFormats[data[0] % kFormatCount];
    ++data;
    --size;
    LoadOptions options;
    options.reader = LoadOptions::Reader::Ogr;
    options.dedupe = size % 2 == 1;
    LoadResult r;
    if (std::string(format) == "csv") {
        static const std::string path = csvPath();
        std::FILE *f = std::fopen(path.c_str(), "wb");
        if (!f)
            std::abort();
        if (size > 0 && std::fwrite(data, 1, size, f) != size)
            std::abort();
        std::fclose(f);
        r = ogr::readFile(QString::fromStdString(path), options);
        std::remove(path.c_str());
    } else {
        const std::string dir = "/vsimem/fuzz/";
        const std::string path = dir + "input." + format;
        // OGR takes over a copy (bTakeOwnership), so the input stays the fuzzer's.
        auto *copy = static_cast<GByte *>(CPLMalloc(size + 1));
        std::copy(data, data + size, copy);
        VSIFCloseL(VSIFileFromMemBuffer(path.c_str(), copy, size, TRUE));
        r = ogr::readFile(QString::fromStdString(path), options);
        // Drivers leave side files (GML's .gfs, SQLite journals) next to the input.
        VSIRmdirRecursive(dir.c_str());
    }
    checkAccount(r);
    return 0;
}
