#pragma once

#include <QObject>

class MapController;
class QLabel;
class QStatusBar;
class TransferFilter;

// The window's status bar after the load's line: what the filters let through, in the
// words and figures of `rendezvous info` (the same Summary code, so the window and a
// script never disagree), and the position under the cursor in two notations.
class StatusLine : public QObject
{
    Q_OBJECT
public:
    StatusLine(QStatusBar *bar, TransferFilter *filter, MapController *map);
    QLabel *summary() const { return m_summary; }

private:
    void updateSummary();

    TransferFilter *m_filter;
    QLabel *m_summary;
    QLabel *m_cursor;
};
