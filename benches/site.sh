#!/usr/bin/env bash
# Measures what a customer downloads and how fast the status page is served,
# and prints a Markdown block for BENCHMARKS.md.
#
#   benches/site.sh            after `cargo leptos build --release`
#   BENCH_BACKEND=postgres benches/site.sh   the same on the local PostgreSQL
#
# The status page (database read, server render) is compared with a static
# file of the same size served by the same server, in one run, as a ratio:
# the machine is shared and noisy, so only the ratio means much.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/common.sh

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
for tool in wrk brotli curl; do
  command -v "$tool" >/dev/null || { as_root apt-get update -qq && as_root apt-get install -y -qq "$tool"; }
done

pkg=target/site/pkg
size() { stat -c %s "$1"; }
wasm_raw=$(size $pkg/baton.wasm)
wasm_gz=$(gzip -9 -c $pkg/baton.wasm | wc -c)
wasm_br=$(brotli -q 11 -c $pkg/baton.wasm | wc -c)
js_br=$(brotli -q 11 -c $pkg/baton.js | wc -c)
css_br=$(brotli -q 11 -c $pkg/baton.css | wc -c)

port=${BENCH_PORT:-3199}
db=target/bench/site.db
mkdir -p target/bench && rm -f $db $db-*
database_url=sqlite://$db
# BENCH_BACKEND=postgres: a fresh schema on the local PostgreSQL instead.
if [ "${BENCH_BACKEND:-sqlite}" = postgres ]; then
  pg=${BATON_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
  psql -q "$pg" -c 'drop schema if exists bench_site cascade' -c 'create schema bench_site'
  database_url="$pg?options=-c%20search_path%3Dbench_site"
fi
BATON_ADDR=127.0.0.1:$port BATON_SMTP_ADDR=off BATON_DATABASE_URL=$database_url BATON_DEMO=0 BATON_RATE_LIMITS=off RUST_LOG=warn target/release/baton >/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
wait_until_up $port

status_url=$(raise_case $port)
page_bytes=$(curl -fs "$status_url" | wc -c)
head -c "$page_bytes" /dev/zero | tr '\0' 'x' > $pkg/bench-static.html
trap 'kill $server 2>/dev/null; rm -f $pkg/bench-static.html' EXIT

rps() { wrk -t2 -c16 -d10s "$1" | awk '/Requests\/sec/ {print int($2)}'; }
wrk -t2 -c16 -d3s "$status_url" >/dev/null # warm up
page_rps=$(rps "$status_url")
static_rps=$(rps "http://127.0.0.1:$port/pkg/bench-static.html")
# Latency below the maximum rate: two connections, each sending its next
# request when the last answer came (closed loop, so p99 is a floor).
light=$(wrk -t1 -c2 -d10s --latency "$status_url")
light_rps=$(awk '/Requests\/sec/ {print int($2)}' <<<"$light")
light_p99=$(awk '$1 == "99%" {print $2}' <<<"$light")

cat <<MD
Measured $(date -u +%Y-%m-%d) on ${BENCH_BACKEND:-sqlite}, $(nproc) cores ($(sed -n 's/model name\s*: //p' /proc/cpuinfo | head -1)).

| what | value |
| --- | --- |
| wasm raw | $wasm_raw B |
| wasm gzip -9 | $wasm_gz B |
| wasm brotli -q 11 | $wasm_br B |
| JS glue brotli | $js_br B |
| stylesheet brotli | $css_br B |
| status page size | $page_bytes B |
| status page, requests/s (wrk -t2 -c16 -d10s) | $page_rps |
| static file of the same size, requests/s | $static_rps |
| ratio status page / static | $(awk "BEGIN {printf \"%.2f\", $page_rps / $static_rps}") |
| status page at $light_rps requests/s (wrk -t1 -c2), p99 latency | $light_p99 |
MD
