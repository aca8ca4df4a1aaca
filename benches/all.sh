#!/usr/bin/env bash
# Every speed figure of BENCHMARKS.md in one run, on SQLite and PostgreSQL,
# so the ratios compare numbers measured side by side on the same machine.
#
#   benches/all.sh      after `cargo leptos build --release`
#
# Prints Markdown; PostgreSQL is the local one (BATON_TEST_POSTGRES_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(sed -n 's/model name\s*: //p' /proc/cpuinfo | head -1)), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for backend in sqlite postgres; do
  echo
  echo "### Status page and first load ($backend)"
  echo
  BENCH_BACKEND=$backend benches/site.sh
  echo
  echo "### API intake and fan-out inside one process ($backend)"
  echo
  BENCH_BACKEND=$backend cargo bench -q -p server --bench intake_api 2>/dev/null
done
echo
echo "### Open pages: fan-out and idle memory (server in its own process, SQLite)"
echo
cargo bench -q -p server --bench live_streams 2>/dev/null
echo
echo "### SLA sweep (SQLite)"
echo
BENCH_OPEN=${BENCH_OPEN:-100000} cargo bench -q -p app --features testing --bench sla_sweep 2>/dev/null
