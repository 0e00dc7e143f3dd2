#include "textscan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstdint>
#include <cstring>
#include <thread>

#include <unistd.h>

namespace {
constexpr uint64_t kHigh = 0x8080808080808080ULL;
constexpr uint64_t kOnes = 0x0101010101010101ULL;

bool hasZeroByte(uint64_t v)
{
    return ((v - kOnes) & ~v & kHigh) != 0;
}

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid.
size_t sequenceLength(std::string_view s, size_t i)
{
    const auto c0 = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c0 < 0x80)
        return 1;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
        n = 2;
        cp = c0 & 0x1F;
    } else if (c0 >= 0xE0 && c0 <= 0xEF) {
        n = 3;
        cp = c0 & 0x0F;
    } else if (c0 >= 0xF0 && c0 <= 0xF4) {
        n = 4;
        cp = c0 & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
        || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

// One pass: NUL bytes and UTF-8 validity, 32 bytes at a time over ASCII runs.
void scanRange(std::string_view s, bool *hasNul, bool *validUtf8)
{
    *hasNul = false;
    *validUtf8 = true;
    size_t i = 0;
    while (i < s.size()) {
        if (i + 32 <= s.size()) {
            uint64_t w[4];
            std::memcpy(w, s.data() + i, 32);
            const uint64_t high = (w[0] | w[1] | w[2] | w[3]) & kHigh;
            if (high == 0 && !hasZeroByte(w[0]) && !hasZeroByte(w[1]) && !hasZeroByte(w[2])
                && !hasZeroByte(w[3])) {
                i += 32;
                continue;
            }
        }
        if (s[i] == '\0') {
            *hasNul = true;
            return;
        }
        const size_t n = sequenceLength(s, i);
        if (n == 0) {
            *validUtf8 = false;
            ++i;
        } else {
            i += n;
        }
    }
}

// Both cores on large inputs, split where no UTF-8 sequence is cut.
void scan(std::string_view s, bool *hasNul, bool *validUtf8)
{
    if (s.size() < (8u << 20)) {
        scanRange(s, hasNul, validUtf8);
        return;
    }
    size_t mid = s.size() / 2;
    while (mid > 0 && (static_cast<unsigned char>(s[mid]) & 0xC0) == 0x80)
        --mid;
    bool nul2 = false, valid2 = true;
    std::thread other([&] { scanRange(s.substr(mid), &nul2, &valid2); });
    scanRange(s.substr(0, mid), hasNul, validUtf8);
    other.join();
    *hasNul = *hasNul || nul2;
    *validUtf8 = *validUtf8 && valid2;
}
} // namespace

bool text::isValidUtf8(std::string_view s)
{
    for (size_t i = 0; i < s.size();) {
        const size_t n = sequenceLength(s, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

text::Bytes text::classify(std::string_view s)
{
    size_t i = 0;
#if defined(__SSE2__)
    // 16 bytes at a time: this runs over every byte of a CSV file.
    const __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= s.size(); i += 16) {
        const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s.data() + i));
        if (_mm_movemask_epi8(_mm_or_si128(w, _mm_cmpeq_epi8(w, zero))) != 0)
            break;
    }
#endif
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if ((w & kHigh) != 0 || hasZeroByte(w))
            break;
    }
    for (; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0)
            return Bytes::Nul;
        if (c >= 0x80)
            break;
    }
    if (i == s.size())
        return Bytes::Ascii;
    bool nul = false, valid = true;
    scanRange(s.substr(i), &nul, &valid);
    return nul ? Bytes::Nul : valid ? Bytes::Utf8 : Bytes::NotUtf8;
}

text::Decoded text::decode(std::string_view bytes, bool validate)
{
    Decoded d;
    if (bytes.size() >= 2
        && ((bytes[0] == '\xFF' && bytes[1] == '\xFE')
            || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
        const bool little = bytes[0] == '\xFF';
        std::u16string units((bytes.size() - 2) / 2, u'\0');
        for (size_t k = 0; k < units.size(); ++k) {
            const auto lo = static_cast<unsigned char>(bytes[2 + 2 * k + (little ? 0 : 1)]);
            const auto hi = static_cast<unsigned char>(bytes[2 + 2 * k + (little ? 1 : 0)]);
            units[k] = static_cast<char16_t>(lo | (hi << 8));
        }
        const QByteArray utf8 =
            QString::fromUtf16(units.data(), static_cast<qsizetype>(units.size())).toUtf8();
        d.converted.assign(utf8.constData(), static_cast<size_t>(utf8.size()));
        d.isConverted = true;
        d.note = QStringLiteral("encoding: UTF-16 (converted to UTF-8)");
        return d;
    }
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF")
        bytes.remove_prefix(3);
    d.original = bytes;
    bool hasNul = false, valid = true;
    if (validate)
        scan(bytes, &hasNul, &valid);
    else
        hasNul = bytes.substr(0, 64 * 1024).find('\0') != std::string_view::npos;
    if (hasNul) {
        d.error = QStringLiteral("not a text table: the file holds binary data (NUL bytes)");
        return d;
    }
    if (!valid)
        d = fromLatin1(bytes);
    return d;
}

text::Decoded text::fromLatin1(std::string_view bytes)
{
    Decoded d;
    const QByteArray utf8 =
        QString::fromLatin1(bytes.data(), static_cast<qsizetype>(bytes.size())).toUtf8();
    d.converted.assign(utf8.constData(), static_cast<size_t>(utf8.size()));
    d.isConverted = true;
    d.note = QStringLiteral("encoding: not valid UTF-8, read as Latin-1 (ISO 8859-1)");
    return d;
}

bool text::hasHoles(int fd, int64_t size)
{
    const off_t here = ::lseek(fd, 0, SEEK_CUR);
    if (here < 0)
        return false;
    // Every file ends in an implicit hole at its size; one before that is a real hole.
    const off_t hole = ::lseek(fd, 0, SEEK_HOLE);
    ::lseek(fd, here, SEEK_SET);
    return hole >= 0 && hole < size;
}
