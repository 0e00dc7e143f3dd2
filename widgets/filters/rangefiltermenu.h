#pragma once

#include "numericcolumn.h"
#include "rangefilterdialog.h"

#include <QHash>
#include <QJsonObject>
#include <QMenu>
#include <QPointer>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

class TransferFilter;

// Filter ▸ Numeric Ranges: one entry per attribute whose values are numbers (volume and
// any column such as duration_hr, median_speed_knots), each opening a RangeFilterDialog
// (histogram, From/To); an attribute with a range in force is checked and shows it
// ("duration_hr: 2 – 5.5 h"). Clear All Ranges removes them. The ranges are the filter
// model's (RowCriteria::ranges), so every view follows; a new file clears them, as the
// category choices are.
class RangeFilterMenu : public QMenu
{
    Q_OBJECT
public:
    explicit RangeFilterMenu(TransferFilter *filter, QWidget *parent = nullptr);

    void rebuild(); // what opening the menu does
    // The numeric attributes of the current store, with their analysis, in menu order.
    const std::vector<std::pair<QString, NumericColumn>> &numericAttributes();
    // Opens the range dialog of `key` (non-blocking); OK applies it to the filter.
    RangeFilterDialog *editRange(const QString &key);
    RangeFilterDialog *dialog() const { return m_dialog; } // the open one, if any
    void clearAll();

    // {"duration_hr": {"min": 2, "max": 5.5, "keepEmpty": false}, ...}: a project's
    // "numericRanges" section.
    QJsonObject toJson() const;
    bool setFromJson(const QJsonObject &json, QString *error);

private:
    TransferFilter *m_filter;
    const void *m_analysedStore = nullptr;
    std::vector<std::pair<QString, NumericColumn>> m_numeric;
    QPointer<RangeFilterDialog> m_dialog;
};
