#include "archive.h"

#include <QFile>

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace archive {

namespace {

// Decompressed entries beyond this are refused: row numbers are 32-bit, and a "zip
// bomb" must not take all the memory.
constexpr uint64_t kMaxEntryBytes = uint64_t(4) * 1024 * 1024 * 1024 - 1;

uint16_t le16(const unsigned char *p)
{
    return uint16_t(p[0] | (p[1] << 8));
}
uint32_t le32(const unsigned char *p)
{
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

// Inflates `in` (windowBits as for inflateInit2) into out; gzip members follow each
// other until the input ends. Returns an error text or "".
QString inflateAll(const unsigned char *in, size_t size, int windowBits, std::string &out,
                   size_t limit)
{
    z_stream z;
    std::memset(&z, 0, sizeof z);
    if (inflateInit2(&z, windowBits) != Z_OK)
        return QStringLiteral("cannot start zlib");
    const size_t cap = limit ? limit : size_t(kMaxEntryBytes);
    out.clear();
    out.reserve(std::min<size_t>(cap, std::max<size_t>(size * 4, 1 << 16)));
    size_t offset = 0;
    QString error;
    while (true) {
        z.next_in = const_cast<unsigned char *>(in + offset);
        const size_t chunkIn = std::min<size_t>(size - offset, 1u << 30);
        z.avail_in = uInt(chunkIn);
        int rc = Z_OK;
        while (rc == Z_OK) {
            if (out.size() >= cap) {
                if (!limit)
                    error = QStringLiteral("the compressed data inflates beyond 4 GiB");
                break;
            }
            const size_t before = out.size();
            const size_t room = std::min<size_t>(cap - before, size_t(1) << 20);
            out.resize(before + room);
            z.next_out = reinterpret_cast<unsigned char *>(&out[before]);
            z.avail_out = uInt(room);
            rc = inflate(&z, Z_NO_FLUSH);
            out.resize(before + room - z.avail_out);
            if (rc == Z_BUF_ERROR && z.avail_in == 0 && z.avail_out != 0)
                break; // input exhausted mid-stream
            if (rc == Z_BUF_ERROR)
                rc = Z_OK; // no room was the only problem
        }
        offset += chunkIn - z.avail_in;
        if (!error.isEmpty() || out.size() >= cap)
            break;
        if (rc == Z_STREAM_END) {
            // Another gzip member may follow (cat a.gz b.gz > c.gz is a valid gzip file).
            if (windowBits > 15 && offset + 2 <= size && in[offset] == 0x1f
                && in[offset + 1] == 0x8b) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (rc == Z_DATA_ERROR) {
            error = QStringLiteral("corrupt compressed data (%1) after %2 bytes of text")
                        .arg(QLatin1String(z.msg ? z.msg : "inflate error"))
                        .arg(out.size());
            break;
        }
        if (offset >= size) {
            error = QStringLiteral("the compressed data is cut short (truncated file) after %1 "
                                   "bytes of text")
                        .arg(out.size());
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            error = QStringLiteral("zlib error %1").arg(rc);
            break;
        }
    }
    inflateEnd(&z);
    return error;
}

QByteArray readAll(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open: %1").arg(f.errorString());
        return {};
    }
    QByteArray bytes = f.readAll();
    if (f.error() != QFileDevice::NoError)
        *error = QStringLiteral("cannot read: %1").arg(f.errorString());
    return bytes;
}

Contents readZip(const QByteArray &bytes, size_t firstBytesOnly, const EntryHandler &handler)
{
    Contents c;
    size_t delivered = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const size_t size = size_t(bytes.size());
    // The end of central directory record: 22 bytes plus a comment of up to 64 KiB.
    size_t eocd = SIZE_MAX;
    if (size >= 22) {
        const size_t lowest = size > 22 + 65535 ? size - 22 - 65535 : 0;
        for (size_t p = size - 22 + 1; p-- > lowest;) {
            if (le32(data + p) == 0x06054b50) {
                eocd = p;
                break;
            }
        }
    }
    if (eocd == SIZE_MAX) {
        c.error = QStringLiteral("not a readable zip file: no central directory found");
        return c;
    }
    const uint16_t count = le16(data + eocd + 10);
    const uint32_t cdSize = le32(data + eocd + 12);
    const uint32_t cdOffset = le32(data + eocd + 16);
    if (cdOffset == 0xFFFFFFFFu || count == 0xFFFF) {
        c.error = QStringLiteral("zip64 archives (over 4 GiB or 65,535 entries) are not "
                                 "supported; unpack it first");
        return c;
    }
    if (uint64_t(cdOffset) + cdSize > size) {
        c.error = QStringLiteral("not a readable zip file: the central directory lies beyond "
                                 "the end of the file (truncated?)");
        return c;
    }
    size_t p = cdOffset;
    for (uint16_t i = 0; i < count; ++i) {
        if (p + 46 > size || le32(data + p) != 0x02014b50) {
            c.error = QStringLiteral("not a readable zip file: central directory entry %1 is "
                                     "damaged")
                          .arg(i + 1);
            return c;
        }
        const uint16_t flags = le16(data + p + 8);
        const uint16_t method = le16(data + p + 10);
        const uint32_t compressed = le32(data + p + 20);
        const uint32_t uncompressed = le32(data + p + 24);
        const uint16_t nameLen = le16(data + p + 28);
        const uint16_t extraLen = le16(data + p + 30);
        const uint16_t commentLen = le16(data + p + 32);
        const uint32_t local = le32(data + p + 42);
        if (p + 46 + nameLen > size) {
            c.error =
                QStringLiteral("not a readable zip file: entry %1's name is cut off").arg(i + 1);
            return c;
        }
        const QString name =
            QString::fromUtf8(reinterpret_cast<const char *>(data + p + 46), nameLen);
        p += 46 + size_t(nameLen) + extraLen + commentLen;
        if (name.endsWith(QLatin1Char('/')) || name.startsWith(QLatin1String("__MACOSX/")))
            continue;
        if (flags & 1) {
            c.error = QStringLiteral("%1 in the zip is encrypted; unpack it first").arg(name);
            return c;
        }
        if (compressed == 0xFFFFFFFFu || uncompressed == 0xFFFFFFFFu) {
            c.error = QStringLiteral("%1 in the zip is a zip64 entry (over 4 GiB); unpack it "
                                     "first")
                          .arg(name);
            return c;
        }
        if (uint64_t(local) + 30 > size || le32(data + local) != 0x04034b50) {
            c.error = QStringLiteral("not a readable zip file: the local header of %1 is "
                                     "damaged")
                          .arg(name);
            return c;
        }
        const size_t start = size_t(local) + 30 + le16(data + local + 26) + le16(data + local + 28);
        if (uint64_t(start) + compressed > size) {
            c.error = QStringLiteral("%1 in the zip is cut short (truncated file)").arg(name);
            return c;
        }
        Entry e;
        e.name = name;
        e.index = i;
        e.count = count;
        if (method == 0) {
            const size_t n =
                firstBytesOnly ? std::min<size_t>(firstBytesOnly, compressed) : compressed;
            e.text.assign(reinterpret_cast<const char *>(data + start), n);
        } else if (method == 8) {
            const QString error = inflateAll(data + start, compressed, -15, e.text, firstBytesOnly);
            if (!error.isEmpty()) {
                c.error = QStringLiteral("%1 in the zip: %2").arg(name, error);
                return c;
            }
            if (!firstBytesOnly && e.text.size() != uncompressed) {
                c.error = QStringLiteral("%1 in the zip inflates to %2 bytes, its header says %3")
                              .arg(name)
                              .arg(e.text.size())
                              .arg(uncompressed);
                return c;
            }
        } else {
            c.error = QStringLiteral("%1 in the zip uses compression method %2; only stored and "
                                     "deflated entries are read")
                          .arg(name)
                          .arg(method);
            return c;
        }
        ++delivered;
        if (handler) {
            if (!handler(e))
                return c;
        } else {
            c.entries.push_back(std::move(e));
        }
        if (firstBytesOnly)
            break;
    }
    if (delivered == 0)
        c.error = QStringLiteral("the zip file holds no files");
    return c;
}

} // namespace

Kind sniff(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Kind::Plain;
    const QByteArray head = f.read(4);
    if (head.size() >= 2 && uchar(head[0]) == 0x1f && uchar(head[1]) == 0x8b)
        return Kind::Gzip;
    if (head.size() == 4 && head.startsWith("PK")
        && (head == QByteArray("PK\x03\x04", 4) || head == QByteArray("PK\x05\x06", 4)))
        return Kind::Zip;
    return Kind::Plain;
}

Contents read(const QString &path, Kind kind, size_t firstBytesOnly)
{
    return read(path, kind, EntryHandler(), firstBytesOnly);
}

Contents read(const QString &path, Kind kind, const EntryHandler &handler, size_t firstBytesOnly)
{
    Contents c;
    const QByteArray bytes = readAll(path, &c.error);
    if (!c.error.isEmpty())
        return c;
    if (kind == Kind::Zip)
        return readZip(bytes, firstBytesOnly, handler);
    Entry e;
    if (kind == Kind::Gzip) {
        c.error = inflateAll(reinterpret_cast<const unsigned char *>(bytes.constData()),
                             size_t(bytes.size()), 16 + 15, e.text, firstBytesOnly);
        if (!c.error.isEmpty())
            c.error = QStringLiteral("gzip: %1").arg(c.error);
    } else {
        e.text.assign(bytes.constData(), size_t(bytes.size()));
    }
    if (handler && c.error.isEmpty())
        handler(e);
    else
        c.entries.push_back(std::move(e));
    return c;
}

} // namespace archive
