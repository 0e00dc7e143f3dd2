#include "columnmappingflow.h"

#include "columnmappingdialog.h"
#include "investigation.h"
#include "io/eventreader.h"
#include "io/mappingprobe.h"
#include "project.h"

#include <QAction>
#include <QJsonDocument>
#include <QSettings>

const QString ColumnMappingFlow::kSettingsKey = QStringLiteral("columnMappings");

namespace {
QSettings settings()
{
    return QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"));
}

MappingMemory settingsMemory()
{
    MappingMemory memory;
    const QByteArray json = settings().value(ColumnMappingFlow::kSettingsKey).toByteArray();
    // Damaged settings are forgotten, never a reason not to open a file.
    if (!json.isEmpty())
        MappingMemory::fromJson(QJsonDocument::fromJson(json).array(), &memory, nullptr);
    return memory;
}
} // namespace

ColumnMappingFlow::ColumnMappingFlow(QWidget *window, QObject *parent)
    : QObject(parent), m_window(window)
{ }

ColumnMappingFlow::~ColumnMappingFlow() = default;

ColumnMappingDialog *ColumnMappingFlow::dialog() const
{
    return m_dialog;
}

void ColumnMappingFlow::setProjectMappings(const MappingMemory &mappings)
{
    m_project = mappings;
}

void ColumnMappingFlow::open(const QString &path)
{
    start({path, {}, {}}, false);
}

void ColumnMappingFlow::add(const QString &path)
{
    start({path, {}, {}}, false, true);
}

void ColumnMappingFlow::openAsking(const ProjectSource &source)
{
    if (EventReader::isDelimitedText(source.path))
        start(source, true);
}

QAction *ColumnMappingFlow::reviseAction(Investigation *investigation)
{
    auto *action = new QAction(QStringLiteral("Column &Mapping…"), this);
    action->setObjectName(QStringLiteral("columnMappingAction"));
    action->setToolTip(QStringLiteral("Choose again which column of the data file feeds which "
                                      "field, and reload it"));
    const auto update = [action, investigation] {
        action->setEnabled(!investigation->isLoading()
                           && EventReader::isDelimitedText(investigation->currentSource().path));
    };
    connect(investigation, &Investigation::loadFinished, action, update);
    connect(investigation, &Investigation::loadingStarted, action, update);
    connect(investigation, &Investigation::cleared, action, update);
    connect(action, &QAction::triggered, this,
            [this, investigation] { openAsking(investigation->currentSource()); });
    update();
    return action;
}

void ColumnMappingFlow::keepChosen(bool opened)
{
    if (!m_chosen)
        return;
    const auto chosen = *m_chosen;
    m_chosen.reset();
    if (!opened)
        return;
    m_project.remember(chosen.first, chosen.second);
    emit projectMappingsChanged();
}

void ColumnMappingFlow::start(const ProjectSource &asked, bool ask, bool add)
{
    const auto request = [this, add](const ProjectSource &source) {
        if (add)
            emit addRequested(source);
        else
            emit loadRequested(source);
    };
    if (m_dialog) // one question at a time: a new open replaces the unanswered one
        m_dialog->reject();
    ProjectSource source {asked.path, asked.layer, {}};
    const QString path = source.path;
    if (!EventReader::isDelimitedText(path)) {
        request(source);
        return;
    }
    MappingProbe probe = MappingProbe::read(path);
    if (!probe.error.isEmpty()) { // the load says what is wrong with the file
        request(source);
        return;
    }
    // The source's own assignments first (asked again for a loaded file), then what was
    // chosen for this header in the project, then in the settings.
    std::optional<QStringList> remembered;
    if (!asked.fieldOverrides.isEmpty())
        remembered = asked.fieldOverrides;
    if (!remembered)
        remembered = m_project.find(probe.headers);
    if (!remembered)
        remembered = settingsMemory().find(probe.headers);
    ColumnMapping mapping = ColumnMapping::detect(probe.headers);
    if (remembered) {
        for (const QString &o : *remembered)
            mapping.applyOverride(o, probe.headers, nullptr); // a stale entry only fails to help
    }
    const MappingProbe::Trial trial = probe.trial(mapping);
    const QStringList doubts = probe.doubts(mapping, trial);
    if (doubts.isEmpty() && !ask) {
        if (remembered)
            source.fieldOverrides = mapping.toOverrides(probe.headers);
        request(source);
        return;
    }
    const QStringList headers = probe.headers;
    auto *dialog = new ColumnMappingDialog(std::move(probe), mapping, doubts, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, source, headers, request]() mutable {
        source.fieldOverrides = dialog->overrides();
        m_chosen = std::make_pair(headers, source.fieldOverrides);
        MappingMemory saved = settingsMemory();
        saved.remember(headers, source.fieldOverrides);
        settings().setValue(kSettingsKey,
                            QJsonDocument(saved.toJson()).toJson(QJsonDocument::Compact));
        request(source);
    });
    // Not exec(): window-modal without a nested event loop (nor a blocked test).
    dialog->open();
}
