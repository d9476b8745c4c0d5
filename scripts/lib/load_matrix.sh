# The load matrix of `scripts/bench load`: the zero-work baseline server and
# ours, side by side in one run, under the load generator. Sourced by
# scripts/bench, which has built the release preset and set $build.
#
# Every figure is the median of $reps runs; the runs of each scenario are
# interleaved between the servers, so that a noisy neighbour hits all alike.
# Writes results.jsonl (every run), load.md (the tables) and latency.png
# (the latency plot) into $out.

reps=${MOJIFINDER_BENCH_REPS:-3}
# One core each, server and load generator, where there are two or more
# (MOJIFINDER_BENCH_PIN=0 leaves them to the scheduler): the per-core
# figures do not swing with where the scheduler puts each.
pin=${MOJIFINDER_BENCH_PIN:-1}
[ "$(nproc)" -ge 2 ] || pin=0
out=${MOJIFINDER_BENCH_OUT:-docs/performance}
results="$out/results.jsonl"
server_pids=()
# What a caller puts before the load generator (taskset, say): `run` takes
# the innermost caller's `local placement=(...)`.
placement=()
# The same for the small mix's client beside the heavy mix (chrt, say).
small_priority=()
pinned_priority=""

# Starts a server on a free port; sets $server_pid and $server_port, and
# $server_http_port when it serves HTTP too.
start_server() {
  local log
  log=$(mktemp)
  "$@" --port 0 >"$log" 2>&1 &
  server_pid=$!
  server_pids+=("$server_pid")
  for _ in $(seq 200); do
    server_port=$(sed -n 's/^Serving on .*:\([0-9]*\)\..*/\1/p' "$log")
    [ -n "$server_port" ] && break
    sleep 0.02
  done
  server_http_port=$(sed -n 's/^Serving HTTP on .*:\([0-9]*\) .*/\1/p' "$log")
  rm -f "$log"
  [ -n "$server_port" ] || { echo "server did not start: $*" >&2; return 1; }
}

stop_servers() {
  local pid
  for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  server_pids=()
}

# run LABEL PID PORT LOADTEST-ARGS...: one load run, appended to the
# results, under the caller's placement.
run() {
  local label=$1 pid=$2 port=$3
  shift 3
  "${placement[@]}" "$build/bench/mojifinder-loadtest" --json --label "$label" --port "$port" --server-pid "$pid" "$@" \
    >>"$results" || echo "  (errors in $label: see $results)" >&2
}

# Seconds of warm-up before a run with CONNECTIONS: a thousand take longer
# to open.
warmup_for() { if [ "$1" -ge 1000 ]; then echo 2; else echo 1; fi; }

# beside_heavy PREFIX LABEL SMALL-PID SMALL-PORT HEAVY-PID HEAVY-PORT: 10
# connections on the heavy mix and 10 on the small mix at once, labelled
# PREFIX-heavy-LABEL and PREFIX-small-LABEL; the small mix's client runs
# under the caller's small_priority too.
beside_heavy() {
  local prefix=$1 label=$2 small_pid=$3 small_port=$4 heavy_pid=$5 heavy_port=$6
  run "$prefix-heavy-$label" "$heavy_pid" "$heavy_port" -m heavy -c 10 -d 4 -w 1 &
  local heavy=$!
  local placement=("${small_priority[@]}" "${placement[@]}")
  run "$prefix-small-$label" "$small_pid" "$small_port" -c 10 -d 3 -w 1.5
  wait "$heavy"
}

# The measuring client of the heavy-beside-small scenario, pinned beside
# the heavy load generator: at real-time priority where allowed, so that
# its latency is the server's and not the wait for its share of CPU 1.
small_client_priority() {
  if chrt -f 1 true 2>/dev/null; then echo "chrt -f 1"; fi
}

# The average answer of the heavy mix in 44-byte lines, from a short run
# against ours (PID PORT): the length of the zero-work server's heavy reply.
probe_heavy_lines() {
  progress "heavy mix: measuring its average answer"
  run heavy-probe "$1" "$2" -m heavy -c 10 -d 1 -w 0
  heavy_lines=$(jq -s '[.[] | select(.label == "heavy-probe")][0] | (.mb_per_s * 1e6 / .qps / 44) | floor' "$results")
}

