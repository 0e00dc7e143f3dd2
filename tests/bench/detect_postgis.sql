-- Encounters in a MarineCadastre-layout AIS CSV with PostgreSQL + PostGIS: the peer that
-- bench_detect times `rendezvous detect` against (issue 17: "COPY, resampling with
-- interpolation, per-slot ST_DWithin self-join, runs"). The same rule as Rendezvous'
-- defaults (Global Fishing Watch's), as tests/bench/detect_numpy.py states it; like that
-- script it has no coastline (no land rule) and no jump splitting.
-- Run by detect_postgis.sh, which sets :csv (the file) and :geography (on or off: the
-- usual geography column with a GiST index, else geometry with a degree box first).

\timing on
SET client_min_messages = warning;
SET work_mem = '512MB';
SET max_parallel_workers_per_gather = 2;

CREATE UNLOGGED TABLE ais (
    mmsi bigint, t timestamp, lat float8, lon float8, sog float8, cog float8,
    heading float8, name text, imo text, callsign text, type int, status int,
    length float8, width float8, draft float8, cargo int, class text);
-- (\copy does not expand variables itself: build the command, then run it.)
\set copy '\\copy ais FROM ' :'csv' ' WITH (FORMAT csv, HEADER true)'
:copy

-- Each vessel on the 10-minute grid: slots between two reports less than 1 h apart,
-- interpolated; a report right on a slot is that slot.
CREATE UNLOGGED TABLE slots AS
WITH r AS (
    SELECT mmsi, extract(epoch FROM t)::float8 AS e, lat, lon, sog,
           lead(extract(epoch FROM t)::float8) OVER w AS e2,
           lead(lat) OVER w AS lat2, lead(lon) OVER w AS lon2, lead(sog) OVER w AS sog2
    FROM ais WINDOW w AS (PARTITION BY mmsi ORDER BY t))
SELECT mmsi, s AS slot,
       lat + f * (lat2 - lat) AS lat,
       ((lon + f * (CASE WHEN lon2 - lon > 180 THEN lon2 - lon - 360
                         WHEN lon2 - lon < -180 THEN lon2 - lon + 360
                         ELSE lon2 - lon END) + 540)::numeric % 360 - 180)::float8 AS lon,
       sog + f * (sog2 - sog) AS sog
FROM r,
     LATERAL generate_series(ceil(e / 600)::bigint, floor((e2 - 1) / 600)::bigint) AS s,
     LATERAL (SELECT (s * 600 - e) / (e2 - e) AS f) AS x
WHERE e2 IS NOT NULL AND e2 > e AND e2 - e < 3600
UNION ALL
SELECT mmsi, (extract(epoch FROM t)::bigint / 600) AS slot, lat, lon, sog
FROM (SELECT mmsi, t, lat, lon, sog,
             lead(t) OVER (PARTITION BY mmsi ORDER BY t) AS t2 FROM ais) AS last
WHERE (t2 IS NULL OR t2 - t >= interval '1 hour') AND extract(epoch FROM t)::bigint % 600 = 0;

-- Pairs together in a slot: within 500 m.
CREATE EXTENSION IF NOT EXISTS btree_gist;
\if :geography
ALTER TABLE slots ADD COLUMN g geography(Point, 4326);
UPDATE slots SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography;
CREATE INDEX ON slots USING gist (slot, g);
ANALYZE slots;
CREATE UNLOGGED TABLE together AS
SELECT a.mmsi AS va, b.mmsi AS vb, a.slot, (a.lat + b.lat) / 2 AS lat,
       (a.lon + b.lon) / 2 AS lon, a.sog AS sa, b.sog AS sb
FROM slots a JOIN slots b
  ON a.slot = b.slot AND a.mmsi < b.mmsi AND ST_DWithin(a.g, b.g, 500, false);
\else
ALTER TABLE slots ADD COLUMN g geometry(Point, 4326);
UPDATE slots SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326);
-- Slot and place in one index (btree_gist): a place alone finds every slot of an
-- anchorage's vessels.
CREATE INDEX ON slots USING gist (slot, g);
ANALYZE slots;
CREATE UNLOGGED TABLE together AS
SELECT a.mmsi AS va, b.mmsi AS vb, a.slot, (a.lat + b.lat) / 2 AS lat,
       (a.lon + b.lon) / 2 AS lon, a.sog AS sa, b.sog AS sb
FROM slots a JOIN slots b
  ON b.g && ST_Expand(a.g, 0.0046 / greatest(cos(radians(a.lat)), 0.05))
 AND a.slot = b.slot AND a.mmsi < b.mmsi
WHERE ST_DistanceSphere(a.g, b.g) <= 500;
\endif

-- Anchorages: 0.005-degree cells where at least 20 distinct vessels were stationary
-- (moved under 0.5 km in an epoch-aligned 12 h block they were heard through).
CREATE UNLOGGED TABLE anchorages AS
WITH b AS (
    SELECT mmsi, extract(epoch FROM t)::bigint / 43200 AS block,
           first_value(lat) OVER w AS lat0, first_value(lon) OVER w AS lon0,
           lat, lon, extract(epoch FROM t)::bigint AS e
    FROM ais WINDOW w AS (PARTITION BY mmsi, extract(epoch FROM t)::bigint / 43200 ORDER BY t)),
s AS (
    SELECT mmsi, block, avg(lat) AS lat, avg(lon) AS lon
    FROM b GROUP BY mmsi, block
    HAVING max(ST_DistanceSphere(ST_MakePoint(lon0, lat0), ST_MakePoint(lon, lat))) < 500
       AND max(e) - min(e) >= 43200 * 0.9)
SELECT (floor(lat / 0.005) + 0.5) * 0.005 AS lat, (floor(lon / 0.005) + 0.5) * 0.005 AS lon
FROM s GROUP BY floor(lat / 0.005), floor(lon / 0.005)
HAVING count(DISTINCT mmsi) >= 20;

-- Runs of consecutive slots of one pair, each kept when at least 2 h from first slot to
-- last with a median speed of both vessels under 2 kn (GFW: encounters first), then
-- kept runs of one pair less than 4 h apart merged; mean position at least 10 km from
-- every anchorage.
CREATE UNLOGGED TABLE encounters AS
WITH t AS (
    SELECT *, slot - row_number() OVER (PARTITION BY va, vb ORDER BY slot) AS island
    FROM together),
r AS (
    SELECT va, vb, island, min(slot) AS s0, max(slot) AS s1,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY sp) AS median_kn
    FROM t, LATERAL unnest(ARRAY[t.sa, t.sb]) AS sp
    GROUP BY va, vb, island),
