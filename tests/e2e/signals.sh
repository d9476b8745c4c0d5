#!/usr/bin/env bash
# SIGINT and SIGTERM stop the server gracefully with clients connected: it
# closes their connections, prints 'Server shut down.' and exits 0. SIGHUP
# is logged and ignored: the answer in flight completes and clients stay.
source "$(dirname "$0")/lib.sh"
need_command nc netcat-openbsd

for signal in INT TERM; do
  start_server --threads 2
  # Two clients that stay connected and send nothing (-d: nc reads no
  # input, so it ends when the server closes).
  for i in 1 2; do
    (timeout 20 nc -d 127.0.0.1 "$port" >"$work/client$i" 2>&1; echo "$?" >"$work/client$i.status") &
  done
  for _ in $(seq 1 200); do
    [ -s "$work/client1" ] && [ -s "$work/client2" ] && break
    sleep 0.01
  done
  [ "$(cat "$work/client1")" = "?> " ] || fail "client 1 got no prompt"
  stop_server "$signal"
  for i in 1 2; do
    for _ in $(seq 1 500); do [ -f "$work/client$i.status" ] && break; sleep 0.01; done
    [ -f "$work/client$i.status" ] || fail "client $i still connected after SIG$signal"
  done
  rm -f "$work"/client*
  echo "SIG$signal with clients connected: OK"
done

# SIGHUP in the middle of a long answer: the answer arrives whole, the
# session goes on, and the log says the signal was ignored.
start_server
expected=$(expected_answer cjk; expected_answer 'cat face')
(printf 'cjk\r\n'; sleep 1; printf 'cat face\r\n'; sleep 0.5) |
  timeout 20 nc -N 127.0.0.1 "$port" >"$work/answers" 2>&1 &
client=$!
sleep 0.05
kill -HUP "$server_pid"
wait "$client" || true
kill -0 "$server_pid" 2>/dev/null || fail "SIGHUP ended the server"
[ "$(cat "$work/answers")" = "?> $expected" ] || fail "the answers around SIGHUP differ ($(wc -c <"$work/answers") bytes)"
grep -qx 'SIGHUP: nothing to reload; still serving.' "$work/server.log" || fail "SIGHUP is not logged"
stop_server TERM
echo "SIGHUP with an answer in flight: OK"