# One core each: the servers on CPU 0 (the zero-work server, nginx with
# one worker, and ours with one loop serving both protocols), the load
# generator on CPU 1 with one thread. The small mix over the line protocol
# and over HTTP, then the heavy mix beside the small one.
pinned_matrix() {
  start_server taskset -c 0 "$build/bench/baseline_server"; local base_pid=$server_pid base_port=$server_port
  local http_port
  http_port=$(http_port_free)
  start_server taskset -c 0 "$build/server/mojifinder" serve --quiet --max-connections-per-ip 0 --threads 1 \
    --http-port "$http_port"
  local one_pid=$server_pid one_port=$server_port
  pinned_work=$(mktemp -d)
  chmod 755 "$pinned_work"
  write_answer_file "$pinned_work" "$http_port" >/dev/null
  start_nginx "$pinned_work" taskset -c 0
  probe_heavy_lines "$one_pid" "$one_port"
  start_server taskset -c 0 "$build/bench/baseline_server" --reply-lines "$heavy_lines"
  local heavy_base_pid=$server_pid heavy_base_port=$server_port
  local placement=(taskset -c 1)
  local conns rep warmup
  for conns in 10 100 1000; do
    warmup=$(warmup_for "$conns")
    for rep in $(seq "$reps"); do
      progress "pinned: small mix, $conns connections, run $rep of $reps"
      run "pinned-$conns-baseline" "$base_pid" "$base_port" -c "$conns" -d 3 -w "$warmup"
      run "pinned-$conns-ours1" "$one_pid" "$one_port" -c "$conns" -d 3 -w "$warmup"
      wrk_run "pinned-http-$conns-nginx" "$nginx_port" /answer.json "$conns" 3 "$results" "" taskset -c 1
      wrk_run "pinned-http-$conns-ours1" "$http_port" / "$conns" 3 "$results" "$pinned_work/queries" taskset -c 1
    done
  done
  local small_priority
  read -r -a small_priority <<<"$(small_client_priority)"
  for rep in $(seq "$reps"); do
    progress "pinned: 10 connections on the heavy mix beside 10 on the small mix, run $rep of $reps"
    beside_heavy pinned-mixed baseline "$base_pid" "$base_port" "$heavy_base_pid" "$heavy_base_port"
    beside_heavy pinned-mixed ours1 "$one_pid" "$one_port" "$one_pid" "$one_port"
  done
  pinned_priority=${small_priority[*]}
  stop_servers
  rm -rf "$pinned_work"
}

pinned_row() {
  local conns=$1 bq bp q1 p1 bc c1
  bq=$(median "pinned-$conns-baseline" .qps); bp=$(median "pinned-$conns-baseline" .latency_ms.p99)
  q1=$(median "pinned-$conns-ours1" .qps); p1=$(median "pinned-$conns-ours1" .latency_ms.p99)
  bc=$(median "pinned-$conns-baseline" '.server_cpu_us_per_answer | .user + .system')
  c1=$(median "pinned-$conns-ours1" '.server_cpu_us_per_answer | .user + .system')
  echo "| line | $conns | $(fmt %.0f "$bq") | $(fmt %.3f "$bp") |" \
    "$(fmt %.0f "$q1") ($(fmt %.2f "$(jq -n "$q1 / $bq")")×) | $(fmt %.3f "$p1") ($(fmt %.2f "$(jq -n "$p1 / $bp")")×) |" \
    "$(fmt %.2f "$bc") | $(fmt %.2f "$c1") ($(fmt %.2f "$(jq -n "$c1 / $bc")")×) |"
}

pinned_http_row() {
  local conns=$1 bq bp q1 p1
  bq=$(median "pinned-http-$conns-nginx" .qps); bp=$(median "pinned-http-$conns-nginx" '.p99_us / 1000')
  q1=$(median "pinned-http-$conns-ours1" .qps); p1=$(median "pinned-http-$conns-ours1" '.p99_us / 1000')
  echo "| HTTP | $conns | $(fmt %.0f "$bq") | $(fmt %.3f "$bp") |" \
    "$(fmt %.0f "$q1") ($(fmt %.2f "$(jq -n "$q1 / $bq")")×) | $(fmt %.3f "$p1") ($(fmt %.2f "$(jq -n "$p1 / $bp")")×) | | |"
}

