"""The OpenAPI description is the API: every path, method and status the
served /openapi.json documents is asked of live servers, and each answer
must have that status, only headers the document names for it (beside
Content-Type, Content-Length and Connection), header values and a body its
schemas take. Every example in the document must fit its own schema.

Usage: openapi.py PROGRAM

Three servers: one for most statuses (a short --request-timeout for 408),
one that takes a single connection (503) and one that takes a single
connection from an address (429).
"""

import gzip
import json
import re
import socket
import sys
import time

from http_server import start_http_server

try:
    import jsonschema
except ImportError:
    print("SKIP: Debian's python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(77)


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


PROGRAM = sys.argv[1] if len(sys.argv) == 2 else fail("usage: openapi.py PROGRAM")
METHODS = ("get", "head")
# What the document need not name: how the body is framed and the
# connection's own fate (RFC 9110 7.6.1).
FRAMING = {"content-type", "content-length", "transfer-encoding", "connection"}


def start_server(*options):
    try:
        return start_http_server(PROGRAM, *options)
    except RuntimeError as error:
        fail(str(error))


class Answer:
    def __init__(self, raw, method):
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        found = re.match(r"HTTP/1\.1 (\d{3}) ", lines[0] + " ")
        if not found:
            raise ValueError("not an HTTP/1.1 status line: %r" % raw[:80])
        self.status = int(found.group(1))
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers.setdefault(name.strip().lower(), []).append(value.strip())
        length = int(self.headers.get("content-length", ["0"])[0])
        self.body = b"" if method == "HEAD" or self.status == 304 else body[:length]
        if self.headers.get("content-encoding") == ["gzip"] and self.body:
            self.body = gzip.decompress(self.body)


def exchange(port, request, method, pause=0.0):
    """Sends `request`, waits `pause` seconds before reading, and reads one
    answer: its head, then Content-Length bytes of body (none for HEAD and
    304), or to the close."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        time.sleep(pause)
        raw = b""
        while b"\r\n\r\n" not in raw:
            chunk = s.recv(65536)
            if not chunk:
                break
            raw += chunk
        head = raw.partition(b"\r\n\r\n")[0].decode("latin-1").lower()
        length = re.search(r"\r\ncontent-length: *(\d+)", head)
        if method != "HEAD" and " 304 " not in head.split("\r\n")[0] + " " and length:
            while len(raw.partition(b"\r\n\r\n")[2]) < int(length.group(1)):
                chunk = s.recv(65536)
                if not chunk:
                    break
                raw += chunk
    return Answer(raw, method)


def held_connection(port):
    """A connection that holds a slot: it sent part of a request."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /healthz HTTP/1.1\r\n")
    time.sleep(0.2)
    return s


def request(method, target, headers=(), body=b"", host=True):
    lines = [f"{method} {target} HTTP/1.1"] + (["Host: t"] if host else []) + list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Document:
    def __init__(self, doc):
        self.doc = doc

    def resolve(self, node):
        """`node` with every $ref replaced by what it points at."""
        if isinstance(node, dict):
            if "$ref" in node:
                target = self.doc
                for part in node["$ref"].removeprefix("#/").split("/"):
                    target = target[part]
                return self.resolve(target)
            return {key: self.resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self.resolve(value) for value in node]
        return node

    def check(self, instance, schema, where):
        try:
            jsonschema.Draft202012Validator(self.resolve(schema)).validate(instance)
        except jsonschema.ValidationError as error:
            fail(f"{where}: {error.message}")

    def examples(self):
        """Every example beside its schema, with where it is."""
        def walk(node, where):
            if isinstance(node, dict):
                node = self.resolve(node)
                if "example" in node and "schema" in node:
                    yield node["example"], node["schema"], where
                for key, value in node.items():
                    yield from walk(value, where + "/" + str(key))
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    yield from walk(value, f"{where}/{i}")
        yield from walk(self.doc["paths"], "#/paths")


def filled_target(doc, path, item, parameter_values=None):
    """The path with its path parameters' examples, and every query
    parameter's example."""
    parameters = [doc.resolve(p) for p in item.get("parameters", [])]
    values = {p["name"]: p["example"] for p in parameters}
    values.update(parameter_values or {})
    target = path
    for p in parameters:
        if p["in"] == "path":
            target = target.replace("{" + p["name"] + "}", str(values[p["name"]]))
    query = [f"{p['name']}={values[p['name']]}".replace(" ", "%20") for p in parameters if p["in"] == "query"]
    return target + ("?" + "&".join(query) if query else "")


