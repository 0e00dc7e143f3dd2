#pragma once

#include "ais/aiscolumns.h"
#include "io/loadreport.h"
#include "io/valueparsers.h"
#include "tracks/trackstore.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>
#include <vector>

// One row of a position table turned into a PositionReport (and an identity) for a
// TrackBuilder, or into a Rejection with its reason. One RowReader per thread.
namespace ais {

struct TableFormat
{
    char sep = ',';
    int columns = 0;
    AisColumns cols;
    timeparse::DateOrder slashOrder = timeparse::DateOrder::DayFirst;
};

// What a part of a table saw, merged into the report's notes.
struct RowStats
{
    int64_t records = 0, loaded = 0;
    int64_t decimalComma = 0; // positions written with a decimal comma
    int64_t identityWithoutPosition = 0; // rows rejected for position that gave an identity
    int64_t repairedCommaRows = 0; // unquoted decimal commas put back together
    std::array<int64_t, 4> timeForms {}; // see TimeForm
    std::vector<Rejection> rejections; // in row order
    std::vector<uint32_t> shortRows; // fewer fields than the header (read as empty)
    void merge(RowStats &&o);
};
enum TimeForm { IsoSeconds, DaySlash, EpochOrOther, SlashResolved };

class RowReader
{
public:
    RowReader(const TableFormat &format, TrackBuilder &builder, uint16_t file, RowStats &stats);
    void read(const std::string_view *fields, size_t count, uint32_t row, bool unterminated);

private:
    void reject(uint32_t row, QString reason);
    bool time(std::string_view s, int64_t &ms, QString &reason);
    uint32_t vessel(uint32_t mmsi, std::string_view id);
    bool readIdentity(const std::string_view *f, size_t count, float &length, float &width);
    bool identity(const std::string_view *f, size_t count, uint32_t vessel, int64_t ms);
    std::string_view field(const std::string_view *f, size_t count, AisField which) const
    {
        const int c = m_format.cols[which];
        return c >= 0 && size_t(c) < count ? values::trim(f[c]) : std::string_view();
    }

    const TableFormat &m_format;
    TrackBuilder &m_builder;
    const uint16_t m_file;
    RowStats &m_stats;
    VesselIdentity m_identity; // reused: its strings keep their capacity
    std::vector<std::string_view> m_repaired;
    struct CacheSlot
    {
        uint32_t mmsi = 0, vessel = 0;
    };
    // MMSI -> vessel, direct mapped: a day of a busy coast has a few thousand vessels.
    static constexpr int kCacheBits = 15;
    static constexpr size_t kCacheSlots = size_t(1) << kCacheBits;
    std::vector<CacheSlot> m_cache;
    // Per vessel, the raw identity fields of its last row and what they were read as:
    // a vessel repeats its name, IMO and size in every row of a MarineCadastre file, so
    // a row whose fields are byte for byte the last row's is not read again. The fields
    // are views into the row's text: the stretch from the first to the end of the last,
    // with each field's place in it, is the key (same bytes, same places: same fields).
    static constexpr size_t kIdentityFields = 7;
    struct IdentityKey
    {
        // Eight slots for seven fields: the key is four whole words (the last slot 0).
        uint16_t at[8] = {}, size[8] = {};
        bool operator==(const IdentityKey &o) const
        {
            // Word by word: a call to memcmp for 32 bytes costs more than the compare.
            uint64_t a[4], b[4];
            static_assert(sizeof a == sizeof at + sizeof size);
            std::memcpy(a, at, sizeof at);
            std::memcpy(reinterpret_cast<char *>(a) + sizeof at, size, sizeof size);
            std::memcpy(b, o.at, sizeof at);
            std::memcpy(reinterpret_cast<char *>(b) + sizeof at, o.size, sizeof size);
            return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0;
        }
    };
    struct IdentityMemo
    {
        IdentityKey key;
        std::string raw; // the stretch of text
        bool valid = false, said = false;
        int period = -1; // from TrackBuilder::addIdentity
        float length = 0, width = 0;
    };
    std::vector<IdentityMemo> m_memo; // by vessel
};

} // namespace ais
