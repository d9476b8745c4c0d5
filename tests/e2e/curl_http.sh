# The HTTP port with the real curl: what curl offers (an upgrade to h2c with
# --http2) is answered once, as HTTP/1.1, and the next request on the same
# connection gets its own answer; a body held back for 100 Continue gets
# its answer at once; the page's files are named by their SHA-256, and curl
# keeps a copy by its ETag and gets 304 for it.
source "$(dirname "$0")/lib.sh"
need_command curl curl

start_server --http-port 0 --quiet
http_port=$(announced_http_port)
[ -n "$http_port" ] || fail "the server did not announce its HTTP port"
base="http://127.0.0.1:$http_port"

# Two URLs, one connection: curl says per transfer how many connections it
# opened (0 when it reused one), the status and the protocol it got.
curl --http2 -sS --max-time 10 -w '%{num_connects} %{http_code} %{http_version}\n' \
  -o "$work/search.json" "$base/search?q=cat+face" -o "$work/healthz.json" "$base/healthz" \
  >"$work/transfers" 2>"$work/curl.err" || fail "curl failed: $(cat "$work/curl.err")"
[ "$(cat "$work/transfers")" = $'1 200 1.1\n0 200 1.1' ] ||
  fail "curl's transfers: $(cat "$work/transfers") $(cat "$work/curl.err")"
[ "$(cat "$work/healthz.json")" = '{"status":"serving"}' ] || fail "/healthz got: $(cat "$work/healthz.json")"
names=$(grep -o '"name":"[^"]*"' "$work/search.json" | sed 's/^"name":"//; s/"$//')
[ -n "$names" ] && [ "$names" = "$("$program" search cat face | grep "^U+" | cut -f3)" ] ||
  fail "/search got: $(cat "$work/search.json")"

# CONNECT is refused with 405 and the methods a path takes; a request after
# it on the connection is answered.
exec 3<>"/dev/tcp/127.0.0.1/$http_port"
printf 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' >&3
responses=$(timeout 10 cat <&3)
exec 3<&-
[[ "$responses" == "HTTP/1.1 405 Method Not Allowed"$'\r\n'* ]] || fail "CONNECT got: $responses"
grep -q $'^Allow: GET, HEAD\r$' <<<"$responses" || fail "no Allow after CONNECT: $responses"
[ "$(grep -o 'HTTP/1.1 [0-9][0-9][0-9] ' <<<"$responses" | wc -l)" -eq 2 ] || fail "not two responses: $responses"
[[ "$responses" == *'{"status":"serving"}' ]] || fail "the request after CONNECT got: $responses"

# A body held back for 100 Continue: the final status comes at once, not
# after curl gives up waiting (here 5 s).
head -c 2000 /dev/zero | tr '\0' x >"$work/body"
curl -sS --max-time 20 --expect100-timeout 5 -H 'Expect: 100-continue' --data-binary @"$work/body" \
  -w '%{http_code} %{time_total}\n' -o /dev/null "$base/search?q=cat" >"$work/expect" 2>"$work/curl.err" ||
  fail "curl with a body failed: $(cat "$work/curl.err")"
read -r status seconds <"$work/expect"
[ "$status" = 405 ] || fail "a POST with Expect got $status"
awk -v s="$seconds" 'BEGIN { exit !(s < 4) }' || fail "the answer to Expect: 100-continue took $seconds s"

# The page links each of its files under a name holding the first 16 hex
# digits of its bytes' SHA-256, kept a year; curl's own If-None-Match with
# the tag it was given gets 304 and no body.
curl -sS --max-time 10 -o "$work/page.html" "$base/" || fail "GET / failed"
links=$(grep -o '"/static/[^"]*"' "$work/page.html" | tr -d '"')
[ "$(wc -l <<<"$links")" -eq 3 ] || fail "the page's links to its files: $links"
for link in $links; do
  curl -sS --max-time 10 -D "$work/static.head" -o "$work/static.body" "$base$link" || fail "GET $link failed"
  digest=$(sha256sum "$work/static.body" | cut -c1-16)
  [[ "$link" == *".$digest."* ]] || fail "$link is not named by its SHA-256 ($digest)"
  grep -qi $'^cache-control: public, max-age=31536000, immutable\r$' "$work/static.head" ||
    fail "$link is not kept for good: $(cat "$work/static.head")"
done
curl -sS --max-time 10 --etag-save "$work/etag" -o /dev/null "$base/search?q=cat+face" || fail "GET with --etag-save failed"
grep -q '^"[0-9a-f]\{16\}"$' "$work/etag" || fail "the ETag saved: $(cat "$work/etag")"
curl -sS --max-time 10 --etag-compare "$work/etag" -w '%{http_code} %{size_download}\n' -o /dev/null \
  "$base/search?q=cat+face" >"$work/revalidated" || fail "GET with --etag-compare failed"
[ "$(cat "$work/revalidated")" = "304 0" ] || fail "revalidating got: $(cat "$work/revalidated")"

stop_server
echo "PASS"
