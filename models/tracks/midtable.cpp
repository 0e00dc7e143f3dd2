#include "midtable.h"

#include <array>

namespace mid {
extern const std::string_view kEmbeddedCsv; // generated from tracks/data/mid.csv
} // namespace mid

namespace {
constexpr int kFirstMid = 201, kLastMid = 775;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isUpperWord(std::string_view s, size_t size)
{
    if (s.size() != size)
        return false;
    for (char c : s) {
        if (c < 'A' || c > 'Z')
            return false;
    }
    return true;
}

int digitsValue(std::string_view s)
{
    int v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> splitCommas(std::string_view line)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        const size_t comma = line.find(',', start);
        parts.push_back(
            line.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos)
            return parts;
        start = comma + 1;
    }
}

struct Table
{
    std::vector<mid::Entry> entries;
    std::array<int16_t, 1000> index {}; // MID -> position in entries + 1, 0 = none
};

const Table &table()
{
    // Parsed once, on first use (thread-safe static): a few hundred rows.
    static const Table t = [] {
        Table t;
        t.entries = mid::parse(mid::kEmbeddedCsv).entries;
        for (size_t i = 0; i < t.entries.size(); ++i)
            t.index[static_cast<size_t>(t.entries[i].mid)] = static_cast<int16_t>(i + 1);
        return t;
    }();
    return t;
}

mid::Flag withMid(mid::Kind kind, std::string_view digits)
{
    mid::Flag f;
    f.kind = kind;
    f.mid = digitsValue(digits);
    if (const mid::Entry *e = mid::lookup(f.mid)) {
        f.status = mid::Status::Flag;
        f.iso2 = e->iso2;
        f.iso3 = e->iso3;
        f.country = e->country;
    } else {
        f.status = mid::Status::UnallocatedMid;
    }
    return f;
}

mid::Flag withoutMid(mid::Kind kind)
{
    mid::Flag f;
    f.kind = kind;
    f.status = mid::Status::NoMid;
    return f;
}
} // namespace

