// Numbers are numbers (issue 15) in the window: colour by a numeric column gives a
// graduated ramp with a legend of ranges and a Classes row in the layers dock; the Filter
// menu's Numeric Ranges filter every view and ride in the project (which `rendezvous
// render --project` honours, with the range in the caption); the events table writes
// numbers with a per-column precision and sorts them by value.
#include "docks/layersdock.h"
#include "filtercaption.h"
#include "filters/categoryfiltermenu.h"
#include "filters/rangefilterdialog.h"
#include "filters/rangefiltermenu.h"
#include "filters/rangehistogram.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "projecttesthelpers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTextStream>

#include <random>

#include "eventloop.h"
#include "screenshots.h"

using namespace projecttest;

namespace {
// 300 encounters in the East China Sea with GFW's raw float hours; every tenth has none.
QString writeEncounters(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("encounters.csv"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    QTextStream out(&f);
    out << "event_id,start_time,latitude,longitude,vessel_a,cargo,volume_bbl,duration_hr\n";
    std::mt19937 rng(15);
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < 300; ++i) {
        const double hours = 0.5 + 30 * u(rng) * u(rng); // many short, a few long
        out << "EV-" << i << ",2018-0" << 1 + i % 5 << "-1" << i % 10 << "T0" << i % 10
            << ":00:00Z," << 26 + 8 * u(rng) << ',' << 120 + 9 * u(rng) << ",SHIP " << i % 40 << ','
            << (i % 3 ? "crude" : "diesel") << ',' << 1000 + int(400000 * u(rng)) << ','
            << (i % 10 == 9 ? QString() : QString::number(hours, 'g', 17)) << '\n';
    }
    return path;
}

int columnOf(const MainWindow &w, const QString &name)
{
    for (int c = 0; c < w.model()->columnCount(); ++c)
        if (w.model()->headerData(c, Qt::Horizontal).toString() == name)
            return c;
    return -1;
}

double hoursOf(const MainWindow &w, uint32_t row)
{
    return NumericReader(*w.model()->store(), QStringLiteral("duration_hr")).value(row);
}
} // namespace

class TestNumbersWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(isolateSettings(m_settingsDir) && m_dir.isValid()); }
    void graduatedColourBy();
    void rangeFilter();
    void tableNumbers();
    void projectAndRender();

private:
    QTemporaryDir m_settingsDir, m_dir;
};

