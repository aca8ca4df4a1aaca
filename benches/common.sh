# Shared by the bench scripts: `source benches/common.sh`.

# Waits until the server on port $1 answers its health check (up to 10 s).
wait_until_up() {
  for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$1/healthz" && return; sleep 0.1; done
  echo "the server on port $1 did not come up" >&2
  return 1
}

# Raises one case through the JSON API on port $1 and prints its status-page URL.
raise_case() {
  curl -fs -X POST "http://127.0.0.1:$1/api/v1/escalations" -H 'content-type: application/json' \
    -d '{"name":"Kim","email":"kim@example.com","subject":"Bench","description":"A realistic description.","severity":"S2"}' |
    sed -n 's/.*"status_url":"\([^"]*\)".*/\1/p'
}
