#include "transfermodel.h"

#include "io/timeparser.h"
#include "tracks/midtable.h"

#include <QDateTime>
#include <QGeoCoordinate>
#include <QLocale>

#include <cmath>

namespace {
// Wide enough for any int64 in decimal, so numeric runs of identifiers compare by value.
constexpr int kSortDigits = 20;

QVariant msVariant(int64_t ms)
{
    return ms == EventStore::kNoTime ? QVariant() : QVariant(static_cast<qint64>(ms));
}

QVariant dateTimeVariant(int64_t ms)
{
    if (ms == EventStore::kNoTime)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString vesselDisplay(const VesselTable &vessels, uint32_t id)
{
    return id == 0 ? QString() : vessels.vessel(id).display();
}

// Fields whose text may hold numbers (a confidence of 0.85); the other text fields are
// names, identifiers and codes, text whatever their characters.
bool mayHoldNumbers(Field f)
{
    return f == Field::Latitude || f == Field::Longitude || f == Field::Volume
        || f == Field::Confidence;
}

QString exactNumber(double v)
{
    return std::isnan(v) ? QString() : QString::number(v, 'g', QLocale::FloatingPointShortest);
}
} // namespace

TransferModel::TransferModel(QObject *parent) : QAbstractTableModel(parent) { }

void TransferModel::setStore(std::shared_ptr<const EventStore> store)
{
    beginResetModel();
    m_store = std::move(store);
    m_numeric.clear();
    endResetModel();
}

std::optional<Field> TransferModel::fieldForColumn(int column)
{
    if (column < 0 || column >= fieldColumnCount())
        return std::nullopt;
    // Geometry is skipped: the columns after it move one field on.
    const int geometry = static_cast<int>(Field::Geometry);
    return static_cast<Field>(column < geometry ? column : column + 1);
}

int TransferModel::columnForField(Field f)
{
    const int geometry = static_cast<int>(Field::Geometry);
    const int i = static_cast<int>(f);
    if (i == geometry)
        return -1;
    return i < geometry ? i : i - 1;
}

int TransferModel::extraForColumn(int column) const
{
    if (!m_store)
        return -1;
    const int extra = column - extraColumnOffset();
    return extra >= 0 && extra < m_store->extraNames().size() ? extra : -1;
}

int TransferModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_store)
        return 0;
    return static_cast<int>(m_store->size());
}

int TransferModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return extraColumnOffset() + (m_store ? static_cast<int>(m_store->extraNames().size()) : 0);
}

QString TransferModel::columnKey(int column) const
{
    if (const auto f = fieldForColumn(column))
        return fieldKey(*f);
    const int extra = extraForColumn(column);
    return extra >= 0 ? m_store->extraNames().at(extra) : QString();
}

const NumericColumn &TransferModel::numericColumn(int column) const
{
    static const NumericColumn none;
    if (!m_store || column < 0 || column >= columnCount())
        return none;
    const auto f = fieldForColumn(column);
    if (f ? !mayHoldNumbers(*f) : extraForColumn(column) < 0)
        return none;
    if (m_numeric.size() != size_t(columnCount()))
        m_numeric.assign(size_t(columnCount()), std::nullopt);
    std::optional<NumericColumn> &c = m_numeric[size_t(column)];
    if (!c)
        c = NumericColumn::analyse(*m_store, columnKey(column));
    return *c;
}

QString TransferModel::formatTime(int64_t ms)
{
    if (ms == EventStore::kNoTime)
        return {};
    // Same formatter as the exports and the CLI, minus the ISO punctuation that makes
    // a table column harder to read; every time in the app is UTC (the header says so).
    QString s = timeparse::toIso(ms);
    if (s.endsWith(QLatin1Char('Z')))
        s.chop(1);
    const qsizetype t = s.indexOf(QLatin1Char('T'));
    if (t >= 0)
        s[t] = QLatin1Char(' ');
    return s;
}

