#include "timelinedock.h"

#include "eventfilter.h"
#include "eventstore.h"
#include "timeline/timelineview.h"
#include "timewindow.h"
#include "transferfilter.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QShortcut>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
constexpr int64_t kMinute = 60LL * 1000;
const QString kFormat = QStringLiteral("yyyy-MM-dd HH:mm");

// What free text may hold while it is typed: digits and the separators of a date, a
// time, an ISO 8601 date-time with its zone, and an interval.
bool isFreeText(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^[0-9TtZz:/ .,+\\-]*$"));
    return re.match(text).hasMatch();
}

bool isDateOnly(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*\\d{4}-\\d{2}-\\d{2}\\s*$"));
    return re.match(text).hasMatch();
}

// The playback units, largest first: a width is shown in the largest that divides it.
struct UnitChoice
{
    const char *name;
    int64_t ms;
};
const UnitChoice kUnits[] = {
    {"weeks", 7 * TimeWindow::kDay}, {"days", TimeWindow::kDay}, {"hours", TimeWindow::kHour}};

void showDuration(QSpinBox *value, QComboBox *unit, int64_t ms)
{
    for (int i = 0; i < int(std::size(kUnits)); ++i) {
        if (ms % kUnits[i].ms == 0 && ms / kUnits[i].ms <= value->maximum()) {
            value->setValue(int(ms / kUnits[i].ms));
            unit->setCurrentIndex(i);
            return;
        }
    }
    value->setValue(int(std::max<int64_t>(ms / TimeWindow::kHour, 1)));
    unit->setCurrentIndex(int(std::size(kUnits)) - 1);
}

int64_t duration(const QSpinBox *value, const QComboBox *unit)
{
    return value->value() * kUnits[std::clamp(unit->currentIndex(), 0, 2)].ms;
}

QComboBox *unitBox()
{
    auto *box = new QComboBox;
    for (const UnitChoice &u : kUnits)
        box->addItem(QString::fromLatin1(u.name));
    return box;
}
} // namespace

TimeField::TimeField(bool endOfPeriod, QWidget *parent) : QDateTimeEdit(parent), m_end(endOfPeriod)
{
    setTimeSpec(Qt::UTC);
    setDisplayFormat(kFormat);
    setCalendarPopup(true);
    setKeyboardTracking(false); // one change when the typing is done, not per digit
    // Lets fixup() complete a date typed alone instead of reverting it.
    setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
    setMinimumDateTime(QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC));
    setMaximumDateTime(QDateTime(QDate(9999, 12, 31), QTime(23, 59), Qt::UTC));
    setSpecialValueText(QStringLiteral("\u2014"));
    // Not on dateTimeChanged: QDateTimeEdit also emits that when the typing moves from
    // one section to the next.
    connect(this, &QAbstractSpinBox::editingFinished, this, &TimeField::committed);
}

void TimeField::keyPressEvent(QKeyEvent *event)
{
    QLineEdit *edit = lineEdit();
    if (event->matches(QKeySequence::Paste)) {
        const QString clip = QGuiApplication::clipboard()->text();
        if (applyText(clip)) {
            event->accept();
            return;
        }
    }
    const QString text = event->text();
    const bool printable = !text.isEmpty() && text.front().isPrint()
        && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    const bool allSelected = edit->hasSelectedText() && edit->selectedText() == edit->text();
    if (printable && (m_free || allSelected)) {
        // The line edit's signals are held back: QDateTimeEdit would otherwise move the
        // cursor to its sections and reparse the partial text after every key.
        m_free = true;
        const QSignalBlocker block(edit);
        edit->insert(text);
        event->accept();
        return;
    }
    if (m_free) {
        const QSignalBlocker block(edit);
        switch (event->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (!applyText(edit->text()))
                revertText();
            emit editingFinished();
            event->accept();
            return;
        case Qt::Key_Escape:
            revertText();
            event->accept();
            return;
        case Qt::Key_Backspace:
            edit->backspace();
            event->accept();
            return;
        case Qt::Key_Delete:
            edit->del();
            event->accept();
            return;
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Home:
        case Qt::Key_End:
            edit->event(event);
            return;
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
            revertText(); // stepping a section needs the sections back
            break;
        default:
            break;
        }
    }
    // QDateTimeEdit moves to the next section when one is full, and again on the
    // separator typed after it, so "2018-05-30" typed in full skipped the month. A
    // separator right after such a move is what the user typed to get there: eaten.
    const bool separator =
        text == QLatin1String("-") || text == QLatin1String(":") || text == QLatin1String(" ");
    if (separator && m_advanced) {
        m_advanced = false;
        event->accept();
        return;
    }
    const bool digit = !text.isEmpty() && text.front().isDigit();
    if (digit) {
        const Section s = currentSection();
        (s == HourSection || s == MinuteSection ? m_typedTime : m_typedDate) = true;
    }
    const int before = currentSectionIndex();
    QDateTimeEdit::keyPressEvent(event);
    m_advanced = digit && currentSectionIndex() != before;
}

