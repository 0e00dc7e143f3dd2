#include "cli/commands.h"
#include "identity.h"

#include <QApplication>
#include <QGuiApplication>

#include <cstring>

int runGui(int argc, char **argv);

// The GUI module's entry point (main.cpp loads this library only for the viewer and
// `render`, the two that paint). It owns the application object: a QApplication for
// the viewer, a QGuiApplication for `render`, which needs fonts but no display and
// uses the offscreen platform when there is none, so it runs on a headless server.
extern "C" Q_DECL_EXPORT int rendezvous_gui_main(int argc, char **argv)
{
    const bool dossier = argc > 1 && std::strcmp(argv[1], "dossier") == 0;
    if (argc > 1 && (std::strcmp(argv[1], "render") == 0 || dossier)) {
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        setRendezvousIdentity();
        return dossier ? cli::dossier(QCoreApplication::arguments().mid(2))
                       : cli::render(QCoreApplication::arguments().mid(2));
    }
    QApplication app(argc, argv);
    setRendezvousIdentity();
    return runGui(argc, argv);
}
