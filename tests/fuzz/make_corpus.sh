#!/usr/bin/env bash
# Seeds the fuzz targets' corpora from tests/data: make_corpus.sh OUTDIR writes
# OUTDIR/csv, OUTDIR/mapping, OUTDIR/ogr, OUTDIR/project and OUTDIR/nmea. The formats
# tests/data has no file in (GeoPackage, zipped Shapefile, FlatGeobuf, GML) are converted
# from its GeoJSON with ogr2ogr. Seeds are kept small: the fuzzers' -max_len cuts anything longer.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="$here/../data"
out="${1:?usage: make_corpus.sh OUTDIR}"
mkdir -p "$out/csv" "$out/mapping" "$out/ogr" "$out/project" "$out/nmea"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The fast CSV path: every text table and the junk.
for f in "$data"/csv/* "$data"/junk/* "$data"/ogr/*.csv "$data"/mainwindow/*.csv; do
  cp "$f" "$out/csv/$(basename "$(dirname "$f")")_$(basename "$f")"
done

# The project loader: every project fixture, valid and damaged.
cp "$data"/projects/*.rvz "$out/project/"

# The NMEA reader: the AIS logs, and each of their lines alone.
cp "$data"/ais/*.aivdm "$data"/ais/*.nmea "$out/nmea/"
i=0
cat "$data"/ais/*.aivdm "$data"/ais/*.nmea | while IFS= read -r line; do
  i=$((i + 1))
  printf '%s\n' "$line" >"$out/nmea/line_$i"
done

# The mapper: a header and two records of each table.
for f in "$data"/csv/* "$data"/ogr/*.csv "$data"/mainwindow/*.csv; do
  head -n 3 "$f" >"$out/mapping/$(basename "$(dirname "$f")")_$(basename "$f")"
done

# OGR: one byte for the format (the index in fuzz_ogr.cpp's kFormats), then the file.
seed() { # seed INDEX NAME FILE
  { printf "\\x$(printf %02x "$1")"; cat "$3"; } >"$out/ogr/$2"
}
for f in "$data"/ogr/badrows.csv "$data"/ogr/roundtrip.csv "$data"/csv/latin1.csv \
  "$data"/csv/semicolon_bom_crlf.csv; do
  seed 0 "csv_$(basename "$f")" "$f"
done
for f in "$data"/ogr/*.geojson "$data"/overlay/*.geojson; do
  seed 1 "geojson_$(basename "$f")" "$f"
done
seed 4 kml_events.kml "$data/ogr/events.kml"
seed 4 kml_google_earth.kml "$data/kml/google_earth.kml"
seed 5 kmz_google_earth.kmz "$data/kml/google_earth.kmz"

src="$data/ogr/events.geojson"
# GeoPackage: no spatial index and 512-byte pages, so the whole file is a few KiB.
ogr2ogr -f GPKG -lco SPATIAL_INDEX=NO "$tmp/events.gpkg" "$src"
sqlite3 "$tmp/events.gpkg" 'PRAGMA page_size=512; VACUUM;'
seed 2 gpkg_events.gpkg "$tmp/events.gpkg"
mkdir -p "$tmp/shp"
ogr2ogr -q -f "ESRI Shapefile" -skipfailures -mapFieldType DateTime=String \
  "$tmp/shp/events.shp" "$src" 2>/dev/null
(cd "$tmp/shp" && zip -q -X ../events.shz events.shp events.shx events.dbf events.prj)
seed 3 shz_events.shz "$tmp/events.shz"
ogr2ogr -f FlatGeobuf -lco SPATIAL_INDEX=NO "$tmp/events.fgb" "$src"
seed 6 fgb_events.fgb "$tmp/events.fgb"
ogr2ogr -f GML -dsco XSISCHEMA=OFF "$tmp/events.gml" "$src"
seed 7 gml_events.gml "$tmp/events.gml"
ls -la "$out"/ogr >&2
