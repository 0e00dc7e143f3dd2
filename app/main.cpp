#include "cli/commands.h"
#include "identity.h"
#include "moduleloader.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
bool isHeadless(const char *arg)
{
    for (const char *name :
         {"info", "tracks", "detect", "network", "convert", "--help", "-h", "--version"})
        if (std::strcmp(arg, name) == 0)
            return true;
    return false;
}

// `network -o OUT.svg|.png` draws: it runs in the GUI module, which paints.
bool drawsNetwork(int argc, char **argv)
{
    if (argc < 2 || std::strcmp(argv[1], "network") != 0)
        return false;
    for (int i = 2; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        QString out;
        if ((arg == QLatin1String("-o") || arg == QLatin1String("--output")) && i + 1 < argc)
            out = QString::fromLocal8Bit(argv[i + 1]);
        else if (arg.startsWith(QLatin1String("--output=")))
            out = arg.mid(9);
        else if (arg.startsWith(QLatin1String("-o=")))
            out = arg.mid(3);
        if (cli::isNetworkPicture(out))
            return true;
    }
    return false;
}

// The viewer and `render` live in the GUI module (app/guimodule.cpp), loaded here
// only when asked for: see platform/moduleloader.h for why.
int runGuiModule(int argc, char **argv)
{
    const ModuleSpec spec {"RENDEZVOUS_GUI_MODULE", QStringLiteral(RENDEZVOUS_GUI_MODULE_INSTALLED),
                           QStringLiteral(RENDEZVOUS_GUI_MODULE_BUILD), "rendezvous_gui_main",
                           QStringLiteral("the Rendezvous GUI module")};
    QString error;
    using Entry = int (*)(int, char **);
    const auto entry = reinterpret_cast<Entry>(loadModuleEntry(spec, &error));
    if (!entry) {
        std::fprintf(stderr, "rendezvous: %s\n", qPrintable(error));
        return cli::InputError;
    }
    return entry(argc, argv);
}

// The viewer takes files and projects, nothing else. A word that is neither a command
// nor an existing file is a typing mistake (`rendezvous frobnicate events.csv`): say
// so instead of opening a window on files that are not there, which would also hang a
// script that runs offscreen. Returns the message, empty when the arguments are fine.
QString viewerArgumentError(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1)
            return QStringLiteral("unknown option '%1'").arg(arg);
        if (!QFileInfo(arg).isFile())
            return i == 1
                ? QStringLiteral("unknown command '%1' (and no file of that name)").arg(arg)
                : QStringLiteral("no such file: '%1'").arg(arg);
    }
    return {};
}

// Qt aborts (SIGABRT after a plugin message) when the xcb platform finds no X server;
// tell the user what is missing and what works without it. An explicitly chosen
// platform other than xcb (offscreen, wayland, vnc, ...) is left to Qt.
bool hasDisplay()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb"))
        return true;
    return !qEnvironmentVariableIsEmpty("DISPLAY")
        || (platform.isEmpty() && !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"));
}
} // namespace

int main(int argc, char **argv)
{
    // Subcommands and --help/--version never touch the display nor load Qt Gui: they
    // run on a QCoreApplication, so that batch jobs work on a headless server and
    // start fast.
    if ((argc > 1 && (std::strcmp(argv[1], "render") == 0 || std::strcmp(argv[1], "dossier") == 0))
        || drawsNetwork(argc, argv))
        return runGuiModule(argc, argv); // paints offscreen when there is no display
    if (argc <= 1 || !isHeadless(argv[1])) {
        const QString error = viewerArgumentError(argc, argv);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "rendezvous: %s\n\n%s", qPrintable(error),
                         qPrintable(cli::usage()));
            return cli::InputError;
        }
        if (!hasDisplay()) {
            std::fprintf(stderr,
                         "rendezvous: no display found (DISPLAY and WAYLAND_DISPLAY are not "
                         "set), so the viewer cannot open.\n"
                         "Without a display these work: rendezvous info, tracks, detect, network, "
                         "convert, render and dossier "
                         "(see rendezvous --help).\n");
            return cli::Usage;
        }
        return runGuiModule(argc, argv);
    }
    QCoreApplication app(argc, argv);
    setRendezvousIdentity();
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.constFirst() == QLatin1String("--version")) {
        QTextStream(stdout) << "rendezvous " << RENDEZVOUS_VERSION << '\n';
        return 0;
    }
    if (args.constFirst() == QLatin1String("--help") || args.constFirst() == QLatin1String("-h")) {
        QTextStream(stdout) << cli::usage();
        return 0;
    }
    int code = 0;
    cli::dispatch(args, &code);
    if (args.constFirst() == QLatin1String("info") || args.constFirst() == QLatin1String("tracks")
        || args.constFirst() == QLatin1String("detect")
        || args.constFirst() == QLatin1String("network")) {
        // Everything is printed: leave without tearing down the store and Qt, which
        // takes longer than what is left of a small `info` (a few ms of 50).
        std::fflush(stdout);
        std::fflush(stderr);
        std::_Exit(code);
    }
    return code;
}
