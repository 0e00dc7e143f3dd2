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

Decoded decode(std::string_view bytes);

// True when s is valid UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool isValidUtf8(std::string_view s);

} // namespace text
