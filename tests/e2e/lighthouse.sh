# Lighthouse (tests/e2e/package.json pins 12.2.3) on the page in Debian's
# chromium: 95 or more in each of its four categories (performance,
# accessibility, best practices, SEO) for the landing page and a long
# answer in tiles (`flag`: a hundred colour glyphs), as a phone
# (Lighthouse's default) and on a desktop. Performance is timed, and
# Lighthouse's advice on its variance is to take the median of several
# runs: three here, alone on the machine (RUN_SERIAL). Needs chromium and
# Lighthouse; skipped without them.
source "$(dirname "$0")/lib.sh"
need_command chromium chromium
need_command node nodejs
lighthouse="$(cd "$(dirname "$0")" && pwd)/node_modules/lighthouse/cli/index.js"
[ -f "$lighthouse" ] || { echo "SKIP: Lighthouse is not installed (scripts/test runs npm ci in tests/e2e)"; exit 77; }

start_server --http-port 0 --quiet
http_port=$(announced_http_port)
[ -n "$http_port" ] || fail "the server did not announce its HTTP port"

# As the other browser tests start it: no network beyond loopback, a new
# profile each run.
flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run"
flags+=" --disable-background-networking --disable-component-update --disable-sync --disable-extensions"

runs=3
failed=0
for path in "/" "/?q=flag"; do
  for form in mobile desktop; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    for run in $(seq 1 "$runs"); do
      CHROME_PATH=/usr/bin/chromium timeout 120 node "$lighthouse" "http://127.0.0.1:$http_port$path" \
        "${preset[@]}" --quiet --output=json --output-path="$work/$form-$run.json" \
        --chrome-flags="$flags --user-data-dir=$work/profile-$form-$run" >"$work/lighthouse.log" 2>&1 ||
        fail "Lighthouse failed on $path ($form): $(tail -5 "$work/lighthouse.log")"
    done
    # Each category's median over the runs, and the audits that cost points.
    if ! node - "$path" "$form" "$work"/"$form"-*.json <<'EOF'; then failed=1; fi
const [path, form, ...files] = process.argv.slice(2);
const reports = files.map((f) => JSON.parse(require('fs').readFileSync(f, 'utf8')));
let ok = true;
const line = [];
for (const id of ['performance', 'accessibility', 'best-practices', 'seo']) {
  const scores = reports.map((r) => Math.round(r.categories[id].score * 100)).sort((a, b) => a - b);
  const median = scores[Math.floor(scores.length / 2)];
  line.push(`${id} ${median} (${scores.join(', ')})`);
  if (!(median >= 95)) ok = false;
}
console.log(`${path} ${form}: ${line.join('; ')}`);
if (!ok) {
  for (const [id, audit] of Object.entries(reports[0].audits)) {
    if (audit.score !== null && audit.score < 1 && !['informative', 'notApplicable', 'manual'].includes(audit.scoreDisplayMode)) {
      console.log(`  ${id}: ${audit.score} ${audit.displayValue || ''}`);
    }
  }
}
process.exit(ok ? 0 : 1);
EOF
    rm -rf "$work"/profile-*
  done
done
[ "$failed" -eq 0 ] || fail "a category scored under 95"
stop_server
echo "PASS: Lighthouse scores 95 or more in every category"
