#pragma once

#include "loadargs.h"

#include "ais/aisreader.h"
#include "tracks/tracksummary.h"

#include <QJsonObject>
#include <QTextStream>

// What `tracks`, `info` and `convert` share for AIS positions: deciding whether files
// hold events or positions, loading them as one data set with the command line's
// messages, and printing the account.
namespace cli {

// What the files were read as, and why (from --as, or from aisreader::detect).
struct KindChoice
{
    bool ais = false;
    bool detected = false; // decided from the columns, not by --as
    QString reason;
    QStringList eventFiles; // detected as events (with reasons in `reason`)
    // A database that could not be asked what its table holds: why ("no table t in
    // PG:…", a connection failure), without any password.
    QString databaseError;
    // {"kind": "events" | "ais", "kind_reason": ...}
    QJsonObject toJson() const;
    // "rendezvous: note: a.csv read as AIS positions (columns MMSI, ...)" for stderr.
    QString noteLine(const QStringList &files) const;
};

// --as decides; without it, AIS when aisreader::detect finds positions or NMEA in
// every file (a file it cannot tell stays with the events reader, whose messages
// say what is wrong with it).
// A database (PG:…) is asked what its table `layer` holds (db::tableInfo).
KindChoice chooseKind(const QStringList &files, LoadArgs::DataAs as,
                      const QString &layer = QString());

// Loads the files as AIS positions (a PG: source: its table load.options.layer, read
// through the store's reader, named without its password). On failure prints "rendezvous: FILE:
// reason" on err and returns false with *exitCode set: a missing or unreadable file, a load that
// failed, or no position at all.
bool loadTracks(const QStringList &files, const LoadArgs &load, QTextStream &err,
                TrackLoadResult *result, int *exitCode);

// The same for an AIS table of a database (PG:… and load.options.layer).
bool loadDatabaseTracks(const QString &source, const LoadArgs &load, QTextStream &err,
                        TrackLoadResult *result, int *exitCode);

// The `tracks --json` object (see the README's "rendezvous tracks").
QJsonObject tracksJson(const TrackLoadResult &result, const TrackSummary &summary,
                       const LoadArgs &load, const KindChoice &kind);
// The human summary.
void printTracks(QTextStream &out, const TrackLoadResult &result, const TrackSummary &summary,
                 const LoadArgs &load);

// Loads, summarises and prints: the whole of `rendezvous tracks` after its arguments.
int runTracks(const QStringList &files, const LoadArgs &load, bool json, const KindChoice &kind);

} // namespace cli
