#pragma once

#include <QDateTimeEdit>
#include <QDockWidget>

#include <cstdint>

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

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void committed();

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