write_pinned_table() {
  echo "### Small mix, one core each: server on CPU 0, load generator on CPU 1 (target: ≥ 0.85× the baseline's q/s, p99 ≤ 1.5× its p99)"
  echo
  echo "Baselines: for the line protocol, the zero-work server; for HTTP, nginx with one worker serving a file"
  echo "the mean size of our answers, driven by wrk with one thread. CPU a query: the server's user and system"
  echo "time over the measured seconds, divided by the answers (the load generator reads it from /proc)."
  echo
  echo "| protocol | connections | baseline q/s | baseline p99 ms | ours, 1 loop: q/s | p99 ms | baseline CPU µs a query | ours |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  local conns
  for conns in 10 100 1000; do pinned_row "$conns"; done
  for conns in 10 100 1000; do pinned_http_row "$conns"; done
  echo
  echo "### Heavy beside small, one core each (target: the small mix's p99 ≤ 2 ms)"
  echo
  echo "10 connections pull the heavy mix while 10 run the small mix; servers on CPU 0, both load generators on"
  if [ -n "$pinned_priority" ]; then
    echo "CPU 1, the small mix's generator under \`$pinned_priority\` (real-time priority), so that its latency is the servers' and"
    echo "not its wait for a share of CPU 1."
  else
    echo "CPU 1, both at normal priority (chrt was refused here): the small mix's latency includes its wait for CPU 1."
  fi
  echo "Baseline: two zero-work servers, one sending the small reply and one the heavy mix's average ($heavy_lines lines)."
  echo
  echo "| server | small mix q/s | small mix p50 ms | small mix p99 ms | heavy mix q/s |"
  echo "|---|---:|---:|---:|---:|"
  local label name
  for label in baseline ours1; do
    name="zero-work servers"
    [ "$label" = ours1 ] && name="ours, 1 loop"
    echo "| $name | $(fmt %.0f "$(median "pinned-mixed-small-$label" .qps)") |" \
      "$(fmt %.3f "$(median "pinned-mixed-small-$label" .latency_ms.p50)") |" \
      "$(fmt %.3f "$(median "pinned-mixed-small-$label" .latency_ms.p99)") |" \
      "$(fmt %.0f "$(median "pinned-mixed-heavy-$label" .qps)") |"
  done
  echo
}

# median LABEL FIELD: the median over the runs labelled so (jq path).
median() {
  jq -s --arg want "$1" "[.[] | select(.label == \$want) | $2] | sort | .[(length - 1) / 2 | floor]" "$results"
}

progress() { printf '  %s\n' "$*" >&2; }

