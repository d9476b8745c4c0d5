"""Restarts that lose nothing: clients connect in a loop, each asking one
query on a new connection, while the server is replaced by a new one.

Usage: handover.py PROGRAM

1. Sockets handed over, as systemd does (socket activation): this script
   holds the listening socket, as systemd would, and starts the old server
   and then the new one with it (LISTEN_FDS). Connections that come while
   neither accepts wait in the socket's backlog.
2. --reuse-port: the new server binds the same port beside the old one,
   then the old one gets SIGTERM. Linux moves the connections queued on the
   old listener to the new one only with net.ipv4.tcp_migrate_req=1, which
   this script sets for the run (as root; skipped otherwise) and restores.

Every query must be answered whole: none refused, reset or cut short.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


PROGRAM = sys.argv[1] if len(sys.argv) == 2 else fail("usage: handover.py PROGRAM")
EXPECTED = ("?> " + subprocess.run([PROGRAM, "search", "cat", "face"], capture_output=True, text=True, check=True)
            .stdout.replace("\n", "\r\n") + "?> ").encode()


class Clients:
    """Clients that each connect, ask `cat face`, read the answer and close,
    one after another on a few threads, until stopped."""

    def __init__(self, port, threads=4):
        self.port, self.answered, self.failed, self.errors = port, 0, 0, []
        self.running = True
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.loop) for _ in range(threads)]
        for thread in self.threads:
            thread.start()

    def one(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(b"cat face\r\n")
            s.shutdown(socket.SHUT_WR)
            received = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                received += chunk
        if received != EXPECTED:
            raise RuntimeError(f"answer {received[:80]!r}... of {len(received)} bytes")

    def loop(self):
        while self.running:
            try:
                self.one()
                with self.lock:
                    self.answered += 1
            except Exception as error:  # refused, reset, timed out, cut short
                with self.lock:
                    self.failed += 1
                    self.errors.append(repr(error))

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()


def wait_for_announcement(process):
    line = ""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("Serving on "):
            return line
    fail("the server did not announce itself: " + line)


def with_socket(listener):
    """A server given `listener` as systemd would: descriptor 3, LISTEN_FDS."""
    os.set_inheritable(listener.fileno(), True)
    return subprocess.Popen(
        ["/bin/sh", "-c", f'exec 3<&{listener.fileno()}; LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" serve --quiet',
         PROGRAM], pass_fds=(listener.fileno(),), stdout=subprocess.PIPE, text=True)


def stop(process):
    process.send_signal(signal.SIGTERM)
    if process.wait(timeout=30) != 0:
        fail(f"a server exited with status {process.returncode}")


def handed_over():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    port = listener.getsockname()[1]
    old = with_socket(listener)
    wait_for_announcement(old)
    clients = Clients(port)
    time.sleep(1)
    stop(old)          # its answers in flight complete; new connections wait in the backlog
    new = with_socket(listener)
    wait_for_announcement(new)
    time.sleep(1)
    clients.stop()
    stop(new)
    listener.close()
    return clients


def reuse_port():
    setting = "/proc/sys/net/ipv4/tcp_migrate_req"
    try:
        with open(setting) as f:
            before = f.read().strip()
        with open(setting, "w") as f:
            f.write("1")
    except OSError as error:
        print(f"SKIP part 2: cannot set {setting} ({error})")
        return None
    try:
        old = subprocess.Popen([PROGRAM, "serve", "--quiet", "--reuse-port", "--port", "0"],
                               stdout=subprocess.PIPE, text=True)
        port = int(re.search(r":(\d+)\.", wait_for_announcement(old)).group(1))
        clients = Clients(port)
        time.sleep(1)
        new = subprocess.Popen([PROGRAM, "serve", "--quiet", "--reuse-port", "--port", str(port)],
                               stdout=subprocess.PIPE, text=True)
        wait_for_announcement(new)
        time.sleep(0.5)
        stop(old)
        time.sleep(1)
        clients.stop()
        stop(new)
        return clients
    finally:
        with open(setting, "w") as f:
            f.write(before)


def main():
    for name, run in (("sockets handed over (systemd)", handed_over), ("--reuse-port", reuse_port)):
        clients = run()
        if clients is None:
            continue
        print(f"{name}: {clients.answered} queries answered across the handover, {clients.failed} failed")
        if clients.answered < 100:
            fail(f"{name}: too few queries to prove anything")
        if clients.failed:
            fail(f"{name}: {clients.failed} failed: {clients.errors[:5]}")
    print("PASS: no query lost across a restart")


main()