void TimeField::focusOutEvent(QFocusEvent *event)
{
    if (m_free) {
        const QSignalBlocker block(lineEdit());
        if (!applyText(lineEdit()->text()))
            revertText();
    }
    QDateTimeEdit::focusOutEvent(event);
}

void TimeField::revertText()
{
    m_free = false;
    const QSignalBlocker block(this);
    setDateTime(dateTime()); // writes the value's text back
}

std::optional<TimeField::Typed> TimeField::parseText(const QString &input) const
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    QString error;
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() == 2) {
        const auto from = EventFilter::parseBound(parts[0].trimmed(), false, &error);
        const auto to = EventFilter::parseBound(parts[1].trimmed(), true, &error);
        if (!from || !to)
            return std::nullopt;
        return Typed {std::min(*from, *to), std::max(*from, *to), true};
    }
    if (parts.size() != 1)
        return std::nullopt;
    const auto t = EventFilter::parseBound(text, m_end, &error);
    if (!t)
        return std::nullopt;
    return Typed {*t, *t, false};
}

bool TimeField::applyText(const QString &text)
{
    const std::optional<Typed> typed = parseText(text);
    if (!typed)
        return false;
    m_free = m_advanced = m_typedDate = m_typedTime = false;
    if (!typed->interval) {
        setTime(typed->from); // dateTimeChanged tells the owner
        return true;
    }
    {
        const QSignalBlocker block(this);
        setTime(m_end ? typed->to : typed->from);
    }
    emit intervalEntered(typed->from, typed->to);
    return true;
}

void TimeField::committed()
{
    const bool dateOnly = m_typedDate && !m_typedTime;
    m_typedDate = m_typedTime = false;
    if (!dateOnly)
        return;
    const QTime time = m_end ? QTime(23, 59) : QTime(0, 0);
    if (dateTime().time() != time)
        setDateTime(QDateTime(date(), time, Qt::UTC)); // dateTimeChanged tells the owner
}

int64_t TimeField::time() const
{
    const int64_t start = dateTime().toMSecsSinceEpoch();
    return m_end ? start + kMinute - 1 : start;
}

void TimeField::setTime(int64_t ms)
{
    // Floor to the minute (also before 1970).
    const int64_t r = ms % kMinute;
    setDateTime(QDateTime::fromMSecsSinceEpoch(ms - (r < 0 ? r + kMinute : r), Qt::UTC));
}

QValidator::State TimeField::validate(QString &input, int &pos) const
{
    if (m_free)
        return isFreeText(input) ? QValidator::Intermediate : QValidator::Invalid;
    if (isDateOnly(input))
        return QValidator::Intermediate;
    return QDateTimeEdit::validate(input, pos);
}

void TimeField::fixup(QString &input) const
{
    if (isDateOnly(input)) {
        input = input.trimmed() + (m_end ? QStringLiteral(" 23:59") : QStringLiteral(" 00:00"));
        return;
    }
    QDateTimeEdit::fixup(input);
}

