// The prepared basemap: one file per level of detail, written at build time from the
// TopoJSON (resources/basemap/preparebasemap.cpp) and read at run time in one go.
//
// Layout, native byte order (checked by the header's byte-order mark), 8-byte aligned:
//   header   Header (below)
//   pieces   PieceRecord[pieceCount]: land, then coast, then borders
//   xy       double[2 * elementCount]: every piece's QPainterPath elements, in order
//   types    quint8[elementCount]: 0 move-to, 1 line-to; padded to 8 bytes
// The checksum covers the whole file but itself. The elements are the paths' own
// (QPainterPath::elementAt), so replaying them gives the paths buildLevel() made.
#include "basemap.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QMutexLocker>
#include <QPainter>
#include <QSaveFile>

#include <cmath>
#include <cstring>

namespace {

constexpr char kMagic[8] = {'R', 'Z', 'B', 'A', 'S', 'E', 'M', 'P'};
constexpr quint32 kVersion = 1;
constexpr quint32 kByteOrder = 0x01020304;

struct Header
{
    char magic[8];
    quint32 version;
    quint32 byteOrder;
    quint32 detail;
    qint32 vertexCount;
    quint32 pieceCount[3]; // land, coast, borders
    quint32 reserved;
    quint64 elementCount;
    quint64 fileSize;
    quint64 checksum;
};
static_assert(sizeof(Header) == 64, "the header's layout is the file's");

struct PieceRecord
{
    double bounds[4]; // x, y, width, height
    quint64 first; // first element
    quint64 count; // elements
    quint32 fillRule;
    quint32 reserved;
};
static_assert(sizeof(PieceRecord) == 56, "a piece record's layout is the file's");

constexpr size_t align8(size_t n)
{
    return (n + 7) & ~size_t(7);
}

// A 64-bit checksum over whole words, four independent lanes so that it runs at
// memory speed (a few milliseconds for the 10m level); not cryptographic, it catches
// damage, not malice.
quint64 checksum(const quint64 *words, size_t count)
{
    constexpr quint64 kPrime = 0x9E3779B97F4A7C15ULL;
    quint64 lane[4] = {1, 2, 3, 4};
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
    quint64 h = count;
    for (const quint64 l : lane)
        h = (h ^ l) * kPrime + (h >> 31);
    return h;
}

// The file's checksum: the body, then every header field but the checksum itself.
quint64 checksum(const Header &header, const quint64 *body, size_t words)
{
    Header h = header;
    h.checksum = checksum(body, words);
    quint64 w[sizeof h / 8];
    std::memcpy(w, &h, sizeof h);
    return checksum(w, sizeof h / 8);
}

} // namespace

// Draws the path once in the building thread: QPainterPath fills some caches on first
// use (bounds, the vector form the paint engines read). Afterwards drawing only reads,
// so two threads may draw the same piece at once.
void Basemap::primePath(const QPainterPath &path)
{
    QImage image(1, 1, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::black);
    (void)path.boundingRect();
    (void)path.controlPointRect();
    p.drawPath(path);
}

Basemap::Piece::Piece(const QRectF &b, QPainterPath path) : bounds(b), m_path(std::move(path)) { }

Basemap::Piece::Piece(Piece &&o) noexcept
    : bounds(o.bounds),
      m_path(std::move(o.m_path)),
      m_built(o.m_built.load()),
      m_level(o.m_level),
      m_first(o.m_first),
      m_count(o.m_count),
      m_fill(o.m_fill)
{ }

Basemap::Piece &Basemap::Piece::operator=(Piece &&o) noexcept
{
    bounds = o.bounds;
    m_path = std::move(o.m_path);
    m_built = o.m_built.load();
    m_level = o.m_level;
    m_first = o.m_first;
    m_count = o.m_count;
    m_fill = o.m_fill;
    return *this;
}

const QPainterPath &Basemap::Piece::path() const
{
    if (!m_built.load(std::memory_order_acquire))
        build();
    return m_path;
}

void Basemap::Piece::build() const
{
    QMutexLocker lock(&m_level->m_building);
    if (m_built.load(std::memory_order_relaxed))
        return;
    QPainterPath path;
    path.setFillRule(m_fill);
    path.reserve(int(m_count));
    const double *xy = m_level->m_xy + 2 * m_first;
    const quint8 *types = m_level->m_types + m_first;
    for (size_t i = 0; i < m_count; ++i) {
        const QPointF p(xy[2 * i], xy[2 * i + 1]);
        if (types[i] == QPainterPath::MoveToElement)
            path.moveTo(p);
        else
            path.lineTo(p);
    }
    primePath(path);
    m_path = std::move(path);
    m_built.store(true, std::memory_order_release);
}

int Basemap::Level::builtPieceCount() const
{
    int n = 0;
    for (const auto *pieces : {&land, &coast, &borders}) {
        for (const Piece &p : *pieces)
            n += p.isBuilt() ? 1 : 0;
    }
    return n;
}

QString Basemap::preparedFileName(Detail detail)
{
    static const char *const suffix[kDetailCount] = {"110m", "50m", "10m"};
    return QStringLiteral("basemap-%1.bin").arg(QLatin1String(suffix[int(detail)]));
}

