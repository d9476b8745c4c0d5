# The hostile queries of `scripts/bench hostile`: what a query that is
# costly on purpose does to the server's memory and to a polite client on
# the same event loop. Sourced by scripts/bench, which has built the
# release preset and set $build; uses start_server, stop_servers and
# median from load_matrix.sh.
#
#   MOJIFINDER_BENCH_SERVER=/path/to/mojifinder scripts/bench hostile
# measures another build (an older one, say) the same way.

# A line of 1,365 `c*` (4,094 bytes, under the default line limit): the
# costliest prefix repeated, and lines of overlapping prefixes.
write_hostile_queries() {
  local file=$1
  {
    printf 'c* %.0s' $(seq 1365); echo
    printf 'c* ca* cat* c* ca* cat* l* la* lat* s* si* sig* %.0s' $(seq 80); echo
    printf 'a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p* q* r* s* t* u* v* w* x* y* z*\n'
  } >"$file"
}

hostile_matrix() {
  local server=${MOJIFINDER_BENCH_SERVER:-$build/server/mojifinder}
  # Every client comes from this machine: no limit per address (an older
  # build measured for comparison has none to lift).
  no_address_limit=()
  "$server" serve --help 2>/dev/null | grep -q -- --max-connections-per-ip && no_address_limit=(--max-connections-per-ip 0)
  hostile_results=$(mktemp)
  hostile_queries=$(mktemp)
  local results=$hostile_results queries=$hostile_queries
  write_hostile_queries "$queries"
  trap 'stop_servers; rm -f "$hostile_results" "$hostile_queries"' EXIT
  local pin_server=() pin_load=()
  if [ "$(nproc)" -ge 2 ]; then pin_server=(taskset -c 0); pin_load=(taskset -c 1); fi
  echo "Server: $server, one event loop$([ ${#pin_server[@]} -gt 0 ] && echo ', pinned to CPU 0, clients to CPU 1')"
  echo "Polite client: the small mix, one connection; medians of 3 runs of 3 s"
  start_server "${pin_server[@]}" "$server" serve --quiet "${no_address_limit[@]}" --threads 1
  local pid=$server_pid port=$server_port
  local rep attacker
  for rep in 1 2 3; do
    "${pin_load[@]}" "$build/bench/mojifinder-loadtest" --json --label alone --port "$port" --server-pid "$pid" \
      -c 1 -d 3 -w 0.5 >>"$results" || true
    "${pin_load[@]}" "$build/bench/mojifinder-loadtest" --port "$port" -q "$queries" -c 2 -d 5 -w 0 \
      >/dev/null 2>&1 &
    attacker=$!
    sleep 0.5
    "${pin_load[@]}" "$build/bench/mojifinder-loadtest" --json --label attacked --port "$port" --server-pid "$pid" \
      -c 1 -d 3 -w 0 >>"$results" || true
    kill "$attacker" 2>/dev/null || true
    wait "$attacker" 2>/dev/null || true
  done
  local field
  printf '  %-44s %10s %10s %10s %10s\n' "" "q/s" "p50 ms" "p99 ms" "max ms"
  for label in alone attacked; do
    local title="polite client alone"
    [ "$label" = attacked ] && title="beside 2 clients looping hostile prefixes"
    printf '  %-44s' "$title"
    for field in .qps .latency_ms.p50 .latency_ms.p99 .latency_ms.max; do
      printf ' %10s' "$(jq -s --arg want "$label" "[.[] | select(.label == \$want) | $field] | sort | .[(length - 1) / 2 | floor]" "$results")"
    done
    echo
  done

  # Memory: clients that send a hostile line and never read the answer.
  echo
  echo "Server memory with clients that send one query and never read (anonymous RSS, MB)"
  printf '  %-44s %12s %12s\n' "" "before" "peak"
  local stalled query
  for stalled in "300:c*" "300:cjk" "6:$(head -1 "$queries")"; do
    local count=${stalled%%:*} query=${stalled#*:}
    stop_servers
    start_server "${pin_server[@]}" "$server" serve --quiet "${no_address_limit[@]}" --threads 1
    "${pin_load[@]}" "$build/bench/mojifinder-loadtest" --json --label memory --port "$server_port" \
      --server-pid "$server_pid" -c 1 -d 3 -w 2 --stalled "$count" --stalled-query "$query" >"$results" || true
    local shown=$query
    [ ${#shown} -gt 12 ] && shown="the line of 1,365 c*"
    printf '  %-44s %12.1f %12.1f\n' "$count clients: $shown" \
      "$(jq '.server_anon_rss_before_bytes / 1e6' "$results")" "$(jq '.server_anon_rss_peak_bytes / 1e6' "$results")"
  done
  stop_servers
}
