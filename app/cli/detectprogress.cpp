#include "detectprogress.h"

#include <mutex>

namespace cli {

struct DetectProgress::Shared
{
    explicit Shared(QTextStream &e) : err(e) { }
    QTextStream &err;
    std::mutex mutex;
    int lastStep = -1; // tenths printed
};

DetectProgress::DetectProgress(QTextStream &err) : m_shared(std::make_shared<Shared>(err)) { }

void DetectProgress::stage(const QString &what)
{
    const std::lock_guard<std::mutex> lock(m_shared->mutex);
    m_shared->err << "rendezvous detect: " << what << '\n';
    m_shared->err.flush();
}

std::function<void(double)> DetectProgress::detection()
{
    {
        const std::lock_guard<std::mutex> lock(m_shared->mutex);
        m_shared->lastStep = -1;
    }
    return [shared = m_shared](double fraction) {
        const int step = fraction >= 1 ? 10 : fraction > 0 ? int(fraction * 10) : 0;
        const std::lock_guard<std::mutex> lock(shared->mutex);
        if (step <= shared->lastStep)
            return;
        shared->lastStep = step;
        shared->err << "rendezvous detect: detecting " << step * 10 << "%\n";
        shared->err.flush();
    };
}

} // namespace cli