bool Basemap::writePrepared(const Level &level, const QString &path, QString *error)
{
    const std::vector<Piece> *kinds[3] = {&level.land, &level.coast, &level.borders};
    Header header {};
    std::memcpy(header.magic, kMagic, sizeof kMagic);
    header.version = kVersion;
    header.byteOrder = kByteOrder;
    header.detail = quint32(level.detail);
    header.vertexCount = level.vertexCount;
    std::vector<PieceRecord> records;
    std::vector<double> xy;
    std::vector<quint8> types;
    for (int k = 0; k < 3; ++k) {
        header.pieceCount[k] = quint32(kinds[k]->size());
        for (const Piece &piece : *kinds[k]) {
            const QPainterPath &p = piece.path();
            PieceRecord r {};
            r.bounds[0] = piece.bounds.x();
            r.bounds[1] = piece.bounds.y();
            r.bounds[2] = piece.bounds.width();
            r.bounds[3] = piece.bounds.height();
            r.first = types.size();
            r.count = quint64(p.elementCount());
            r.fillRule = quint32(p.fillRule());
            for (int i = 0; i < p.elementCount(); ++i) {
                const QPainterPath::Element e = p.elementAt(i);
                if (e.type != QPainterPath::MoveToElement
                    && e.type != QPainterPath::LineToElement) {
                    *error = QStringLiteral("a basemap path has curves, which the prepared "
                                            "format does not hold");
                    return false;
                }
                xy.push_back(e.x);
                xy.push_back(e.y);
                types.push_back(quint8(e.type));
            }
            records.push_back(r);
        }
    }
    header.elementCount = types.size();
    const size_t body =
        records.size() * sizeof(PieceRecord) + xy.size() * sizeof(double) + align8(types.size());
    header.fileSize = sizeof(Header) + body;
    std::unique_ptr<quint64[]> words(new quint64[body / 8]());
    char *out = reinterpret_cast<char *>(words.get());
    std::memcpy(out, records.data(), records.size() * sizeof(PieceRecord));
    out += records.size() * sizeof(PieceRecord);
    std::memcpy(out, xy.data(), xy.size() * sizeof(double));
    out += xy.size() * sizeof(double);
    std::memcpy(out, types.data(), types.size());
    header.checksum = checksum(header, words.get(), body / 8);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(reinterpret_cast<const char *>(&header), sizeof header) != sizeof header
        || file.write(reinterpret_cast<const char *>(words.get()), qint64(body)) != qint64(body)
        || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

std::shared_ptr<Basemap::Level> Basemap::readPrepared(const QString &path, QString *error)
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
    if (header.fileSize != quint64(size))
        return fail(QStringLiteral("is %1 bytes, %2 expected (truncated or damaged)")
                        .arg(size)
                        .arg(header.fileSize)
                    + rebuild);
    const quint64 pieces =
        quint64(header.pieceCount[0]) + header.pieceCount[1] + header.pieceCount[2];
    const quint64 elements = header.elementCount;
    // Each term bounded by the file size first, so that the sum cannot overflow.
    const quint64 body = quint64(size) - sizeof header;
    if (header.detail >= quint32(kDetailCount) || pieces > body / sizeof(PieceRecord)
        || elements > body / 17
        || body != pieces * sizeof(PieceRecord) + elements * 16 + align8(size_t(elements)))
        return fail(QStringLiteral("is damaged (inconsistent header)") + rebuild);

    auto level = std::make_shared<Level>();
    level->detail = Detail(header.detail);
    level->vertexCount = header.vertexCount;
    level->m_file.reset(new quint64[body / 8]);
    char *data = reinterpret_cast<char *>(level->m_file.get());
    if (file.read(data, qint64(body)) != qint64(body))
        return fail(QStringLiteral("cannot be read: ") + file.errorString());
    if (checksum(header, level->m_file.get(), body / 8) != header.checksum)
        return fail(QStringLiteral("is damaged (checksum mismatch)") + rebuild);

    const auto *records = reinterpret_cast<const PieceRecord *>(data);
    level->m_xy = reinterpret_cast<const double *>(data + pieces * sizeof(PieceRecord));
    level->m_types = reinterpret_cast<const quint8 *>(level->m_xy + 2 * elements);
    // The structure is checked here, once, so that building a piece cannot fail: each
    // piece a range of elements starting with a move-to, known element types, finite
    // coordinates.
    for (quint64 i = 0; i < elements; ++i) {
        if (level->m_types[i] > QPainterPath::LineToElement)
            return fail(QStringLiteral("is damaged (element type)") + rebuild);
    }
    for (quint64 i = 0; i < 2 * elements; ++i) {
        if (!std::isfinite(level->m_xy[i]))
            return fail(QStringLiteral("is damaged (coordinates)") + rebuild);
    }
    std::vector<Piece> *kinds[3] = {&level->land, &level->coast, &level->borders};
    const PieceRecord *r = records;
    for (int k = 0; k < 3; ++k) {
        kinds[k]->resize(header.pieceCount[k]);
        for (Piece &piece : *kinds[k]) {
            if (r->first > elements || r->count > elements - r->first || r->count == 0
                || level->m_types[r->first] != QPainterPath::MoveToElement
                || (r->fillRule != Qt::OddEvenFill && r->fillRule != Qt::WindingFill)
                || !std::isfinite(r->bounds[0]) || !std::isfinite(r->bounds[1])
                || !std::isfinite(r->bounds[2]) || !std::isfinite(r->bounds[3]))
                return fail(QStringLiteral("is damaged (piece table)") + rebuild);
            piece.bounds = QRectF(r->bounds[0], r->bounds[1], r->bounds[2], r->bounds[3]);
            piece.m_level = level.get();
            piece.m_first = size_t(r->first);
            piece.m_count = size_t(r->count);
            piece.m_fill = Qt::FillRule(r->fillRule);
            piece.m_built.store(false, std::memory_order_relaxed);
            ++r;
        }
    }
    return level;
}
