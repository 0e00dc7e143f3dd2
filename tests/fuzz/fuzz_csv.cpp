// The fast CSV path on arbitrary bytes, as if they were a file's content: decoding
// (BOM, UTF-16, Latin-1, NUL), separator detection, the record parser, the record checks
// and the event builder with its deferred slash dates and duplicate detection.
#include "io/csvreader.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    LoadOptions options;
    options.threads = 1;
    // Both duplicate policies, chosen by the input so that a crash reproduces.
    options.dedupe = size % 2 == 1;
    const LoadResult r =
        csv::readBuffer(std::string_view(reinterpret_cast<const char *>(data), size),
                        QStringLiteral("fuzz"), options);
    // The account must add up: every record is loaded, rejected once, or a removed
    // duplicate, and every loaded event is in the store.
    if (r.report.ok()) {
        if (!r.store || int64_t(r.store->size()) != r.report.loaded)
            std::abort();
        const int64_t removed = r.report.duplicatesRemoved ? r.report.duplicates : 0;
        if (r.report.loaded + int64_t(r.report.rejections.size()) + removed != r.report.records)
            std::abort();
    } else if (r.store) {
        std::abort();
    }
    return 0;
}
