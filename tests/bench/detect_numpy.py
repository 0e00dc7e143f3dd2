#!/usr/bin/env python3
"""Encounters in a MarineCadastre-layout AIS CSV with numpy alone: the peer that
bench_detect times `rendezvous detect` against (issue 17: "a numpy script with a grid
hash"). The same rule as Rendezvous' defaults (Global Fishing Watch's):

- each vessel resampled to an epoch-aligned 10-minute grid, interpolating linearly only
  between two reports less than 1 h apart;
- two vessels together in a slot when within 500 m (haversine, mean Earth radius);
- runs of consecutive together-slots of one pair kept when at least 2 h long (first slot
  to last) with a median speed (both vessels' interpolated SOG) under 2 kn; kept runs of
  one pair less than 4 h apart merged;
- not when the mean position is within 10 km of an anchorage: a 0.005-degree cell where
  at least 20 distinct vessels were stationary (moved under 0.5 km in an epoch-aligned
  12 h block).

What it leaves out, so its counts may differ from Rendezvous' on purpose: land (it has no
coastline), segments split at impossible jumps, and a meeting right on the antimeridian
(its cells do not wrap). Prints one JSON object: encounters (pairs with start and end)
and timings.

Usage: detect_numpy.py FILE.csv
"""
import json
import sys
import time

import numpy as np

SLOT = 600
MAX_INTERP = 3600
MAX_DIST_M = 500.0
MIN_SLOTS = 12  # 2 h from a run's first slot to its last
MERGE_SLOTS = 24  # 4 h
MAX_MEDIAN_KN = 2.0
PORT_KM = 10.0
CELL_DEG = 0.005
ANCHOR_VESSELS = 20
STATIONARY_M = 500.0
BLOCK_S = 12 * 3600
R = 6371008.8


def haversine(lat1, lon1, lat2, lon2):
    p = np.pi / 180
    h = (np.sin((lat2 - lat1) * p / 2) ** 2
         + np.cos(lat1 * p) * np.cos(lat2 * p) * np.sin((lon2 - lon1) * p / 2) ** 2)
    return 2 * R * np.arcsin(np.sqrt(np.minimum(1.0, h)))


def read(path):
    dtype = [("mmsi", "i8"), ("t", "S19"), ("lat", "f8"), ("lon", "f8"), ("sog", "f8")]
    a = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(0, 1, 2, 3, 4), dtype=dtype)
    b = np.ascontiguousarray(a["t"]).view(np.uint8).reshape(-1, 19).astype(np.int64) - 48
    year = b[:, 0] * 1000 + b[:, 1] * 100 + b[:, 2] * 10 + b[:, 3]
    month = b[:, 5] * 10 + b[:, 6]
    day = b[:, 8] * 10 + b[:, 9]
    secs = (b[:, 11] * 10 + b[:, 12]) * 3600 + (b[:, 14] * 10 + b[:, 15]) * 60 + b[:, 17] * 10 + b[:, 18]
    days = (np.array(year - 1970, dtype="datetime64[Y]").astype("datetime64[M]")
            + (month - 1).astype("timedelta64[M]")).astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    t = days.astype(np.int64) * 86400 + secs
    return a["mmsi"], t, a["lat"], a["lon"], a["sog"]


