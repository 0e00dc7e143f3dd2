#pragma once

#include "vesselsummary.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

// The Vessels dock's table: one row per VesselRow. Display text as the events table
// writes it (grouped numbers, UTC days); SortRole gives numbers as numbers so that 9
// sorts before 10, and empty values last. Qt Core only (a headless test drives it).
//
// setRows() keeps the selection: rows are matched by identity key, so a vessel still
// there after a filter change stays selected, as the events table keeps its events.
class VesselTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Mmsi,
        Imo,
        Name,
        Flag,
        ShipType,
        Anomalies, // identity anomalies as badges ("Bad IMO", "2 places ×3")
        Positions,
        Segments,
        FirstSeen,
        LastSeen,
        Events,
        Partners,
        Barrels,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int KeyRole = Qt::UserRole + 2; // VesselRow::key as QString
    // On the Anomalies column: the badges as a QStringList (the dock paints them).
    static constexpr int BadgesRole = Qt::UserRole + 3;

    explicit VesselTableModel(QObject *parent = nullptr);

    void setRows(std::vector<VesselRow> rows);
    const std::vector<VesselRow> &rows() const { return m_rows; }
    const VesselRow &vessel(int row) const { return m_rows[static_cast<size_t>(row)]; }
    // The row of an identity key, or of the row holding a track vessel; -1 when none.
    int rowOfKey(const std::string &key) const;
    int rowOfTrack(uint32_t trackVessel) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "Tanker (80)", "Cargo (71)", "" for unknown: ITU-R M.1371 ship and cargo types.
    static QString shipTypeText(int type);
    // One badge per kind of anomaly the vessel has, in kind order, "×N" when several.
    static QStringList badges(const VesselRow &row);
    // One line per anomaly: "Name changed: 2 names: … (2024-03-01 – 2024-03-04)".
    static QStringList anomalyLines(const VesselRow &row);
    // A short badge for a kind: "Bad IMO", "MID", "Flag", "2 places", "Name", "IMO".
    static QString badgeText(detect::Anomaly::Kind kind);

private:
    std::vector<VesselRow> m_rows;
};
