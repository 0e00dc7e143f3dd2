#include "cli/commands.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstring>
#include <memory>

namespace {
void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Rendezvous"));
    QCoreApplication::setApplicationName(QStringLiteral("Rendezvous"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RENDEZVOUS_VERSION));
}

bool isSubcommand(const char *arg)
{
    return std::strcmp(arg, "info") == 0 || std::strcmp(arg, "convert") == 0
        || std::strcmp(arg, "render") == 0;
}
} // namespace

int runGui(int argc, char **argv);

int main(int argc, char **argv)
{
    // Subcommands and --help/--version never touch the display: they run on a
    // QCoreApplication so that batch jobs work on a headless server.
    if (argc > 1
        && (isSubcommand(argv[1]) || std::strcmp(argv[1], "--help") == 0
            || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--version") == 0)) {
        // `render` draws text, which needs a QGuiApplication; without a display it
        // uses the offscreen platform, so that it runs on a headless server too.
        std::unique_ptr<QCoreApplication> app;
        if (std::strcmp(argv[1], "render") == 0) {
            if (qEnvironmentVariableIsEmpty("DISPLAY")
                && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
                && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QGuiApplication>(argc, argv);
        } else {
            app = std::make_unique<QCoreApplication>(argc, argv);
        }
        setIdentity();
        QStringList args = QCoreApplication::arguments().mid(1);
        if (args.constFirst() == QLatin1String("--version")) {
            QTextStream(stdout) << "rendezvous " << RENDEZVOUS_VERSION << '\n';
            return 0;
        }
        if (args.constFirst() == QLatin1String("--help")
            || args.constFirst() == QLatin1String("-h")) {
            QTextStream(stdout) << cli::usage();
            return 0;
        }
        int code = 0;
        cli::dispatch(args, &code);
        return code;
    }
    QApplication app(argc, argv);
    setIdentity();
    return runGui(argc, argv);
}
