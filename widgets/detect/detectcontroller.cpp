#include "detectcontroller.h"

#include "detectdialog.h"
#include "detectscope.h"
#include "eventstore.h"
#include "tracks/trackstore.h"
#include "transferfilter.h"

#include <QAction>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPromise>
#include <QThreadPool>
#include <QUndoCommand>
#include <QUndoStack>
#include <QWidget>

namespace {
// What a worker's exception says (the detectors report nothing else as errors).
QString describe(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::bad_alloc &) {
        return QStringLiteral("not enough memory for this detection");
    } catch (const std::exception &e) {
        return QString::fromLocal8Bit(e.what());
    } catch (...) {
        return QStringLiteral("unexpected error");
    }
}

} // namespace

// One detection in the undo stack: the Detected layer (events and their composition
// with the event files) before it and after it.
class DetectCommand : public QUndoCommand
{
public:
    DetectCommand(DetectController *controller, DetectController::State before,
                  DetectController::State after, const QString &text)
        : QUndoCommand(text),
          m_controller(controller),
          m_before(std::move(before)),
          m_after(std::move(after)),
          m_generation(controller->m_generation)
    { }
    void undo() override { apply(m_before); }
    void redo() override { apply(m_after); }

private:
    void apply(const DetectController::State &state)
    {
        // A step of an earlier case (the window was cleared since), or one that cannot be
        // applied while a file loads, goes: it would mix that case's events into this one.
        if (!m_controller || m_controller->m_generation != m_generation
            || m_controller->m_investigation->isLoading()) {
            if (m_controller && m_controller->m_investigation->isLoading())
                emit m_controller->statusMessage(
                    QStringLiteral("Detected events cannot change while a file loads"), 5000);
            setObsolete(true);
            return;
        }
        m_controller->apply(state);
    }

    QPointer<DetectController> m_controller;
    DetectController::State m_before, m_after;
    int m_generation;
};

DetectController::DetectController(Investigation *investigation, TransferFilter *filter,
                                   QUndoStack *undo, QWidget *window, QObject *parent)
    : QObject(parent),
      m_investigation(investigation),
      m_filter(filter),
      m_undo(undo),
      m_window(window),
      m_action(new QAction(QStringLiteral("&Detect…"), this))
{
    m_action->setStatusTip(
        QStringLiteral("Find encounters, loitering, AIS gaps and identity anomalies in the AIS"));
    connect(m_action, &QAction::triggered, this, &DetectController::showDialog);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &DetectController::onFinished);
    connect(m_investigation, &Investigation::tracksChanged, this, &DetectController::updateAction);
    connect(m_investigation, &Investigation::loadingStarted, this, &DetectController::updateAction);
    connect(m_investigation, &Investigation::loadFinished, this, &DetectController::updateAction);
    connect(m_investigation, &Investigation::cleared, this, [this] {
        // A new case: the undo steps of this one's detections go with it.
        ++m_generation;
        m_result = {};
        cancel();
    });
    updateAction();
}

DetectController::~DetectController()
{
    if (m_running && m_cancel) {
        *m_cancel = true;
        m_watcher.waitForFinished();
    }
}

detect::Rules DetectController::rulesInScope() const
{
    return detectscope::apply(m_rules, m_filter->from(), m_filter->to(), m_filter->criteria());
}

DetectDialog *DetectController::dialog() const
{
    return m_dialog;
}

void DetectController::updateAction()
{
    m_action->setEnabled(m_investigation->tracks() && !m_investigation->isLoading() && !m_running);
}

void DetectController::showDialog()
{
    if (m_dialog) {
        m_dialog->raise();
        return;
    }
    auto *dialog = new DetectDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    const detect::Rules rules = rulesInScope();
    dialog->setRules(rules);
    dialog->setKinds(m_kinds);
    dialog->setPortsFile(m_portsFile);
    dialog->setScope(detectscope::describe(rules, m_filter->criteria().polygon.size() >= 3));
    const auto tracks = m_investigation->tracks();
    dialog->setTracksSummary(
        tracks ? QStringLiteral("AIS: %L1 positions of %L2 vessels.")
                     .arg(qlonglong(tracks->positionCount()))
                     .arg(qlonglong(tracks->vesselsWithPositions()))
               : QStringLiteral("No AIS is loaded: open AIS files (File ▸ Open…) to detect in."),
        tracks != nullptr);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // The scope is the filters' at the moment of the click (the dialog is modeless).
        const detect::Rules chosen = detectscope::apply(dialog->rules(), m_filter->from(),
                                                        m_filter->to(), m_filter->criteria());
        m_portsFile = dialog->portsFile();
        start(chosen, dialog->kinds());
    });
    dialog->open();
}

