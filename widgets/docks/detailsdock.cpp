#include "detailsdock.h"

#include "detect/identityanomalies.h"
#include "summary.h"
#include "tracks/trackstore.h"
#include "transfermodel.h"
#include "vessels/vesseltablemodel.h"

#include <QDateTime>
#include <QTimeZone>

#include <QHeaderView>
#include <QTableWidget>

namespace {
// The event's own fields, in reading order; the vessels' follow under their headings.
const Field kEventFields[] = {Field::Id,         Field::Start,    Field::End,   Field::Latitude,
                              Field::Longitude,  Field::Geometry, Field::Cargo, Field::Volume,
                              Field::Confidence, Field::Source,   Field::Notes};
const Field kVesselA[] = {Field::VesselAName, Field::VesselAImo, Field::VesselAMmsi,
                          Field::VesselAFlag};
const Field kVesselB[] = {Field::VesselBName, Field::VesselBImo, Field::VesselBMmsi,
                          Field::VesselBFlag};

// "Vessel A IMO" under the heading "Vessel A" reads "IMO"; the name itself "Name".
QString vesselLabel(Field f, const QString &prefix)
{
    QString label = fieldLabel(f);
    if (label.startsWith(prefix))
        label = label.mid(prefix.size()).trimmed();
    if (label.isEmpty())
        return QStringLiteral("Name");
    label[0] = label[0].toUpper();
    return label;
}
} // namespace

DetailsDock::DetailsDock(TransferModel *model, QWidget *parent)
    : QDockWidget(QStringLiteral("Details"), parent), m_model(model)
{
    setObjectName(QStringLiteral("detailsDock"));
    m_table = new QTableWidget(0, 2);
    m_table->setObjectName(QStringLiteral("detailsTable"));
    m_table->setHorizontalHeaderLabels({QStringLiteral("Attribute"), QStringLiteral("Value")});
    m_table->horizontalHeader()->hide(); // the headings say what each group is
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setShowGrid(false);
    // Compact rows: a dock of ordinary height shows a whole event.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setWordWrap(false);
    setWidget(m_table);
    // A new file invalidates the row shown.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { showRow(-1); });
}

void DetailsDock::addHeading(const QString &text)
{
    const int r = m_table->rowCount();
    m_table->insertRow(r);
    auto *item = new QTableWidgetItem(text);
    QFont bold = item->font();
    bold.setBold(true);
    item->setFont(bold);
    item->setBackground(m_table->palette().alternateBase());
    item->setFlags(Qt::ItemIsEnabled);
    m_table->setItem(r, 0, item);
    m_table->setSpan(r, 0, 1, 2);
}

void DetailsDock::addValue(const QString &label, int modelColumn)
{
    // A flag derived from the MMSI says so ("PA · Panama (from MMSI)").
    addText(label,
            m_model->index(m_row, modelColumn).data(TransferModel::DetailTextRole).toString());
    m_table->item(m_table->rowCount() - 1, 1)->setData(kModelColumnRole, modelColumn);
}

void DetailsDock::addText(const QString &label, const QString &text)
{
    const int r = m_table->rowCount();
    m_table->insertRow(r);
    auto *name = new QTableWidgetItem(label);
    // Labels a step back from the values, still easy to read.
    const QColor ink = m_table->palette().color(QPalette::Text);
    const QColor base = m_table->palette().color(QPalette::Base);
    name->setForeground(QColor((ink.red() * 3 + base.red() * 2) / 5,
                               (ink.green() * 3 + base.green() * 2) / 5,
                               (ink.blue() * 3 + base.blue() * 2) / 5));
    auto *value = new QTableWidgetItem(text);
    value->setToolTip(text);
    value->setData(kModelColumnRole, -1);
    m_table->setItem(r, 0, name);
    m_table->setItem(r, 1, value);
}

void DetailsDock::showRow(int row)
{
    m_row = row >= 0 && row < m_model->rowCount() ? row : -1;
    m_vesselKey.clear();
    m_table->clearSpans();
    m_table->setRowCount(0);
    if (m_row < 0)
        return;
    const auto filled = [this](int column) {
        return !m_model->index(m_row, column).data().toString().trimmed().isEmpty();
    };
    // A group with nothing filled has no heading either.
    const auto group = [&](const QString &heading, const auto &fields, const QString &prefix) {
        bool any = false;
        for (Field f : fields) {
            const int c = TransferModel::columnForField(f);
            if (!filled(c))
                continue;
            if (!any)
                addHeading(heading);
            any = true;
            addValue(prefix.isEmpty() ? fieldLabel(f) : vesselLabel(f, prefix), c);
        }
    };
    group(QStringLiteral("Event"), kEventFields, QString());
    if (filled(TransferModel::flagsColumn())) {
        if (m_table->rowCount() == 0)
            addHeading(QStringLiteral("Event"));
        addValue(m_model->headerData(TransferModel::flagsColumn(), Qt::Horizontal).toString(),
                 TransferModel::flagsColumn());
    }
    group(QStringLiteral("Vessel A"), kVesselA, QStringLiteral("Vessel A"));
    group(QStringLiteral("Vessel B"), kVesselB, QStringLiteral("Vessel B"));
    bool anyExtra = false;
    for (int c = m_model->extraColumnOffset(); c < m_model->columnCount(); ++c) {
        if (!filled(c))
            continue;
        if (!anyExtra)
            addHeading(QStringLiteral("Other columns"));
        anyExtra = true;
        addValue(m_model->headerData(c, Qt::Horizontal).toString(), c);
    }
    m_table->resizeColumnToContents(0);
}

