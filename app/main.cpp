#include "cli/commands.h"
#include "identity.h"
#include "moduleloader.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
bool isHeadless(const char *arg)
{
    for (const char *name : {"info", "convert", "--help", "-h", "--version"})
        if (std::strcmp(arg, name) == 0)
            return true;
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
} // namespace

int main(int argc, char **argv)
{
    // Subcommands and --help/--version never touch the display nor load Qt Gui: they
    // run on a QCoreApplication, so that batch jobs work on a headless server and
    // start fast.
    if (argc <= 1 || !isHeadless(argv[1]))
        return runGuiModule(argc, argv);
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
    if (args.constFirst() == QLatin1String("info")) {
        // Everything is printed: leave without tearing down the store and Qt, which
        // takes longer than what is left of a small `info` (a few ms of 50).
        std::fflush(stdout);
        std::fflush(stderr);
        std::_Exit(code);
    }
    return code;
}