void TestNumbersWindow::graduatedColourBy()
{
    MainWindow w;
    w.project()->recovery()->setDirectory(m_dir.path());
    QVERIFY(showAndLoad(w, writeEncounters(m_dir)));
    auto *classesCombo = w.findChild<QComboBox *>(QStringLiteral("classMethodCombo"));
    auto *classesSpin = w.findChild<QSpinBox *>(QStringLiteral("classCountSpin"));
    QVERIFY(classesCombo && classesSpin);
    QVERIFY(!classesCombo->isVisibleTo(w.findChild<LayersDock *>())); // cargo: text

    // The colour menu offers the column; choosing it graduates the markers.
    auto *combo = w.findChild<QComboBox *>(QStringLiteral("colorByCombo"));
    QVERIFY(combo->findData(QStringLiteral("duration_hr")) >= 0);
    QVERIFY(combo->findData(QStringLiteral("volume")) >= 0);
    w.map()->setColorBy(QStringLiteral("duration_hr"));
    EventLayer *layer = w.map()->eventLayer();
    QVERIFY(layer->categories().colors().isGraduated());
    QCOMPARE(layer->legendTitle(), QStringLiteral("duration_hr (quantiles)"));
    auto entries = layer->legendEntries();
    QCOMPARE(entries.size(), 6); // five classes and No value
    for (int c = 0; c < 5; ++c) {
        QVERIFY2(entries[c].label.contains(QStringLiteral(" – ")), qPrintable(entries[c].label));
        QVERIFY(entries[c].label.endsWith(QStringLiteral(" h")));
        QVERIFY(!entries[c].label.contains(QStringLiteral("666"))); // no raw floats
        QVERIFY(qAbs(entries[c].count - 54) <= 1); // quantiles: 270 hours in five
    }
    QCOMPARE(entries[5].label, CategoryColors::noValueLabel());
    QCOMPARE(entries[5].count, 30);
    QVERIFY(classesCombo->isVisibleTo(w.findChild<LayersDock *>()));

    // The layers dock's Classes row: equal intervals, three classes.
    classesCombo->setCurrentIndex(classesCombo->findData(int(ClassMethod::EqualInterval)));
    emit classesCombo->activated(classesCombo->currentIndex());
    classesSpin->setValue(3);
    QCOMPARE(w.map()->options().colorClasses, (ClassOptions {ClassMethod::EqualInterval, 3}));
    QCOMPARE(layer->legendTitle(), QStringLiteral("duration_hr (equal intervals)"));
    QCOMPARE(layer->legendEntries().size(), 4);
    // The timeline counts by the same classes (it recounts when they change).
    drainEvents();
    QVERIFY(saveScreenshot(w.map()->view()->grab(), QStringLiteral("numbers_map_equal3.png")));
    classesSpin->setValue(5);
    classesCombo->setCurrentIndex(classesCombo->findData(int(ClassMethod::Quantile)));
    emit classesCombo->activated(classesCombo->currentIndex());
    drainEvents();
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("numbers_window_quantiles.png")));
    QVERIFY(saveScreenshot(w.findChild<LayersDock *>()->grab(),
                           QStringLiteral("numbers_layers_dock.png")));

    // The category menu does not list numbers: it offers the range filter.
    auto *categories = w.findChild<CategoryFilterMenu *>(QStringLiteral("categoryFilterMenu"));
    categories->rebuild();
    QAction *toRange = categories->findChild<QAction *>(QStringLiteral("categoryRangeAction"));
    QVERIFY(toRange);
    toRange->trigger();
    auto *ranges = w.findChild<RangeFilterMenu *>(QStringLiteral("rangeFilterMenu"));
    QVERIFY(ranges->dialog());
    QCOMPARE(ranges->dialog()->windowTitle(), QStringLiteral("Range of duration_hr"));
    ranges->dialog()->reject();

    // Back to text: categories, no Classes row.
    w.map()->setColorBy(QStringLiteral("cargo"));
    QVERIFY(!layer->categories().colors().isGraduated());
    QVERIFY(!classesCombo->isVisibleTo(w.findChild<LayersDock *>()));
}