QString TransferModel::formatVolume(double bbl)
{
    if (std::isnan(bbl))
        return {};
    // English grouping whatever the user's locale: "12,400" must not read as 12.4 in a
    // shared screenshot or a copied cell. Shortest form keeps every significant digit.
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(bbl, 'f', QLocale::FloatingPointShortest);
}

QString TransferModel::formatDegrees(double deg)
{
    // 5 decimals is about 1 m: finer than any AIS fix, coarse enough to scan by eye.
    return QString::number(deg, 'f', 5);
}

QString TransferModel::flagsText(uint8_t flags)
{
    QStringList parts;
    if (flags & EventStore::Duplicate)
        parts << QStringLiteral("duplicate");
    if (flags & EventStore::PositionFromCentroid)
        parts << QStringLiteral("centroid");
    if (flags & EventStore::VesselAFlagFromMmsi)
        parts << QStringLiteral("A flag from MMSI");
    if (flags & EventStore::VesselBFlagFromMmsi)
        parts << QStringLiteral("B flag from MMSI");
    return parts.join(QStringLiteral(", "));
}

QString TransferModel::naturalSortKey(const QString &text)
{
    const QString folded = text.toCaseFolded();
    QString key;
    key.reserve(folded.size() + kSortDigits);
    qsizetype i = 0;
    while (i < folded.size()) {
        const QChar c = folded[i];
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) {
            key += c;
            ++i;
            continue;
        }
        qsizetype j = i;
        while (j < folded.size() && folded[j] >= QLatin1Char('0') && folded[j] <= QLatin1Char('9'))
            ++j;
        const qsizetype digits = j - i;
        if (digits < kSortDigits)
            key += QString(kSortDigits - digits, QLatin1Char('0'));
        key += QStringView(folded).mid(i, digits);
        i = j;
    }
    return key;
}

QVariant TransferModel::displayText(size_t row, int column) const
{
    const EventStore &s = *m_store;
    const auto f = fieldForColumn(column);
    if (f) {
        switch (*f) {
        case Field::Start:
            return formatTime(s.start(row));
        case Field::End:
            return formatTime(s.end(row));
        case Field::Latitude:
            return formatDegrees(s.lat(row));
        case Field::Longitude:
            return formatDegrees(s.lon(row));
        case Field::Volume: {
            // Barrels as the file gives them ("12,400", "20,000.5"), but never more than
            // two decimals: a volume computed upstream ("12,400.333333") reads as 12,400.33.
            const double v = s.volume(row);
            const double cents = std::round(v * 100) / 100;
            return formatVolume(std::isfinite(cents) ? cents : v);
        }
        default:
            break;
        }
    }
    if (column == flagsColumn())
        return flagsText(s.flags(row));
    const NumericColumn &numeric = numericColumn(column);
    if (numeric.numeric) {
        const double v = NumericReader(s, columnKey(column)).value(row);
        // A "no value" spelling (n/a) is shown as written; a number in the column's form.
        if (!std::isnan(v))
            return numeric.format.format(v);
    }
    if (f)
        return s.text(*f, row);
    const int extra = extraForColumn(column);
    return extra >= 0 ? s.extra(extra, row) : QVariant();
}

QVariant TransferModel::exactText(size_t row, int column) const
{
    const EventStore &s = *m_store;
    if (const auto f = fieldForColumn(column)) {
        switch (*f) {
        case Field::Start:
            return timeparse::toIso(s.start(row));
        case Field::End:
            return s.hasEnd(row) ? timeparse::toIso(s.end(row)) : QString();
        case Field::Latitude:
            return exactNumber(s.lat(row));
        case Field::Longitude:
            return exactNumber(s.lon(row));
        case Field::Volume:
            return exactNumber(s.volume(row));
        default:
            return s.text(*f, row);
        }
    }
    if (column == flagsColumn())
        return flagsText(s.flags(row));
    const int extra = extraForColumn(column);
    return extra >= 0 ? s.extra(extra, row) : QVariant();
}

