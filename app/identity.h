#pragma once

#include <QCoreApplication>

// Who we are to QSettings, QStandardPaths and --version; set by whichever side of the
// program (the command line or the GUI module) created the application object.
inline void setRendezvousIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Rendezvous"));
    QCoreApplication::setApplicationName(QStringLiteral("Rendezvous"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RENDEZVOUS_VERSION));
}
