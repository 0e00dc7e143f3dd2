#!/usr/bin/env bash
# Times tests/bench/detect_postgis.sql on an AIS CSV in a throw-away PostgreSQL cluster
# (initdb in a temporary folder, a Unix socket only, removed afterwards), the way
# bench_detect compares `rendezvous detect` with PostGIS. Needs postgresql-15 and
# postgresql-15-postgis-3. As root the cluster runs as the postgres user (PostgreSQL
# refuses root). Prints the SQL script's output and "seconds N" (COPY to encounters).
# Usage: detect_postgis.sh FILE.csv [geography]   ("geography": the usual geography
# column and index instead of geometry with a degree box)
set -euo pipefail

csv="$(realpath "$1")"
geography=off
[[ "${2:-}" == geography ]] && geography=on
bin=/usr/lib/postgresql/15/bin
if [[ ! -x "$bin/initdb" ]] || [[ ! -f /usr/share/postgresql/15/extension/postgis.control ]]; then
  echo "PostgreSQL 15 with PostGIS 3 is not installed (apt-get install postgresql-15-postgis-3)" >&2
  exit 3
fi
sql="$(realpath "$(dirname "${BASH_SOURCE[0]}")/detect_postgis.sql")"
dir="$(mktemp -d /tmp/rendezvous-pg.XXXXXX)"
as=()
if [[ "$(id -u)" == 0 ]]; then
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
cleanup() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-k $dir -c listen_addresses= -c shared_buffers=1GB -c max_wal_size=4GB -c fsync=off" start >/dev/null
"${as[@]}" psql -h "$dir" -U postgres -q -c "CREATE EXTENSION postgis" postgres
start=$(date +%s.%N)
# \copy reads the file as this (client) process, so the server needs no access to it.
psql -h "$dir" -U postgres -q -v ON_ERROR_STOP=1 -v csv="$csv" -v geography="$geography" \
  -f "$sql" postgres
end=$(date +%s.%N)
echo "seconds $(echo "$end - $start" | bc)"
