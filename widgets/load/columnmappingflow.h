#pragma once

#include "io/mappingmemory.h"

#include <QObject>

#include <QPointer>
#include <optional>
#include <utility>

class ColumnMappingDialog;
class Investigation;
class QAction;
class QWidget;
struct ProjectSource;

// The way from "open this file" to a load: a delimited text file is probed first
// (MappingProbe), and when the reader is unsure of its columns — a required field
// without a column, day/month order the data does not decide, most rows rejected — the
// column-mapping dialog asks; OK loads with the mapping, Cancel loads nothing. A mapping
// chosen in the dialog is remembered by the file's header, in the project (a section of
// the .rvz) and in the settings, and used again for a file with the same header: without
// a dialog when it leaves no doubt, pre-filled otherwise. Other formats load straight.
class ColumnMappingFlow : public QObject
{
    Q_OBJECT
public:
    // window: the dialog's parent.
    ColumnMappingFlow(QWidget *window, QObject *parent = nullptr);
    ~ColumnMappingFlow() override;

    void open(const QString &path);
    // The same way for File ▸ Add Data Source…: the file is asked about as open() does,
    // and then goes to addRequested() (one more source of the case) instead of a load.
    void add(const QString &path);
    // Asks for the columns of a source again, pre-filled with its field assignments, and
    // loads it anew with the answer (File ▸ Column Mapping…). Delimited text only.
    void openAsking(const ProjectSource &source);
    // File ▸ Column Mapping…, for the investigation's current event file: enabled while
    // it is delimited text.
    QAction *reviseAction(Investigation *investigation);

    const MappingMemory &projectMappings() const { return m_project; }
    void setProjectMappings(const MappingMemory &mappings);
    // The mapping chosen for the file being opened goes into the project once that file
    // is the case's (a new case starts with empty sections): keepChosen(true) when it
    // opened, keepChosen(false) when the load failed or was cancelled.
    void keepChosen(bool opened);
    // The dialog on screen, if any (tests drive it).
    ColumnMappingDialog *dialog() const;

    static const QString kSettingsKey; // "columnMappings"

signals:
    void loadRequested(const ProjectSource &source);
    void addRequested(const ProjectSource &source);
    // A mapping was remembered in the project: the project has changed.
    void projectMappingsChanged();

private:
    void start(const ProjectSource &source, bool ask, bool add = false);

    QWidget *m_window;
    MappingMemory m_project;
    std::optional<std::pair<QStringList, QStringList>> m_chosen; // headers, overrides
    QPointer<ColumnMappingDialog> m_dialog;
};
