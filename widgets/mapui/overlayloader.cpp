#include "overlayloader.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

OverlayLoader::OverlayLoader(QObject *parent) : QObject(parent) { }

OverlayLoader::~OverlayLoader()
{
    // A read still running reports to its context: let it finish first.
    for (QFutureWatcherBase *w : findChildren<QFutureWatcherBase *>())
        w->waitForFinished();
}

void OverlayLoader::read(const QStringList &paths, QObject *context, Done done)
{
    ++m_pending;
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, context = QPointer<QObject>(context), done = std::move(done)] {
                watcher->deleteLater();
                --m_pending;
                Result result;
                try {
                    result = watcher->result();
                } catch (...) {
                    result.outOfMemory = true;
                }
                if (context)
                    done(std::move(result));
                // Queued: whoever waits for quiet sees the overlays just added.
                if (m_pending == 0)
                    QMetaObject::invokeMethod(
                        this,
                        [this] {
                            if (m_pending == 0)
                                emit idle();
                        },
                        Qt::QueuedConnection);
            });
    watcher->setFuture(QtConcurrent::run([paths] {
        Result r;
        for (const QString &path : paths) {
            File f;
            f.path = path;
            if (RasterLayer::isRasterFile(path))
                f.raster = RasterLayer::read(path, &f.error);
            else
                f.geometry = VectorOverlayLayer::read(path, &f.error);
            r.files.push_back(std::move(f));
        }
        return r;
    }));
}
