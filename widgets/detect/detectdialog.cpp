#include "detectdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace {
QLabel *note(const QString &text)
{
    auto *label = new QLabel(text);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    label->setPalette(palette);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    return label;
}
QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}
} // namespace

DetectDialog::DetectDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(QStringLiteral("Detect"));
    const detect::Rules d;
    auto *layout = new QVBoxLayout(this);
    // Its natural size: the rules with their one-line explanations, never squashed.
    layout->setSizeConstraint(QLayout::SetFixedSize);
    auto *intro = new QLabel(QStringLiteral(
        "Finds encounters, loitering, AIS gaps and identity anomalies in the AIS tracks. "
        "The results replace the Detected events (Edit ▸ Undo brings the previous ones "
        "back). Defaults are Global Fishing Watch's."));
    intro->setWordWrap(true);
    intro->setMinimumWidth(700);
    layout->addWidget(intro);

    const auto makeGroup = [](const QString &title) {
        auto *group = new QGroupBox(title);
        group->setCheckable(true);
        group->setChecked(true);
        new QFormLayout(group);
        return group;
    };
    m_encounters = makeGroup(QStringLiteral("&Encounters (two vessels together)"));
    m_loitering = makeGroup(QStringLiteral("&Loitering (one vessel slow, far out)"));
    m_gaps = makeGroup(QStringLiteral("AIS &gaps (going dark)"));
    m_identity = makeGroup(QStringLiteral("&Identity anomalies"));

    // Each field: a spin box in the rule's unit, bound to one member of Rules.
    const auto bindDouble = [this](QDoubleSpinBox *box, double detect::Rules::*member) {
        m_readers.push_back([box, member](detect::Rules &r) { r.*member = box->value(); });
        m_writers.push_back([box, member](const detect::Rules &r) { box->setValue(r.*member); });
    };
    const auto bindMs = [this](QDoubleSpinBox *box, int64_t detect::Rules::*member, int64_t unit) {
        m_readers.push_back([box, member, unit](detect::Rules &r) {
            r.*member = static_cast<int64_t>(std::llround(box->value() * double(unit)));
        });
        m_writers.push_back([box, member, unit](const detect::Rules &r) {
            box->setValue(double(r.*member) / double(unit));
        });
    };
    const auto bindInt = [this](QDoubleSpinBox *box, int detect::Rules::*member) {
        m_readers.push_back(
            [box, member](detect::Rules &r) { r.*member = int(std::lround(box->value())); });
        m_writers.push_back([box, member](const detect::Rules &r) { box->setValue(r.*member); });
    };
    const double hour = double(detect::kHourMs);

    bindDouble(
        addRule(m_encounters, QStringLiteral("maxDistanceM"), QStringLiteral("Within"),
                QStringLiteral("m"), 10, 50000, 0,
                QStringLiteral("Together in a 10-minute slot when this close (default %1 m).")
                    .arg(d.maxDistanceM)),
        &detect::Rules::maxDistanceM);
    bindMs(addRule(m_encounters, QStringLiteral("minDurationH"), QStringLiteral("For at least"),
                   QStringLiteral("h"), 0.5, 240, 1,
                   QStringLiteral("Together this long to be an encounter (default %1 h).")
                       .arg(number(double(d.minDurationMs) / hour, 0))),
           &detect::Rules::minDurationMs, detect::kHourMs);
    bindDouble(addRule(m_encounters, QStringLiteral("maxMedianSpeedKn"),
                       QStringLiteral("Median speed below"), QStringLiteral("kn"), 0.1, 30, 1,
                       QStringLiteral("Both vessels' median speed while together (default %1 kn).")
                           .arg(d.maxMedianSpeedKn)),
               &detect::Rules::maxMedianSpeedKn);
    bindMs(addRule(m_encounters, QStringLiteral("mergeGapH"), QStringLiteral("Merge runs within"),
                   QStringLiteral("h"), 0, 48, 1,
                   QStringLiteral("One pair's runs this close in time are one (default %1 h).")
                       .arg(number(double(d.mergeGapMs) / hour, 0))),
           &detect::Rules::mergeGapMs, detect::kHourMs);
    bindMs(addRule(m_encounters, QStringLiteral("maxInterpolationGapH"),
                   QStringLiteral("Interpolate across"), QStringLiteral("h"), 0.1, 24, 1,
                   QStringLiteral("Positions interpolated across shorter silences (default %1 h).")
                       .arg(number(double(d.maxInterpolationGapMs) / hour, 0))),
           &detect::Rules::maxInterpolationGapMs, detect::kHourMs);
    bindDouble(
        addRule(m_encounters, QStringLiteral("minPortKm"), QStringLiteral("At least from a port"),
                QStringLiteral("km"), 0, 500, 1,
                QStringLiteral("Nearer an anchorage or port it is a port call (default %1 km).")
                    .arg(d.minPortKm)),
        &detect::Rules::minPortKm);
    bindInt(
        addRule(m_encounters, QStringLiteral("anchorageMinVessels"),
                QStringLiteral("Anchorage: vessels"), QString(), 1, 1000, 0,
                QStringLiteral("Stationary 12 h in one 0.5 km cell make an anchorage (default %1).")
                    .arg(d.anchorageMinVessels)),
        &detect::Rules::anchorageMinVessels);
    // The user's own ports, as `rendezvous detect --ports FILE`.
    auto *portsRow = new QHBoxLayout;
    m_ports = new QLineEdit;
    m_ports->setObjectName(QStringLiteral("portsFile"));
    m_ports->setPlaceholderText(QStringLiteral("none"));
    m_ports->setClearButtonEnabled(true);
    m_ports->setToolTip(QStringLiteral("A file of ports or anchorages you know: CSV with lat and "
                                       "lon columns, or any point or polygon file (GeoJSON, "
                                       "GeoPackage, shapefile, KML…)"));
    m_browse = new QPushButton(QStringLiteral("&Browse…"));
    connect(m_browse, &QPushButton::clicked, this, &DetectDialog::browsePorts);
    portsRow->addWidget(m_ports, 1);
    portsRow->addWidget(m_browse);
    auto *encounterForm = static_cast<QFormLayout *>(m_encounters->layout());
    encounterForm->addRow(QStringLiteral("Your &ports file"), portsRow);
    static_cast<QLabel *>(encounterForm->labelForField(portsRow))->setBuddy(m_ports);
    m_portsError = new QLabel;
    m_portsError->setObjectName(QStringLiteral("portsError"));
    m_portsError->setWordWrap(true);
    {
        QPalette palette = m_portsError->palette();
        palette.setColor(QPalette::WindowText, QColor(0xb0, 0x1c, 0x1c));
        m_portsError->setPalette(palette);
    }
    m_portsError->hide();
    encounterForm->addRow(m_portsError);
    encounterForm->addRow(note(QStringLiteral("Points or polygons, added to the anchorages "
                                              "found in the data.")));
    connect(m_ports, &QLineEdit::textChanged, m_portsError, &QWidget::hide);

    m_excludeLand = new QCheckBox(QStringLiteral("Not on land (Natural Earth)"));
    m_excludeLand->setObjectName(QStringLiteral("excludeLand"));
    static_cast<QFormLayout *>(m_encounters->layout())->addRow(m_excludeLand);
    m_readers.push_back([this](detect::Rules &r) { r.excludeLand = m_excludeLand->isChecked(); });
    m_writers.push_back(
        [this](const detect::Rules &r) { m_excludeLand->setChecked(r.excludeLand); });

    bindDouble(
        addRule(
            m_loitering, QStringLiteral("loiterMaxSpeedKn"), QStringLiteral("Below"),
            QStringLiteral("kn"), 0.1, 30, 1,
            QStringLiteral("Slower than this throughout (default %1 kn).").arg(d.loiterMaxSpeedKn)),
        &detect::Rules::loiterMaxSpeedKn);
    bindMs(addRule(m_loitering, QStringLiteral("loiterMinDurationH"),
                   QStringLiteral("For at least"), QStringLiteral("h"), 0.5, 240, 1,
                   QStringLiteral("A partner with its AIS off may be alongside (default %1 h).")
                       .arg(number(double(d.loiterMinDurationMs) / hour, 0))),
           &detect::Rules::loiterMinDurationMs, detect::kHourMs);
    bindDouble(addRule(m_loitering, QStringLiteral("loiterMinShoreNm"),
                       QStringLiteral("At least from shore"), QStringLiteral("nm"), 0, 500, 1,
                       QStringLiteral("Nearer the coast it is fishing or waiting (default %1 nm).")
                           .arg(d.loiterMinShoreNm)),
               &detect::Rules::loiterMinShoreNm);

    bindMs(addRule(m_gaps, QStringLiteral("gapMinH"), QStringLiteral("Silent for at least"),
                   QStringLiteral("h"), 0.5, 720, 1,
                   QStringLiteral("Reappearing after this long is going dark (default %1 h).")
                       .arg(number(double(d.gapMinMs) / hour, 0))),
           &detect::Rules::gapMinMs, detect::kHourMs);
    bindDouble(addRule(m_gaps, QStringLiteral("gapMinShoreNm"),
                       QStringLiteral("Both ends from shore"), QStringLiteral("nm"), 0, 500, 1,
                       QStringLiteral("Near the coast reception gaps are normal (default %1 nm).")
                           .arg(d.gapMinShoreNm)),
               &detect::Rules::gapMinShoreNm);

    bindDouble(addRule(m_identity, QStringLiteral("maxImpliedSpeedKn"),
                       QStringLiteral("Faster than"), QStringLiteral("kn"), 5, 1000, 0,
                       QStringLiteral("One MMSI implying this speed is two ships (default %1 kn).")
                           .arg(d.maxImpliedSpeedKn)),
               &detect::Rules::maxImpliedSpeedKn);

    auto *identityForm = static_cast<QFormLayout *>(m_identity->layout());
    identityForm->addRow(note(QStringLiteral("Always listed: IMO numbers failing their check")));
    identityForm->addRow(note(QStringLiteral("digit, unallocated MIDs, flags unlike the MID's,")));
    identityForm->addRow(note(QStringLiteral("names or IMO numbers changed in the period.")));

    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(m_encounters);
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(m_loitering);
    right->addWidget(m_gaps);
    right->addWidget(m_identity);
    right->addStretch();
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    layout->addLayout(columns);

    auto *scopeBox = new QGroupBox(QStringLiteral("Scope"));
    auto *scopeLayout = new QVBoxLayout(scopeBox);
    m_tracks = new QLabel;
    m_tracks->setWordWrap(true);
    m_scope = new QLabel;
    m_scope->setObjectName(QStringLiteral("scope"));
    m_scope->setWordWrap(true);
    scopeLayout->addWidget(m_tracks);
    scopeLayout->addWidget(m_scope);
    scopeLayout->addWidget(note(QStringLiteral(
        "Set or clear the time window on the timeline and the area with Filter ▸ Draw Area.")));
    layout->addWidget(scopeBox);

    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
    m_ok = buttons->addButton(QStringLiteral("&Detect"), QDialogButtonBox::AcceptRole);
    m_ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &DetectDialog::restoreDefaults);
    layout->addWidget(buttons);
    for (QGroupBox *g : {m_encounters, m_loitering, m_gaps, m_identity})
        connect(g, &QGroupBox::toggled, this, &DetectDialog::updateOk);
    setRules(d);
}

