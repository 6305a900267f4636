#!/usr/bin/env bash
# Starts a PostgreSQL cluster of its own for the benchmarks, configured by bench/pg/postgresql.conf, and prints the
# environment the test infrastructure picks it up from (CRM_TEST_PG_URL). Idempotent: a running cluster is reused.
#   eval "$(bench/pg/start.sh)"      (port: BENCH_PG_PORT, default 5433; data: BENCH_PG_DATA)
# The local PostgreSQL's binaries are used (pg_config --bindir, or the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${BENCH_PG_PORT:-5433}"
data="${BENCH_PG_DATA:-${TMPDIR:-/tmp}/crm-bench-pg-$port}"
bin="$(pg_config --bindir 2>/dev/null || true)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
fi
[[ -x "$bin/initdb" ]] || { echo "bench/pg/start.sh: no PostgreSQL server binaries (initdb) found" >&2; exit 1; }
# the server refuses to run as root: run it as the postgres user then
as=()
if [[ "$(id -u)" == 0 ]]; then
    as=(runuser -u postgres --)
fi
if ! "${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    if [[ ! -f "$data/PG_VERSION" ]]; then
        mkdir -p "$data"
        [[ "$(id -u)" == 0 ]] && chown postgres "$data"
        "${as[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
        cp "$here/postgresql.conf" "$data/postgresql.bench.conf"
        [[ "$(id -u)" == 0 ]] && chown postgres "$data/postgresql.bench.conf"
        echo "include 'postgresql.bench.conf'" >> "$data/postgresql.conf"
    fi
    "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k /tmp" start >&2
fi
echo "export CRM_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/postgres"
