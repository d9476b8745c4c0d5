# The Debian package: scripts/package builds it from this build tree,
# lintian finds no error or warning in it, and it installs, runs and
# removes cleanly. Needs root (dpkg); skipped otherwise.
source "$(dirname "$0")/lib.sh"
build_dir=$2
[ "$(id -u)" -eq 0 ] || { echo "SKIP: installing a package needs root"; exit 77; }
need_command lintian lintian
need_command dpkg-shlibdeps dpkg-dev
root="$(dirname "$0")/../.."

deb=$(MOJIFINDER_BUILD_DIR="$build_dir" "$root/scripts/package" | tail -1)
[ -f "$deb" ] || fail "scripts/package did not print the package's path: '$deb'"
[[ "$(basename "$deb")" =~ ^mojifinder_[0-9.]+_amd64\.deb$ ]] || fail "unexpected package name: $deb"
echo "package: $deb, $(stat -c %s "$deb") bytes"

lintian "$deb" >"$work/lintian" 2>&1 || fail "lintian fails: $(cat "$work/lintian")"
grep -E '^[EW]: ' "$work/lintian" && fail "lintian has errors or warnings"

dpkg-deb -c "$deb" >"$work/contents"
for path in /usr/bin/mojifinder /usr/share/man/man1/mojifinder.1.gz /usr/share/doc/mojifinder/copyright \
            /usr/lib/systemd/system/mojifinder.service /usr/lib/systemd/system/mojifinder.socket \
            /usr/lib/cmake/mojifinder/mojifinderConfig.cmake; do
  grep -q " \.$path\$" "$work/contents" || fail "the package lacks $path"
done

if dpkg -s mojifinder >/dev/null 2>&1; then
  echo "SKIP: a mojifinder package is installed already; not replacing it"
  exit 77
fi
dpkg -i "$deb" >"$work/dpkg" 2>&1 || fail "dpkg -i: $(cat "$work/dpkg")"
trap 'dpkg -r mojifinder >/dev/null 2>&1 || true; cleanup' EXIT
[ "$(/usr/bin/mojifinder search cat face)" = "$("$program" search cat face)" ] ||
  fail "the installed program answers otherwise than the built one"
/usr/bin/mojifinder --version | grep -q '^mojifinder ' || fail "the installed program has no version"
dpkg -r mojifinder >"$work/dpkg" 2>&1 || fail "dpkg -r: $(cat "$work/dpkg")"
[ -e /usr/bin/mojifinder ] && fail "dpkg -r left /usr/bin/mojifinder"
echo "PASS: the package passes lintian, installs, runs and removes"