bool DetectController::start(const detect::Rules &rules, unsigned kinds)
{
    const auto tracks = m_investigation->tracks();
    QString refusal;
    if (m_running)
        refusal = QStringLiteral("A detection is already running");
    else if (m_investigation->isLoading())
        refusal = QStringLiteral("Wait for the file being loaded before detecting");
    else if (!tracks)
        refusal = QStringLiteral("No AIS is loaded: open AIS files to detect in");
    else if (!m_runner || !m_converter)
        refusal = QStringLiteral("The detectors are not available in this build");
    else if ((kinds & detect::AllKinds) == 0)
        refusal = QStringLiteral("No detector is chosen");
    if (!refusal.isEmpty()) {
        emit statusMessage(refusal, 5000);
        return false;
    }
    m_rules = rules;
    m_kinds = kinds;
    m_running = true;
    m_runningTracks = tracks;
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelFlag;
    // The event files the result is shown with; the Detected store joins them last.
    auto parts = m_investigation->shownParts();
    parts.erase(
        std::remove_if(parts.begin(), parts.end(),
                       [](const auto &part) { return part.first == Investigation::kDetectedName; }),
        parts.end());
    m_runningFrom.clear();
    for (const auto &part : parts)
        m_runningFrom.push_back(part.second.get());

    if (!m_progress) {
        m_progress = new QProgressDialog(m_window);
        m_progress->setWindowTitle(QStringLiteral("Detect"));
        m_progress->setRange(0, 1000);
        m_progress->setMinimumDuration(300);
        m_progress->setAutoReset(false);
        m_progress->setAutoClose(false);
        connect(m_progress, &QProgressDialog::canceled, this, &DetectController::cancel);
    }
    m_progress->setLabelText(
        QStringLiteral("Detecting in %L1 AIS positions…").arg(qlonglong(tracks->positionCount())));
    m_progress->reset();
    m_progress->setValue(0);

    auto last = std::make_shared<std::atomic_int>(-1);
    detect::Control control;
    control.cancel = cancelFlag.get();
    control.progress = [this, last, cancelFlag](double fraction) {
        const int permille = fraction > 0 ? (fraction < 1 ? int(fraction * 1000) : 1000) : 0;
        if (last->exchange(permille) == permille)
            return;
        // Safe: the destructor waits for the worker. A late call after this detection
        // ended finds m_cancel replaced and is dropped.
        QMetaObject::invokeMethod(
            this,
            [this, permille, cancelFlag] {
                if (m_running && m_cancel == cancelFlag && !*cancelFlag) {
                    m_progress->setValue(permille);
                    emit progress(permille);
                }
            },
            Qt::QueuedConnection);
    };
    auto promise = std::make_shared<QPromise<Job>>();
    m_watcher.setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, tracks, rules, kinds, control, cancelFlag,
                                          parts = std::move(parts), runner = m_runner,
                                          converter = m_converter, ports = m_portsFile]() mutable {
        try {
            Job job;
            job.result = runner(*tracks, rules, kinds, control, ports);
            job.cancelled = job.result.cancelled || *cancelFlag;
            if (!job.cancelled) {
                job.events = converter(job.result, *tracks, rules);
                if (job.events) {
                    parts.emplace_back(Investigation::kDetectedName, job.events);
                    job.composed = Investigation::compose(parts);
                }
            }
            promise->addResult(std::move(job));
        } catch (...) {
            promise->setException(std::current_exception());
        }
        promise->finish();
    });
    updateAction();
    emit started();
    return true;
}

void DetectController::cancel()
{
    if (m_running && m_cancel)
        *m_cancel = true;
}

