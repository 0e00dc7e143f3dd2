#pragma once

#include <QGeoCoordinate>
#include <QList>
#include <QPair>
#include <QString>

#include <cmath>
#include <cstdint>
#include <limits>

struct Vessel
{
    QString name, imo, mmsi, flag;
    bool isEmpty() const
    {
        return name.isEmpty() && imo.isEmpty() && mmsi.isEmpty() && flag.isEmpty();
    }
    // "YU JONG 2 (IMO 8604917)", "MMSI 445123000", or "" when nothing is known.
    QString display() const;
    bool operator==(const Vessel &o) const
    {
        return name == o.name && imo == o.imo && mmsi == o.mmsi && flag == o.flag;
    }
};

// One transfer event as a value: for tests, the details view and appending by hand.
// The store keeps events column by column; this is the row view of it.
struct TransferEvent
{
    static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

    QString id;
    int64_t start = kNoTime; // UTC ms
    int64_t end = kNoTime; // UTC ms, kNoTime for an instant
    QGeoCoordinate position; // WGS 84
    Vessel vesselA, vesselB;
    QString cargo;
    double volumeBbl = std::numeric_limits<double>::quiet_NaN(); // NaN = unknown
    QString confidence, source, notes;
    QList<QPair<QString, QString>> extras; // every other source column, in file order
    uint32_t sourceRow = 0;
    uint8_t flags = 0;

    bool hasEnd() const { return end != kNoTime; }
};
