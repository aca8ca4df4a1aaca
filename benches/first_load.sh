#!/usr/bin/env bash
# What a first visit to a status page downloads (page, stylesheet, script,
# wasm), as bodies on the wire with no encoding, gzip and brotli.
#
#   benches/first_load.sh      after a release build (site and server)
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/common.sh

port=${BENCH_PORT:-3999}
db=target/bench/first-load.db
mkdir -p target/bench && rm -f $db $db-*
BATON_ADDR=127.0.0.1:$port BATON_SMTP_ADDR=off BATON_DATABASE_URL=sqlite://$db BATON_DEMO=1 RUST_LOG=warn \
  target/release/baton >target/bench/first-load.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
wait_until_up $port

base=http://127.0.0.1:$port
page=$(grep -m1 -o "$base/cases/[^ ]*" target/bench/first-load.log)
size() { curl -s -o /dev/null -H "accept-encoding: $2" -w '%{size_download}' "$1"; }
printf '| file | none | gzip | br |\n| --- | --- | --- | --- |\n'
declare -A total=([identity]=0 [gzip]=0 [br]=0)
for url in "$page" $(curl -s "$page" | grep -o '/pkg/[^"]*' | sort -u | sed "s|^|$base|"); do
  row="| ${url#"$base"} "
  for encoding in identity gzip br; do
    bytes=$(size "$url" $encoding)
    total[$encoding]=$((total[$encoding] + bytes))
    row+="| $bytes "
  done
  echo "$row|" | sed 's/?token=[0-9a-f]*/?token=…/'
done
echo "| **total** | ${total[identity]} | ${total[gzip]} | **${total[br]}** |"
