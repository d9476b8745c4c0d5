# The systemd units in deploy/systemd pass systemd-analyze verify, and the
# program serves on the sockets systemd hands it (systemd-socket-activate
# does as systemd would): one unnamed socket for the line protocol, two
# named `line` and `http` whichever order they come in.
source "$(dirname "$0")/lib.sh"
need_command systemd-analyze systemd
need_command systemd-socket-activate systemd
units="$(dirname "$0")/../../deploy/systemd"

# verify checks that ExecStart's program exists: the built one stands in
# for the installed /usr/bin/mojifinder.
mkdir -p "$work/units"
cp "$units"/mojifinder.socket "$units"/mojifinder-http.socket "$work/units/"
sed "s|/usr/bin/mojifinder|$(realpath "$program")|" "$units/mojifinder.service" >"$work/units/mojifinder.service"
(cd "$work/units" && systemd-analyze verify --man=no ./mojifinder.socket ./mojifinder-http.socket \
   ./mojifinder.service) >"$work/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$work/verify.log")"
[ -s "$work/verify.log" ] && fail "systemd-analyze verify has something to say: $(cat "$work/verify.log")"

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

activated_pid=""
activate() {
  systemd-socket-activate "$@" -- "$program" serve --quiet --port 1 >"$work/activated.log" 2>&1 &
  activated_pid=$!
  sleep 0.3
}
deactivate() {
  kill -TERM "$activated_pid" 2>/dev/null || true
  wait "$activated_pid" 2>/dev/null || true
}

# The greeting, the answer with CR LF line ends, and the prompt after it.
expected="?> $("$program" search cat face | sed 's/$/\r/')"$'\n?> '

ask_line() {
  printf 'cat face\r\n' | timeout 10 nc -N 127.0.0.1 "$1" | tr -d '\0' || true
}
ask_http() {
  printf 'GET /search?q=cat+face HTTP/1.0\r\n\r\n' | timeout 10 nc -N 127.0.0.1 "$1" || true
}

# One socket, unnamed: the line protocol (--port 1 is not bound: the
# socket handed over is used instead).
port=$(free_port)
activate -l "127.0.0.1:$port"
answer=$(ask_line "$port")
[ "$answer" = "$expected" ] || fail "no answer on the socket handed over: '$answer' ($(cat "$work/activated.log"))"
deactivate

# Two, named: HTTP first, then the line protocol.
http_port=$(free_port)
line_port=$(free_port)
activate -l "127.0.0.1:$http_port" -l "127.0.0.1:$line_port" --fdname=http:line
[[ "$(ask_http "$http_port")" == "HTTP/1.1 200 OK"*'"name":"CAT FACE"'* ]] ||
  fail "no HTTP answer on the socket named http ($(cat "$work/activated.log"))"
[ "$(ask_line "$line_port")" = "$expected" ] ||
  fail "no line answer on the socket named line ($(cat "$work/activated.log"))"
grep -q "Serving HTTP on 127.0.0.1:$http_port " "$work/activated.log" || fail "the HTTP socket is not announced"
deactivate
echo "PASS: the units verify; the server serves on the sockets it is handed"
