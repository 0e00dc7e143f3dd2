#include "cli/commands.h"
#include "identity.h"
#include "network/networkpicture.h"

#include <QApplication>
#include <QGuiApplication>

#include <cstring>

int runGui(int argc, char **argv);

namespace {
// `network -o OUT.svg|.png`: the Network dock's drawing, at a fixed size.
bool drawNetwork(const network::VesselNetwork &net, const std::vector<QPointF> &positions,
                 const QString &title, const QString &path, bool overwrite, QString *error)
{
    const netpicture::Picture picture = netpicture::make(net, positions, netpicture::Style {});
    return netpicture::write(picture, title, path, QSize(1600, 1200), overwrite, error);
}
} // namespace

// The GUI module's entry point (main.cpp loads this library only for the viewer,
// `render` and `network -o OUT.svg|.png`, those that paint). It owns the application object: a
// QApplication for the viewer, a QGuiApplication for `render`, which needs fonts but no display and
// uses the offscreen platform when there is none, so it runs on a headless server.
extern "C" Q_DECL_EXPORT int rendezvous_gui_main(int argc, char **argv)
{
    const bool dossier = argc > 1 && std::strcmp(argv[1], "dossier") == 0;
    const bool network = argc > 1 && std::strcmp(argv[1], "network") == 0;
    if (argc > 1 && (std::strcmp(argv[1], "render") == 0 || dossier || network)) {
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        setRendezvousIdentity();
        if (network) {
            cli::setNetworkPictureWriter(&drawNetwork);
            return cli::network(QCoreApplication::arguments().mid(2));
        }
        return dossier ? cli::dossier(QCoreApplication::arguments().mid(2))
                       : cli::render(QCoreApplication::arguments().mid(2));
    }
    QApplication app(argc, argv);
    setRendezvousIdentity();
    return runGui(argc, argv);
}
