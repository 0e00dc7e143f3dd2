#pragma once

#include <QDockWidget>

#include <string>

class QTableWidget;
class TrackStore;
class TransferModel;
struct VesselRow;

// Every attribute of the current event that has a value (fields, flags and the file's
// extra columns) as a two-column table, grouped under headings: the event, vessel A,
// vessel B and the file's other columns. Empty fields are left out: most files fill a
// handful of the nineteen, and a dock of blank rows hides the ones that matter. The
// table's columns and the events table's context menu still show every column.
class DetailsDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit DetailsDock(TransferModel *model, QWidget *parent = nullptr);

    // Heading rows span both columns; value rows carry the model column they show in
    // their value item's kModelColumnRole.
    static constexpr int kModelColumnRole = Qt::UserRole + 1;

    QTableWidget *table() const { return m_table; }
    // A store row, or -1 for none.
    void showRow(int row);
    int row() const { return m_row; }
    // A vessel instead of an event: its identity, what it did, and for AIS every
    // distinct identity it broadcast with first and last time seen (a new name or IMO
    // under one MMSI is evidence). tracks: the store the row's track indexes are in.
    void showVessel(const VesselRow &vessel, const TrackStore *tracks);
    // The identity key of the vessel shown, "" when an event (or nothing) is shown.
    const std::string &vesselKey() const { return m_vesselKey; }
    // The table row showing this model column, or -1 (empty, or no event shown).
    int tableRowOf(int modelColumn) const;

private:
    void addHeading(const QString &text);
    void addValue(const QString &label, int modelColumn);
    void addText(const QString &label, const QString &text);

    TransferModel *m_model = nullptr;
    QTableWidget *m_table = nullptr;
    int m_row = -1;
    std::string m_vesselKey;
};