def resample(mmsi, t, lat, lon, sog):
    order = np.lexsort((t, mmsi))
    mmsi, t, lat, lon, sog = mmsi[order], t[order], lat[order], lon[order], sog[order]
    same = (mmsi[1:] == mmsi[:-1]) & (t[1:] - t[:-1] < MAX_INTERP) & (t[1:] > t[:-1])
    i = np.nonzero(same)[0]
    # Slots k*SLOT in [t_i, t_{i+1}) for each pair of reports less than an hour apart.
    first = -(-t[i] // SLOT)
    last = (t[i + 1] - 1) // SLOT
    count = np.maximum(0, last - first + 1)
    pair = np.repeat(i, count)
    k = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count) + np.repeat(first, count)
    ts = k * SLOT
    f = (ts - t[pair]) / (t[pair + 1] - t[pair])
    dlon = lon[pair + 1] - lon[pair]
    dlon = np.where(dlon > 180, dlon - 360, np.where(dlon < -180, dlon + 360, dlon))
    rlon = lon[pair] + f * dlon
    rlon = np.where(rlon >= 180, rlon - 360, np.where(rlon < -180, rlon + 360, rlon))
    # A vessel's last report on a slot is a slot too.
    end = np.nonzero(np.r_[~same, True] & (t % SLOT == 0))[0]
    return (np.r_[mmsi[pair], mmsi[end]], np.r_[k, t[end] // SLOT],
            np.r_[lat[pair] + f * (lat[pair + 1] - lat[pair]), lat[end]], np.r_[rlon, lon[end]],
            np.r_[sog[pair] + f * (sog[pair + 1] - sog[pair]), sog[end]])


def anchorages(mmsi, t, lat, lon):
    block = t // BLOCK_S
    order = np.lexsort((t, block, mmsi))
    m, b, la, lo = mmsi[order], block[order], lat[order], lon[order]
    start = np.r_[True, (m[1:] != m[:-1]) | (b[1:] != b[:-1])]
    group = np.cumsum(start) - 1
    la0, lo0 = la[start][group], lo[start][group]
    moved = np.zeros(group.max() + 1 if len(group) else 0)
    np.maximum.at(moved, group, haversine(la0, lo0, la, lo))
    full = np.zeros_like(moved)
    np.maximum.at(full, group, t[order])
    begin = t[order][start]
    still = (moved < STATIONARY_M) & (full - begin >= BLOCK_S * 0.9)
    mean_lat = np.bincount(group, la) / np.bincount(group)
    mean_lon = np.bincount(group, lo) / np.bincount(group)
    cells = np.stack([np.floor(mean_lat[still] / CELL_DEG), np.floor(mean_lon[still] / CELL_DEG),
                      m[start][still]], axis=1)
    cells = np.unique(cells, axis=0)  # a vessel counts once per cell
    keys, n = np.unique(cells[:, :2], axis=0, return_counts=True)
    busy = keys[n >= ANCHOR_VESSELS]
    return (busy[:, 0] + 0.5) * CELL_DEG, (busy[:, 1] + 0.5) * CELL_DEG


def together(vessel, slot, lat, lon, sog):
    cy = np.floor(lat / CELL_DEG).astype(np.int64)
    cx = np.floor(lon / CELL_DEG).astype(np.int64)
    key = (slot * 40000 + (cy + 20000)) * 80000 + (cx + 40000)
    order = np.argsort(key, kind="stable")
    key, vessel, slot, lat, lon, sog = key[order], vessel[order], slot[order], lat[order], lon[order], sog[order]
    out = []
    # 500 m is under a 0.005-degree cell in latitude; in longitude a cell shrinks with
    # cos(lat), so look as many cells east as 500 m can span there.
    reach = int(np.ceil(MAX_DIST_M / (CELL_DEG * 111320 * max(0.05, np.cos(np.radians(min(85.0, np.abs(lat).max() if len(lat) else 0)))))))
    for dy in (0, 1):
        for dx in range(-reach, reach + 1):
            if dy == 0 and dx <= 0:
                continue
            other = key + dy * 80000 + dx
            lo_ = np.searchsorted(key, other, "left")
            hi_ = np.searchsorted(key, other, "right")
            n = hi_ - lo_
            a = np.repeat(np.arange(len(key)), n)
            b = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + np.repeat(lo_, n)
            out.append((a, b))
    # Pairs within one cell.
    start = np.searchsorted(key, key, "left")
    end = np.searchsorted(key, key, "right")
    n = end - np.arange(len(key)) - 1
    a = np.repeat(np.arange(len(key)), np.maximum(n, 0))
    b = a + 1 + (np.arange(len(a)) - np.repeat(np.cumsum(np.maximum(n, 0)) - np.maximum(n, 0), np.maximum(n, 0)))
    out.append((a, b))
    a = np.concatenate([x[0] for x in out])
    b = np.concatenate([x[1] for x in out])
    d = haversine(lat[a], lon[a], lat[b], lon[b])
    keep = (d <= MAX_DIST_M) & (vessel[a] != vessel[b])
    a, b, d = a[keep], b[keep], d[keep]
    va, vb = np.minimum(vessel[a], vessel[b]), np.maximum(vessel[a], vessel[b])
    return va, vb, slot[a], (lat[a] + lat[b]) / 2, (lon[a] + lon[b]) / 2, sog[a], sog[b]


def group_median(group, values, n_groups):
    """Median per group (mean of the two middle values for an even count)."""
    o = np.lexsort((values, group))
    v = values[o]
    count = np.bincount(group, minlength=n_groups)
    begin = np.cumsum(count) - count
    safe = np.maximum(count, 1)
    return (v[np.minimum(begin + (safe - 1) // 2, len(v) - 1)]
            + v[np.minimum(begin + safe // 2, len(v) - 1)]) / 2


def runs(va, vb, slot, lat, lon, sa, sb, port_lat, port_lon):
    order = np.lexsort((slot, vb, va))
    va, vb, slot, lat, lon, sa, sb = va[order], vb[order], slot[order], lat[order], lon[order], sa[order], sb[order]
    new = np.r_[True, (va[1:] != va[:-1]) | (vb[1:] != vb[:-1]) | (slot[1:] - slot[:-1] > 1)]
    run = np.cumsum(new) - 1
    n_run = run.max() + 1 if len(run) else 0
    first = slot[new]
    last = np.zeros(n_run, dtype=np.int64)
    np.maximum.at(last, run, slot)
    # A run qualifies on its own (GFW: encounters first, then merged): 2 h from its first
    # slot to its last, median of both vessels' speeds under 2 kn.
    med = group_median(np.r_[run, run], np.r_[sa, sb], n_run)
    good = (last - first >= MIN_SLOTS) & (med < MAX_MEDIAN_KN)
    keep_row = good[run]
    va, vb, slot, lat, lon, sa, sb, run = (x[keep_row] for x in (va, vb, slot, lat, lon, sa, sb, run))
    runs_kept = np.nonzero(good)[0]
    rva, rvb, first, last = va[np.searchsorted(run, runs_kept)], vb[np.searchsorted(run, runs_kept)], first[good], last[good]
    # Qualifying runs of one pair less than 4 h apart merge into one encounter.
    merge = np.r_[False, (rva[1:] == rva[:-1]) & (rvb[1:] == rvb[:-1]) & (first[1:] - last[:-1] < MERGE_SLOTS)]
    enc_of_run = np.cumsum(~merge) - 1
    member = enc_of_run[np.searchsorted(runs_kept, run)]
    n_enc = enc_of_run.max() + 1 if len(enc_of_run) else 0
    s0 = np.full(n_enc, np.iinfo(np.int64).max)
    s1 = np.zeros(n_enc, dtype=np.int64)
    np.minimum.at(s0, member, slot)
    np.maximum.at(s1, member, slot)
    count = np.bincount(member, minlength=n_enc)
    mlat = np.bincount(member, lat, n_enc) / np.maximum(count, 1)
    mlon = np.bincount(member, lon, n_enc) / np.maximum(count, 1)
    keep = np.ones(n_enc, dtype=bool)
    if len(port_lat):
        for plat, plon in zip(port_lat, port_lon):
            keep &= haversine(mlat, mlon, plat, plon) >= PORT_KM * 1000
    first_row = np.searchsorted(member, np.arange(n_enc))
    found = []
    for e in np.nonzero(keep)[0]:
        i = first_row[e]
        found.append({"vessel_a_mmsi": int(va[i]), "vessel_b_mmsi": int(vb[i]),
                      "start": int(s0[e] * SLOT), "end": int(s1[e] * SLOT),
                      "lat": float(mlat[e]), "lon": float(mlon[e])})
    return found


def main():
    t0 = time.time()
    mmsi, t, lat, lon, sog = read(sys.argv[1])
    t1 = time.time()
    r = resample(mmsi, t, lat, lon, sog)
    t2 = time.time()
    port_lat, port_lon = anchorages(mmsi, t, lat, lon)
    t3 = time.time()
    pairs = together(*r)
    found = runs(*pairs, port_lat, port_lon)
    t4 = time.time()
    print(json.dumps({"encounters": found, "anchorages": int(len(port_lat)),
                      "seconds": {"read": t1 - t0, "resample": t2 - t1, "anchorages": t3 - t2,
                                  "encounters": t4 - t3, "total": t4 - t0}}))


if __name__ == "__main__":
    main()
