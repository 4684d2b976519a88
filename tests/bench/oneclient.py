"""One client asking one request after the other: ``python -m tests.bench.oneclient < plan.json``.

The write path's client (``tests.bench.writepath``), in a process of its own
so that it never takes the interpreter lock from the server it measures (a
server in a thread of the benchmark's process).

The plan (JSON on stdin)::

    {"port": 6543, "profiles": [{"Cookie": "...", "X-CSRF-Token": "..."}, ...],
     "requests": [[method, path, json body or null, profile], ...]}

Each profile has a keep-alive connection of its own (a person's browser).
Prints one JSON object: ``seconds`` (wall, from the first request to the
last answer), ``cpu_s`` (this client's), ``count``; exits 1 with the first
answer that is not 200 on stderr.

NB: a blocking socket and a few lines of parsing rather than ``http.client``:
its header parsing (``email.parser``) and the cookie jar took 0.26 ms of
this client's CPU a request, added to every answer's wait, where a browser's
own share is negligible. This one takes about a fifth of that
(``..._http_client_cpu_ms`` reports it).
"""
import json
import socket
import sys
import time

HOST = "127.0.0.1"


class Connection:
    """One keep-alive HTTP/1.1 connection on a blocking socket, keeping the cookies the server sets."""

    def __init__(self, port, cookies):
        self.sock = socket.create_connection((HOST, port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.host = f"{HOST}:{port}"
        self.cookies = cookies
        self.buffer = b""

    def close(self):
        """Close the socket."""
        self.sock.close()

    def request(self, method, path, headers, body=b""):
        """``(status, body bytes)`` of one request, the whole answer read."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}", f"Content-Length: {len(body)}",
                 "Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items())]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = self._until(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        fields = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._keep_cookie(value)
            fields[name] = value
        if "content-length" not in fields:
            raise ValueError(f"{method} {path}: an answer without Content-Length")
        return int(status_line.split(" ", 2)[1]), self._exactly(int(fields["content-length"]))

    def _keep_cookie(self, value):
        # NB: as a browser does: a cookie renewed replaces the old value, an expired one goes.
        pair, *attributes = value.split(";")
        name, _, cookie = pair.strip().partition("=")
        if cookie and not any(a.strip().lower() == "max-age=0" for a in attributes):
            self.cookies[name] = cookie
        else:
            self.cookies.pop(name, None)

    def _until(self, mark):
        while mark not in self.buffer:
            self._receive()
        head, self.buffer = self.buffer.split(mark, 1)
        return head

    def _exactly(self, size):
        while len(self.buffer) < size:
            self._receive()
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out

    def _receive(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk


def run(plan):
    """Ask ``plan``'s requests in order; ``{"seconds", "cpu_s", "count"}``, or ``{"failed": ...}``."""
    connections = [Connection(plan["port"], dict(part.split("=", 1) for part in profile["Cookie"].split("; ")))
                   for profile in plan["profiles"]]
    headers = [{k: v for k, v in profile.items() if k != "Cookie"} for profile in plan["profiles"]]
    try:
        cpu, start = time.process_time(), time.perf_counter()
        for method, path, body, profile in plan["requests"]:
            asked = dict(headers[profile])
            data = b""
            if body is not None:
                asked["Content-Type"] = "application/json"
                data = json.dumps(body).encode("utf-8")
            status, answer = connections[profile].request(method, path, asked, data)
            if status != 200:
                return {"failed": f"{method} {path} answered {status}: {answer[:300]!r}"}
        return {"seconds": time.perf_counter() - start, "cpu_s": time.process_time() - cpu,
                "count": len(plan["requests"])}
    finally:
        for connection in connections:
            connection.close()


def main():
    out = run(json.load(sys.stdin))
    print(json.dumps(out))
    return 1 if "failed" in out else 0


if __name__ == "__main__":
    sys.exit(main())
