#pragma once

// Shared by the main window's test suites (tst_mainwindow, tst_mapwindow).

#include "docks/eventsdock.h"
#include "mapui/mapcontroller.h"
#include "transferfilter.h"
#include "transfermodel.h"
#include "window/mainwindow.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace mainwindowtest {
inline QString fixture()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv");
}

inline QString statusText(const MainWindow &w)
{
    const auto *label = w.findChild<QLabel *>(QStringLiteral("loadStatus"));
    return label ? label->text() : QString();
}

// The store row of the event with this id (the model's rows are the store's).
inline int rowOfId(const MainWindow &w, const QString &id)
{
    const int column = TransferModel::columnForField(Field::Id);
    for (int r = 0; r < w.model()->rowCount(); ++r) {
        if (w.model()->index(r, column).data().toString() == id)
            return r;
    }
    return -1;
}

// Store rows selected in the table.
inline QList<int> selectedStoreRows(const MainWindow &w)
{
    QList<int> rows;
    const QTableView *table = w.eventsDock()->table();
    for (const QModelIndex &index : table->selectionModel()->selectedRows())
        rows.append(w.eventsDock()->proxy()->mapToSource(index).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

inline bool loadAndWait(MainWindow &w, const QString &path)
{
    QSignalSpy spy(&w, &MainWindow::loadFinished);
    w.openFile(path);
    if (!spy.wait(20000))
        return false;
    return spy.constFirst().constFirst().toBool();
}
// The window on screen at 1200x800 with the fixture loaded and on the map (indexed).
inline bool showAndLoad(MainWindow &w, const QString &path = fixture())
{
    w.resize(1200, 800);
    w.show();
    return QTest::qWaitForWindowExposed(&w) && loadAndWait(w, path)
        && QTest::qWaitFor([&w] { return !w.map()->isIndexing(); }, 20000);
}

// Keeps the user's own settings (recent files, geometry) out of the tests.
inline bool isolateSettings(const QTemporaryDir &dir)
{
    if (!dir.isValid())
        return false;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    return true;
}
} // namespace mainwindowtest
