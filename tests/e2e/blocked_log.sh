#!/usr/bin/env bash
# A log that nobody reads (standard output a pipe left full) cannot keep the
# server from stopping: SIGTERM ends it within a bound, and standard error
# says how many log lines were dropped.
source "$(dirname "$0")/lib.sh"
need_command nc netcat-openbsd

mkfifo "$work/log"
# Held open for reading and never read: the pipe fills, then stays full.
exec 3<>"$work/log"
"$program" serve --port 0 --log-level info >"$work/log" 2>"$work/stderr" &
server_pid=$!
# The announcement is the first thing in the pipe; read just that line.
IFS= read -r -t 10 announcement <&3 || fail "no announcement"
port=$(sed -n 's/^Serving on 127\.0\.0\.1:\([0-9]*\)\..*/\1/p' <<<"$announcement")
[ -n "$port" ] || fail "no port in: $announcement"

# Thousands of queries: three log lines each, far more than a pipe holds.
for _ in $(seq 1 4000); do printf 'cat face\n'; done | timeout 20 nc -N 127.0.0.1 "$port" >/dev/null ||
  fail "the queries were not answered while the log was full"

start=$(date +%s%N)
kill -TERM "$server_pid"
for _ in $(seq 1 1000); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.01
done
kill -0 "$server_pid" 2>/dev/null && fail "the server did not stop within 10 s with its log blocked"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
status=0
wait "$server_pid" || status=$?
server_pid=""
[ "$status" -eq 1 ] || fail "exit status $status, not 1, after losing log lines"
grep -Eq '^mojifinder: the log output took nothing for 2000 ms; [0-9]+ log lines dropped\. Server shut down\.$' \
  "$work/stderr" || fail "no count of dropped lines on standard error: $(cat "$work/stderr")"
dropped=$(sed -n 's/.*; \([0-9]*\) log lines dropped.*/\1/p' "$work/stderr")
[ "$dropped" -gt 1000 ] || fail "only $dropped lines counted as dropped"
echo "blocked log: stopped in ${elapsed_ms} ms, $dropped log lines dropped and counted: OK"
