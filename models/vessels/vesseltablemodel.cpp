#include "vesseltablemodel.h"

#include "detect/identityanomalies.h"
#include "summary.h"

#include <QDateTime>
#include <QHash>
#include <QTimeZone>

#include <cmath>

namespace {
QString day(int64_t ms)
{
    if (ms == VesselRow::kNoTime)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
} // namespace

VesselTableModel::VesselTableModel(QObject *parent) : QAbstractTableModel(parent) { }

void VesselTableModel::setRows(std::vector<VesselRow> rows)
{
    // A layout change, not a reset: persistent indexes (the selection, the current row)
    // follow their vessel by key, and those whose vessel left the filter are dropped.
    emit layoutAboutToBeChanged();
    QHash<QString, int> newRow;
    for (size_t i = 0; i < rows.size(); ++i)
        newRow.insert(QString::fromStdString(rows[i].key), static_cast<int>(i));
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before) {
        const int row = newRow.value(QString::fromStdString(m_rows[size_t(index.row())].key), -1);
        after.append(row < 0 ? QModelIndex() : createIndex(row, index.column()));
    }
    m_rows = std::move(rows);
    changePersistentIndexList(before, after);
    emit layoutChanged();
}

int VesselTableModel::rowOfKey(const std::string &key) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].key == key)
            return static_cast<int>(i);
    }
    return -1;
}

int VesselTableModel::rowOfTrack(uint32_t trackVessel) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        for (const uint32_t v : m_rows[i].tracks) {
            if (v == trackVessel)
                return static_cast<int>(i);
        }
    }
    return -1;
}

int VesselTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int VesselTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString VesselTableModel::shipTypeText(int type)
{
    if (type < 0)
        return {};
    QString kind;
    if (type == 30)
        kind = QStringLiteral("Fishing");
    else if (type == 31 || type == 32 || type == 52)
        kind = QStringLiteral("Tug");
    else if (type == 35)
        kind = QStringLiteral("Military");
    else if (type == 36)
        kind = QStringLiteral("Sailing");
    else if (type == 37)
        kind = QStringLiteral("Pleasure craft");
    else if (type >= 40 && type <= 49)
        kind = QStringLiteral("High-speed craft");
    else if (type == 50)
        kind = QStringLiteral("Pilot");
    else if (type == 51)
        kind = QStringLiteral("Search and rescue");
    else if (type == 55)
        kind = QStringLiteral("Law enforcement");
    else if (type >= 60 && type <= 69)
        kind = QStringLiteral("Passenger");
    else if (type >= 70 && type <= 79)
        kind = QStringLiteral("Cargo");
    else if (type >= 80 && type <= 89)
        kind = QStringLiteral("Tanker");
    else
        kind = QStringLiteral("Other");
    return QStringLiteral("%1 (%2)").arg(kind).arg(type);
}

QVariant VesselTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const VesselRow &r = m_rows[static_cast<size_t>(index.row())];
    if (role == KeyRole)
        return QString::fromStdString(r.key);
    if (role == BadgesRole)
        return index.column() == Anomalies ? QVariant(badges(r)) : QVariant();
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && !sort && role != Qt::ToolTipRole
        && role != Qt::TextAlignmentRole)
        return {};
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return column >= Positions && column != FirstSeen && column != LastSeen
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    // Numbers for sorting; a vessel AIS did not see sorts its blank positions first.
    const auto count = [&](int64_t n) -> QVariant {
        return sort ? QVariant(static_cast<qlonglong>(n)) : QVariant(Summary::formatCount(n));
    };
    switch (column) {
    case Mmsi:
        return r.mmsi;
    case Imo:
        return r.imo;
    case Name:
        return r.name;
    case Flag:
        if (role == Qt::ToolTipRole && r.flagDerived)
            return QStringLiteral("Derived from the MMSI's Maritime Identification Digits");
        return r.flagDerived && !sort ? r.flag + QStringLiteral(" *") : r.flag;
    case ShipType:
        return sort ? QVariant(r.shipType) : QVariant(shipTypeText(r.shipType));
    case Anomalies:
        if (sort)
            return static_cast<qlonglong>(r.anomalies.size());
        if (role == Qt::ToolTipRole)
            return r.anomalies.empty() ? QVariant() : QVariant(anomalyLines(r).join('\n'));
        return badges(r).join(QStringLiteral(" \u00b7 "));
    // Blank, not 0, for a vessel AIS did not see (or with no AIS loaded at all).
    case Positions:
        return r.tracks.empty() && !sort ? QVariant(QString()) : count(r.positions);
    case Segments:
        return r.tracks.empty() && !sort ? QVariant(QString()) : count(r.segments);
    case FirstSeen:
        return sort ? QVariant(static_cast<qlonglong>(r.firstMs)) : QVariant(day(r.firstMs));
    case LastSeen:
        return sort ? QVariant(static_cast<qlonglong>(r.lastMs)) : QVariant(day(r.lastMs));
    case Events:
        return count(r.events);
    case Partners:
        return count(r.partners);
    case Barrels:
        if (sort)
            return r.barrels;
        if (role == Qt::ToolTipRole && r.volumeUnknown > 0)
            return QStringLiteral("%1 of its events have no volume")
                .arg(Summary::formatCount(r.volumeUnknown));
        return r.events == 0 ? QString() : Summary::formatVolume(r.barrels);
    default:
        return {};
    }
}

QVariant VesselTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[ColumnCount] = {
        "MMSI",     "IMO",        "Name",      "Flag",   "Type",     "Anomalies", "Positions",
        "Segments", "First seen", "Last seen", "Events", "Partners", "Barrels",
    };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

QString VesselTableModel::badgeText(detect::Anomaly::Kind kind)
{
    using K = detect::Anomaly::Kind;
    switch (kind) {
    case K::BadImoCheckDigit:
        return QStringLiteral("Bad IMO");
    case K::UnallocatedMid:
        return QStringLiteral("MID");
    case K::FlagMismatch:
        return QStringLiteral("Flag");
    case K::TwoPlacesAtOnce:
        return QStringLiteral("2 places");
    case K::NameChanged:
        return QStringLiteral("Name");
    case K::ImoChanged:
        return QStringLiteral("IMO");
    }
    return {};
}

QStringList VesselTableModel::badges(const VesselRow &row)
{
    // Counted by kind in kind order (a row of several tracks lists each track's anomalies
    // in turn, so count rather than rely on them being adjacent).
    constexpr int kKinds = int(detect::Anomaly::Kind::ImoChanged) + 1;
    int count[kKinds] = {};
    for (const detect::Anomaly &a : row.anomalies)
        ++count[int(a.kind)];
    QStringList out;
    for (int k = 0; k < kKinds; ++k) {
        if (count[k] == 0)
            continue;
        const QString text = badgeText(detect::Anomaly::Kind(k));
        out << (count[k] > 1 ? QStringLiteral("%1 \u00d7%2").arg(text).arg(count[k]) : text);
    }
    return out;
}

QStringList VesselTableModel::anomalyLines(const VesselRow &row)
{
    QStringList out;
    for (const detect::Anomaly &a : row.anomalies) {
        QString line = QStringLiteral("%1: %2").arg(
            QString::fromUtf8(detect::anomalyKindName(a.kind)), QString::fromStdString(a.detail));
        const QString from = day(a.startMs), to = day(a.endMs);
        line += from == to ? QStringLiteral(" (%1)").arg(from)
                           : QStringLiteral(" (%1 \u2013 %2)").arg(from, to);
        out << line;
    }
    return out;
}
