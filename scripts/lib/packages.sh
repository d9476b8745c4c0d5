# Installs the Debian packages the project needs, when they are missing.
# Sourced by scripts/test, scripts/serve and scripts/bench.

# What every build needs: with it, Node.js reads the Unicode and CLDR data
# of package.json's npm packages, which npm installs (ensure_npm_data).
MOJIFINDER_BUILD_PACKAGES=(cmake ninja-build g++ unicode-data libcli11-dev libasio-dev doctest-dev
                           libbenchmark-dev nlohmann-json3-dev node-llhttp zlib1g-dev
                           libsystemd-dev libicu-dev libpugixml-dev unicode-cldr-core nodejs)
# The real clients the end-to-end tests drive: nc, telnet, a browser, and
# Prometheus's promtool, which checks /metrics; HAProxy in front of two
# servers; systemd's tools for the units and socket activation; a JSON
# Schema validator for the answers /openapi.json describes; a colour emoji
# font, which the page asks the browser for first.
MOJIFINDER_TEST_PACKAGES=(netcat-openbsd telnet expect chromium chromium-driver python3-selenium prometheus
                          haproxy systemd curl python3-jsonschema fonts-noto-color-emoji)
# What the `fuzz` preset builds with: clang and its libFuzzer runtime.
MOJIFINDER_FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# What scripts/bench uses to tabulate and plot its figures.
MOJIFINDER_BENCH_PACKAGES=(jq gnuplot-nox python3)
# What scripts/package needs to make the .deb (dpkg-shlibdeps finds its
# dependencies), and what checks it.
MOJIFINDER_PACKAGE_PACKAGES=(dpkg-dev lintian)
# What `scripts/bench http` compares with: wrk drives nginx serving a file
# and the original's FastAPI app under uvicorn.
MOJIFINDER_HTTP_BENCH_PACKAGES=(wrk nginx-light python3-fastapi python3-uvicorn)

# Installs the packages named that dpkg does not know as installed: as root
# with apt-get, otherwise through sudo; says plainly what to do when neither
# is possible.
ensure_packages() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo)
    else
      echo "Missing Debian packages: ${missing[*]}" >&2
      echo "Install them as root:  apt-get install ${missing[*]}" >&2
      return 1
    fi
  fi
  echo "Installing missing Debian packages: ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Installs the npm packages a lock file pins into the node_modules/ beside
# it with `npm ci`, which checks each against its integrity hash, when they
# are missing or were installed from another lock file.
npm_ci_in() {
  local dir=$1 what=$2
  # Debian's nodejs leaves npm to a package of its own; a Node.js from
  # elsewhere (NodeSource's) carries npm and conflicts with that package.
  command -v npm >/dev/null 2>&1 || ensure_packages npm
  local stamp=$dir/node_modules/.mojifinder-package-lock.sha256
  local wanted
  wanted=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then return 0; fi
  echo "Installing $what $dir/package-lock.json pins (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  echo "$wanted" >"$stamp"
}

# The Unicode and CLDR data the index is built from (package.json). Run
# from the project's root.
ensure_npm_data() {
  npm_ci_in . "the data packages"
}

# What the browser tests run on the page: axe-core and Lighthouse
# (tests/e2e/package.json). Run from the project's root.
ensure_npm_test_tools() {
  npm_ci_in tests/e2e "the browser test tools"
}