QDoubleSpinBox *DetectDialog::addRule(QWidget *box, const QString &name, const QString &label,
                                      const QString &unit, double min, double max, int decimals,
                                      const QString &explanation)
{
    auto *spin = new QDoubleSpinBox;
    spin->setObjectName(name);
    spin->setRange(min, max);
    spin->setDecimals(decimals);
    if (!unit.isEmpty())
        spin->setSuffix(QStringLiteral(" ") + unit);
    spin->setToolTip(explanation);
    // A spin box's minimum height is below its usable one: never squashed.
    spin->setMinimumHeight(spin->sizeHint().height());
    auto *form = static_cast<QFormLayout *>(box->layout());
    form->addRow(label, spin);
    form->addRow(note(explanation));
    return spin;
}

void DetectDialog::setRules(const detect::Rules &rules)
{
    m_rules = rules;
    for (const auto &write : m_writers)
        write(rules);
}

detect::Rules DetectDialog::rules() const
{
    detect::Rules rules = m_rules;
    for (const auto &read : m_readers)
        read(rules);
    return rules;
}

void DetectDialog::setPortsFile(const QString &path)
{
    m_ports->setText(QDir::toNativeSeparators(path));
}

QString DetectDialog::portsFile() const
{
    const QString text = m_ports->text().trimmed();
    return text.isEmpty() ? QString() : QDir::fromNativeSeparators(text);
}