TimelineDock::TimelineDock(TimeWindow *window, TransferFilter *filter, QWidget *parent)
    : QDockWidget(QStringLiteral("Timeline"), parent), m_window(window), m_filter(filter)
{
    setObjectName(QStringLiteral("timelineDock"));
    m_view = new TimelineView(window, filter);
    m_view->setToolTip(QString()); // per bin, from the view
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(3);
    layout->addWidget(createControls());
    layout->addWidget(m_view, 1);
    setWidget(content);

    auto *space = new QShortcut(QKeySequence(Qt::Key_Space), content);
    space->setContext(Qt::WidgetWithChildrenShortcut);
    connect(space, &QShortcut::activated, m_window, &TimeWindow::togglePlay);

    connect(m_window, &TimeWindow::rangeChanged, this, &TimelineDock::rangeChanged);
    connect(m_window, &TimeWindow::dataRangeChanged, this, &TimelineDock::rangeChanged);
    connect(m_window, &TimeWindow::playbackChanged, this, &TimelineDock::playbackChanged);
    rangeChanged();
    playbackChanged();
}

QWidget *TimelineDock::createControls()
{
    const auto button = [](QStyle::StandardPixmap icon, const QString &tip) {
        auto *b = new QToolButton;
        b->setIcon(b->style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    const auto separator = [] {
        auto *line = new QFrame;
        line->setFrameShape(QFrame::VLine);
        line->setFrameShadow(QFrame::Sunken);
        return line;
    };
    auto *bar = new QWidget;
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);

    m_from = new TimeField(false);
    m_from->setObjectName(QStringLiteral("timelineFrom"));
    const QString typing =
        QStringLiteral("\nType or paste a date or date-time over the whole field (2018-01-01, "
                       "2018-01-01 06:00, 2018-01-01T06:00Z), or an interval for both ends "
                       "(2018-01-01/2018-05-30)");
    m_from->setToolTip(QStringLiteral("Start of the time window (UTC)") + typing);
    m_to = new TimeField(true);
    m_to->setObjectName(QStringLiteral("timelineTo"));
    m_to->setToolTip(
        QStringLiteral("End of the time window (UTC, inclusive); a date alone means its end")
        + typing);
    m_clear = new QToolButton;
    m_clear->setObjectName(QStringLiteral("timelineClear"));
    m_clear->setText(QStringLiteral("Clear"));
    m_clear->setToolTip(QStringLiteral("Show every period (Esc, or double-click the timeline)"));
    row->addWidget(new QLabel(QStringLiteral("From")));
    row->addWidget(m_from);
    row->addWidget(new QLabel(QStringLiteral("to")));
    row->addWidget(m_to);
    row->addWidget(new QLabel(QStringLiteral("UTC")));
    row->addWidget(m_clear);
    row->addSpacing(6);
    row->addWidget(separator());

    QToolButton *back = button(QStyle::SP_MediaSkipBackward, QStringLiteral("Step back (Left)"));
    back->setObjectName(QStringLiteral("timelineStepBack"));
    m_play = button(QStyle::SP_MediaPlay, QStringLiteral("Play (Space)"));
    m_play->setObjectName(QStringLiteral("timelinePlay"));
    QToolButton *forward =
        button(QStyle::SP_MediaSkipForward, QStringLiteral("Step forward (Right)"));
    forward->setObjectName(QStringLiteral("timelineStepForward"));
    row->addWidget(back);
    row->addWidget(m_play);
    row->addWidget(forward);

    m_width = new QSpinBox;
    m_width->setObjectName(QStringLiteral("timelineWidth"));
    m_width->setRange(1, 999);
    m_width->setToolTip(QStringLiteral("Width of the playback window"));
    m_widthUnit = unitBox();
    m_step = new QSpinBox;
    m_step->setObjectName(QStringLiteral("timelineStep"));
    m_step->setRange(1, 999);
    m_step->setToolTip(QStringLiteral("How far the window moves per frame"));
    m_stepUnit = unitBox();
    m_speed = new QDoubleSpinBox;
    m_speed->setObjectName(QStringLiteral("timelineSpeed"));
    m_speed->setRange(0.25, 60);
    m_speed->setDecimals(2);
    m_speed->setSingleStep(1);
    m_speed->setSuffix(QStringLiteral(" fps"));
    m_speed->setToolTip(QStringLiteral("Playback speed, frames per second"));
    m_loop = new QCheckBox(QStringLiteral("Loop"));
    m_loop->setObjectName(QStringLiteral("timelineLoop"));
    row->addSpacing(4);
    row->addWidget(new QLabel(QStringLiteral("Window")));
    row->addWidget(m_width);
    row->addWidget(m_widthUnit);
    row->addWidget(new QLabel(QStringLiteral("step")));
    row->addWidget(m_step);
    row->addWidget(m_stepUnit);
    row->addWidget(new QLabel(QStringLiteral("speed")));
    row->addWidget(m_speed);
    row->addWidget(m_loop);
    row->addStretch(1);
    m_needData = {m_from, m_to, back, m_play, forward};

    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &TimelineDock::fieldEdited);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &TimelineDock::fieldEdited);
    for (TimeField *field : {m_from, m_to})
        connect(field, &TimeField::intervalEntered, this, [this](int64_t from, int64_t to) {
            m_window->setRange(from, to);
            rangeChanged();
        });
    connect(m_clear, &QToolButton::clicked, m_window, &TimeWindow::clearRange);
    connect(back, &QToolButton::clicked, m_window, &TimeWindow::stepBack);
    connect(forward, &QToolButton::clicked, m_window, &TimeWindow::stepForward);
    connect(m_play, &QToolButton::clicked, m_window, &TimeWindow::togglePlay);
    for (QSpinBox *box : {m_width, m_step})
        connect(box, &QSpinBox::valueChanged, this, &TimelineDock::playbackEdited);
    for (QComboBox *box : {m_widthUnit, m_stepUnit})
        connect(box, &QComboBox::currentIndexChanged, this, &TimelineDock::playbackEdited);
    connect(m_speed, &QDoubleSpinBox::valueChanged, this, &TimelineDock::playbackEdited);
    connect(m_loop, &QCheckBox::toggled, this, &TimelineDock::playbackEdited);
    return bar;
}

