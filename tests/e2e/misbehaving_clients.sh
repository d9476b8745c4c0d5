#!/usr/bin/env bash
# A short run of every misbehaving client, of the line port and the HTTP
# port, against the program, with short timeouts so that the idle, slow and
# unread ones are closed within it: each gets the answer it should, and
# well-behaved clients of both ports are answered throughout.
source "$(dirname "$0")/lib.sh"
misbehaving_clients="$2"
need_command nc netcat-openbsd
need_command curl curl

start_server --quiet --idle-timeout 1 --write-timeout 1 --request-timeout 1 --max-line 64 --http-port 0
http_port=$(announced_http_port)
"$misbehaving_clients" --port "$port" --http-port "$http_port" --clients 16 --duration 4 \
  --idle-timeout 1 --write-timeout 1 --request-timeout 1 --max-line 64 \
  >"$work/misbehaving" 2>&1 &
misbehaving=$!
expected=$(expected_answer "cat face")
for _ in $(seq 1 20); do
  received=$(printf 'cat face\n' | timeout 10 nc -N 127.0.0.1 "$port" | tail -c +4)
  [ "$received" = "$expected" ] || fail "a well-behaved client was not answered while others misbehaved"
  health=$(curl -s --max-time 10 "http://127.0.0.1:$http_port/healthz")
  [ "$health" = '{"status":"serving"}' ] || fail "a well-behaved HTTP client was not answered while others misbehaved: $health"
  sleep 0.2
done
status=0
wait "$misbehaving" || status=$?
cat "$work/misbehaving"
[ "$status" -eq 0 ] || fail "some misbehaving clients were not answered as they should be"
# Every behaviour ran at least once.
[ "$(awk 'NR > 1 && $(NF-1) == 0' "$work/misbehaving" | wc -l)" -eq 0 ] || fail "a behaviour never ran"
stop_server TERM
echo "misbehaving clients: OK"
