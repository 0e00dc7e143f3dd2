#include "mainwindow.h"

#include <QApplication>

// The desktop application: one main window, files from the command line opened in it.
int runGui(int, char **)
{
    MainWindow window;
    window.show();
    const QStringList files = QApplication::arguments().mid(1);
    if (!files.isEmpty())
        window.openFile(files.constFirst());
    return QApplication::exec();
}
