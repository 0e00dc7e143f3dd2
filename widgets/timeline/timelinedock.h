#pragma once

#include <QDateTimeEdit>
#include <QDockWidget>

#include <cstdint>
#include <optional>

class EventLayer;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QToolButton;
class TimeWindow;
class TimelineView;
class TransferFilter;

// A date-time field in UTC, minute precision ("yyyy-MM-dd HH:mm"). A date typed alone
// means the start of that day, or its end for a field that ends a range (like the
// CLI's --to), and the minute of an end field means the end of that minute. "Typed
// alone" covers both ways of typing: free text pasted in ("2018-05-30"), and digits
// typed into the date sections only, the time sections left untouched.
//
// Typing over the whole selected text, or pasting, is free text rather than section
// by section (QDateTimeEdit would put "2018-01-01 00:00" typed over a selected field
// into its sections one digit at a time and make 2017-01-01 of it): a date, a date and
// time, an ISO 8601 date-time ("2018-01-01T00:00Z"), read as the CLI reads --from and
// --to, taken on Enter or when the field loses the focus. An ISO interval
// ("2018-01-01/2018-05-30", the end date meaning its whole day) sets both ends of the
// window: intervalEntered().
class TimeField : public QDateTimeEdit
{
    Q_OBJECT
public:
    explicit TimeField(bool endOfPeriod, QWidget *parent = nullptr);
    // UTC ms: the minute's first ms, or its last for an end field.
    int64_t time() const;
    void setTime(int64_t ms);

    QValidator::State validate(QString &input, int &pos) const override;
    void fixup(QString &input) const override;

    // Free text as the field reads it: nullopt when it is not a date, a date-time or an
    // interval of them; a single time gives from == to.
    struct Typed
    {
        int64_t from, to; // UTC ms, to inclusive
        bool interval;
    };
    std::optional<Typed> parseText(const QString &text) const;
    // Takes free text as typed or pasted; false (and nothing changes) when unreadable.
    bool applyText(const QString &text);

signals:
    void intervalEntered(int64_t from, int64_t to); // inclusive UTC ms

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    void committed();
    void revertText(); // back to the value's text, out of free typing
    bool m_free = false; // the text is being typed freely, not by sections

    bool m_end;
    bool m_typedDate = false, m_typedTime = false; // since the last commit
    bool m_advanced = false; // the last digit filled a section and moved to the next
};

// The timeline as a bottom dock: the histogram with its brush, the window's exact dates
// (two UTC fields in step with the brush both ways), a Clear button and the playback
// controls (play/pause, step back/forward, window width and step, speed, loop). Space
// plays or pauses while the dock has the focus.
class TimelineDock : public QDockWidget
{
    Q_OBJECT
public:
    TimelineDock(TimeWindow *window, TransferFilter *filter, QWidget *parent = nullptr);

    TimelineView *view() const { return m_view; }
    TimeField *fromField() const { return m_from; }
    TimeField *toField() const { return m_to; }
    QToolButton *playButton() const { return m_play; }
    QSpinBox *widthBox() const { return m_width; }
    QComboBox *widthUnitBox() const { return m_widthUnit; }

    // The current event (a store row, or -1): its start is the view's marker line.
    void setCurrentRow(int storeRow);

private:
    QWidget *createControls();
    void rangeChanged();
    void playbackChanged();
    void fieldEdited();
    void playbackEdited();

    TimeWindow *m_window = nullptr;
    TransferFilter *m_filter = nullptr;
    TimelineView *m_view = nullptr;
    TimeField *m_from = nullptr;
    TimeField *m_to = nullptr;
    QToolButton *m_clear = nullptr;
    QToolButton *m_play = nullptr;
    QSpinBox *m_width = nullptr;
    QComboBox *m_widthUnit = nullptr;
    QSpinBox *m_step = nullptr;
    QComboBox *m_stepUnit = nullptr;
    QDoubleSpinBox *m_speed = nullptr;
    QCheckBox *m_loop = nullptr;
    QList<QWidget *> m_needData; // disabled while no event has a time
};
