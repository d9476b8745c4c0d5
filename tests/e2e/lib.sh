# Shared by the end-to-end tests: start the built program as a real server
# on a free loopback port, and stop it as a user would.
set -euo pipefail

program="$1"
work=$(mktemp -d)
server_pid=""
trap 'cleanup' EXIT

cleanup() {
  [ -n "$server_pid" ] && kill -KILL "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}

fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/server.log" ] && { echo "--- server log:" >&2; cat "$work/server.log" >&2; }
  exit 1
}

# ctest reads exit status 77 as "skipped"; scripts/test installs these.
need_command() {
  command -v "$1" >/dev/null 2>&1 || { echo "SKIP: '$1' is not installed (Debian package $2)"; exit 77; }
}

# Starts `mojifinder serve` on port 0 with extra arguments; sets $port.
start_server() {
  # The log exists before the server starts: the shell that starts it in
  # the background opens it only after this one has gone on to read it.
  : >"$work/server.log"
  "$program" serve --port 0 "$@" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    port=$(sed -n 's/^Serving on 127\.0\.0\.1:\([0-9]*\)\. Hit CTRL-C to stop\.$/\1/p' "$work/server.log")
    [ -n "$port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "the server exited at start"
    sleep 0.01
  done
  fail "the server did not announce its port"
}

# The HTTP port a server started with --http-port announced.
announced_http_port() {
  sed -n 's/^Serving HTTP on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$work/server.log"
}

# Sends a signal and waits (at most 10 s) for the server to exit 0.
stop_server() {
  local signal="${1:-TERM}"
  kill "-$signal" "$server_pid"
  for _ in $(seq 1 1000); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.01
  done
  kill -0 "$server_pid" 2>/dev/null && fail "the server did not exit within 10 s of SIG$signal"
  local status=0
  wait "$server_pid" || status=$?
  server_pid=""
  [ "$status" -eq 0 ] || fail "the server exited with status $status after SIG$signal"
  tail -n 1 "$work/server.log" | grep -qx 'Server shut down.' || fail "no 'Server shut down.' at the end of the log"
}

# What the server must send for a query: what `mojifinder search` prints,
# with CR LF, then the prompt.
expected_answer() {
  "$program" search $1 | sed 's/$/\r/'
  printf '?> '
}