void DetectDialog::browsePorts()
{
    const QString current = portsFile();
    const QString start = current.isEmpty() ? QString() : QFileInfo(current).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Ports File"), start,
        QStringLiteral("Ports or anchorages (*.csv *.tsv *.txt *.geojson *.json *.gpkg *.shp "
                       "*.kml *.kmz *.fgb *.gml *.zip);;All files (*)"));
    if (!path.isEmpty())
        setPortsFile(path);
}

void DetectDialog::accept()
{
    // A file that is not there is said here, naming it, before any work starts; one that
    // cannot be read as ports fails the detection with GDAL's or the reader's reason.
    const QString ports = portsFile();
    if (!ports.isEmpty() && !QFileInfo(ports).isFile()) {
        m_portsError->setText(
            QFileInfo(ports).exists()
                ? QStringLiteral("%1 is a folder, not a ports file")
                      .arg(QDir::toNativeSeparators(ports))
                : QStringLiteral("%1: no such file").arg(QDir::toNativeSeparators(ports)));
        m_portsError->show();
        m_ports->setFocus();
        return;
    }
    QDialog::accept();
}

void DetectDialog::setKinds(unsigned kinds)
{
    m_encounters->setChecked(kinds & detect::Encounters);
    m_loitering->setChecked(kinds & detect::LoiteringKind);
    m_gaps->setChecked(kinds & detect::Gaps);
    m_identity->setChecked(kinds & detect::Identity);
    updateOk();
}

