#include "dossiercontroller.h"

#include "annotationmodel.h"
#include "docks/vesselsdock.h"
#include "dossier/dossierdata.h"
#include "dossierwriter.h"
#include "investigation.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/tracklayer.h"
#include "mapui/mapcontroller.h"
#include "transferfilter.h"
#include "vessels/vesseltablemodel.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

DossierDialog::DossierDialog(const QStringList &vessels, const QString &path,
                             QPageSize::PageSizeId page, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export Dossier"));
    auto *form = new QFormLayout;
    QStringList shown = vessels.mid(0, 6);
    if (vessels.size() > 6)
        shown << tr("… and %1 more").arg(vessels.size() - 6);
    auto *who = new QLabel(shown.join(QLatin1Char('\n')));
    who->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(vessels.size() == 1 ? tr("Vessel:") : tr("%1 vessels:").arg(vessels.size()), who);
    m_page = new QComboBox;
    m_page->addItem(QStringLiteral("A4"), int(QPageSize::A4));
    m_page->addItem(QStringLiteral("Letter"), int(QPageSize::Letter));
    m_page->setCurrentIndex(page == QPageSize::Letter ? 1 : 0);
    form->addRow(tr("Page size:"), m_page);
    m_path = new QLineEdit(path);
    m_path->setMinimumWidth(320);
    auto *browse = new QPushButton(tr("Browse…"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_path, 1);
    row->addWidget(browse);
    form->addRow(tr("Save as:"), row);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_path, &QLineEdit::textChanged, this, [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_path->text().trimmed().isEmpty());
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        // QFileDialog asks before replacing a file it was given.
        const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Dossier"),
                                                            m_path->text(), tr("PDF (*.pdf)"));
        if (!chosen.isEmpty())
            m_path->setText(chosen.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)
                                ? chosen
                                : chosen + QStringLiteral(".pdf"));
    });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString DossierDialog::path() const
{
    QString p = m_path->text().trimmed();
    if (!p.isEmpty() && !p.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        p += QStringLiteral(".pdf");
    return p;
}

QPageSize::PageSizeId DossierDialog::page() const
{
    return QPageSize::PageSizeId(m_page->currentData().toInt());
}

DossierController::DossierController(Investigation *investigation, const TransferFilter *filter,
                                     VesselsDock *vessels, MapController *map,
                                     std::function<std::vector<uint32_t>()> selectedEvents,
                                     QWidget *window, QMenu *menu)
    : QObject(window),
      m_investigation(investigation),
      m_filter(filter),
      m_vessels(vessels),
      m_map(map),
      m_selectedEvents(std::move(selectedEvents)),
      m_window(window)
{
    m_action = menu->addAction(tr("Export &Dossier…"), this, &DossierController::showDialog);
    m_action->setStatusTip(tr("A PDF dossier of the selected vessels (or of the selected "
                              "event's vessels) for the current filters"));
    connect(menu, &QMenu::aboutToShow, this, &DossierController::updateEnabled);
    confirmOverwrite = [this](const QString &path) {
        return QMessageBox::question(m_window, tr("Export Dossier"),
                                     tr("%1 exists. Replace it?").arg(QFileInfo(path).fileName()),
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };
    runDialog = [](DossierDialog &dialog) { return dialog.exec() == QDialog::Accepted; };
    updateEnabled();
}

void DossierController::updateEnabled()
{
    m_action->setEnabled(bool(m_filter->store()) && !selectedKeys().empty());
}

std::vector<std::string> DossierController::selectedKeys() const
{
    std::vector<std::string> keys;
    m_vessels->ensureCurrent();
    for (const int row : m_vessels->selectedVessels())
        keys.push_back(m_vessels->model()->vessel(row).key);
    const auto &store = m_filter->store();
    if (keys.empty() && store && m_selectedEvents) {
        const VesselTable &table = store->vessels();
        for (const uint32_t r : m_selectedEvents()) {
            if (r >= store->size())
                continue;
            for (const uint32_t v : {store->vesselsA()[r], store->vesselsB()[r]}) {
                const std::string key = v == 0 ? std::string() : table.identityKey(v);
                if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end())
                    keys.push_back(key);
            }
        }
    }
    return keys;
}

bool DossierController::exportDossier(const std::vector<std::string> &keys, const QString &path,
                                      QPageSize::PageSizeId page, bool overwrite,
                                      QString *error) const
{
    const auto &store = m_filter->store();
    if (!store || keys.empty()) {
        *error = tr("no vessel to export");
        return false;
    }
    dossierpdf::Job job;
    job.store = store;
    job.tracks = m_investigation->tracks();
    job.page = page;
    job.options = m_map->options();
    if (m_map->eventLayer()->store() == store)
        job.index = m_map->eventLayer()->index();
    job.annotations = m_map->layers()->annotationModel()->toJson();
    if (const TrackLayer *tracks = m_map->layers()->tracks())
        job.trackGeometry = tracks->geometry(); // used when it is of job.tracks
    QString firstFile;
    for (const DataSource &s : m_investigation->sources()) {
        QString name = s.kind == DataSource::Kind::Detected ? Investigation::kDetectedName
                                                            : QFileInfo(s.origin.path).fileName();
        if (s.kind == DataSource::Kind::Ais) {
            name += s.origin.morePaths.isEmpty()
                ? QStringLiteral(" (AIS)")
                : tr(" and %1 more (AIS)").arg(s.origin.morePaths.size());
        } else if (firstFile.isEmpty()) {
            firstFile = name;
        }
        job.sources << name;
    }
    dossier::Input in;
    in.events = store.get();
    in.rows = &m_filter->ascendingStoreRows();
    in.tracks = job.tracks.get();
    in.from = m_filter->from();
    in.to = m_filter->to();
    in.sourceName = firstFile;
    for (const std::string &key : keys)
        job.vessels.push_back(dossier::build(in, key));
    return dossierpdf::write(job, path, overwrite, error);
}

void DossierController::showDialog()
{
    const std::vector<std::string> keys = selectedKeys();
    if (keys.empty()) {
        QMessageBox::information(m_window, tr("Export Dossier"),
                                 tr("Select one or more vessels in the Vessels dock, or an "
                                    "event, first."));
        return;
    }
    QStringList names;
    for (const std::string &key : keys) {
        const int row = m_vessels->model()->rowOfKey(key);
        names << (row >= 0 ? vessels::describe(m_vessels->model()->vessel(row))
                           : QString::fromStdString(key));
    }
    QString suggested = QStringLiteral("dossier.pdf");
    if (keys.size() == 1) {
        const int row = m_vessels->model()->rowOfKey(keys.front());
        const QString name = row >= 0 ? m_vessels->model()->vessel(row).name : QString();
        QString safe;
        for (const QChar c : name.isEmpty() ? QString::fromStdString(keys.front()).mid(2) : name)
            safe += c.isLetterOrNumber() ? c : QLatin1Char('_');
        suggested = QStringLiteral("dossier-") + safe + QStringLiteral(".pdf");
    }
    DossierDialog dialog(names, m_investigation->suggestSavePath(m_lastPath, suggested), m_page,
                         m_window);
    if (!runDialog(dialog))
        return;
    const QString path = dialog.path();
    bool overwrite = false;
    if (QFileInfo::exists(path)) {
        if (!confirmOverwrite(path))
            return;
        overwrite = true;
    }
    m_page = dialog.page();
    QString error;
    if (!exportDossier(keys, path, m_page, overwrite, &error)) {
        QMessageBox::warning(m_window, tr("Export Dossier"), error);
        return;
    }
    m_lastPath = path;
    emit statusMessage(tr("Dossier written to %1").arg(path), 5000);
    emit exported(path);
}
