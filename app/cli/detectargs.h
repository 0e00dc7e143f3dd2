#pragma once

#include "detect/detection.h"

#include <QCommandLineParser>

// The rule options of `rendezvous detect`, read into detect::Rules over its defaults
// (Global Fishing Watch's): --kinds, --min-hours, --max-distance-m, --max-speed-kn,
// --min-port-km, --anchorage-vessels, --loiter-hours, --loiter-speed-kn,
// --loiter-shore-nm, --gap-hours, --gap-shore-nm. The scope (--from, --to, --bbox)
// comes from LoadArgs, which parses them as every other command does.
class DetectArgs
{
public:
    void addTo(QCommandLineParser &parser);
    // False with a message naming the option when a value is malformed or out of range.
    bool read(const QCommandLineParser &parser, detect::Rules *rules, unsigned *kinds,
              QString *error) const;

private:
    QCommandLineOption m_kinds {
        QStringLiteral("kinds"),
        QStringLiteral("What to detect, comma-separated: encounters, loitering, gaps, identity "
                       "(default: all)."),
        QStringLiteral("LIST")};
    QCommandLineOption m_minHours {
        QStringLiteral("min-hours"),
        QStringLiteral("Encounters: together at least H hours (default 2)."), QStringLiteral("H")};
    QCommandLineOption m_maxDistance {
        QStringLiteral("max-distance-m"),
        QStringLiteral("Encounters: together when within M metres (default 500)."),
        QStringLiteral("M")};
    QCommandLineOption m_maxSpeed {
        QStringLiteral("max-speed-kn"),
        QStringLiteral("Encounters: median speed of both vessels below K knots (default 2)."),
        QStringLiteral("K")};
    QCommandLineOption m_minPort {
        QStringLiteral("min-port-km"),
        QStringLiteral("Encounters: mean position at least P km from an anchorage or port "
                       "(default 10)."),
        QStringLiteral("P")};
    QCommandLineOption m_anchorageVessels {
        QStringLiteral("anchorage-vessels"),
        QStringLiteral("Anchorages from the data: cells where at least N distinct vessels were "
                       "stationary (default 20; fewer for small data sets)."),
        QStringLiteral("N")};
    QCommandLineOption m_loiterHours {QStringLiteral("loiter-hours"),
                                      QStringLiteral("Loitering: slow for at least H hours "
                                                     "(default 4)."),
                                      QStringLiteral("H")};
    QCommandLineOption m_loiterSpeed {QStringLiteral("loiter-speed-kn"),
                                      QStringLiteral("Loitering: below K knots (default 2)."),
                                      QStringLiteral("K")};
    QCommandLineOption m_loiterShore {
        QStringLiteral("loiter-shore-nm"),
        QStringLiteral("Loitering: at least N nautical miles from shore (default 20)."),
        QStringLiteral("N")};
    QCommandLineOption m_gapHours {QStringLiteral("gap-hours"),
                                   QStringLiteral("AIS gaps: silent at least H hours (default "
                                                  "12)."),
                                   QStringLiteral("H")};
    QCommandLineOption m_gapShore {
        QStringLiteral("gap-shore-nm"),
        QStringLiteral("AIS gaps: both ends at least N nautical miles from shore (default 50)."),
        QStringLiteral("N")};
};
