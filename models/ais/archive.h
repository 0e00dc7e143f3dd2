#pragma once

#include <QString>

#include <functional>
#include <string>
#include <vector>

// Compressed AIS files read in place: gzip (.gz, also several concatenated members)
// and zip (.zip: every file entry, stored or deflated, read from the central
// directory). The text is inflated into memory (the parallel reader then works on it
// as on any text); the file on disk is never changed or unpacked beside itself.
namespace archive {

enum class Kind { Plain, Gzip, Zip };
// From the first bytes (magic numbers), not the file name.
Kind sniff(const QString &path);

struct Entry
{
    QString name; // the member's name inside a zip; "" for gzip
    std::string text;
    // Its place among the archive's entries (directories included), for progress.
    size_t index = 0, count = 1;
};

struct Contents
{
    std::vector<Entry> entries;
    QString error; // in words, naming what is wrong
};

// All of a gzip file, or every file entry of a zip (directories and macOS "__MACOSX/"
// resource forks skipped). maxEntryBytes: an entry inflating beyond it is refused.
// firstBytesOnly > 0: inflate at most that many bytes of the first entry (detection).
Contents read(const QString &path, Kind kind, size_t firstBytesOnly = 0);

// The same, one entry at a time: each is inflated, handed over, and its text freed
// before the next is inflated (a zip of a week of daily files never holds more than
// one of them as text). The handler returns false to stop. Contents::entries stays
// empty; error is set as for read().
using EntryHandler = std::function<bool(Entry &)>;
Contents read(const QString &path, Kind kind, const EntryHandler &handler,
              size_t firstBytesOnly = 0);

} // namespace archive
