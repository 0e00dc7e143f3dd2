#pragma once

#include "detect/detection.h"

#include <QCommandLineParser>

// The rule options of `rendezvous detect`, read into detect::Rules over its defaults
// (Global Fishing Watch's): --kinds, --min-hours, --max-distance-m, --max-speed-kn,
// --merge-hours, --interpolate-hours, --min-port-km, --anchorage-vessels,
// --loiter-hours, --loiter-speed-kn, --loiter-shore-nm, --gap-hours, --gap-shore-nm,
// --max-implied-speed-kn. The scope (--from, --to, --bbox)
// comes from LoadArgs, which parses them as every other command does.
class DetectArgs
{
public:
    void addTo(QCommandLineParser &parser);
    // False with a message naming the option when a value is malformed or out of range.
    bool read(const QCommandLineParser &parser, detect::Rules *rules, unsigned *kinds,
              QString *error) const;

private:
    // Each option says in one line of --help what it sets, with its default (GFW's,
    // from detect::Rules, so the help cannot drift from the rules).
    QCommandLineOption m_kinds {QStringLiteral("kinds"), QString(), QStringLiteral("LIST")};
    QCommandLineOption m_minHours {QStringLiteral("min-hours"), QString(), QStringLiteral("H")};
    QCommandLineOption m_maxDistance {QStringLiteral("max-distance-m"), QString(),
                                      QStringLiteral("M")};
    QCommandLineOption m_maxSpeed {QStringLiteral("max-speed-kn"), QString(), QStringLiteral("K")};
    QCommandLineOption m_mergeHours {QStringLiteral("merge-hours"), QString(), QStringLiteral("H")};
    QCommandLineOption m_interpolateHours {QStringLiteral("interpolate-hours"), QString(),
                                           QStringLiteral("H")};
    QCommandLineOption m_minPort {QStringLiteral("min-port-km"), QString(), QStringLiteral("P")};
    QCommandLineOption m_anchorageVessels {QStringLiteral("anchorage-vessels"), QString(),
                                           QStringLiteral("N")};
    QCommandLineOption m_loiterHours {QStringLiteral("loiter-hours"), QString(),
                                      QStringLiteral("H")};
    QCommandLineOption m_loiterSpeed {QStringLiteral("loiter-speed-kn"), QString(),
                                      QStringLiteral("K")};
    QCommandLineOption m_loiterShore {QStringLiteral("loiter-shore-nm"), QString(),
                                      QStringLiteral("N")};
    QCommandLineOption m_gapHours {QStringLiteral("gap-hours"), QString(), QStringLiteral("H")};
    QCommandLineOption m_gapShore {QStringLiteral("gap-shore-nm"), QString(), QStringLiteral("N")};
    QCommandLineOption m_impliedSpeed {QStringLiteral("max-implied-speed-kn"), QString(),
                                       QStringLiteral("K")};
};
