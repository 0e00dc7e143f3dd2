#include "preparedbasemap.h"

#include <QFile>
#include <QSaveFile>

#include <cmath>
#include <cstring>

namespace basemapfile {
namespace {

constexpr char kMagic[8] = {'R', 'Z', 'B', 'A', 'S', 'E', 'M', 'P'};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kByteOrder = 0x01020304;

struct Header
{
    char magic[8];
    uint32_t version;
    uint32_t byteOrder;
    uint32_t detail;
    int32_t vertexCount;
    uint32_t pieceCount[3]; // land, coast, borders
    uint32_t reserved;
    uint64_t elementCount;
    uint64_t fileSize;
    uint64_t checksum;
};
static_assert(sizeof(Header) == 64, "the header's layout is the file's");

constexpr size_t align8(size_t n)
{
    return (n + 7) & ~size_t(7);
}

// A 64-bit checksum over whole words, four independent lanes so that it runs at
// memory speed (a few milliseconds for the 10m level); not cryptographic, it catches
// damage, not malice.
uint64_t checksum(const uint64_t *words, size_t count)
{
    constexpr uint64_t kPrime = 0x9E3779B97F4A7C15ULL;
    uint64_t lane[4] = {1, 2, 3, 4};
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        for (int l = 0; l < 4; ++l) {
            lane[l] ^= words[i + size_t(l)];
            lane[l] *= kPrime;
            lane[l] ^= lane[l] >> 29;
        }
    }
    for (; i < count; ++i) {
        lane[0] ^= words[i];
        lane[0] *= kPrime;
        lane[0] ^= lane[0] >> 29;
    }
    uint64_t h = count;
    for (const uint64_t l : lane)
        h = (h ^ l) * kPrime + (h >> 31);
    return h;
}

// The file's checksum: the body, then every header field but the checksum itself.
uint64_t checksum(const Header &header, const uint64_t *body, size_t words)
{
    Header h = header;
    h.checksum = checksum(body, words);
    uint64_t w[sizeof h / 8];
    std::memcpy(w, &h, sizeof h);
    return checksum(w, sizeof h / 8);
}

} // namespace

const PieceRecord *Level::begin(Kind kind) const
{
    size_t skip = 0;
    for (int k = 0; k < int(kind); ++k)
        skip += pieceCount[k];
    return pieces + skip;
}

QString fileName(int detail)
{
    static const char *const suffix[kDetailCount] = {"110m", "50m", "10m"};
    if (detail < 0 || detail >= kDetailCount)
        return {};
    return QStringLiteral("basemap-%1.bin").arg(QLatin1String(suffix[detail]));
}

