# scripts/bench languages: what CLDR's annotations cost. The image and the
# binary, start-up and memory at rest, a whole `search` process with and
# without a language, and a query's cost in process with and without one.
# Sourced by scripts/bench; uses $build.

languages_matrix() {
  local program="$build/server/mojifinder"
  echo "index image: $(stat -c %s "$build/common/name_index.img") bytes; program: $(stat -c %s "$program") bytes"
  echo "$("$program" languages | wc -l) languages; $("$program" --version)"

  echo
  echo "-- A whole process (baseline: true)"
  "$build/bench/process_benchmark" --runs 100 -- "$program" search cat face
  "$build/bench/process_benchmark" --runs 100 -- "$program" search --lang fr tete chat

  echo
  echo "-- From exec to accepting connections, 30 runs (baseline: the zero-work server)"
  local port=$((20000 + RANDOM % 10000))
  "$build/bench/process_benchmark" --runs 30 --until-connect "$port" \
    --baseline "$build/bench/baseline_server --port $port" -- \
    "$program" serve --quiet --max-connections-per-ip 0 --port "$port"

  echo
  echo "-- Memory at rest: a server started, then after one query in each of 20 languages"
  "$program" serve --quiet --port "$port" --max-connections-per-ip 0 &
  local pid=$!
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || { echo "the server did not start" >&2; kill "$pid"; return 1; }
    sleep 0.05
  done
  echo "at rest: VmRSS $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") kB"
  local lines=""
  for code in fr de es pt ru el ar he hi th ja zh ko it nl pl tr uk vi id; do
    lines+="/lang $code"$'\n'"cat"$'\n'
  done
  printf '%s/quit\n' "$lines" | timeout 10 nc -N 127.0.0.1 "$port" >/dev/null || true
  echo "after 20 languages: VmRSS $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") kB"
  kill "$pid"
  wait "$pid" 2>/dev/null || true

  echo
  echo "-- A query's cost in process, the small mix, medians of 5 (baseline: no language)"
  taskset -c "$(($(nproc) - 1))" "$build/bench/search_benchmark" --benchmark_filter=ResultsInLanguage \
    --benchmark_repetitions=5 --benchmark_min_time=0.3 --benchmark_report_aggregates_only=true 2>/dev/null |
    grep -E '_median'
}
