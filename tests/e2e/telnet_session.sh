#!/usr/bin/env bash
# A person at telnet: queries typed at the prompt, then Ctrl-C, which telnet
# sends as IAC IP IAC DO TIMING-MARK and the server answers by closing.
# (The terminal turns each LF into CR LF on the way to the screen, hence
# the \r+ in the patterns; the bytes themselves are checked by nc_session.)
source "$(dirname "$0")/lib.sh"
need_command telnet telnet
need_command expect expect
start_server

cat >"$work/session.exp" <<EXP
set timeout 10
log_user 0
spawn telnet 127.0.0.1 $port
expect {
  "?> " {}
  timeout { puts "no prompt"; exit 1 }
}
send "cat face\r"
expect {
  -re "U\\\\+1F431\t\[^\t]+\tCAT FACE\r+\n.*WEARY CAT FACE\r+\n\[^ ]+ 10 found\r+\n\\\\?> " {}
  timeout { puts "no answer to cat face"; exit 1 }
}
send "\r"
expect {
  -re "^\r+\n\\\\?> " {}
  timeout { puts "no prompt after an empty line"; exit 1 }
}
send "brillig\r"
expect {
  -re " 0 found\r+\n\\\\?> " {}
  timeout { puts "no answer to brillig"; exit 1 }
}
send "\x03"
expect {
  "Connection closed by foreign host." {}
  timeout { puts "Ctrl-C did not close the connection"; exit 1 }
}
exit 0
EXP
LC_ALL=C.UTF-8 expect "$work/session.exp" || fail "the telnet session went wrong"
# The log is written by its own thread: the Close line may follow telnet's
# own message. Once the server has stopped, the log is whole.
stop_server INT
grep -q "^ From 127.0.0.1:[0-9]*: 'cat face'$" "$work/server.log" || fail "the query was not logged"
grep -q "^Close 127.0.0.1:[0-9]*\.$" "$work/server.log" || fail "the close was not logged"
echo "telnet session: OK"
