#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

// A small histogram of a numeric attribute (every event with a value, in equal-width
// bins between the smallest and largest value) with the selected range shaded: bars
// inside it in the accent colour, outside in grey, the bounds as handles. Dragging
// near a handle moves it; dragging elsewhere selects a new range.
class RangeHistogram : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kBins = 40;

    explicit RangeHistogram(QWidget *parent = nullptr);

    // values: NaN are skipped (not part of the distribution).
    void setValues(const std::vector<double> &values);
    void setRange(double min, double max);
    double rangeMin() const { return m_min; }
    double rangeMax() const { return m_max; }
    double dataMin() const { return m_dataMin; }
    double dataMax() const { return m_dataMax; }
    const std::vector<int64_t> &bins() const { return m_bins; }
    // The x of a value in the plot, and back (for tests and the mouse).
    double xOf(double value) const;
    double valueAt(double x) const;

    QSize sizeHint() const override { return QSize(360, 110); }
    QSize minimumSizeHint() const override { return QSize(160, 70); }

signals:
    void rangeEdited(double min, double max); // by the mouse

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRectF plotRect() const;

    std::vector<int64_t> m_bins;
    double m_dataMin = 0, m_dataMax = 0;
    double m_min = 0, m_max = 0;
    enum class Drag { None, Min, Max, New } m_drag = Drag::None;
    double m_anchor = 0; // where a new range started
};