void TestNumbersWindow::rangeFilter()
{
    MainWindow w;
    w.project()->recovery()->setDirectory(m_dir.path());
    QVERIFY(showAndLoad(w, writeEncounters(m_dir)));
    auto *ranges = w.findChild<RangeFilterMenu *>(QStringLiteral("rangeFilterMenu"));
    QVERIFY(ranges);
    // In the Filter menu, beside the categories.
    QVERIFY(ranges->menuAction()->associatedObjects().size() > 0);
    ranges->rebuild();
    QStringList listed;
    for (QAction *a : ranges->actions())
        if (a->isCheckable())
            listed << a->data().toString();
    QCOMPARE(listed, (QStringList {"volume", "duration_hr"})); // not event_id, cargo

    RangeFilterDialog *dialog = ranges->editRange(QStringLiteral("duration_hr"));
    QVERIFY(dialog);
    const auto &bins = dialog->histogram()->bins();
    int64_t binned = 0;
    for (int64_t b : bins)
        binned += b;
    QCOMPARE(binned, int64_t(270)); // every event with a value, once
    QCOMPARE(dialog->keptCount(), int64_t(300)); // nothing narrowed yet
    QVERIFY(!dialog->range()); // the whole extent: no filter
    dialog->fromBox()->setValue(2);
    dialog->toBox()->setValue(5.5);
    QCOMPARE(dialog->histogram()->rangeMin(), 2.0);
    QCOMPARE(dialog->histogram()->rangeMax(), 5.5);
    int64_t expected = 0;
    for (uint32_t r = 0; r < 300; ++r) {
        const double h = hoursOf(w, r);
        expected += !std::isnan(h) && h >= 2 && h <= 5.5;
    }
    QVERIFY(expected > 20 && expected < 200);
    QCOMPARE(dialog->keptCount(), expected);
    auto *count = dialog->findChild<QLabel *>(QStringLiteral("rangeCountLabel"));
    QCOMPARE(count->text(), QStringLiteral("%1 of 300 events in the range").arg(expected));
    drainEvents();
    QVERIFY(saveScreenshot(dialog->grab(), QStringLiteral("numbers_range_dialog.png")));
    dialog->accept();

    // Every view follows the filter model.
    QCOMPARE(int64_t(w.filter()->rowCount()), expected);
    for (uint32_t r : w.filter()->storeRows()) {
        const double h = hoursOf(w, r);
        QVERIFY(h >= 2 && h <= 5.5);
    }
    QTRY_COMPARE(int64_t(w.map()->eventLayer()->visibleCount()), expected);
    ranges->rebuild();
    QAction *checked = nullptr;
    for (QAction *a : ranges->actions())
        if (a->isChecked())
            checked = a;
    QVERIFY(checked);
    QCOMPARE(checked->text(), QStringLiteral("duration_hr: 2.00 – 5.50 h\u2026"));
    // The export caption says it.
    QVERIFY(FilterCaption::fromFilter(*w.filter())
                .text()
                .contains(QStringLiteral("duration_hr: 2.00 – 5.50 h")));

    // Dragging across the histogram selects a new range.
    dialog = ranges->editRange(QStringLiteral("duration_hr"));
    RangeHistogram *h = dialog->histogram();
    h->resize(400, 110);
    const int y = h->height() / 2;
    const QPoint a(int(h->xOf(10)), y), b(int(h->xOf(20)), y);
    QTest::mousePress(h, Qt::LeftButton, {}, a);
    QTest::mouseMove(h, b);
    QTest::mouseRelease(h, Qt::LeftButton, {}, b);
    QVERIFY(qAbs(dialog->fromBox()->value() - 10) < 0.5);
    QVERIFY(qAbs(dialog->toBox()->value() - 20) < 0.5);
    // Keep the events without a value too.
    dialog->keepEmptyBox()->setChecked(true);
    dialog->accept();
    QVERIFY(w.filter()->criteria().ranges.value(QStringLiteral("duration_hr")).keepEmpty);
    for (uint32_t r = 9; r < 300; r += 10)
        QVERIFY(w.filter()->isVisible(r));

    // Clear, and a new file clears every range.
    dialog = ranges->editRange(QStringLiteral("duration_hr"));
    dialog->findChild<QPushButton *>(QStringLiteral("rangeClearButton"))->click();
    QCOMPARE(w.filter()->rowCount(), 300);
    w.filter()->setRange(QStringLiteral("volume"), NumericRange {1000, 2000, false});
    QVERIFY(w.filter()->rowCount() < 300);
    QVERIFY(loadAndWait(w, writeEncounters(m_dir)));
    QVERIFY(w.filter()->criteria().ranges.isEmpty());
    QCOMPARE(w.filter()->rowCount(), 300);
}