bool write(const Contents &c, const QString &path, QString *error)
{
    Header header {};
    std::memcpy(header.magic, kMagic, sizeof kMagic);
    header.version = kVersion;
    header.byteOrder = kByteOrder;
    header.detail = uint32_t(c.detail);
    header.vertexCount = c.vertexCount;
    for (int k = 0; k < KindCount; ++k)
        header.pieceCount[k] = uint32_t(c.pieceCount[k]);
    header.elementCount = c.types.size();
    const size_t body = c.pieces.size() * sizeof(PieceRecord) + c.xy.size() * sizeof(double)
        + align8(c.types.size());
    header.fileSize = sizeof(Header) + body;
    std::unique_ptr<uint64_t[]> words(new uint64_t[body / 8]());
    char *out = reinterpret_cast<char *>(words.get());
    std::memcpy(out, c.pieces.data(), c.pieces.size() * sizeof(PieceRecord));
    out += c.pieces.size() * sizeof(PieceRecord);
    std::memcpy(out, c.xy.data(), c.xy.size() * sizeof(double));
    out += c.xy.size() * sizeof(double);
    std::memcpy(out, c.types.data(), c.types.size());
    header.checksum = checksum(header, words.get(), body / 8);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(reinterpret_cast<const char *>(&header), sizeof header) != sizeof header
        || file.write(reinterpret_cast<const char *>(words.get()), qint64(body)) != qint64(body)
        || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

std::unique_ptr<Level> read(const QString &path, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("basemap file %1 %2").arg(path, why);
        return nullptr;
    };
    const QString rebuild = QStringLiteral("; rebuild or reinstall Rendezvous");
    QFile file(path);
    if (!file.exists())
        return fail(QStringLiteral("is missing") + rebuild);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot be read: ") + file.errorString());
    const qint64 size = file.size();
    Header header {};
    if (size < qint64(sizeof header)
        || file.read(reinterpret_cast<char *>(&header), sizeof header) != sizeof header)
        return fail(QStringLiteral("is truncated") + rebuild);
    if (std::memcmp(header.magic, kMagic, sizeof kMagic) != 0)
        return fail(QStringLiteral("is not a prepared basemap") + rebuild);
    if (header.byteOrder != kByteOrder || header.version != kVersion)
        return fail(QStringLiteral("is of another version or machine") + rebuild);
    if (header.fileSize != uint64_t(size))
        return fail(QStringLiteral("is %1 bytes, %2 expected (truncated or damaged)")
                        .arg(size)
                        .arg(header.fileSize)
                    + rebuild);
    const uint64_t pieces =
        uint64_t(header.pieceCount[0]) + header.pieceCount[1] + header.pieceCount[2];
    const uint64_t elements = header.elementCount;
    // Each term bounded by the file size first, so that the sum cannot overflow.
    const uint64_t body = uint64_t(size) - sizeof header;
    if (header.detail >= uint32_t(kDetailCount) || pieces > body / sizeof(PieceRecord)
        || elements > body / 17
        || body != pieces * sizeof(PieceRecord) + elements * 16 + align8(size_t(elements)))
        return fail(QStringLiteral("is damaged (inconsistent header)") + rebuild);

    auto level = std::make_unique<Level>();
    level->detail = int(header.detail);
    level->vertexCount = header.vertexCount;
    for (int k = 0; k < KindCount; ++k)
        level->pieceCount[k] = header.pieceCount[k];
    level->elementCount = size_t(elements);
    reserveHuge(level->file, size_t(body / 8));
    level->file.resize(size_t(body / 8));
    char *data = reinterpret_cast<char *>(level->file.data());
    if (file.read(data, qint64(body)) != qint64(body))
        return fail(QStringLiteral("cannot be read: ") + file.errorString());
    if (checksum(header, level->file.data(), body / 8) != header.checksum)
        return fail(QStringLiteral("is damaged (checksum mismatch)") + rebuild);

    level->pieces = reinterpret_cast<const PieceRecord *>(data);
    level->xy = reinterpret_cast<const double *>(data + pieces * sizeof(PieceRecord));
    level->types = reinterpret_cast<const uint8_t *>(level->xy + 2 * elements);
    // The structure is checked here, once, so that nothing built from it can fail.
    for (uint64_t i = 0; i < elements; ++i) {
        if (level->types[i] > LineTo)
            return fail(QStringLiteral("is damaged (element type)") + rebuild);
    }
    for (uint64_t i = 0; i < 2 * elements; ++i) {
        if (!std::isfinite(level->xy[i]))
            return fail(QStringLiteral("is damaged (coordinates)") + rebuild);
    }
    for (uint64_t i = 0; i < pieces; ++i) {
        const PieceRecord &r = level->pieces[i];
        if (r.first > elements || r.count > elements - r.first || r.count == 0
            || level->types[r.first] != MoveTo
            || (r.fillRule != OddEvenFill && r.fillRule != WindingFill)
            || !std::isfinite(r.bounds[0]) || !std::isfinite(r.bounds[1])
            || !std::isfinite(r.bounds[2]) || !std::isfinite(r.bounds[3]))
            return fail(QStringLiteral("is damaged (piece table)") + rebuild);
    }
    return level;
}

} // namespace basemapfile
