#pragma once

#include "io/mappingprobe.h"

#include <QDialog>

#include <array>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QTableWidget;

// The column-mapping dialog: a preview of the file's first rows, every event field with
// the column that feeds it (a drop-down of the file's columns, "none" allowed), the order
// of slash dates with the first date read both ways, and the number of rows the mapping
// as chosen would reject, counted by the reader on a sample of the file
// (MappingProbe::trial) each time a choice changes. Load is offered only when the mapping
// can place and date events.
class ColumnMappingDialog : public QDialog
{
    Q_OBJECT
public:
    // initial: the mapping to start from (detected, or remembered for this header).
    ColumnMappingDialog(MappingProbe probe, const ColumnMapping &initial, const QStringList &doubts,
                        QWidget *parent = nullptr);

    ColumnMapping mapping() const { return m_mapping; }
    // The mapping as assignments for ProjectSource::fieldOverrides.
    QStringList overrides() const { return m_mapping.toOverrides(m_probe.headers); }
    const MappingProbe::Trial &trial() const { return m_trial; }

    QComboBox *fieldBox(Field f) const { return m_boxes[static_cast<size_t>(f)]; }
    QComboBox *dateOrderBox() const { return m_dateOrder; }
    QLabel *countLabel() const { return m_count; }

    // "5 March 2018" for a slash date read in this order, "" when it is no date that way.
    static QString readAs(const QString &value, timeparse::DateOrder order);

private:
    void fieldChosen(Field f);
    void update();
    void updatePreviewHeaders();
    void updateDates();

    MappingProbe m_probe;
    ColumnMapping m_mapping;
    MappingProbe::Trial m_trial;
    bool m_updating = false;
    std::array<QComboBox *, FieldCount> m_boxes {};
    QTableWidget *m_preview = nullptr;
    QComboBox *m_dateOrder = nullptr;
    QLabel *m_dateExample = nullptr;
    QLabel *m_count = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
