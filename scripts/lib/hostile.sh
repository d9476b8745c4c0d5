# The hostile queries of `scripts/bench hostile`: what a query that is
# costly on purpose does to the server's memory and to a polite client on
# the same event loop. Sourced by scripts/bench, which has built the
# release preset and set $build; uses start_server, stop_servers and
# median from load_matrix.sh.
#
#   MOJIFINDER_BENCH_SERVER=/path/to/mojifinder scripts/bench hostile
# measures another build (an older one, say) the same way, and
#   MOJIFINDER_BENCH_BEFORE=/path/to/mojifinder scripts/bench hostile
# measures it beside this one, run for run, in the HTTP clients' tables.

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
  non_reader_matrix "$server"
  language_matrix "$server"
}

# Relevance in a language (bench/call_cost measures a call; this, the
# loop): a polite client asking `cat face` 100 times a second beside 50
# clients looping `medium skin tone` in relevance order in fo, the
# costliest language to judge in, beside 50 looping words of other
# languages and slips without one, and beside 50 looping `cat`; then the
# server's CPU while 2,000 clients ask `t*` in relevance order in is and
# leave before the answer, and after they have gone
# (bench/gone_clients.py). This build and, with MOJIFINDER_BENCH_BEFORE,
# another, run for run. The polite client shares the server's CPU at a
# higher priority: on the attackers' CPU, which parsing their answers
# keeps busy, it would measure its own turns there, milliseconds at the
# 99th percentile, rather than the server's.
language_matrix() {
  local server=$1 before=${MOJIFINDER_BENCH_BEFORE:-}
  local builds=("$server") names=(this)
  [ -n "$before" ] && { builds=("$before" "$server"); names=(before this); }
  local pin_server=() pin_load=() pin_polite=(nice -n -10)
  if [ "$(nproc)" -ge 2 ]; then pin_server=(taskset -c 0); pin_load=(taskset -c 1); pin_polite+=(taskset -c 0); fi
  local results queries rep i loop
  results=$(mktemp)
  queries=$(mktemp -d)
  echo "cat face" >"$queries/polite"
  echo "medium skin tone" >"$queries/fo"
  echo "cat" >"$queries/cat"
  # Words of no name nor English field, looked for in every language
  # (168 tables) before they are corrected, and slips corrected: in
  # relevance order without a language.
  printf '%s
' gato katze кошка corazón herz arbre 猫 bisou geburtstag pleurer qzxjvkwpqz tropy skul hreat pecil \
    lightening umbrela choclate >"$queries/foreign"
  echo
  echo "A polite client's cat face, 100 a second, beside 50 clients looping a query (ms; medians of 3 runs of 4 s)"
  printf '  %-10s %-46s %10s %10s %10s\n' build "beside 50 clients looping" p50 p99 max
  for rep in 1 2 3; do
    for i in "${!builds[@]}"; do
      for loop in fo foreign cat; do
        local setup=()
        [ "$loop" = fo ] && setup=(--setup "/lang fo" --setup "/order relevance")
        [ "$loop" = foreign ] && setup=(--setup "/order relevance")
        start_server "${pin_server[@]}" "${builds[$i]}" serve --quiet --threads 1 --max-connections-per-ip 0
        "${pin_load[@]}" "$build/bench/mojifinder-loadtest" --port "$server_port" -q "$queries/$loop" -c 50 \
          -d 6 -w 0 "${setup[@]}" >/dev/null 2>&1 &
        local attackers=$!
        sleep 0.5
        "${pin_polite[@]}" "$build/bench/mojifinder-loadtest" --port "$server_port" -q "$queries/polite" -c 1 \
          -r 100 -d 4 -w 0.5 --json | jq -c --arg build "${names[$i]}" --arg loop "$loop" \
          '{build: $build, loop: $loop, latency: .latency_ms}' >>"$results" || true
        wait "$attackers" 2>/dev/null || true
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pids=()
      done
    done
  done
  for i in "${!builds[@]}"; do
    for loop in fo foreign cat; do
      local title="medium skin tone, lang fo, relevance order"
      [ "$loop" = foreign ] && title="foreign words and slips, relevance order"
      [ "$loop" = cat ] && title="cat"
      printf '  %-10s %-46s' "${names[$i]}" "$title"
      for field in p50 p99 max; do
        printf ' %10s' "$(jq -s --arg b "${names[$i]}" --arg l "$loop" \
          "[.[] | select(.build == \$b and .loop == \$l) | .latency.$field] | sort | .[(length - 1) / 2 | floor]" "$results")"
      done
      echo
    done
  done
  : >"$results"
  echo
  echo "Server CPU seconds while 2,000 clients ask t* in relevance order in is and leave before the answer, and 5 s after"
  printf '  %-10s %16s %16s %14s\n' build "while they come" "after all left" "seconds to come"
  for i in "${!builds[@]}"; do
    start_server "${pin_server[@]}" "${builds[$i]}" serve --quiet --threads 1 --max-connections-per-ip 0
    "${pin_load[@]}" python3 bench/gone_clients.py --port "$server_port" --pid "$server_pid" --clients 2000 >"$results" || true
    # A server still searching for the gone would finish every answer
    # before a stop ends it.
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pids=()
    printf '  %-10s %16s %16s %14s\n' "${names[$i]}" "$(jq .cpu_s_while_coming "$results")" \
      "$(jq .cpu_s_after_gone "$results")" "$(jq .seconds_to_come_and_go "$results")"
  done
  rm -rf "$results" "$queries"
}