def recipes(doc, path, item, method, status):
    """The requests that should get `status`: (server, request, pause)."""
    m = method.upper()
    target = filled_target(doc, path, item)
    gzip_ok = ["Accept-Encoding: gzip"]
    if status == 200:
        return [("main", request(m, target), 0), ("main", request(m, target, gzip_ok), 0)]
    if status == 304:
        tag = exchange(PORTS["main"], request(m, target, gzip_ok), m).headers["etag"][0]
        return [("main", request(m, target, gzip_ok + ["If-None-Match: " + tag]), 0)]
    if status == 400:
        out = [("main", request(m, target, host=False), 0)]
        if "{" not in path and any(doc.resolve(p)["name"] == "q" for p in item.get("parameters", [])):
            for q in ("U%2B2603..U%2B2600", "%ZZ"):
                for headers in ([], gzip_ok):
                    out.append(("main", request(m, filled_target(doc, path, item, {"q": q}), headers), 0))
        return out
    if status == 404:
        # A file not served: a served name with a wrong digest, or an unknown name.
        served = target.split("?")[0].rsplit("/", 1)[-1]
        wrong = re.sub(r"[0-9a-f]{16}", "0" * 16, served)
        return [("main", request(m, filled_target(doc, path, item, {"file": wrong if wrong != served else "nothing.js"})), 0)]
    if status == 405:
        return [("main", request("POST", target, ["Content-Length: 0"]), 0), ("main", request("DELETE", target), 0)]
    if status == 408:
        return [("main", request(m, target)[:-2], 1.0)]
    if status == 413:
        return [("main", request(m, target, ["Content-Length: 70000"], b"x" * 70000), 0)]
    if status == 414:
        return [("main", request(m, target + ("&" if "?" in target else "?") + "x=" + "a" * 9000), 0)]
    if status == 422:
        if path == "/search":
            targets = ["/search", "/search?q=cat&offset=-1", "/search?q=cat&lang=xx-nowhere", "/search?q=cat&limit=0",
                       "/search?q=cat&order=best"]
        else:
            targets = [path + "?offset=abc"]
        return [("main", request(m, t, headers), 0) for t in targets for headers in ([], gzip_ok)]
    if status == 429:
        return [("per_address", request(m, target), 0)]
    if status == 431:
        return [("main", request(m, target, [f"X-{i}: y" for i in range(101)]), 0)]
    if status == 503:
        return [("busy", request(m, target), 0)]
    if status == 505:
        return [("main", request(m, target).replace(b"HTTP/1.1", b"HTTP/2.0", 1), 0)]
    fail(f"{m} {path}: no request known to get {status}; add one to this test")


def check_answer(doc, where, method, answer, documented):
    documented = doc.resolve(documented)
    named = {name.lower(): spec for name, spec in documented.get("headers", {}).items()}
    for name, values in answer.headers.items():
        if name in FRAMING:
            continue
        if name not in named:
            fail(f"{where}: the server sends {name}, which the document does not name")
        schema = named[name]["schema"]
        for value in values:
            doc.check(int(value) if schema.get("type") == "integer" else value, schema, f"{where}: header {name}")
    if method == "HEAD" or answer.status == 304:
        return
    content = documented.get("content", {})
    if not content:
        if answer.body:
            fail(f"{where}: a body the document does not describe")
        return
    media = answer.headers.get("content-type", [""])[0].split(";")[0].strip()
    if media not in content:
        fail(f"{where}: Content-Type {media!r}, the document has {sorted(content)}")
    if media == "application/json":
        try:
            body = json.loads(answer.body)
        except ValueError:
            fail(f"{where}: a body that is not JSON: {answer.body[:80]!r}")
        doc.check(body, content[media]["schema"], where)
    elif not answer.body:
        fail(f"{where}: an empty body")


def main():
    servers = {"main": start_server("--request-timeout", "0.5"),
               "busy": start_server("--max-connections", "1", "--request-timeout", "0"),
               "per_address": start_server("--max-connections-per-ip", "1", "--request-timeout", "0")}
    global PORTS
    PORTS = {name: port for name, (_, port) in servers.items()}
    held = [held_connection(PORTS["busy"]), held_connection(PORTS["per_address"])]
    try:
        raw = exchange(PORTS["main"], request("GET", "/openapi.json"), "GET")
        doc = Document(json.loads(raw.body))
        examples = 0
        for example, schema, where in doc.examples():
            doc.check(example, schema, where + ": its example")
            examples += 1
        asked = 0
        for path, item in doc.doc["paths"].items():
            for method in METHODS:
                if method not in item:
                    fail(f"{path}: no {method}; every path takes GET and HEAD")
                for status, documented in item[method]["responses"].items():
                    for server, raw_request, pause in recipes(doc, path, item, method, int(status)):
                        where = f"{method.upper()} {path} {status} ({raw_request[:60]!r})"
                        answer = exchange(PORTS[server], raw_request, method.upper(), pause)
                        if answer.status != int(status):
                            fail(f"{where}: answered {answer.status}")
                        check_answer(doc, where, method.upper(), answer, documented)
                        asked += 1
            for method in ("post", "put", "delete", "patch", "options", "trace"):
                if method in item:
                    fail(f"{path}: {method} documented, but only GET and HEAD are served")
        # OPTIONS * asks of the server as a whole, which no path names: the
        # document says it at its root.
        documented = doc.doc.get("x-options-asterisk", {}).get("responses", {})
        if not documented:
            fail("OPTIONS * is answered, and the document's x-options-asterisk does not say how")
        for status, response in documented.items():
            answer = exchange(PORTS["main"], request("OPTIONS", "*"), "OPTIONS")
            if answer.status != int(status):
                fail(f"OPTIONS * answered {answer.status}, documented {status}")
            check_answer(doc, "OPTIONS *", "OPTIONS", answer, response)
            asked += 1
        # An API that takes no credentials says so, for tools that check.
        if doc.doc.get("security") != []:
            fail("the document does not say at its root that the API needs no credentials (security: [])")
        # What the page links to is served, so it is documented too.
        page = exchange(PORTS["main"], request("GET", "/?q=cat"), "GET").body.decode()
        templates = [re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$") for path in doc.doc["paths"]]
        links = {link.split("?")[0] for link in re.findall(r'(?:href|src|action)="(/[^"]*)"', page)}
        for link in links:
            if not any(template.match(link) for template in templates):
                fail(f"the page links to {link}, which the document does not describe")
        print(f"{len(doc.doc['paths'])} paths, {asked} requests answered as documented, "
              f"{examples} examples where they are used fit their schemas, {len(links)} paths the page links to described")
    finally:
        for s in held:
            s.close()
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=10)


main()
