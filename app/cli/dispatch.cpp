#include "commands.h"

QString cli::usage()
{
    return QStringLiteral(
        "Usage: rendezvous [FILE | PROJECT.rvz] open the viewer (with events or a project)\n"
        "       rendezvous info FILE [options]  summarise the events in FILE\n"
        "       rendezvous tracks FILE... [options]  summarise AIS positions as vessel tracks\n"
        "       rendezvous detect FILE... [options]  find encounters, loitering, gaps, anomalies\n"
        "       rendezvous network FILE [options]  who met whom: the vessels' network\n"
        "       rendezvous convert FILE -o OUT  write the events (or tracks) to another format\n"
        "       rendezvous render FILE -o OUT.png  draw the events on the map into an image\n"
        "       rendezvous dossier FILE... --vessel ID -o OUT.pdf  a PDF dossier per vessel\n"
        "       rendezvous COMMAND --help       options of a command\n"
        "       rendezvous --version | --help\n");
}

bool cli::dispatch(const QStringList &args, int *exitCode)
{
    if (args.isEmpty())
        return false;
    const QString command = args.constFirst();
    const QStringList rest = args.mid(1);
    if (command == QLatin1String("info"))
        *exitCode = info(rest);
    else if (command == QLatin1String("tracks"))
        *exitCode = tracks(rest);
    else if (command == QLatin1String("detect"))
        *exitCode = detect(rest);
    else if (command == QLatin1String("network"))
        *exitCode = network(rest);
    else if (command == QLatin1String("convert"))
        *exitCode = convert(rest);
    else
        return false;
    return true;
}
