# /metrics and /healthz of the built server: Prometheus's own checker
# (promtool, from Debian's prometheus package) accepts the metrics, and the
# counters move with the traffic of both ports.
source "$(dirname "$0")/lib.sh"
need_command promtool prometheus

start_server --http-port 0 --quiet
http_port=$(announced_http_port)
[ -n "$http_port" ] || fail "the server did not announce its HTTP port"

# The body of a GET, over bash's own TCP (HTTP/1.0: the server closes).
http_get() {
  exec 3<>"/dev/tcp/127.0.0.1/$http_port"
  printf 'GET %s HTTP/1.0\r\n\r\n' "$1" >&3
  local response
  response=$(cat <&3)
  exec 3<&-
  printf '%s\n' "${response#*$'\r\n\r\n'}"
}

[ "$(http_get /healthz)" = '{"status":"serving"}' ] || fail "/healthz does not say serving"
http_get /metrics >"$work/before.prom"
promtool check metrics <"$work/before.prom" || fail "promtool refuses the metrics: $(cat "$work/before.prom")"

# Traffic on both ports: queries, a line too long, a request that is not found.
printf 'cat face\r\n%s\r\n/quit\r\n' "$(head -c 5000 /dev/zero | tr '\0' a)" |
  timeout 10 nc -N 127.0.0.1 "$port" >/dev/null || fail "the line client failed"
http_get '/search?q=cat+face' >/dev/null
http_get /nowhere >/dev/null
http_get /metrics >"$work/after.prom"
promtool check metrics <"$work/after.prom" || fail "promtool refuses the metrics after traffic"

metric() { awk -v name="$1" '$1 == name {print $2}' "$2"; }
for name in 'mojifinder_queries_total{protocol="line"}' 'mojifinder_queries_total{protocol="http"}' \
            'mojifinder_connections_accepted_total{protocol="line"}' 'mojifinder_errors_total{kind="line_too_long"}' \
            'mojifinder_http_responses_total{status="404"}' 'mojifinder_answer_duration_seconds_count' \
            'mojifinder_sent_bytes_total' 'mojifinder_received_bytes_total'; do
  before=$(metric "$name" "$work/before.prom")
  after=$(metric "$name" "$work/after.prom")
  [ -n "$after" ] || fail "$name is missing"
  [ "$after" -gt "${before:-0}" ] || fail "$name did not move: $before, then $after"
done
stop_server TERM
echo "PASS: promtool accepts /metrics and its counters move"