# Clients that ask over HTTP, or pipeline, and never read
# (bench/http/non_readers.py): a new connection's health check beside
# them, and what they hold of the server's memory, for this build and, when
# MOJIFINDER_BENCH_BEFORE names one, another, interleaved run for run.
non_reader_matrix() {
  local server=$1 before=${MOJIFINDER_BENCH_BEFORE:-}
  local builds=("$server") names=(this)
  [ -n "$before" ] && { builds=("$before" "$server"); names=(before this); }
  local pin_server=() pin_load=()
  if [ "$(nproc)" -ge 2 ]; then pin_server=(taskset -c 0); pin_load=(taskset -c 1); fi
  local script=bench/http/non_readers.py results rep i kind
  results=$(mktemp)
  start_for() {
    local limit=()
    "$1" serve --help 2>/dev/null | grep -q -- --max-connections-per-ip && limit=(--max-connections-per-ip 0)
    start_server "${pin_server[@]}" "$1" serve --quiet --threads 1 --http-port 0 "${limit[@]}"
  }
  echo
  echo "A new connection's GET /healthz beside 300 gzip and 1,000 plain clients that asked for cjk and never read"
  echo "(ms, from connect to the whole answer; medians of 3 runs)"
  printf '  %-10s %10s %10s %10s %24s\n' build p50 p99 max "p99 while they connect"
  for rep in 1 2 3; do
    for i in "${!builds[@]}"; do
      start_for "${builds[$i]}"
      "${pin_load[@]}" python3 "$script" latency --port "$server_http_port" |
        jq -c --arg build "${names[$i]}" '. + {build: $build}' >>"$results" || true
      stop_servers
    done
  done
  for i in "${!builds[@]}"; do
    printf '  %-10s' "${names[$i]}"
    for field in .p50 .p99 .max .p99_while_connecting; do
      printf ' %10s' "$(jq -s --arg b "${names[$i]}" "[.[] | select(.build == \$b) | .healthz_ms$field] | sort | .[(length - 1) / 2 | floor]" "$results")"
    done
    echo
  done
  : >"$results"
  echo
  echo "Server memory with 1,000 clients that pipeline and never read (anonymous RSS in MB, and bytes a client)"
  printf '  %-34s %-8s %10s %10s %12s %14s\n' "" build before peak "a client" "3 s after all left"
  local kinds=("page, gzip|http|GET /?q=cat HTTP/1.1\\r\\nHost: b\\r\\nAccept-Encoding: gzip\\r\\n\\r\\n"
               "search|http|GET /search?q=cat HTTP/1.1\\r\\nHost: b\\r\\n\\r\\n"
               "line protocol|line|cat\\r\\n")
  for kind in "${kinds[@]}"; do
    local title=${kind%%|*} rest=${kind#*|}
    local port_kind=${rest%%|*} request=${rest#*|}
    for i in "${!builds[@]}"; do
      start_for "${builds[$i]}"
      local port=$server_port
      [ "$port_kind" = http ] && port=$server_http_port
      "${pin_load[@]}" python3 "$script" memory --port "$port" --pid "$server_pid" --request "$request" >"$results" || true
      stop_servers
      printf '  %-34s %-8s %10.1f %10.1f %12s %14.1f\n' "$title" "${names[$i]}" \
        "$(jq '.anon_rss_before_bytes / 1e6' "$results")" "$(jq '.anon_rss_peak_bytes / 1e6' "$results")" \
        "$(jq '.bytes_per_client' "$results")" "$(jq '.anon_rss_after_bytes / 1e6' "$results")"
    done
  done
  rm -f "$results"
}
