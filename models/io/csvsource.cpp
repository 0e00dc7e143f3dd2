#include "csvsource.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace csv {

Source Source::memory(std::string_view text)
{
    Source s;
    s.m_text = text;
    s.m_size = text.size();
    return s;
}

Source Source::file(int fd, uint64_t size, size_t windowBytes)
{
    Source s;
    s.m_fd = fd;
    s.m_size = size;
    s.m_window = std::max<size_t>(windowBytes, 1);
    return s;
}

bool Source::Reader::read(uint64_t offset, size_t minimum, Window &window)
{
    const uint64_t size = m_source.m_size;
    offset = std::min(offset, size);
    window.offset = offset;
    if (m_source.inMemory()) {
        window.begin = m_source.m_text.data() + offset;
        window.end = m_source.m_text.data() + size;
        window.last = true;
        return true;
    }
    const size_t want = std::max(m_source.m_window, minimum);
    if (m_buffer.size() < want)
        m_buffer.resize(want);
    const size_t capacity = static_cast<size_t>(std::min<uint64_t>(want, size - offset));
    size_t got = 0;
    bool shrank = false;
    while (got < capacity) {
        const ssize_t r = ::pread(m_source.m_fd, m_buffer.data() + got, capacity - got,
                                  static_cast<off_t>(offset + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            error = QStringLiteral("cannot read: %1").arg(qt_error_string(errno));
            return false;
        }
        if (r == 0) { // the file shrank while it was read: what is there is all there is
            shrank = true;
            break;
        }
        got += static_cast<size_t>(r);
    }
    window.begin = m_buffer.data();
    window.end = m_buffer.data() + got;
    window.last = shrank || offset + got >= size;
    return true;
}

uint64_t Source::nextLineStart(uint64_t offset) const
{
    Reader reader(*this);
    Window w;
    while (offset < m_size && reader.read(offset, 0, w)) {
        const auto *lf =
            static_cast<const char *>(std::memchr(w.begin, '\n', size_t(w.end - w.begin)));
        if (lf)
            return w.offsetOf(lf + 1);
        if (w.last || w.end == w.begin)
            break;
        offset = w.offsetOf(w.end);
    }
    return m_size;
}

} // namespace csv
