#pragma once

#include <QString>

#include <string>
#include <string_view>

// Turns the bytes of a text file into UTF-8 for the readers: strips a UTF-8 BOM,
// converts UTF-16 (with BOM), reads text that is not valid UTF-8 as Latin-1, and
// refuses binary data (NUL bytes) with a clear reason.
namespace text {

struct Decoded
{
    std::string_view original; // the input, minus a UTF-8 BOM
    std::string converted; // set when the input had to be converted
    bool isConverted = false;
    QString note; // what was done, for the load report ("read as Latin-1 ...")
    QString error; // set when the bytes are not text at all

    std::string_view text() const { return isConverted ? std::string_view(converted) : original; }
};

// validate: scan all of the text for NUL bytes and invalid UTF-8 (one pass over the
// file). The fast CSV reader passes false and checks each record with classify() as
// it parses, to spare a pass over a hundred megabytes; only the first 64 KiB are
// checked for NUL bytes here then.
Decoded decode(std::string_view bytes, bool validate = true);

// The text re-encoded from Latin-1, with the note saying so.
Decoded fromLatin1(std::string_view bytes);

enum class Bytes { Ascii, Utf8, NotUtf8, Nul };
// What a piece of text holds, 8 bytes at a time while it is plain ASCII.
Bytes classify(std::string_view s);

// True when the open file fd (of `size` bytes) has a hole, a sparse region: holes read
// as NUL bytes, so such a file is never text. Answered from the file system's extent map
// (SEEK_HOLE) without reading; false where the file system cannot tell. The file offset
// is left where it was.
bool hasHoles(int fd, int64_t size);

// True when s is valid UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool isValidUtf8(std::string_view s);

} // namespace text
