#pragma once

#include <QObject>

class AreaFilter;
class MapController;
class QItemSelectionModel;
class QLabel;
class QStatusBar;
class TransferFilter;

// The window's status bar after the load's line: what the filters let through, in the
// words and figures of `rendezvous info` (the same Summary code, so the window and a
// script never disagree), the same figures for the selection, which filters are on
// besides the time window (the summary names the window; "only events in map view", a
// box, a drawn area, the search and category choices have no other sign once their
// menu is closed), and the position under the cursor in two notations.
class StatusLine : public QObject
{
    Q_OBJECT
public:
    StatusLine(QStatusBar *bar, TransferFilter *filter, MapController *map,
               QItemSelectionModel *selection, AreaFilter *area);
    QLabel *summary() const { return m_summary; }
    QLabel *selectionSummary() const { return m_selected; }
    QLabel *filterSigns() const { return m_filters; }

    // The filters in force other than time, in a few words each ("map view only",
    // "search “KATRIN”", "cargo: 2 values"); empty for none.
    QStringList activeFilters() const;

private:
    void updateSummary();
    void updateSelection();
    void reveal(QWidget *label, bool on);
    void updateFilters();

    TransferFilter *m_filter;
    QItemSelectionModel *m_selection;
    AreaFilter *m_area;
    QLabel *m_summary;
    QLabel *m_selected;
    QLabel *m_filters;
    QLabel *m_cursor;
    QWidget *m_selectedLine, *m_filtersLine; // separators, shown with their labels
};