namespace mid {

std::string_view embeddedCsv()
{
    return kEmbeddedCsv;
}

ParseResult parse(std::string_view csv)
{
    ParseResult r;
    std::array<int, 1000> lineOf {}; // MID -> line that defined it
    bool header = false;
    int lineNo = 0;
    size_t pos = 0;
    while (pos < csv.size()) {
        const size_t end = csv.find('\n', pos);
        const std::string_view raw =
            csv.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? csv.size() : end + 1;
        ++lineNo;
        const std::string_view line = trimmed(raw);
        if (line.empty() || line.front() == '#')
            continue;
        const auto error = [&](const QString &why) {
            r.errors << QStringLiteral("line %1: %2").arg(lineNo).arg(why);
        };
        const std::vector<std::string_view> f = splitCommas(line);
        if (!header) {
            header = true;
            if (f.size() != 4 || f[0] != "mid" || f[1] != "iso2" || f[2] != "iso3"
                || f[3] != "country")
                error(QStringLiteral("the header is not mid,iso2,iso3,country"));
            continue;
        }
        if (f.size() != 4) {
            error(QStringLiteral("%1 fields, not 4").arg(f.size()));
            continue;
        }
        Entry e;
        const std::string_view midText = trimmed(f[0]);
        if (midText.size() != 3 || !isDigit(midText[0]) || !isDigit(midText[1])
            || !isDigit(midText[2])) {
            error(QStringLiteral("MID '%1' is not three digits")
                      .arg(QString::fromUtf8(midText.data(), qsizetype(midText.size()))));
            continue;
        }
        e.mid = digitsValue(midText);
        if (e.mid < kFirstMid || e.mid > kLastMid) {
            error(
                QStringLiteral("MID %1 is outside %2..%3").arg(e.mid).arg(kFirstMid).arg(kLastMid));
            continue;
        }
        e.iso2 = trimmed(f[1]);
        e.iso3 = trimmed(f[2]);
        e.country = trimmed(f[3]);
        if (!isUpperWord(e.iso2, 2) || !isUpperWord(e.iso3, 3)) {
            error(QStringLiteral("MID %1: ISO codes must be two and three capital letters")
                      .arg(e.mid));
            continue;
        }
        if (e.country.empty()) {
            error(QStringLiteral("MID %1 has no country name").arg(e.mid));
            continue;
        }
        if (lineOf[static_cast<size_t>(e.mid)] != 0) {
            error(QStringLiteral("MID %1 already given on line %2")
                      .arg(e.mid)
                      .arg(lineOf[static_cast<size_t>(e.mid)]));
            continue;
        }
        if (!r.entries.empty() && r.entries.back().mid > e.mid) {
            error(QStringLiteral("MID %1 is out of order (after %2)")
                      .arg(e.mid)
                      .arg(r.entries.back().mid));
            continue;
        }
        lineOf[static_cast<size_t>(e.mid)] = lineNo;
        r.entries.push_back(e);
    }
    if (!header)
        r.errors << QStringLiteral("no header line");
    return r;
}

const Entry *lookup(int mid)
{
    if (mid < kFirstMid || mid > kLastMid)
        return nullptr;
    const Table &t = table();
    const int i = t.index[static_cast<size_t>(mid)];
    return i == 0 ? nullptr : &t.entries[static_cast<size_t>(i - 1)];
}

const std::vector<Entry> &entries()
{
    return table().entries;
}

Flag flagOf(std::string_view mmsi)
{
    const std::string_view d = trimmed(mmsi);
    if (d.size() != 9)
        return {};
    for (char c : d) {
        if (!isDigit(c))
            return {};
    }
    switch (d[0]) {
    case '0':
        return d[1] == '0' ? withMid(Kind::CoastStation, d.substr(2, 3))
                           : withMid(Kind::Group, d.substr(1, 3));
    case '1':
        return d.substr(0, 3) == "111" ? withMid(Kind::SarAircraft, d.substr(3, 3))
                                       : withoutMid(Kind::Other);
    case '8':
        return withMid(Kind::Handheld, d.substr(1, 3));
    case '9':
        if (d[1] == '8')
            return withMid(Kind::AuxiliaryCraft, d.substr(2, 3));
        if (d[1] == '9')
            return withMid(Kind::AidToNavigation, d.substr(2, 3));
        if (d.substr(0, 3) == "970")
            return withoutMid(Kind::Sart);
        if (d.substr(0, 3) == "972")
            return withoutMid(Kind::ManOverboard);
        if (d.substr(0, 3) == "974")
            return withoutMid(Kind::Epirb);
        return withoutMid(Kind::Other);
    default: // 2..7
        return withMid(Kind::Ship, d.substr(0, 3));
    }
}

Flag flagOf(uint32_t mmsi)
{
    if (mmsi > 999999999u)
        return {};
    char digits[9];
    for (int i = 8; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + mmsi % 10);
        mmsi /= 10;
    }
    return flagOf(std::string_view(digits, 9));
}

QString statusText(Status status)
{
    switch (status) {
    case Status::Flag:
        return {};
    case Status::UnallocatedMid:
        return QStringLiteral("unallocated MID");
    case Status::NoMid:
        return QStringLiteral("no MID in this form of MMSI");
    case Status::Malformed:
        return QStringLiteral("not nine digits");
    }
    return {};
}

QString kindText(Kind kind)
{
    switch (kind) {
    case Kind::Ship:
        return QStringLiteral("ship");
    case Kind::Group:
        return QStringLiteral("group of ships");
    case Kind::CoastStation:
        return QStringLiteral("coast station");
    case Kind::SarAircraft:
        return QStringLiteral("SAR aircraft");
    case Kind::Handheld:
        return QStringLiteral("handheld VHF");
    case Kind::AuxiliaryCraft:
        return QStringLiteral("craft associated with a parent ship");
    case Kind::AidToNavigation:
        return QStringLiteral("aid to navigation");
    case Kind::Sart:
        return QStringLiteral("AIS-SART");
    case Kind::ManOverboard:
        return QStringLiteral("man-overboard device");
    case Kind::Epirb:
        return QStringLiteral("EPIRB-AIS");
    case Kind::Other:
        return QStringLiteral("other station");
    case Kind::Malformed:
        return QStringLiteral("malformed MMSI");
    }
    return {};
}

} // namespace mid