load_matrix() {
  mkdir -p "$out"
  : >"$results"
  trap 'stop_servers; rm -rf "${pinned_work:-}"' EXIT
  local loops
  loops=$(nproc)
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(date -u +%Y-%m-%d)"
  echo "Every figure is the median of $reps runs; load generator and servers share the machine."
  [ "$pin" = 1 ] && pinned_matrix

  # --- Small mix at 10, 100 and 1,000 connections ----------------------------
  start_server "$build/bench/baseline_server"; local base_pid=$server_pid base_port=$server_port
  start_server "$build/server/mojifinder" serve --quiet --max-connections-per-ip 0; local ours_pid=$server_pid ours_port=$server_port
  start_server "$build/server/mojifinder" serve --quiet --max-connections-per-ip 0 --threads 1; local one_pid=$server_pid one_port=$server_port
  local conns rep warmup
  for conns in 10 100 1000; do
    warmup=$(warmup_for "$conns")
    for rep in $(seq "$reps"); do
      progress "small mix, $conns connections, run $rep of $reps"
      run "small-$conns-baseline" "$base_pid" "$base_port" -c "$conns" -d 3 -w "$warmup"
      run "small-$conns-ours" "$ours_pid" "$ours_port" -c "$conns" -d 3 -w "$warmup"
      run "small-$conns-ours1" "$one_pid" "$one_port" -c "$conns" -d 3 -w "$warmup"
    done
  done

  # --- Heavy mix alone, then beside the small mix ----------------------------
  # Its baseline sends a fixed reply as long as the heavy mix's average
  # answer (44-byte lines): what moving those bytes costs here at all.
  [ -n "${heavy_lines:-}" ] || probe_heavy_lines "$ours_pid" "$ours_port"
  start_server "$build/bench/baseline_server" --reply-lines "$heavy_lines"
  local heavy_base_pid=$server_pid heavy_base_port=$server_port
  for rep in $(seq "$reps"); do
    progress "heavy mix, 10 connections, run $rep of $reps"
    run heavy-baseline "$heavy_base_pid" "$heavy_base_port" -c 10 -d 3 -w 1
    run heavy-ours "$ours_pid" "$ours_port" -m heavy -c 10 -d 3 -w 1
    run heavy-ours1 "$one_pid" "$one_port" -m heavy -c 10 -d 3 -w 1
  done
  # The baseline of this one is two zero-work servers, one sending heavy
  # replies and one small ones: how much of the small mix's latency is the
  # machine's own, with two load generators and a server on two cores.
  for rep in $(seq "$reps"); do
    progress "10 connections on the heavy mix beside 10 on the small mix, run $rep of $reps"
    beside_heavy mixed baseline "$base_pid" "$base_port" "$heavy_base_pid" "$heavy_base_port"
    beside_heavy mixed ours "$ours_pid" "$ours_port" "$ours_pid" "$ours_port"
    beside_heavy mixed ours1 "$one_pid" "$one_port" "$one_pid" "$one_port"
  done
  stop_servers

  # --- Memory: fresh servers, so that no earlier run's heap hides growth -----
  for rep in $(seq "$reps"); do
    progress "10,000 idle connections, run $rep of $reps"
    start_server "$build/bench/baseline_server"
    run idle-baseline "$server_pid" "$server_port" -c 1 --idle 10000 -d 1 -w 4
    start_server "$build/server/mojifinder" serve --quiet --max-connections-per-ip 0
    run idle-ours "$server_pid" "$server_port" -c 1 --idle 10000 -d 1 -w 4
    stop_servers
    progress "1,000 clients that send cjk and never read, run $rep of $reps"
    start_server "$build/server/mojifinder" serve --quiet --max-connections-per-ip 0
    run stalled-ours "$server_pid" "$server_port" -c 1 --stalled 1000 -d 3 -w 6
    stop_servers
  done

  # --- From exec to accepting connections -------------------------------------
  progress "start-up, 30 runs each"
  # Below Linux's ephemeral range, where no outgoing connection can hold it.
  local startup_port=$((20000 + RANDOM % 10000))
  local startup
  startup=$("$build/bench/process_benchmark" --runs 30 --until-connect "$startup_port" \
    --baseline "$build/bench/baseline_server --port $startup_port" -- \
    "$build/server/mojifinder" serve --quiet --max-connections-per-ip 0 --port "$startup_port")
  local startup_base startup_ours
  startup_base=$(echo "$startup" | awk '/baseline_server/ {print $(NF-2)}')
  startup_ours=$(echo "$startup" | awk '/mojifinder serve/ {print $(NF-2)}')

  { [ "$pin" = 1 ] && write_pinned_table; write_tables "$loops" "$startup_base" "$startup_ours" "$heavy_lines"; } \
    >"$out/load.md"
  cat "$out/load.md"
  plot_latency
  echo
  echo "Written: $out/load.md, $out/latency.png, $out/results.jsonl"
}

fmt() { LC_NUMERIC=C printf "$1" "$2"; }

# A row of the throughput table for one connection count.
small_row() {
  local conns=$1
  local bq bp oq op q1 p1
  bq=$(median "small-$conns-baseline" .qps); bp=$(median "small-$conns-baseline" .latency_ms.p99)
  oq=$(median "small-$conns-ours" .qps); op=$(median "small-$conns-ours" .latency_ms.p99)
  q1=$(median "small-$conns-ours1" .qps); p1=$(median "small-$conns-ours1" .latency_ms.p99)
  echo "| $conns | $(fmt %.0f "$bq") | $(fmt %.3f "$bp") |" \
    "$(fmt %.0f "$oq") ($(fmt %.0f "$(jq -n "100 * $oq / $bq")")%) | $(fmt %.3f "$op") ($(fmt %.2f "$(jq -n "$op / $bp")")×) |" \
    "$(fmt %.0f "$q1") ($(fmt %.0f "$(jq -n "100 * $q1 / $bq")")%) | $(fmt %.3f "$p1") ($(fmt %.2f "$(jq -n "$p1 / $bp")")×) |"
}

