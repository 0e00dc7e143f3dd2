// The fast CSV path on arbitrary bytes, as if they were a file's content: decoding
// (BOM, UTF-16, Latin-1, NUL), separator detection, the record parser, the record checks
// and the event builder with its deferred slash dates and duplicate detection.
#include "checkaccount.h"
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
    checkAccount(r);
    return 0;
}