void DetailsDock::showVessel(const VesselRow &v, const TrackStore *tracks)
{
    m_row = -1;
    m_vesselKey = v.key;
    m_table->clearSpans();
    m_table->setRowCount(0);
    const auto time = [](int64_t ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    };
    const auto add = [this](const QString &label, const QString &text) {
        if (!text.isEmpty())
            addText(label, text);
    };
    addHeading(QStringLiteral("Vessel"));
    add(QStringLiteral("Name"), v.name);
    add(QStringLiteral("IMO"), v.imo);
    add(QStringLiteral("MMSI"), v.mmsi);
    add(QStringLiteral("Flag"),
        v.flagDerived ? v.flag + QStringLiteral(" (from the MMSI)") : v.flag);
    add(QStringLiteral("Type"), VesselTableModel::shipTypeText(v.shipType));
    if (v.firstMs != VesselRow::kNoTime) {
        add(QStringLiteral("First seen"), time(v.firstMs));
        add(QStringLiteral("Last seen"), time(v.lastMs));
    }
    if (!v.anomalies.empty()) {
        // Up front: what does not hold together in its identity is why one looks closer.
        addHeading(QStringLiteral("Identity anomalies (%1)").arg(v.anomalies.size()));
        for (const detect::Anomaly &a : v.anomalies) {
            QString when = time(a.startMs);
            if (a.endMs != a.startMs)
                when += QStringLiteral(" \u2013 ") + time(a.endMs);
            addText(QString::fromUtf8(detect::anomalyKindName(a.kind)),
                    QString::fromStdString(a.detail) + QStringLiteral(" (") + when
                        + QLatin1Char(')'));
        }
    }
    addHeading(QStringLiteral("In the filtered data"));
    addText(QStringLiteral("Events"), Summary::formatCount(v.events));
    addText(QStringLiteral("Partners"), Summary::formatCount(v.partners));
    QString barrels = Summary::formatVolume(v.barrels);
    if (v.volumeUnknown > 0)
        barrels +=
            QStringLiteral(" (%1 with unknown volume)").arg(Summary::formatCount(v.volumeUnknown));
    addText(QStringLiteral("Barrels"), barrels);
    if (!v.tracks.empty()) {
        addText(QStringLiteral("Positions"), Summary::formatCount(v.positions));
        addText(QStringLiteral("Segments"), Summary::formatCount(v.segments));
    }
    for (const uint32_t t : v.tracks) {
        if (!tracks || t >= tracks->vesselCount())
            continue;
        const auto &history = tracks->identityHistory(t);
        addHeading(QStringLiteral("Identities broadcast by %1 (%2)")
                       .arg(QString::fromUtf8(tracks->vesselId(t).data(),
                                              qsizetype(tracks->vesselId(t).size())))
                       .arg(history.size()));
        int n = 0;
        for (const IdentityPeriod &p : history) {
            QStringList parts;
            if (!p.identity.name.empty())
                parts << QString::fromStdString(p.identity.name);
            if (!p.identity.imo.empty())
                parts << QStringLiteral("IMO ") + QString::fromStdString(p.identity.imo);
            if (!p.identity.callSign.empty())
                parts << QString::fromStdString(p.identity.callSign);
            if (!p.identity.flag.empty())
                parts << QStringLiteral("flag ") + QString::fromStdString(p.identity.flag);
            if (p.identity.shipType >= 0)
                parts << VesselTableModel::shipTypeText(p.identity.shipType);
            addText(QStringLiteral("Identity %1").arg(++n),
                    parts.isEmpty() ? QStringLiteral("(nothing broadcast)")
                                    : parts.join(QStringLiteral(" \u00b7 ")));
            addText(QStringLiteral("Seen"),
                    QStringLiteral("%1 \u2013 %2 (%3 reports)")
                        .arg(time(p.firstMs), time(p.lastMs), Summary::formatCount(p.reports)));
        }
    }
    m_table->resizeColumnToContents(0);
}

int DetailsDock::tableRowOf(int modelColumn) const
{
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QTableWidgetItem *value = m_table->item(r, 1);
        if (value && value->data(kModelColumnRole).toInt() == modelColumn)
            return r;
    }
    return -1;
}