write_tables() {
  local loops=$1 startup_base=$2 startup_ours=$3 heavy_lines=$4
  echo "### Small mix, closed loop (target: ≥ 85% of the baseline's q/s, p99 ≤ 1.5× its p99)"
  echo
  echo "| connections | baseline q/s | baseline p99 ms | ours, $loops loops: q/s | p99 ms | ours, 1 loop: q/s | p99 ms |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  small_row 10
  small_row 100
  small_row 1000
  echo
  echo "### The other targets"
  echo
  echo "| scenario | measured | target |"
  echo "|---|---|---|"
  local label
  echo "| 10 on the heavy mix beside 10 on the small mix (baseline: two zero-work servers, heavy and small replies) | small mix p99 $(fmt %.3f "$(median "mixed-small-baseline" .latency_ms.p99)") ms, $(fmt %.0f "$(median "mixed-small-baseline" .qps)") q/s; heavy $(fmt %.0f "$(median "mixed-heavy-baseline" .qps)") q/s | |"
  for label in ours ours1; do
    local name="ours, $loops loops"
    [ "$label" = ours1 ] && name="ours, 1 loop"
    echo "| 10 on the heavy mix beside 10 on the small mix ($name) | small mix p99 $(fmt %.3f "$(median "mixed-small-$label" .latency_ms.p99)") ms, $(fmt %.0f "$(median "mixed-small-$label" .qps)") q/s; heavy mix $(fmt %.0f "$(median "mixed-heavy-$label" .qps)") q/s | small mix p99 ≤ 2 ms |"
  done
  local hb hbm
  hb=$(median heavy-baseline .qps)
  hbm=$(median heavy-baseline .mb_per_s)
  for label in ours ours1; do
    local name="ours, $loops loops"
    [ "$label" = ours1 ] && name="ours, 1 loop"
    local hq hm
    hq=$(median "heavy-$label" .qps)
    hm=$(median "heavy-$label" .mb_per_s)
    echo "| heavy mix alone, 10 connections ($name) | $(fmt %.0f "$hq") q/s, $(fmt %.0f "$hm") MB/s: $(fmt %.0f "$(jq -n "$hq / 200")")× the original's q/s, $(fmt %.0f "$(jq -n "$hm / 40")")× its MB/s; $(fmt %.0f "$(jq -n "100 * $hm / $hbm")")% of the baseline's bytes | ≥ 30× the original's q/s |"
  done
  echo "| baseline for the heavy mix: $heavy_lines-line replies | $(fmt %.0f "$hb") q/s, $(fmt %.0f "$hbm") MB/s | |"
  local ib io
  ib=$(median idle-baseline '((.server_anon_rss_peak_bytes - .server_anon_rss_before_bytes) / .bystanders)')
  io=$(median idle-ours '((.server_anon_rss_peak_bytes - .server_anon_rss_before_bytes) / .bystanders)')
  echo "| 10,000 idle connections: heap and stack growth per connection | ours $(fmt %.0f "$io") bytes; baseline $(fmt %.0f "$ib") bytes | ≤ 1,024 bytes |"
  echo "| 1,000 clients send \`cjk\` and never read; one more runs the small mix | server RSS at most $(fmt %.1f "$(median stalled-ours '.server_rss_peak_bytes / 1e6')") MB; the client's p99 $(fmt %.3f "$(median stalled-ours .latency_ms.p99)") ms | RSS < 128 MB, p99 ≤ 5 ms |"
  echo "| from exec to accepting connections (median of 30) | ours $startup_ours ms; baseline $startup_base ms | ≤ 20 ms |"
}

# Latency against percentile, small mix at 100 connections: for each server
# the run with the median q/s.
plot_latency() {
  local label data
  for label in small-100-baseline small-100-ours small-100-ours1 mixed-small-ours; do
    data="$out/$label.dat"
    jq -s -r --arg want "$label" '
      [.[] | select(.label == $want)] | sort_by(.qps) | .[(length - 1) / 2 | floor]
      | .percentiles_ms[] | "\(1 / (1 - .[0])) \(.[1])"' "$results" >"$data"
  done
  gnuplot <<EOF
set terminal pngcairo size 900,480 font "sans,10"
set output "$out/latency.png"
set title "Latency by percentile, small mix, 100 connections, closed loop ($(nproc) cores shared with the load generator)"
set logscale xy
set xlabel "percentile"
set ylabel "latency (ms)"
set xtics ("50%%" 2, "90%%" 10, "99%%" 100, "99.9%%" 1000, "99.99%%" 10000)
set grid
set key top left
plot "$out/small-100-baseline.dat" with linespoints title "baseline (does no work)", \
     "$out/small-100-ours.dat" with linespoints title "mojifinder, $(nproc) loops", \
     "$out/small-100-ours1.dat" with linespoints title "mojifinder, 1 loop", \
     "$out/mixed-small-ours.dat" with linespoints title "mojifinder, 10 connections on the small mix beside 10 on the heavy"
EOF
  rm -f "$out"/*.dat
}