void TestNumbersWindow::tableNumbers()
{
    MainWindow w;
    w.project()->recovery()->setDirectory(m_dir.path());
    QVERIFY(showAndLoad(w, writeEncounters(m_dir)));
    const int hours = columnOf(w, QStringLiteral("duration_hr"));
    const int volume = TransferModel::columnForField(Field::Volume);
    QVERIFY(hours >= 0);
    QTableView *table = w.eventsDock()->table();
    QAbstractItemModel *view = table->model();
    // Two decimals for hours (the file has seventeen digits), grouped whole barrels.
    static const QRegularExpression twoDecimals(QStringLiteral("^\\d+\\.\\d\\d$"));
    static const QRegularExpression barrels(QStringLiteral("^\\d{1,3}(,\\d{3})*$"));
    for (int r = 0; r < view->rowCount(); ++r) {
        const QString h = view->index(r, hours).data().toString();
        QVERIFY2(h.isEmpty() || twoDecimals.match(h).hasMatch(), qPrintable(h));
        QVERIFY(barrels.match(view->index(r, volume).data().toString()).hasMatch());
    }
    QCOMPARE(view->index(0, hours).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
    // The exact value stays for copying.
    const QString exact = view->index(0, hours).data(Qt::EditRole).toString();
    QVERIFY(exact.size() > 8);
    QCOMPARE(exact.toDouble(), hoursOf(w, 0));

    // A click on the header sorts by value, blanks last.
    table->horizontalHeader()->setSortIndicator(hours, Qt::AscendingOrder);
    std::vector<double> shown;
    for (uint32_t r : w.filter()->storeRows())
        shown.push_back(hoursOf(w, r));
    QCOMPARE(shown.size(), size_t(300));
    QVERIFY(std::is_sorted(shown.begin(), shown.begin() + 270));
    QVERIFY(std::all_of(shown.begin() + 270, shown.end(), [](double v) { return std::isnan(v); }));
    table->scrollToTop();
    drainEvents();
    QVERIFY(saveScreenshot(w.eventsDock()->grab(), QStringLiteral("numbers_table.png")));
}

void TestNumbersWindow::projectAndRender()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow w;
    w.project()->recovery()->setDirectory(dir.path());
    QVERIFY(showAndLoad(w, writeEncounters(dir)));
    RenderOptions options = w.map()->options();
    options.colorBy = QStringLiteral("duration_hr");
    options.colorClasses = {ClassMethod::EqualInterval, 4};
    w.map()->setOptions(options);
    const NumericRange range {2, 5.5, false};
    w.filter()->setRange(QStringLiteral("duration_hr"), range);
    const int shown = w.filter()->rowCount();
    QTRY_VERIFY(w.project()->isModified());
    const QString path = dir.filePath(QStringLiteral("numbers.rvz"));
    QVERIFY(w.project()->saveAs(path));
    Project file;
    QString error;
    QVERIFY(Project::read(path, &file, &error));
    QCOMPARE(file.sections.value(QStringLiteral("colorClasses")).toObject(),
             (ClassOptions {ClassMethod::EqualInterval, 4}).toJson());
    QVERIFY(file.sections.value(QStringLiteral("numericRanges")).isObject());

    // A new project has neither; opening the file brings both back, unmodified.
    w.project()->newProject();
    QTRY_VERIFY(w.filter()->criteria().ranges.isEmpty());
    QTRY_COMPARE(w.map()->options().colorClasses, ClassOptions());
    QVERIFY(openAndWait(w, path));
    QCOMPARE(w.filter()->criteria().ranges.value(QStringLiteral("duration_hr")), range);
    QCOMPARE(w.map()->options().colorClasses, (ClassOptions {ClassMethod::EqualInterval, 4}));
    QCOMPARE(w.filter()->rowCount(), shown);
    QVERIFY(!w.project()->isModified());

    // `render --project` filters the same events and says so in the caption (SVG text).
    const QString svg = dir.filePath(QStringLiteral("numbers.svg"));
    QProcess cli;
    cli.start(QStringLiteral(RENDEZVOUS_BINARY),
              {QStringLiteral("render"), QStringLiteral("--project"), path, QStringLiteral("-o"),
               svg, QStringLiteral("--decorations"), QStringLiteral("filters,legend")});
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QString text = QString::fromUtf8(contents(svg));
    QVERIFY(text.contains(QStringLiteral("duration_hr: 2.00 – 5.50 h")));
    QVERIFY(text.contains(QStringLiteral("%1 of 300 transfers").arg(shown)));
    QVERIFY(text.contains(QStringLiteral("duration_hr (equal intervals)"))); // the legend

    // A damaged section is an input error naming it.
    QJsonObject raw = QJsonDocument::fromJson(contents(path)).object();
    QJsonObject sections = raw.value(QStringLiteral("sections")).toObject();
    sections.insert(QStringLiteral("numericRanges"),
                    QJsonObject {{"duration_hr", QJsonObject {{"min", "two"}}}});
    raw.insert(QStringLiteral("sections"), sections);
    const QString damaged = dir.filePath(QStringLiteral("damaged.rvz"));
    QFile f(damaged);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(raw).toJson());
    f.close();
    cli.start(QStringLiteral(RENDEZVOUS_BINARY),
              {QStringLiteral("render"), QStringLiteral("--project"), damaged, QStringLiteral("-o"),
               dir.filePath(QStringLiteral("no.png"))});
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY(
        QString::fromUtf8(cli.readAllStandardError()).contains(QStringLiteral("numericRanges")));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no.png"))));
}

QTEST_MAIN(TestNumbersWindow)
#include "tst_numberswindow.moc"
