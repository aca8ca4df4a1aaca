#!/usr/bin/env bash
# CPU per status-page view, by process: the server's and the database's
# (PostgreSQL's backends), for one or more server binaries taking turns, so
# a change is compared with its baseline in the same run.
#
#   benches/status_cpu.sh [binary ...]      default: target/release/baton
#   BENCH_BACKEND=sqlite benches/status_cpu.sh old/baton new/baton
#   BENCH_ROUNDS=3 (turns of each binary), BENCH_SECS=10 (each wrk run)
#
# Each turn: a fresh database, one case raised through the API, a 3 s warm-up,
# then `wrk -t2 -c16` on its status page while /proc/<pid>/stat of the server
# and of every `postgres` process is read before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/common.sh

command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
[ $# -gt 0 ] || set -- target/release/baton
backend=${BENCH_BACKEND:-postgres}
rounds=${BENCH_ROUNDS:-3}
secs=${BENCH_SECS:-10}
port=${BENCH_PORT:-3197}
pg=${BATON_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
ticks=$(getconf CLK_TCK)

# CPU ticks (user + system) of the given processes.
cpu() { for pid in "$@"; do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0; done | awk '{s += $1} END {print s + 0}'; }

turn() {
  local binary=$1 url
  if [ "$backend" = postgres ]; then
    PGOPTIONS=--client-min-messages=warning psql -q "$pg" \
      -c "drop schema if exists bench_cpu cascade" -c "create schema bench_cpu"
    url="$pg?options=-c%20search_path%3Dbench_cpu"
  else
    mkdir -p target/bench && rm -f target/bench/cpu.db target/bench/cpu.db-*
    url=sqlite://target/bench/cpu.db
  fi
  BATON_ADDR=127.0.0.1:$port BATON_SMTP_ADDR=off BATON_DATABASE_URL=$url BATON_DEMO=0 \
    BATON_RATE_LIMITS=off RUST_LOG=warn "$binary" >/dev/null &
  local server=$!
  wait_until_up $port
  local page
  page=$(raise_case $port)
  wrk -t2 -c16 -d3s "$page" >/dev/null
  local backends=()
  [ "$backend" = postgres ] && mapfile -t backends < <(pgrep -x postgres)
  local server_before db_before requests server_after db_after
  server_before=$(cpu $server)
  db_before=$(cpu "${backends[@]}")
  requests=$(wrk -t2 -c16 -d"${secs}s" "$page" | awk '/requests in/ {print $1}')
  server_after=$(cpu $server)
  db_after=$(cpu "${backends[@]}")
  kill $server; wait $server 2>/dev/null || true
  awk -v b="$binary" -v n="$requests" -v s=$((server_after - server_before)) \
    -v d=$((db_after - db_before)) -v t="$ticks" -v secs="$secs" 'BEGIN {
      printf "| %s | %d | %.0f | %.0f | %.0f |\n", b, n / secs, s / t / n * 1e6, d / t / n * 1e6, (s + d) / t / n * 1e6 }'
}

echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $backend, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| binary | views/s | server µs/view | database µs/view | total µs/view |"
echo "| --- | --- | --- | --- | --- |"
for _ in $(seq "$rounds"); do
  for binary in "$@"; do turn "$binary"; done
done
