#include "transferevent.h"

QString Vessel::display() const
{
    QString ident;
    if (!imo.isEmpty())
        ident = QStringLiteral("IMO ") + imo;
    else if (!mmsi.isEmpty())
        ident = QStringLiteral("MMSI ") + mmsi;
    if (name.isEmpty())
        return ident;
    return ident.isEmpty() ? name : name + QStringLiteral(" (") + ident + QLatin1Char(')');
}
