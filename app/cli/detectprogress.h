#pragma once

#include <QString>
#include <QTextStream>

#include <functional>
#include <memory>

// `rendezvous detect`'s progress, on stderr (stdout is the result: the list or the
// --json object, never interleaved with progress): one line per stage, as the window's
// progress dialog names them, and the detection's progress in steps of 10 %:
//
//   rendezvous detect: reading 1 AIS file…
//   rendezvous detect: shore, anchorages and ports…
//   rendezvous detect: detecting encounters,loitering,gaps,identity in 12,345 positions…
//   rendezvous detect: detecting 10%
//   ...
//   rendezvous detect: detecting 100%
namespace cli {

class DetectProgress
{
public:
    explicit DetectProgress(QTextStream &err);
    void stage(const QString &what);
    // For detect::Control::progress (0..1, from any thread, often): a line per 10 % step.
    std::function<void(double)> detection();

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
};

} // namespace cli
