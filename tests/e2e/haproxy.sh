# Two servers behind HAProxy (scripts/cluster): answers through it on both
# protocols, the real client addresses in the servers' logs (the PROXY
# protocol), and one server stopped with SIGTERM in the middle of a run of
# new connections: not one of them fails.
source "$(dirname "$0")/lib.sh"
need_command haproxy haproxy
root="$(cd "$(dirname "$0")/../.." && pwd)"

MOJIFINDER_PROGRAM="$program" MOJIFINDER_CLUSTER_DIR="$work/cluster" \
  "$root/scripts/cluster" 2 --line-port 0 --http-port 0 >"$work/cluster.out" 2>&1 &
cluster_pid=$!
trap 'kill -TERM "$cluster_pid" 2>/dev/null || true; wait "$cluster_pid" 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 400); do grep -q '^Cluster ready' "$work/cluster.out" && break; sleep 0.05; done
grep -q '^Cluster ready' "$work/cluster.out" || fail "the cluster did not start: $(cat "$work/cluster.out")"
line_port=$(sed -n 's/^Cluster ready: line 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/cluster.out")
http_port=$(sed -n 's/^Cluster ready: .*HTTP 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/cluster.out")
first_pid=$(sed -n 's/^server 1: pid \([0-9]*\),.*/\1/p' "$work/cluster.out")
# Until HAProxy's first checks have passed.
sleep 2.5

expected="?> $("$program" search cat face | sed 's/$/\r/')"$'\n?> '
ask() { printf 'cat face\r\n' | timeout 10 nc -N "$@" 2>/dev/null || true; }

# A client from a port of its choosing: the server that answers logs it.
# (A port chosen at random may be taken: three tries.)
answered=""
for _ in 1 2 3; do
  client_port=$((20000 + RANDOM % 10000))
  if [ "$(ask -p "$client_port" 127.0.0.1 "$line_port")" = "$expected" ]; then answered=yes; break; fi
done
[ -n "$answered" ] || fail "no answer through HAProxy's line port: $(cat "$work"/cluster/haproxy.log)"
sleep 0.2
grep -q " From 127\.0\.0\.1:$client_port: 'cat face'" "$work"/cluster/server*.log ||
  fail "no server logged the client's own address: $(cat "$work"/cluster/server*.log)"
http=$(printf 'GET /search?q=cat+face HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
       timeout 10 nc -N 127.0.0.1 "$http_port" || true)
# HAProxy writes header names in lower case.
[[ "${http,,}" == "http/1.1 200 ok"*"x-total-count: 10"*'"name":"cat face"'* ]] || fail "no answer through HAProxy's HTTP port: $http"

# New connections, one after another, while the first server stops.
total=300 failed=0
for i in $(seq "$total"); do
  [ "$i" -eq 60 ] && kill -TERM "$first_pid"
  [ "$(ask 127.0.0.1 "$line_port")" = "$expected" ] || failed=$((failed + 1))
done
kill -0 "$first_pid" 2>/dev/null && fail "the first server did not stop on SIGTERM"
echo "$total queries on new connections through HAProxy, the first server stopped at the 60th: $failed failed"
[ "$failed" -eq 0 ] || fail "$failed of $total queries failed while a server stopped"
echo "PASS: HAProxy in front of two servers"
