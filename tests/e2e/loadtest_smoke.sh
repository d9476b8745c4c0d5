#!/usr/bin/env bash
# A short smoke of the load generator against the built server: a second
# of closed-loop load and of open-loop load, every answer well framed, and
# a clear failure when nothing listens. Its figures are not checked: they
# belong to scripts/bench.
source "$(dirname "$0")/lib.sh"
loadtest="$2"

# field NAME: a number from the one-line JSON report in $work/report.
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" "$work/report"; }

check_report() {
  local what="$1"
  [ "$(field errors)" = 0 ] || fail "$what: connection errors: $(cat "$work/report")"
  [ "$(field failed_connects)" = 0 ] || fail "$what: failed connects: $(cat "$work/report")"
  [ "$(field bad_answers)" = 0 ] || fail "$what: answers that did not parse: $(cat "$work/report")"
  [ "$(field answers)" -gt 0 ] || fail "$what: no answers: $(cat "$work/report")"
  echo "$what: $(field answers) answers, none malformed: OK"
}

start_server --quiet
"$loadtest" --port "$port" -c 4 -p 2 -d 0.5 -w 0.2 --json >"$work/report" || fail "closed loop: exit status $?"
check_report "closed loop, small mix, pipelined"
"$loadtest" --port "$port" -c 2 -m heavy -d 0.5 -w 0 --json >"$work/report" || fail "heavy mix: exit status $?"
check_report "closed loop, heavy mix"
"$loadtest" --port "$port" -c 4 -r 2000 -d 0.5 -w 0.1 --json >"$work/report" || fail "open loop: exit status $?"
check_report "open loop at 2,000 q/s"
[ "$(field answers)" -ge 500 ] && [ "$(field answers)" -le 1500 ] || fail "open loop sent about 1,000 queries in 0.5 s, not $(field answers)"
# Setup commands go first on each connection, their replies read apart
# from the answers; one the server refuses fails the run with its reply.
echo "medium skin tone" >"$work/queries"
"$loadtest" --port "$port" -c 2 -q "$work/queries" --setup "/lang fo" --setup "/order relevance" -d 0.3 -w 0 \
  --json >"$work/report" || fail "setup: exit status $?"
check_report "closed loop after /lang fo and /order relevance"
status=0
"$loadtest" --port "$port" -c 1 -q "$work/queries" --setup "/lang xx-nowhere" -d 0.3 -w 0 >/dev/null \
  2>"$work/error" || status=$?
[ "$status" -ne 0 ] || fail "a refused setup command, yet exit status 0"
grep -q "a setup command was refused: .*error: " "$work/error" || fail "no clear error for a refused setup: $(cat "$work/error")"
echo "a refused setup command: a clear error: OK"
# Answers in relevance order without a language: words found in another
# language (`N found in es`) and slips corrected (`0 found for ...;
# showing ..., N found`) end their answers as any other does.
printf '%s\n' gato katze arbre qzxjvkwpqz tropy umbrela >"$work/queries"
timeout 20 "$loadtest" --port "$port" -c 4 -q "$work/queries" --setup "/order relevance" -d 0.5 -w 0 \
  --json >"$work/report" || fail "other languages and slips: exit status $?"
check_report "closed loop, words of other languages and slips"
[ "$(field unanswered)" = 0 ] || fail "answers left unread: $(cat "$work/report")"
# Whatever it was asked for, the server's resident memory is reported.
"$loadtest" --port "$port" -c 1 --idle 20 -d 0.3 -w 0.3 --server-pid "$server_pid" --json >"$work/report" ||
  fail "bystanders: exit status $?"
[ "$(field bystanders)" = 20 ] || fail "20 idle bystanders did not all connect: $(cat "$work/report")"
[ "$(field server_rss_peak_bytes)" -gt 0 ] || fail "no server memory in the report"
echo "idle bystanders and server memory: OK"
# And the server's CPU time a query over the measured second: a busy
# server's is more than nothing, and a query takes less than a second.
"$loadtest" --port "$port" -c 4 -d 1 -w 0.2 --server-pid "$server_pid" --json >"$work/report" ||
  fail "server CPU: exit status $?"
cpu=$(sed -n 's/.*"server_cpu_us_per_answer":{"user":\([0-9.]*\),"system":\([0-9.]*\)}.*/\1 \2/p' "$work/report")
[ -n "$cpu" ] || fail "no server CPU time in the report: $(cat "$work/report")"
awk -v cpu="$cpu" 'BEGIN { split(cpu, t, " "); exit !(t[1] + t[2] > 0 && t[1] + t[2] < 1e6) }' ||
  fail "server CPU a query out of bounds: $cpu"
echo "server CPU a query ($cpu us, user and system): OK"
stop_server

# Nothing listens on the port any more: a non-zero status and a reason.
status=0
"$loadtest" --port "$port" -c 2 -d 0.2 -w 0 >/dev/null 2>"$work/error" || status=$?
[ "$status" -ne 0 ] || fail "no server, yet exit status 0"
grep -q "2 of 2 connections to 127.0.0.1:$port failed: Connection refused" "$work/error" ||
  fail "no clear error without a server: $(cat "$work/error")"
echo "no server: a clear error: OK"
