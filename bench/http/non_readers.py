#!/usr/bin/env python3
"""What HTTP clients that ask and never read do to a server, two ways.

latency: while 300 clients that accept gzip and 1,000 that do not each ask
  for `/search?q=cjk` (about 5 MB) and read nothing, a new connection's
  `GET /healthz`, as a balancer's health check makes it, again and again:
  how long from connect() to the whole answer.
memory: 1,000 clients pipeline a request again and again and read nothing
  (an HTTP request, or a line to the line port);
  the server's anonymous memory before, at its peak, and 3 s after every
  client has closed.

Prints one JSON object. Every client is on loopback; every wait is bounded.
"""
import argparse
import json
import resource
import socket
import statistics
import time


def anon_rss(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return 0


def connect(port):
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.settimeout(10)
    client.connect(("127.0.0.1", port))
    return client


def health_check(port):
    """Milliseconds from connect() to the end of /healthz's answer."""
    start = time.perf_counter()
    with connect(port) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        answer = b""
        while True:
            chunk = client.recv(4096)
            if not chunk:
                break
            answer += chunk
    if not answer.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"/healthz answered {answer[:40]!r}")
    return (time.perf_counter() - start) * 1000


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency(args):
    gzip_request = b"GET /search?q=cjk HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: gzip\r\n\r\n"
    plain_request = b"GET /search?q=cjk HTTP/1.1\r\nHost: bench\r\n\r\n"
    stalled = []
    while_connecting = []
    kinds = [gzip_request] * args.gzip + [plain_request] * args.plain
    for i, request in enumerate(kinds):
        client = connect(args.port)
        client.sendall(request)
        stalled.append(client)
        if i % 50 == 49:
            while_connecting.append(health_check(args.port))
    time.sleep(0.5)
    connected = []
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline and len(connected) < args.checks:
        connected.append(health_check(args.port))
        time.sleep(0.01)
    for client in stalled:
        client.close()
    every = while_connecting + connected
    return {
        "non_readers": {"gzip": args.gzip, "plain": args.plain},
        "checks": len(every),
        "healthz_ms": {
            "p50": round(statistics.median(every), 2),
            "p99": round(percentile(every, 0.99), 2),
            "max": round(max(every), 2),
            "p99_while_connecting": round(percentile(while_connecting, 0.99), 2) if while_connecting else None,
            "p99_connected": round(percentile(connected, 0.99), 2) if connected else None,
        },
    }


def settle(pid, seconds):
    """The peak of anonymous memory until it has stopped growing."""
    peak = anon_rss(pid)
    still = 0
    deadline = time.monotonic() + seconds
    while still < 5 and time.monotonic() < deadline:
        time.sleep(0.1)
        now = anon_rss(pid)
        still = still + 1 if now <= peak else 0
        peak = max(peak, now)
    return peak


def memory(args):
    request = args.request.encode().decode("unicode_escape").encode("latin-1")
    burst = request * max(1, (64 * 1024) // len(request))
    before = anon_rss(args.pid)
    clients = []
    for _ in range(args.clients):
        client = connect(args.port)
        client.setblocking(False)
        clients.append(client)
    # Each sends as much as the kernel takes without waiting, once.
    for client in clients:
        try:
            client.send(burst)
        except BlockingIOError:
            pass
    peak = settle(args.pid, args.seconds)
    for client in clients:
        client.close()
    time.sleep(3)
    return {
        "clients": args.clients,
        "request": args.request,
        "anon_rss_before_bytes": before,
        "anon_rss_peak_bytes": peak,
        "anon_rss_after_bytes": anon_rss(args.pid),
        "bytes_per_client": round((peak - before) / args.clients),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["latency", "memory"])
    parser.add_argument("--port", type=int, required=True, help="the server's port: HTTP's for latency; either for memory")
    parser.add_argument("--pid", type=int, help="the server's process (memory)")
    parser.add_argument("--gzip", type=int, default=300, help="latency: non-readers that accept gzip")
    parser.add_argument("--plain", type=int, default=1000, help="latency: non-readers that do not")
    parser.add_argument("--checks", type=int, default=300, help="latency: health checks after they connected")
    parser.add_argument("--clients", type=int, default=1000, help="memory: pipelining non-readers")
    parser.add_argument("--request", default=r"GET /?q=cat HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: gzip\r\n\r\n",
                        help="memory: what each pipelines (\\r\\n escapes)")
    parser.add_argument("--seconds", type=float, default=20, help="a bound on each phase")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(json.dumps(latency(args) if args.mode == "latency" else memory(args)))


if __name__ == "__main__":
    main()