QVariant TransferModel::sortValue(size_t row, int column) const
{
    const EventStore &s = *m_store;
    const auto textKey = [](const QString &text) {
        return text.isEmpty() ? QVariant() : QVariant(naturalSortKey(text));
    };
    const auto f = fieldForColumn(column);
    if (f) {
        switch (*f) {
        case Field::Start:
            return msVariant(s.start(row));
        case Field::End:
            return msVariant(s.end(row));
        case Field::Latitude:
            return s.lat(row);
        case Field::Longitude:
            return s.lon(row);
        case Field::Volume:
            return std::isnan(s.volume(row)) ? QVariant() : QVariant(s.volume(row));
        default:
            break;
        }
    }
    if (column == flagsColumn())
        return static_cast<int>(s.flags(row));
    if (numericColumn(column).numeric) {
        const double v = NumericReader(s, columnKey(column)).value(row);
        return std::isnan(v) ? QVariant() : QVariant(v);
    }
    if (f)
        return textKey(s.text(*f, row));
    const int extra = extraForColumn(column);
    return extra >= 0 ? textKey(s.extra(extra, row)) : QVariant();
}

QString TransferModel::toolTip(size_t row) const
{
    const EventStore &s = *m_store;
    const auto orUnknown = [](const QString &text) {
        return text.isEmpty() ? QStringLiteral("unknown") : text;
    };
    QStringList lines;
    const QString id = s.id(row);
    lines << (id.isEmpty()
                  ? QStringLiteral("Event at source row %1").arg(s.sourceRow(row))
                  : QStringLiteral("Event %1 (source row %2)").arg(id).arg(s.sourceRow(row)));
    lines << QStringLiteral("Vessel A: ")
            + orUnknown(vesselDisplay(s.vessels(), s.vesselsA()[row]));
    lines << QStringLiteral("Vessel B: ")
            + orUnknown(vesselDisplay(s.vessels(), s.vesselsB()[row]));
    const QString start = formatTime(s.start(row));
    lines << QStringLiteral("Start: ")
            + (start.isEmpty() ? QStringLiteral("unknown") : start + QStringLiteral(" UTC"));
    lines << QStringLiteral("End: ")
            + (s.hasEnd(row) ? formatTime(s.end(row)) + QStringLiteral(" UTC")
                             : QStringLiteral("none (an instant)"));
    const QString volume = formatVolume(s.volume(row));
    lines << QStringLiteral("Volume: ")
            + (volume.isEmpty() ? QStringLiteral("unknown") : volume + QStringLiteral(" bbl"));
    if (s.flags(row) & EventStore::Duplicate)
        lines << QStringLiteral("Exact duplicate of an earlier row of the file");
    if (s.flags(row) & EventStore::PositionFromCentroid)
        lines << QStringLiteral("Position is the centroid of a non-point geometry");
    for (const Field f : {Field::VesselAFlag, Field::VesselBFlag}) {
        const QString flag = detailText(row, columnForField(f)).toString();
        if (flag != s.text(f, row))
            lines << fieldLabel(f) + QStringLiteral(": ") + flag;
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant TransferModel::detailText(size_t row, int column) const
{
    const EventStore &s = *m_store;
    const auto f = fieldForColumn(column);
    const bool a = f == Field::VesselAFlag, b = f == Field::VesselBFlag;
    const uint8_t derived =
        a ? EventStore::VesselAFlagFromMmsi : (b ? EventStore::VesselBFlagFromMmsi : 0);
    if (!derived || !(s.flags(row) & derived))
        return displayText(row, column);
    const std::string_view mmsi = s.textView(a ? Field::VesselAMmsi : Field::VesselBMmsi, row);
    const mid::Flag flag = mid::flagOf(mmsi);
    const auto utf8 = [](std::string_view t) {
        return QString::fromUtf8(t.data(), static_cast<qsizetype>(t.size()));
    };
    return QString(utf8(s.textView(*f, row)) + QStringLiteral(" · ") + utf8(flag.country)
                   + QStringLiteral(" (from MMSI)"));
}

QVariant TransferModel::data(const QModelIndex &index, int role) const
{
    // Not checkIndex(): views legitimately ask about invalid indexes, and it warns.
    if (!m_store || !index.isValid() || index.model() != this || index.parent().isValid()
        || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const size_t row = static_cast<size_t>(index.row());
    const EventStore &s = *m_store;
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::EditRole:
    case ExactTextRole:
        return exactText(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::TextAlignmentRole:
        if (numericColumn(index.column()).numeric)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case CoordinateRole:
        return QVariant::fromValue(QGeoCoordinate(s.lat(row), s.lon(row)));
    case StartRole:
        return dateTimeVariant(s.start(row));
    case EndRole:
        return dateTimeVariant(s.end(row));
    case StartMsRole:
        return msVariant(s.start(row));
    case EndMsRole:
        return msVariant(s.end(row));
    case VolumeRole:
        return s.volume(row);
    case RowRole:
        return index.row();
    case SourceRowRole:
        return static_cast<qint64>(s.sourceRow(row));
    case DuplicateRole:
        return s.isDuplicate(row);
    case VesselARole:
        return vesselDisplay(s.vessels(), s.vesselsA()[row]);
    case VesselBRole:
        return vesselDisplay(s.vessels(), s.vesselsB()[row]);
    case SortRole:
        return sortValue(row, index.column());
    case FlagsRole:
        return static_cast<int>(s.flags(row));
    case DetailTextRole:
        return detailText(row, index.column());
    default:
        return {};
    }
}

QVariant TransferModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        // The source row, so that a row in the table can be found in the file.
        if (role != Qt::DisplayRole || !m_store || section < 0
            || static_cast<size_t>(section) >= m_store->size())
            return {};
        return static_cast<qint64>(m_store->sourceRow(static_cast<size_t>(section)));
    }
    if (section < 0 || section >= columnCount())
        return {};
    const auto f = fieldForColumn(section);
    if (role == Qt::DisplayRole) {
        if (f)
            return fieldLabel(*f);
        if (section == flagsColumn())
            return QStringLiteral("Flags");
        return m_store->extraNames().at(extraForColumn(section));
    }
    if (role == Qt::ToolTipRole) {
        if (section == flagsColumn())
            return QStringLiteral("duplicate: an exact copy of an earlier row of the file\n"
                                  "centroid: the source geometry was not a point\n"
                                  "A/B flag from MMSI: the file has no flag column; the "
                                  "flag is the country of the MMSI's MID");
        if (!f)
            return QStringLiteral("Source column \"%1\", not mapped to an event field")
                .arg(m_store->extraNames().at(extraForColumn(section)));
        if (*f == Field::Start || *f == Field::End)
            return QStringLiteral("Coordinated Universal Time");
        return {};
    }
    if (role == Qt::TextAlignmentRole && numericColumn(section).numeric)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    return {};
}

QHash<int, QByteArray> TransferModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(CoordinateRole, "coordinate");
    names.insert(StartRole, "start");
    names.insert(EndRole, "end");
    names.insert(StartMsRole, "startMs");
    names.insert(EndMsRole, "endMs");
    names.insert(VolumeRole, "volume");
    names.insert(RowRole, "storeRow");
    names.insert(SourceRowRole, "sourceRow");
    names.insert(DuplicateRole, "duplicate");
    names.insert(VesselARole, "vesselA");
    names.insert(VesselBRole, "vesselB");
    names.insert(SortRole, "sortValue");
    names.insert(FlagsRole, "flags");
    names.insert(ExactTextRole, "exactText");
    names.insert(DetailTextRole, "detailText");
    return names;
}
