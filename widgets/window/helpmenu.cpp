#include "helpmenu.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

void addHelpMenu(QMenuBar *bar, QWidget *window)
{
    QMenu *help = bar->addMenu(QStringLiteral("&Help"));
    help->addAction(
            QStringLiteral("&About Rendezvous"), window,
            [window] {
                const QString version = QCoreApplication::applicationVersion();
                QMessageBox::about(
                    window, QStringLiteral("About Rendezvous"),
                    QStringLiteral(
                        "<h3>Rendezvous%1</h3>"
                        "<p>A desktop tool for maritime ship-to-ship transfers: events, AIS "
                        "tracks, the meetings found in them, the network of who met whom.</p>"
                        "<p>Basemap: Natural Earth (public domain), via the world-atlas npm "
                        "package.<br>Built with Qt, GDAL, Boost, PostgreSQL's libpq.</p>"
                        "<p><small>Qt %2</small></p>")
                        .arg(version.isEmpty() ? QString() : QStringLiteral(" ") + version,
                             QString::fromLatin1(qVersion())));
            })
        ->setMenuRole(QAction::AboutRole);
    help->addAction(QStringLiteral("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}