unsigned DetectDialog::kinds() const
{
    return (m_encounters->isChecked() ? unsigned(detect::Encounters) : 0u)
        | (m_loitering->isChecked() ? unsigned(detect::LoiteringKind) : 0u)
        | (m_gaps->isChecked() ? unsigned(detect::Gaps) : 0u)
        | (m_identity->isChecked() ? unsigned(detect::Identity) : 0u);
}

void DetectDialog::setScope(const QString &text)
{
    m_scope->setText(text);
}

void DetectDialog::setTracksSummary(const QString &text, bool hasTracks)
{
    m_tracks->setText(text);
    m_hasTracks = hasTracks;
    updateOk();
}

QGroupBox *DetectDialog::group(detect::Kind kind) const
{
    switch (kind) {
    case detect::Encounters:
        return m_encounters;
    case detect::LoiteringKind:
        return m_loitering;
    case detect::Gaps:
        return m_gaps;
    case detect::Identity:
        return m_identity;
    default:
        return nullptr;
    }
}

QDoubleSpinBox *DetectDialog::field(const QString &name) const
{
    return findChild<QDoubleSpinBox *>(name);
}

void DetectDialog::restoreDefaults()
{
    // The scope is the filters', not a rule: it stays.
    detect::Rules defaults;
    defaults.fromMs = m_rules.fromMs;
    defaults.toMs = m_rules.toMs;
    defaults.hasBbox = m_rules.hasBbox;
    defaults.west = m_rules.west, defaults.south = m_rules.south;
    defaults.east = m_rules.east, defaults.north = m_rules.north;
    setRules(defaults);
    setKinds(detect::AllKinds);
}

void DetectDialog::updateOk()
{
    if (m_ok)
        m_ok->setEnabled(m_hasTracks && kinds() != 0);
}
