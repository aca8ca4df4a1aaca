#!/usr/bin/env bash
# Counts the SQL statements one view of a status page runs, by kind: the
# profile behind the status page's speed (see BENCHMARKS.md).
#
#   benches/status_queries.sh [path/to/baton]     default: target/debug/baton
#
# Starts the server on a fresh SQLite file with the query log on, raises one
# case, views its page once to warm up, then three times, and prints the
# statements of those three views.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/common.sh
binary=${1:-target/debug/baton}
port=${BENCH_PORT:-3198}
db=target/bench/queries.db
log=target/bench/queries.log
mkdir -p target/bench && rm -f $db $db-* $log
NO_COLOR=1 BATON_ADDR=127.0.0.1:$port BATON_SMTP_ADDR=off BATON_DATABASE_URL=sqlite://$db \
  BATON_DEMO=0 BATON_RATE_LIMITS=off RUST_LOG=warn,sqlx::query=debug "$binary" >$log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
wait_until_up $port
url=$(raise_case $port)
curl -fs "$url" >/dev/null
sleep 0.3
before=$(wc -l <$log)
for _ in 1 2 3; do curl -fs "$url" >/dev/null; done
sleep 0.3
echo "statements in 3 views of a status page:"
tail -n +$((before + 1)) $log | grep -o 'summary="[^"]*"' | sort | uniq -c | sort -rn
