#!/usr/bin/env python3
"""What clients that ask a costly question and leave at once cost a server.

Each of --clients connections reads the prompt, sends a few lines to the
line port (by default a language, relevance order and `t*`), and once the
lines before the last are answered closes without reading: the replies
it leaves unread make its kernel reset the connection while the last
line's answer is being searched. A server that goes on searching for them after they have
gone spends CPU for nobody; one that notices stops.

Prints one JSON object: the server's CPU seconds (user and system, from
/proc) while the clients came and went, and in the --after seconds after
the last had gone. Every client is on loopback; every wait is bounded.
"""
import argparse
import json
import os
import socket
import time

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # utime and stime, the 14th and 15th fields of the whole line.
    return (int(fields[11]) + int(fields[12])) / TICKS


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True, help="the server's process, for its CPU time")
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--lines", default="/lang is\\r\\n/order relevance\\r\\nt*\\r\\n",
                        help="what each client sends, with \\r\\n escapes")
    parser.add_argument("--after", type=float, default=5.0, help="seconds to watch once all have gone")
    args = parser.parse_args()
    lines = args.lines.encode().decode("unicode_escape").encode("latin-1")

    before = cpu_seconds(args.pid)
    started = time.monotonic()
    failed = 0
    for _ in range(args.clients):
        try:
            with socket.create_connection(("127.0.0.1", args.port), timeout=10) as client:
                # The prompt first, as a person's client waits for it: the
                # server has then taken the connection, and reads the lines.
                client.recv(3)
                client.sendall(lines)
                # Gone once the lines before the last are answered, the
                # answers left unread: the last one's search is under way.
                wanted = lines.count(b"\n") - 1
                while client.recv(65536, socket.MSG_PEEK).count(b"?> ") < wanted:
                    time.sleep(0.0002)
        except OSError:
            failed += 1
    gone = cpu_seconds(args.pid)
    came_and_went = time.monotonic() - started
    time.sleep(args.after)
    after = cpu_seconds(args.pid)
    print(json.dumps({
        "clients": args.clients,
        "failed": failed,
        "seconds_to_come_and_go": round(came_and_went, 3),
        "cpu_s_while_coming": round(gone - before, 3),
        "cpu_s_after_gone": round(after - gone, 3),
        "after_s": args.after,
    }))


if __name__ == "__main__":
    main()
