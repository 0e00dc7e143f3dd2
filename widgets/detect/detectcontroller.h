#pragma once

#include "detect/detection.h"
#include "investigation.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class DetectDialog;
class EventStore;
class QAction;
class QProgressDialog;
class QUndoStack;
class QWidget;
class TrackStore;
class TransferFilter;

// Analysis ▸ Detect…: asks for the rules (DetectDialog), runs the detectors on the
// Investigation's AIS tracks off the GUI thread with progress and Cancel, and puts the
// events found in the Investigation as its "Detected" source, in place of the previous
// ones, as one step of the window's undo stack. The filters' time window and area are
// the detection's scope (detectscope). The AIS gaps found are events like the others;
// the map's event layer draws their dashed lines (map/gaplines.h).
//
// The detectors and the conversion of their Result into events are functions handed
// in (the window gives detect::run and the detected-events conversion; the tests
// hand-made ones), so that this class is the UI and the threading only.
class DetectController : public QObject
{
    Q_OBJECT
public:
    // portsFile: the user's ports ("" for none), read by the runner (a failure to read it
    // is an exception whose message names the file).
    using Runner =
        std::function<detect::Result(const TrackStore &, const detect::Rules &, unsigned kinds,
                                     const detect::Control &, const QString &portsFile)>;
    using Converter = std::function<std::shared_ptr<const EventStore>(
        const detect::Result &, const TrackStore &, const detect::Rules &)>;

    // window: the parent of the dialog, the progress and the messages.
    DetectController(Investigation *investigation, TransferFilter *filter, QUndoStack *undo,
                     QWidget *window, QObject *parent = nullptr);
    ~DetectController() override; // stops and waits for a detection still running

    void setRunner(Runner runner) { m_runner = std::move(runner); }
    void setConverter(Converter converter) { m_converter = std::move(converter); }
    // The runner and converter of `rendezvous detect`: the same detectors, geography
    // (the bundled coast and anchorages, the user's ports) and conversion to events.
    void useStandardDetection();

    QAction *detectAction() const { return m_action; } // opens the dialog

    // The rules of the next detection (the last ones used, GFW's at first) with the
    // filters' scope, and the detectors chosen.
    detect::Rules rulesInScope() const;
    unsigned kinds() const { return m_kinds; }
    // The user's ports file the next detections use ("" for none; the dialog sets it).
    void setPortsFile(const QString &path) { m_portsFile = path; }
    QString portsFile() const { return m_portsFile; }

    // The dialog, then start() with its choices.
    void showDialog();
    // Starts a detection (false, with a statusMessage, when there are no tracks, a load
    // or another detection runs, or no detectors are set).
    bool start(const detect::Rules &rules, unsigned kinds);
    void cancel();
    bool isRunning() const { return m_running; }
    QProgressDialog *progressDialog() const { return m_progress; }
    DetectDialog *dialog() const; // the open dialog, or null
    // The last detection's result as applied (empty after clear or undo to none).
    const detect::Result &lastResult() const { return m_result; }

signals:
    void started();
    void progress(int permille);
    // ok: the events are in the Investigation (and on the undo stack). false: cancelled
    // or failed (message says why), nothing changed.
    void finished(bool ok, const QString &message);
    void statusMessage(const QString &message, int timeoutMs);

private:
    friend class DetectCommand;
    struct Job
    {
        detect::Result result;
        std::shared_ptr<const EventStore> events;
        Investigation::Shown composed;
        bool cancelled = false;
    };
    // One state of the detected layer, for the undo command.
    struct State
    {
        std::shared_ptr<const EventStore> events; // null: none
        Investigation::Shown composed;
        std::vector<const EventStore *> composedFrom;
        detect::Result result;
    };
    void onFinished();
    void apply(const State &state);
    void updateAction();
    QString summary(const detect::Result &result) const;

    Investigation *m_investigation;
    TransferFilter *m_filter;
    QUndoStack *m_undo;
    QPointer<QWidget> m_window;
    QAction *m_action;
    QPointer<DetectDialog> m_dialog;
    QProgressDialog *m_progress = nullptr;
    Runner m_runner;
    Converter m_converter;
    detect::Rules m_rules; // the last used (their scope is set anew from the filters)
    unsigned m_kinds = detect::AllKinds;
    QString m_portsFile;
    detect::Result m_result;

    QFutureWatcher<Job> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
    std::shared_ptr<const TrackStore> m_runningTracks; // the tracks being analysed
    std::vector<const EventStore *> m_runningFrom; // the stores the job composes with
    // Counts new cases (Investigation::cleared): an undo step of an earlier case is void.
    int m_generation = 0;
};
