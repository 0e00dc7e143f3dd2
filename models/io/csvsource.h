#pragma once

#include <QString>

#include <cstdint>
#include <string_view>
#include <vector>

namespace csv {

// Where the fast reader's parts get their bytes: text already in memory, or a file read
// window by window with pread into a small buffer that each thread reuses.
//
// Why a file is not read whole into memory first: on this kind of virtual machine the
// first touch of fresh memory is what a load mostly costs (1.7 ms per MiB when the
// guest's free memory is cold, against about 0.3 ms per MiB to copy from the page
// cache into a buffer that stays in the cache). A 64 KiB window per thread keeps the
// memory a load touches down to the store it builds; mapping the file instead costs a
// fault per 4 KiB page, slower still here.
class Source
{
public:
    static Source memory(std::string_view text);
    // fd stays owned by the caller. size: the bytes to read, from offset 0.
    static Source file(int fd, uint64_t size, size_t windowBytes);

    uint64_t size() const { return m_size; }
    bool inMemory() const { return m_fd < 0; }
    std::string_view text() const { return m_text; } // inMemory() only

    // Some bytes of the source from `offset` on.
    struct Window
    {
        const char *begin = nullptr;
        const char *end = nullptr;
        uint64_t offset = 0; // of begin
        bool last = false; // end is the end of the source
        uint64_t offsetOf(const char *p) const { return offset + uint64_t(p - begin); }
    };

    // Reads windows of one source for one thread.
    class Reader
    {
    public:
        explicit Reader(const Source &source) : m_source(source) { }
        // At least `minimum` bytes (or up to the end of the source) from offset.
        // Returns false, with error set, when the file cannot be read.
        bool read(uint64_t offset, size_t minimum, Window &window);
        QString error;

    private:
        const Source &m_source;
        std::vector<char> m_buffer;
    };

    // The offset just past the first line feed at or after `offset`, or size() when
    // there is none (reads the file from there when it must).
    uint64_t nextLineStart(uint64_t offset) const;

private:
    Source() = default;
    std::string_view m_text;
    int m_fd = -1;
    uint64_t m_size = 0;
    size_t m_window = 0;
};

} // namespace csv
