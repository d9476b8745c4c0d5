#!/usr/bin/env bash
# SIGINT and SIGTERM stop the server gracefully with clients connected: it
# closes their connections, prints 'Server shut down.' and exits 0.
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
