# `scripts/bench cluster`: queries a second through HAProxy to two servers
# (scripts/cluster 2), against one server direct, in the same run: the load
# tool's small mix at 100 connections over the line protocol, medians of
# MOJIFINDER_BENCH_REPS runs. Each server has one event loop. On a machine
# of two cores the two servers, HAProxy and the load tool share them, so
# the figure is HAProxy's cost more than two servers' gain.
cluster_matrix() {
  local reps=${MOJIFINDER_BENCH_REPS:-3} rep
  # Globals: the EXIT trap reads them after this function has returned
  # (load_matrix.sh's own `results` must not be the one removed).
  cluster_results=$(mktemp)
  cluster_dir=$(mktemp -d)
  local results=$cluster_results
  trap 'stop_servers; rm -rf "$cluster_dir"; rm -f "$cluster_results"' EXIT
  start_server "$build/server/mojifinder" serve --quiet --max-connections-per-ip 0 --threads 1
  local direct_pid=$server_pid direct_port=$server_port
  MOJIFINDER_PROGRAM="$build/server/mojifinder" MOJIFINDER_CLUSTER_DIR="$cluster_dir" \
    scripts/cluster 2 --line-port 0 --http-port 0 >"$cluster_dir/out" 2>&1 &
  server_pids+=($!)
  for _ in $(seq 400); do grep -q '^Cluster ready' "$cluster_dir/out" && break; sleep 0.05; done
  local balanced_port
  balanced_port=$(sed -n 's/^Cluster ready: line 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$cluster_dir/out")
  [ -n "$balanced_port" ] || { echo "the cluster did not start: $(cat "$cluster_dir/out")" >&2; return 1; }
  sleep 2.5  # HAProxy's first checks
  echo "The small mix, 100 connections, line protocol; $(nproc) cores shared by everything; medians of $reps runs of 3 s"
  for rep in $(seq "$reps"); do
    "$build/bench/mojifinder-loadtest" --json --label direct --port "$direct_port" -c 100 -d 3 -w 1 >>"$results" || true
    "$build/bench/mojifinder-loadtest" --json --label haproxy --port "$balanced_port" -c 100 -d 3 -w 1 >>"$results" || true
  done
  local label field
  printf '  %-44s %10s %10s %10s %8s\n' "" "q/s" "p50 ms" "p99 ms" "errors"
  for label in direct haproxy; do
    local title="one server, direct"
    [ "$label" = haproxy ] && title="HAProxy to two servers (PROXY protocol)"
    printf '  %-44s' "$title"
    for field in .qps .latency_ms.p50 .latency_ms.p99 .errors; do
      printf ' %10s' "$(jq -s --arg want "$label" "[.[] | select(.label == \$want) | $field] | sort | .[(length - 1) / 2 | floor]" "$results")"
    done
    echo
  done
}
