#!/usr/bin/env bash
# `mojifinder serve` as a command: its announcement, its log, --quiet, and a
# clear error for a port that is taken.
source "$(dirname "$0")/lib.sh"
need_command nc netcat-openbsd

start_server --log-level info
printf 'cat face\n' | timeout 10 nc -N 127.0.0.1 "$port" >/dev/null
for _ in $(seq 1 100); do grep -q '^Close ' "$work/server.log" && break; sleep 0.01; done
grep -Eq "^ From 127\.0\.0\.1:[0-9]+: 'cat face'$" "$work/server.log" || fail "no From line"
grep -Eq "^   To 127\.0\.0\.1:[0-9]+: 10 results\.$" "$work/server.log" || fail "no To line"
grep -Eq "^Close 127\.0\.0\.1:[0-9]+\.$" "$work/server.log" || fail "no Close line"
taken="$port"

# A second server on the same port fails at once, saying why.
status=0
"$program" serve --port "$taken" >"$work/second.log" 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "a second server on a taken port did not fail"
grep -qi "address already in use" "$work/second.log" || fail "no clear error for a taken port: $(cat "$work/second.log")"
stop_server TERM

start_server --quiet
printf 'cat face\n' | timeout 10 nc -N 127.0.0.1 "$port" >/dev/null
sleep 0.2
grep -q 'From' "$work/server.log" && fail "--quiet still logged queries"
stop_server TERM

# --max-line reaches the sessions: 16 bytes pass, 17 get the error.
start_server --quiet --max-line 16
printf '%s\n%s\n' "cat face        " "cat face         " | timeout 10 nc -N 127.0.0.1 "$port" >"$work/received"
{
  printf '?> '
  expected_answer "cat face"
  printf 'error: line too long (limit 16 bytes)\r\n?> '
} >"$work/expected"
cmp "$work/expected" "$work/received" || fail "--max-line 16 did not limit the line"
stop_server TERM

# --idle-timeout and --max-connections reach the server.
start_server --quiet --idle-timeout 0.3 --max-connections 1
timeout 10 nc 127.0.0.1 "$port" </dev/null >"$work/idle" &
idle_client=$!
for _ in $(seq 1 200); do [ -s "$work/idle" ] && break; sleep 0.01; done
printf 'cat face\n' | timeout 10 nc -N 127.0.0.1 "$port" >"$work/busy" || true
printf 'error: server busy, try again later\r\n' | cmp - "$work/busy" || fail "no busy line over --max-connections 1"
wait "$idle_client" || true
printf '?> timeout: closing idle connection\r\n' | cmp - "$work/idle" || fail "no idle timeout after 0.3 s"
stop_server TERM

status=0
"$program" serve --port 70000 >/dev/null 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "--port 70000 was accepted"
status=0
"$program" serve --max-line 0 >/dev/null 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "--max-line 0 was accepted"
for bad in "--proxy-protocol --proxy-from 10.0.0.0/33" "--proxy-protocol --proxy-from 10.0.0.0/8,nowhere" \
           "--proxy-from 10.0.0.0/8"; do
  status=0
  # shellcheck disable=SC2086
  "$program" serve --port 0 $bad >"$work/bad.log" 2>&1 || status=$?
  [ "$status" -ne 0 ] || fail "serve $bad was accepted"
  grep -q -- "--proxy-" "$work/bad.log" || fail "serve $bad: no error naming the option: $(cat "$work/bad.log")"
done
echo "serve command line: OK"
