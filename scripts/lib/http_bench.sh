# `scripts/bench http`: the HTTP front end beside nginx serving a file of the
# same size (the ceiling of an HTTP server that does no work) and the web
# original on FastAPI and uvicorn, driven by wrk with the small mix. Sourced
# by scripts/bench, which has built the release preset and set $build; the
# servers it starts join load_matrix.sh's server_pids, which stop_servers
# stops.
#
# Each server runs on CPU 0, wrk on CPU 1 (where there are two cores), one
# wrk thread; each figure is the median of MOJIFINDER_BENCH_REPS runs.

http_port_free() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_for_port() {
  local port=$1
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on port $port" >&2
  return 1
}

# The small mix's queries, one a line, into WORK/queries; then a file the
# mean size of the answers of the server on HTTP port PORT to them, into
# WORK/www/answer.json, for nginx to serve. Prints that size.
write_answer_file() {
  local work=$1 port=$2
  "$build/bench/mojifinder-loadtest" --list >"$work/queries"
  local mean
  mean=$(/usr/bin/python3 - "$port" "$work/queries" <<'PY'
import http.client, sys, urllib.parse
connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
sizes = []
for query in open(sys.argv[2], encoding="utf-8").read().split("\n"):
    if query:
        connection.request("GET", "/search?q=" + urllib.parse.quote(query))
        sizes.append(len(connection.getresponse().read()))
print(round(sum(sizes) / len(sizes)))
PY
)
  mkdir -p "$work/www"
  /usr/bin/python3 - "$mean" "$work/www/answer.json" <<'PY'
import sys
size, item = int(sys.argv[1]), '{"char":"\u4e00","name":"CJK UNIFIED IDEOGRAPH-4E00"}'
body = "[" + ",".join([item] * max(1, (size - 2) // (len(item.encode()) + 1))) + "]"
open(sys.argv[2], "w", encoding="utf-8").write(body + " " * max(0, size - len(body.encode())))
PY
  chmod -R a+rX "$work/www"
  echo "$mean"
}

# start_nginx WORK [PIN...]: nginx with one worker serving WORK/www, run
# under PIN (taskset, say); sets $nginx_port and joins server_pids.
start_nginx() {
  local work=$1
  shift
  nginx_port=$(http_port_free)
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx.error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  types { application/json json; }
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
  "$@" nginx -c "$work/nginx.conf" -p "$work" &
  server_pids+=($!)
  wait_for_port "$nginx_port"
}

# wrk_run LABEL PORT PATH CONNECTIONS SECONDS RESULTS QUERIES [PIN...]: one
# wrk run with one thread, under PIN; asks the queries of the file QUERIES
# in turn at PATH, or PATH itself when QUERIES is empty (nginx's file);
# appends a line of JSON to RESULTS.
wrk_run() {
  local label=$1 port=$2 path=$3 conns=$4 seconds=$5 results=$6 queries=$7
  shift 7
  local queries_env=()
  [ -n "$queries" ] && queries_env=("MOJIFINDER_QUERIES=$queries")
  env "${queries_env[@]}" "$@" wrk -t1 -c"$conns" -d"${seconds}s" -s bench/http/wrk_queries.lua \
    "http://127.0.0.1:$port$path" | grep '^{' | jq -c --arg name "$label" --argjson conns "$conns" \
    '. + {"label": $name, "connections": $conns, "qps": (.requests / (.duration_us / 1e6))}' >>"$results"
}

http_matrix() {
  local server=${MOJIFINDER_BENCH_SERVER:-$build/server/mojifinder}
  local reps=${MOJIFINDER_BENCH_REPS:-3} seconds=${MOJIFINDER_BENCH_SECONDS:-5}
  # Global: the EXIT trap reads them once this function has returned.
  http_work=$(mktemp -d)
  local work=$http_work
  chmod 755 "$work"
  trap 'stop_servers; rm -rf "$http_work"' EXIT
  local pin_server=() pin_load=()
  if [ "$(nproc)" -ge 2 ]; then pin_server=(taskset -c 0); pin_load=(taskset -c 1); fi

  echo "Servers on CPU 0, wrk (1 thread) on CPU 1; the small mix ($("$build/bench/mojifinder-loadtest" --list | wc -l) queries of 1 to 50" \
       "results), $seconds s a run, medians of $reps runs; $(date -u +%Y-%m-%d)"

  # mojifinder: one event loop.
  local ours_port
  ours_port=$(http_port_free)
  "${pin_server[@]}" "$server" serve --quiet --max-connections-per-ip 0 --threads 1 --port 0 --http-port "$ours_port" >/dev/null 2>&1 &
  server_pids+=($!)
  local ours_pid=$!
  wait_for_port "$ours_port"

  # nginx: one worker serving one file the mean size of our answers.
  local mean
  mean=$(write_answer_file "$work" "$ours_port")
  start_nginx "$work" "${pin_server[@]}"

  # The original on FastAPI and uvicorn, one process.
  local fastapi_port
  fastapi_port=$(http_port_free)
  "${pin_server[@]}" /usr/bin/python3 -m uvicorn --app-dir bench/http fastapi_app:app --host 127.0.0.1 \
    --port "$fastapi_port" --log-level warning --no-access-log &
  server_pids+=($!)
  wait_for_port "$fastapi_port"

  local results="$work/results.jsonl"
  : >"$results"
  local conns rep label port path queries
  for conns in 10 100; do
    for rep in $(seq "$reps"); do
      for label in ours nginx fastapi; do
        case $label in
          ours) port=$ours_port; path=/; queries=$work/queries ;;
          nginx) port=$nginx_port; path=/answer.json; queries= ;;
          fastapi) port=$fastapi_port; path=/; queries=$work/queries ;;
        esac
        printf '  %s, %s connections, run %s of %s\n' "$label" "$conns" "$rep" "$reps" >&2
        wrk_run "$label" "$port" "$path" "$conns" "$seconds" "$results" "$queries" "${pin_load[@]}"
      done
    done
  done

  # Memory: clients that ask for `cjk` and never read.
  local stalled=1000 before after
  before=$(awk '/^VmRSS/ {print $2}' "/proc/$ours_pid/status")
  after=$(/usr/bin/python3 - "$ours_port" "$stalled" "$ours_pid" <<'PY'
import resource, socket, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
port, count, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
clients = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /search?q=cjk HTTP/1.1\r\nHost: bench\r\n\r\n")
    clients.append(s)
time.sleep(3)
print(next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")))
PY
)

  local m
  m() { jq -s --arg l "$1" --argjson c "$2" "[.[] | select(.\"label\" == \$l and .connections == \$c) | $3] | sort | .[(length - 1) / 2 | floor]" "$results"; }
  printf '\n  %-34s %12s %12s %12s %10s\n' "connections: server" "q/s" "p50 ms" "p99 ms" "errors"
  local title
  for conns in 10 100; do
    for label in ours nginx fastapi; do
      case $label in
        ours) title="mojifinder /search, 1 loop" ;;
        nginx) title="nginx, 1 worker, a $mean-byte file" ;;
        fastapi) title="FastAPI + uvicorn, 1 process" ;;
      esac
      printf '  %-34s %12.0f %12.3f %12.3f %10s\n' "$conns: $title" "$(m $label "$conns" .qps)" \
        "$(m $label "$conns" '.p50_us / 1000')" "$(m $label "$conns" '.p99_us / 1000')" \
        "$(m $label "$conns" '.errors + .bad_status')"
    done
  done
  echo
  for conns in 10 100; do
    printf '  %s connections: mojifinder/nginx q/s %.2fx, p99 %.2fx; mojifinder/FastAPI q/s %.1fx\n' "$conns" \
      "$(jq -n "$(m ours "$conns" .qps) / $(m nginx "$conns" .qps)")" \
      "$(jq -n "$(m ours "$conns" .p99_us) / $(m nginx "$conns" .p99_us)")" \
      "$(jq -n "$(m ours "$conns" .qps) / $(m fastapi "$conns" .qps)")"
  done
  printf '  %s clients asking for cjk and never reading: mojifinder grew from %.1f MB to %.1f MB resident\n' \
    "$stalled" "$(jq -n "$before / 1024")" "$(jq -n "$after / 1024")"

  local out=${MOJIFINDER_BENCH_OUT:-docs/performance}
  mkdir -p "$out"
  {
    for conns in 10 100; do
      printf '"%s connections"' "$conns"
      for label in ours nginx fastapi; do printf ' %s' "$(m $label "$conns" .qps)"; done
      echo
    done
  } >"$work/qps.dat"
  gnuplot <<PLOT
set terminal pngcairo size 800,420 font "sans,10"
set output "$out/http.png"
set title "HTTP, the small mix: queries a second (median of $reps), server on one core, wrk on the other"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [100:*]
set ylabel "queries a second (log scale)"
set grid ytics
set key top right
plot "$work/qps.dat" using 2:xtic(1) title "mojifinder /search, 1 loop", \
     "" using 3 title "nginx, 1 worker, static file", \
     "" using 4 title "FastAPI + uvicorn"
PLOT
  cp "$results" "$out/http-results.jsonl"
  stop_servers
}
