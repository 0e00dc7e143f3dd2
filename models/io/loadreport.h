#pragma once

#include "eventstore.h"
#include "io/columnmapping.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

// Names (columns, layers) joined with ", " for a message, the first `limit` of them and
// then "… and N more": a file with a million columns must not make a message of megabytes.
QString nameList(const QStringList &names, int limit = 30);

// Every record of a file ends up either loaded or here, with the reason.
struct Rejection
{
    uint32_t row = 0; // line in the file (header = 1) for text tables, else feature id
    QString reason;
};

// The account of one load: what was read, how it was interpreted, what was refused.
struct LoadReport
{
    QString file;
    QString layer;
    QString driver; // "CSV (fast path)" or the OGR driver's name
    QString rowLabel = QStringLiteral("row"); // "row" for text tables, "feature" for OGR
    QStringList headers; // source columns, in order
    ColumnMapping mapping;
    QStringList notes; // decisions taken: separator, date order per column, position source
    // Things loaded but worth knowing, with every row concerned, keyed by message.
    QMap<QString, std::vector<uint32_t>> warnings;
    std::vector<Rejection> rejections; // sorted by row
    int64_t records = 0; // data records read (loaded + rejected)
    int64_t loaded = 0; // events in the store
    // The a/b/yyyy dates seen in the start [0] and end [1] columns, which decided their
    // order (the column-mapping dialog asks when they could not).
    timeparse::OrderEvidence dateEvidence[2];
    int64_t duplicates = 0; // exact copies of an earlier record (flagged, or removed)
    bool duplicatesRemoved = false; // --dedupe
    QString error; // set when the file could not be read at all, in words for any user
    // When error is that the columns of a required field were not found: their keys
    // ("start", or "lat" and "lon"). The window then offers its column-mapping dialog;
    // the command line names --field (commandLineError()).
    QStringList unmappedFields;

    bool ok() const { return error.isEmpty(); }
    // error, with how to name the missing columns on the command line.
    QString commandLineError() const;
    // "file.csv: 3 warnings ..." style lines for the terminal and the report dialog.
    QStringList warningLines() const;
    QJsonObject toJson() const; // mapping, notes, warnings, rejections, counts
};

struct LoadResult
{
    std::shared_ptr<EventStore> store;
    LoadReport report;
};

// What the user asked of a load.
struct LoadOptions
{
    QString layer; // OGR layer name (or index as text); empty = first layer with events
    QStringList fieldOverrides; // "start=My column"
    bool dedupe = false; // drop exact duplicates, keeping the first
    enum class Reader { Auto, Ogr, FastCsv } reader = Reader::Auto;
    int threads = 0; // fast CSV path: 0 = all cores
    // Fast CSV path reading a file: bytes per read, 0 = 64 KiB (tests use a few bytes to
    // make records straddle the windows).
    size_t windowBytes = 0;
    // Fast CSV path: less data than this is read by one thread (tests and the fuzzer
    // lower it to split small texts).
    size_t splitFrom = size_t(1) << 20;
    // Fast CSV path: parts to split the data into, 0 = one per thread. With one thread
    // the parts are read one after the other (the fuzzer's split without threads).
    int parts = 0;
    // Polled by the readers; a cancelled load returns error "cancelled" and no store.
    const std::atomic_bool *cancel = nullptr;
    // Fraction done (0..1), called from the reading thread now and then.
    std::function<void(double)> progress;
};
