// The fast CSV path on arbitrary bytes, as if they were a file's content: decoding
// (BOM, UTF-16, Latin-1, NUL), separator detection, the record parser, the record checks
// and the event builder with its deferred slash dates and duplicate detection.
//
// Differential as well: the same bytes read from a file, split into up to three parts
// at guessed line starts and read in windows of a few bytes, must give exactly the
// same report and events as the text in memory read whole.
#include "checkaccount.h"
#include "io/csvreader.h"

#include <QJsonDocument>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {
bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool sameReports(const LoadReport &a, const LoadReport &b)
{
    // Everything toJson() holds.
    if (a.error != b.error || a.file != b.file || a.layer != b.layer || a.driver != b.driver
        || a.rowLabel != b.rowLabel || a.records != b.records || a.loaded != b.loaded
        || a.duplicates != b.duplicates || a.duplicatesRemoved != b.duplicatesRemoved
        || a.headers != b.headers || !(a.mapping == b.mapping) || a.notes != b.notes
        || a.warnings != b.warnings || a.rejections.size() != b.rejections.size())
        return false;
    for (size_t i = 0; i < a.rejections.size(); ++i) {
        if (a.rejections[i].row != b.rejections[i].row
            || a.rejections[i].reason != b.rejections[i].reason)
            return false;
    }
    return true;
}

// Field by field rather than through toJson() or event(): those allocate for every
// row, and allocations are what an ASan build spends its time on.
void checkSame(const LoadResult &a, const LoadResult &b)
{
    if (!sameReports(a.report, b.report) || bool(a.store) != bool(b.store)) {
        std::fprintf(stderr, "in memory:\n%s\nfrom the file:\n%s\n",
                     QJsonDocument(a.report.toJson()).toJson().constData(),
                     QJsonDocument(b.report.toJson()).toJson().constData());
        std::abort();
    }
    if (!a.store)
        return;
    const EventStore &s = *a.store, &t = *b.store;
    if (s.size() != t.size())
        std::abort();
    for (size_t r = 0; r < s.size(); ++r) {
        if (s.sourceRow(r) != t.sourceRow(r) || s.flags(r) != t.flags(r) || s.start(r) != t.start(r)
            || !sameBits(s.lat(r), t.lat(r)) || !sameBits(s.lon(r), t.lon(r))
            || s.textView(Field::Id, r) != t.textView(Field::Id, r)
            || s.textView(Field::Notes, r) != t.textView(Field::Notes, r))
            std::abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    LoadOptions options;
    options.threads = 1;
    // Both duplicate policies, chosen by the input so that a crash reproduces.
    options.dedupe = size % 2 == 1;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    static const int fd = memfd_create("fuzz.csv", 0);
    if (fd < 0 || ftruncate(fd, 0) != 0
        || (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)))
        std::abort();
    const QString path = QStringLiteral("/proc/self/fd/%1").arg(fd);
    const LoadResult r = csv::readBuffer(text, path, options);
    checkAccount(r);
    if (size == 0)
        return 0; // the file path says "0 bytes", the buffer path "empty"
    LoadOptions split = options;
    split.parts = 1 + int(size % 3);
    // In one thread: once a process has had a second thread, every munmap of ASan's
    // allocator stops the other core to flush its TLB, ten times slower in all.
    split.windowBytes = 1 + size % 97;
    split.splitFrom = 0;
    const LoadResult f = csv::readFile(path, split);
    checkAccount(f);
    checkSame(r, f);
    return 0;
}
