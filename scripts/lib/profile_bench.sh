# The per-query profile of `scripts/bench profile`: the server with one
# loop under callgrind with its cache simulation, driven by the load
# generator over the line protocol (the small mix) and over HTTP (the same
# queries through GET /search), and what each query costs in instructions
# and cache misses, function by function. Sourced by scripts/bench, which
# has built the release preset and set $build; uses start_server and
# stop_servers from load_matrix.sh.
#
#   MOJIFINDER_BENCH_SERVER=/path/to/mojifinder scripts/bench profile
# profiles another build (an older one, say) the same way.
#
# Only the server's own user-space work is counted: the kernel's side of
# each system call is not (`perf` sees that). Start-up is not simulated;
# counting starts after a warm-up (whose misses fill the simulated
# caches) and stops before the queries that read the counters.

profile_functions=${MOJIFINDER_PROFILE_FUNCTIONS:-25}

# The server's query counter, through its own /stats command.
queries_answered() {
  /usr/bin/python3 - "$1" <<'EOF'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60) as s:
    s.sendall(b"/stats\r\n/quit\r\n")
    data = b""
    while chunk := s.recv(4096):
        data += chunk
for line in data.decode().splitlines():
    if line.startswith("queries: "):
        print(line.split()[1])
EOF
}

# profile_one LABEL COMMAND...: runs COMMAND (a load of some seconds) once
# to warm up, then again under the counting server; prints the table of one
# function a line, per query.
profile_one() {
  local label=$1
  shift
  local before after
  "$@" >/dev/null
  before=$(queries_answered "$port")
  callgrind_control -z "$pid" >/dev/null
  "$@" >/dev/null
  callgrind_control -d "$label" "$pid" >/dev/null
  after=$(queries_answered "$port")
  local file
  file=$(ls -t "$work"/callgrind.out.* 2>/dev/null | head -1)
  [ -n "$file" ] || { echo "no profile was written for $label" >&2; return 1; }
  local queries=$((after - before))
  echo
  echo "### $label: $queries queries counted"
  echo
  /usr/bin/python3 scripts/lib/callgrind_table.py "$file" "$queries" "$profile_functions"
}

profile_matrix() {
  ensure_packages valgrind wrk
  local server=${MOJIFINDER_BENCH_SERVER:-$build/server/mojifinder}
  work=$(mktemp -d)
  trap 'stop_servers; rm -rf "$work"' EXIT
  echo "Server: $server, one event loop, under callgrind --cache-sim=yes; the load generator beside it"
  echo "Figures are per query: instructions (Ir), first-level data cache misses (D1, reads and writes),"
  echo "last-level misses (LL); functions by their own instructions, the most first."
  local http_port
  http_port=$(http_port_free)
  start_server valgrind --tool=callgrind --cache-sim=yes --instr-atstart=no \
    --callgrind-out-file="$work/callgrind.out.%p" \
    "$server" serve --quiet --max-connections-per-ip 0 --threads 1 --http-port "$http_port"
  local pid=$server_pid port=$server_port
  callgrind_control -i on "$pid" >/dev/null
  profile_one line-small-mix "$build/bench/mojifinder-loadtest" --port "$port" -c 10 -d 6 -w 0 -m small
  "$build/bench/mojifinder-loadtest" --list >"$work/queries"
  profile_one http-small-mix env MOJIFINDER_QUERIES="$work/queries" wrk -t1 -c10 -d6s -s bench/http/wrk_queries.lua \
    "http://127.0.0.1:$http_port/"
  stop_servers
  rm -rf "$work"
  trap - EXIT
}
