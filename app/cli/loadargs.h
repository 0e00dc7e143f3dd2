#pragma once

#include "eventfilter.h"
#include "io/loadreport.h"
#include "tracks/tracksummary.h"

#include <QCommandLineParser>

// The options every data command shares: what to load and which events to keep.
// --layer L, --field KEY=COLUMN (repeatable), --from D, --to D, --bbox W,S,E,N,
// --dedupe, --reader auto|ogr|csv, --as events|ais. `tracks` takes the subset that
// applies to AIS positions (addTrackOptionsTo): --layer (a database's table), --field,
// --from, --to, --bbox, --as.
class LoadArgs
{
public:
    void addTo(QCommandLineParser &parser);
    void addTrackOptionsTo(QCommandLineParser &parser);
    // addTrackOptionsTo's options, each said in one line of --help for `detect`: the
    // scope is what is analysed, not what is counted.
    void addDetectOptionsTo(QCommandLineParser &parser);
    // Reads the parsed values; false with a message when one is malformed.
    bool read(const QCommandLineParser &parser, QString *error);

    // What the files hold, when the user said (--as); Auto: the reader decides.
    enum class DataAs { Auto, Events, Ais };
    DataAs as = DataAs::Auto;
    LoadOptions options;
    EventFilter filter;
    TrackFilter trackFilter() const { return {filter.from, filter.to, filter.bbox}; }
    // The filters in words, for reports: "2018-01-01 to 2018-05-30, bbox 120,25,130,35".
    QJsonObject filterJson() const;

private:
    QCommandLineOption m_layer {QStringLiteral("layer"),
                                QStringLiteral("Layer to read (name or index)."),
                                QStringLiteral("L")};
    QCommandLineOption m_field {
        QStringLiteral("field"),
        QStringLiteral("Map a field to a column, e.g. start=\"My column\" (repeatable)."),
        QStringLiteral("KEY=COLUMN")};
    QCommandLineOption m_from {
        QStringLiteral("from"),
        QStringLiteral("Keep events active on or after D (date = whole UTC day, or ISO 8601)."),
        QStringLiteral("D")};
    QCommandLineOption m_to {
        QStringLiteral("to"),
        QStringLiteral("Keep events active on or before D (a date includes the whole day)."),
        QStringLiteral("D")};
    QCommandLineOption m_bbox {
        QStringLiteral("bbox"),
        QStringLiteral("Keep events inside W,S,E,N (W > E crosses the antimeridian)."),
        QStringLiteral("W,S,E,N")};
    QCommandLineOption m_dedupe {
        QStringLiteral("dedupe"),
        QStringLiteral("Collapse exact duplicate rows, keeping the first.")};
    QCommandLineOption m_reader {QStringLiteral("reader"),
                                 QStringLiteral("auto (default), csv (fast path) or ogr."),
                                 QStringLiteral("R"), QStringLiteral("auto")};
    QCommandLineOption m_as {QStringLiteral("as"),
                             QStringLiteral("What the file holds: events or ais (positions); by "
                                            "default decided from its columns."),
                             QStringLiteral("KIND")};
    bool m_tracks = false; // only the options of addTrackOptionsTo were added
    QCommandLineOption m_search {
        QStringLiteral("search"),
        QStringLiteral("Keep events whose vessel name, IMO, MMSI or id contains TEXT."),
        QStringLiteral("TEXT")};
};