void TimelineDock::setCurrentRow(int storeRow)
{
    const auto &store = m_filter->store();
    if (!store || storeRow < 0 || size_t(storeRow) >= store->size())
        m_view->setMarker(std::nullopt);
    else
        m_view->setMarker(store->start(size_t(storeRow)));
}

void TimelineDock::rangeChanged()
{
    // Without a window the fields show the whole data: what "no time filter" covers.
    const QSignalBlocker b1(m_from), b2(m_to);
    if (m_window->hasRange()) {
        m_from->setTime(m_window->from());
        m_to->setTime(m_window->to());
    } else if (m_window->hasData()) {
        m_from->setTime(m_window->dataFirst());
        m_to->setTime(m_window->dataLast());
    } else { // nothing to filter: the minimum shows the special text
        m_from->setDateTime(m_from->minimumDateTime());
        m_to->setDateTime(m_to->minimumDateTime());
    }
    m_clear->setEnabled(m_window->hasRange());
    for (QWidget *w : m_needData)
        w->setEnabled(m_window->hasData());
}

void TimelineDock::fieldEdited()
{
    // Without a window the fields showed the data range, so editing one keeps the other
    // as shown.
    m_window->setRange(m_from->time(), m_to->time());
    rangeChanged(); // a swapped range shows in order
}

void TimelineDock::playbackChanged()
{
    const QSignalBlocker b1(m_width), b2(m_widthUnit), b3(m_step), b4(m_stepUnit), b5(m_speed),
        b6(m_loop);
    showDuration(m_width, m_widthUnit, m_window->windowWidth());
    showDuration(m_step, m_stepUnit, m_window->step());
    m_speed->setValue(m_window->framesPerSecond());
    m_loop->setChecked(m_window->loops());
    const bool playing = m_window->isPlaying();
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setToolTip(playing ? QStringLiteral("Pause (Space)") : QStringLiteral("Play (Space)"));
}

void TimelineDock::playbackEdited()
{
    m_window->setWindowWidth(duration(m_width, m_widthUnit));
    m_window->setStep(duration(m_step, m_stepUnit));
    m_window->setFramesPerSecond(m_speed->value());
    m_window->setLoop(m_loop->isChecked());
}
