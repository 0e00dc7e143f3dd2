#pragma once

#include "io/loadreport.h"

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTableWidget;

class RejectionTableModel;

// The account of one load, for the user who wants to know what happened to every
// record: counts, which column fed which field, the reader's decisions, warnings and
// every rejected record with its reason. Rejections can run to hundreds of thousands,
// so they are shown through a model (not one widget item per cell) and copied as TSV.
class LoadReportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoadReportDialog(QWidget *parent = nullptr);
    explicit LoadReportDialog(const LoadReport &report, QWidget *parent = nullptr);
    ~LoadReportDialog() override;

    void setReport(const LoadReport &report);
    const LoadReport &report() const { return m_report; }

    QTableView *rejectionsView() const { return m_rejectionsView; }
    QTabWidget *tabs() const { return m_tabs; }

    // Every rejection, one per line: "<row label>\treason", with a header line.
    // Tabs and line breaks inside reasons become spaces so each record stays one line.
    static QString rejectionsTsv(const LoadReport &report);
    // "2-5, 9, 12" from sorted row numbers; at most maxRanges ranges, then "... (+N more)".
    static QString rowRanges(const std::vector<uint32_t> &rows, int maxRanges = 12);

public slots:
    void copyRejections();

signals:
    // The user ticked (or unticked) "exclude the duplicates" under their count.
    void excludeDuplicatesToggled(bool exclude);

private:
    void buildUi();
    void fillSummary();
    void fillMapping();
    void fillWarnings();

    LoadReport m_report;
    QLabel *m_title = nullptr;
    QLabel *m_path = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    QFormLayout *m_counts = nullptr;
    QTableWidget *m_mapping = nullptr;
    QLabel *m_unmapped = nullptr;
    QLabel *m_notes = nullptr;
    QTableWidget *m_warnings = nullptr;
    QLabel *m_noWarnings = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_rejectionsView = nullptr;
    QLabel *m_rejectionsHint = nullptr;
    RejectionTableModel *m_rejectionModel = nullptr;
    QSortFilterProxyModel *m_rejectionProxy = nullptr;
    QPushButton *m_copyButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
