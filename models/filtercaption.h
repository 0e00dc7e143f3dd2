#pragma once

#include "eventfilter.h"
#include "summary.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <cstdint>
#include <optional>

class TransferFilter;

// The time window and filters of a map in words, for the line under an export's title:
// "2018-01-01 – 2018-01-31 UTC · area: drawn polygon · search "KATRIN" · 195 of 2,490
// transfers · 38,850,974 bbl · 218 vessels". The figures are the status bar's
// (the count and Summary::figuresText() of the same rows), so a page and the window
// agree. Plain data, so that
// the window (from its TransferFilter) and `rendezvous render` (from its EventFilter) describe the
// same filters in the same words, and an export running on a worker thread needs no model.
struct FilterCaption
{
    std::optional<int64_t> from, to; // UTC ms, inclusive
    std::optional<GeoBox> box;
    bool polygon = false; // an area drawn on the map
    QString search;
    QHash<QString, QSet<QString>> categories; // attribute -> values kept
    QHash<QString, QString> ranges; // numeric attribute -> its range in words ("2 – 5.5 h")
    // The figures of the rows the filters pass (count of total, volume, vessels), and
    // their extent (figures.bbox), which "fit the export to the filtered events" uses.
    Summary figures;

    static FilterCaption fromFilter(const TransferFilter &filter);
    static FilterCaption fromEventFilter(const EventFilter &filter, const Summary &figures);

    QString text() const;
    // "2018-01-01 – 2018-01-31 UTC"; a bound on a day boundary is a date (the "to" of a
    // whole day ends at 23:59:59.999); "from 2018-01-01", "until ..."; empty for none.
    QString timeText() const;
    bool operator==(const FilterCaption &o) const;
};
