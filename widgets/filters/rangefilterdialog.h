#pragma once

#include "numericcolumn.h"

#include <QDialog>

#include <optional>
#include <vector>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class RangeHistogram;

// Filter ▸ Numeric Ranges ▸ <column>…: the distribution of a numeric attribute as a small
// histogram with the selected range on it, the range as two numbers (From, To, in the
// column's precision; a bound left at the end of the data is open, so rounding never
// drops the smallest or largest event), whether events without a value stay, and the
// number of events the range keeps, updated as it changes. OK applies, Clear removes the
// range of this attribute, Cancel changes nothing.
class RangeFilterDialog : public QDialog
{
    Q_OBJECT
public:
    // values: the attribute of every store row (NaN: no value); current: the range now
    // applied, if any.
    RangeFilterDialog(const QString &key, const NumericColumn &column, std::vector<double> values,
                      std::optional<NumericRange> current, QWidget *parent = nullptr);

    // What OK means: the range to apply, or nullopt when it keeps everything (both ends
    // open: the box for events without a value is about a range) or Clear was pressed.
    std::optional<NumericRange> range() const;
    bool clearRequested() const { return m_cleared; }
    int64_t keptCount() const; // events the range keeps

    RangeHistogram *histogram() const { return m_histogram; }
    QDoubleSpinBox *fromBox() const { return m_from; }
    QDoubleSpinBox *toBox() const { return m_to; }
    QCheckBox *keepEmptyBox() const { return m_keepEmpty; }

private:
    void boxesChanged();
    void histogramEdited(double min, double max);
    void updateCount();

    QString m_key;
    NumericColumn m_column;
    std::vector<double> m_values;
    int64_t m_empty = 0;
    RangeHistogram *m_histogram = nullptr;
    QDoubleSpinBox *m_from = nullptr;
    QDoubleSpinBox *m_to = nullptr;
    QCheckBox *m_keepEmpty = nullptr;
    QLabel *m_count = nullptr;
    bool m_cleared = false;
};