q AS (
    SELECT * FROM r WHERE s1 - s0 >= 12 AND median_kn < 2),
m AS (
    SELECT *, CASE WHEN s0 - lag(s1) OVER (PARTITION BY va, vb ORDER BY s0) < 24 THEN 0 ELSE 1 END
              AS brk
    FROM q),
g AS (
    SELECT *, sum(brk) OVER (PARTITION BY va, vb ORDER BY s0) AS enc FROM m),
e AS (
    SELECT t.va, t.vb, g.enc, min(t.slot) AS s0, max(t.slot) AS s1, avg(t.lat) AS lat,
           avg(t.lon) AS lon
    FROM t JOIN g USING (va, vb, island)
    GROUP BY t.va, t.vb, g.enc)
SELECT va, vb, s0 * 600 AS start_s, s1 * 600 AS end_s, lat, lon
FROM e
WHERE NOT EXISTS (SELECT 1 FROM anchorages p
                  WHERE ST_DistanceSphere(ST_MakePoint(e.lon, e.lat), ST_MakePoint(p.lon, p.lat))
                        < 10000);

\timing off
\pset format unaligned
\pset tuples_only on
SELECT 'anchorages ' || count(*) FROM anchorages;
SELECT 'encounter ' || va || ' ' || vb || ' ' || start_s || ' ' || end_s FROM encounters ORDER BY start_s, va, vb;
