"""The built server with its HTTP port on a free port, for the Python
end-to-end tests."""

import re
import subprocess


def start_http_server(program, *options):
    """Starts `program serve` on free ports with `options`; returns the
    process and its HTTP port, or raises when it does not announce one."""
    server = subprocess.Popen([program, "serve", "--port", "0", "--http-port", "0", "--quiet", *options],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = server.stdout.readline()
    found = re.match(r"Serving HTTP on 127\.0\.0\.1:(\d+) ", line)
    if not found:
        server.kill()
        raise RuntimeError("the server did not announce its HTTP port: " + line)
    return server, int(found.group(1))
