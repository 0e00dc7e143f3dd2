#include "project/projectcontroller.h"
#include "window/mainwindow.h"

#include <QApplication>

// The desktop application: one main window, a file, files or project from the command
// line opened in it. Unsaved work left by a crash is offered first; restored, it wins over
// the command line (whose file is one open away, in Open Recent).
int runGui(int, char **)
{
    MainWindow window;
    window.show();
    const bool restored = window.project()->offerRecovery();
    const QStringList files = QApplication::arguments().mid(1);
    if (!files.isEmpty() && !restored)
        window.openFiles(files); // a week of AIS files is one data set
    return QApplication::exec();
}
