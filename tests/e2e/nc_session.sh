#!/usr/bin/env bash
# A session through netcat (netcat-openbsd), compared byte for byte.
source "$(dirname "$0")/lib.sh"
need_command nc netcat-openbsd
start_server --threads 2

# -N: half-close after the input, as a script would; the server answers
# everything, then closes.
printf 'cat face\r\n\r\nbrillig\nsmiling cat\r\n:tada:\r\npecil\r\n' | timeout 10 nc -N 127.0.0.1 "$port" >"$work/received"
{
  printf '?> '
  expected_answer "cat face"
  printf '?> '
  expected_answer "brillig"
  expected_answer "smiling cat"
  expected_answer ":tada:"
  expected_answer "pecil"
} >"$work/expected"
cmp "$work/expected" "$work/received" || fail "nc session differs from the expected bytes"

# A 4 MB answer arrives whole.
printf 'cjk\n' | timeout 30 nc -N 127.0.0.1 "$port" >"$work/received"
{ printf '?> '; expected_answer cjk; } >"$work/expected"
cmp "$work/expected" "$work/received" || fail "the cjk answer differs"

stop_server TERM
echo "nc session: OK"