void DetectController::onFinished()
{
    const bool cancelled = m_cancel && *m_cancel;
    m_running = false;
    m_cancel.reset();
    const auto tracks = std::move(m_runningTracks);
    const auto from = std::move(m_runningFrom);
    m_runningTracks.reset();
    m_runningFrom.clear();
    if (m_progress)
        m_progress->reset();

    Job job;
    QString failure;
    try {
        job = m_watcher.result();
    } catch (...) {
        failure = describe(std::current_exception());
    }
    if (failure.isEmpty() && !cancelled && !job.cancelled && !job.events)
        failure = QStringLiteral("the detected events could not be made");
    QString message;
    if (cancelled || job.cancelled)
        message = QStringLiteral("Detection cancelled: the Detected events are unchanged");
    else if (!failure.isEmpty())
        message = QStringLiteral("Detection failed: %1").arg(failure);
    else if (m_investigation->isLoading() || m_investigation->tracks() != tracks)
        message = QStringLiteral("The data changed during the detection: its result was "
                                 "dropped; run it again");
    updateAction();
    if (!message.isEmpty()) {
        emit statusMessage(message, 8000);
        if (!failure.isEmpty() && m_window) {
            // Window-modal and not waited for: the window stays live behind it.
            auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Detect"), message,
                                        QMessageBox::Ok, m_window);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        emit finished(false, message);
        return;
    }

    State before;
    if (const DataSource *d = m_investigation->detected())
        before.events = d->store;
    before.composed = m_investigation->shown();
    for (const auto &part : m_investigation->shownParts())
        before.composedFrom.push_back(part.second.get());
    before.result = m_result;

    State after;
    after.events = job.events;
    after.composed = std::move(job.composed);
    after.composedFrom = from;
    after.composedFrom.push_back(job.events.get());
    after.result = std::move(job.result);
    const QString what = summary(after.result);
    message = QStringLiteral("Detected %1").arg(what);
    // What the run left out is said with the result, never dropped (the first few in the
    // status bar, all in the dialog's details).
    if (!after.result.notes.empty()) {
        QStringList notes;
        for (const std::string &note : after.result.notes)
            notes << QString::fromStdString(note);
        message += QStringLiteral("; ") + notes.mid(0, 3).join(QStringLiteral("; "));
        if (notes.size() > 3)
            message += QStringLiteral("; and %1 more").arg(notes.size() - 3);
        if (m_window) {
            auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Detect"),
                                        QStringLiteral("Detected %1, but %2 of the ports file "
                                                       "could not be used.")
                                            .arg(what)
                                            .arg(notes.size() == 1
                                                     ? QStringLiteral("a row")
                                                     : QStringLiteral("%1 rows").arg(notes.size())),
                                        QMessageBox::Ok, m_window);
            box->setDetailedText(notes.join(QLatin1Char('\n')));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    }
    // push() applies it (redo).
    m_undo->push(new DetectCommand(this, std::move(before), std::move(after),
                                   QStringLiteral("Detect (%1)").arg(what)));
    emit statusMessage(message, after.result.notes.empty() ? 8000 : 0);
    emit finished(true, message);
}

void DetectController::apply(const State &state)
{
    m_investigation->setDetected(state.events, state.composed, state.composedFrom);
    m_result = state.result;
}

QString DetectController::summary(const detect::Result &result) const
{
    const auto count = [](size_t n, const char *one, const char *many) {
        return QStringLiteral("%L1 %2").arg(qlonglong(n)).arg(QLatin1String(n == 1 ? one : many));
    };
    QStringList parts;
    if (m_kinds & detect::Encounters)
        parts << count(result.encounters.size(), "encounter", "encounters");
    if (m_kinds & detect::LoiteringKind)
        parts << count(result.loitering.size(), "loitering", "loitering");
    if (m_kinds & detect::Gaps)
        parts << count(result.gaps.size(), "AIS gap", "AIS gaps");
    if (m_kinds & detect::Identity)
        parts << count(result.anomalies.size(), "identity anomaly", "identity anomalies");
    return parts.join(QStringLiteral(", "));
}
