# The manual page names the options --help names, no more and no fewer, and
# renders without a complaint from man.
source "$(dirname "$0")/lib.sh"
page="$(dirname "$0")/../../docs/man/mojifinder.1.in"

{
  "$program" --help
  "$program" search --help
  "$program" serve --help
} | grep -oE '(^|[ ,])--[a-z][a-z-]*' | sed 's/^[ ,]//' | sort -u >"$work/help"
sed 's/\\-/-/g' "$page" | grep -oE -- '--[a-z][a-z-]*' | sort -u >"$work/manual"
diff -u "$work/help" "$work/manual" >"$work/diff" ||
  fail "the manual page and --help name different options (- help, + manual):
$(cat "$work/diff")"
[ "$(wc -l <"$work/help")" -ge 15 ] || fail "too few options read from --help: $(cat "$work/help")"

if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man --warnings -l "$page" >"$work/rendered" 2>"$work/warnings" || fail "man cannot render the page"
  [ -s "$work/warnings" ] && fail "man warns: $(cat "$work/warnings")"
  grep -q "find Unicode characters by the words of their names" "$work/rendered" || fail "the rendered page lacks its name line"
fi
echo "PASS: the manual page names every option --help names"
