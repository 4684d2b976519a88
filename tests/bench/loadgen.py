"""A small HTTP load generator for the benchmarks: ``python -m tests.bench.loadgen < plan.json``.

Virtual users, each on a keep-alive connection of its own to 127.0.0.1,
asking as fast as answers come (a closed loop: a user waits for its answer
before asking again), for a bounded time. asyncio on raw sockets: one
process keeps up with thousands of answers a second, where threads with
``http.client`` spent more of the machine than the server they measured.

The plan (JSON on stdin)::

    {"port": 6543, "ports": [6543, 6544] (optional: users spread over several servers), "users": 32, "seconds": 20, "warmup": 3, "write_share": 0.05, "seed": 1,
     "profiles": [{"headers": {"Cookie": "...", "X-CSRF-Token": "..."}}, ...],
     "reads": [[weight, kind, method, path, profile], ...],
     "writes": [[[kind, method, path, body, profile], ...], ...]}

User ``i`` reads with a random pick of ``reads`` (by weight) in the profile
given there (``-1``: the user's own, ``i % len(profiles)``); with probability
``write_share`` it takes instead the next step of its own cycle of writes,
``writes[i % len(writes)]`` (its own documents: no two users write one).
Prints one JSON object: per kind, the latencies (ms) of the answers after
the warm-up, their statuses, and the errors (status >= 400, or no answer).
"""
import asyncio
import json
import random
import sys
import time

HOST = "127.0.0.1"


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closed it."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def _open(self):
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port)

    def close(self):
        """Close the socket, if open."""
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def request(self, method, path, headers, body=None):
        """``(status, body length)`` of one request; the whole answer read."""
        for attempt in (0, 1):
            if self.writer is None:
                await self._open()
            data = body.encode("utf-8") if isinstance(body, str) else (body or b"")
            lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", "Accept-Encoding: gzip",
                     "Connection: keep-alive", f"Content-Length: {len(data)}"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            try:
                self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data)
                return await self._answer(method)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise ConnectionError("unreachable")

    async def _answer(self, method):
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        size = 0
        if method == "HEAD" or status in (204, 304):
            pass
        elif "content-length" in headers:
            size = int(headers["content-length"])
            await self.reader.readexactly(size)
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                chunk = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(chunk + 2)
                size += chunk
                if chunk == 0:
                    break
        else:
            size = len(await self.reader.read())
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, size


async def _user(n, plan, stats, start, stop_at):
    rng = random.Random(plan.get("seed", 1) * 10007 + n)
    profiles, reads = plan["profiles"], plan["reads"]
    weights = [r[0] for r in reads]
    writes = plan.get("writes") or []
    cycle = writes[n % len(writes)] if writes else []
    step = 0
    # NB: a small balancer: with several servers (``ports``), the users' connections are spread round robin.
    ports = plan.get("ports") or [plan["port"]]
    conn = Connection(ports[n % len(ports)])
    warm_until = start + plan.get("warmup", 0)
    try:
        while time.perf_counter() < stop_at:
            if cycle and rng.random() < plan.get("write_share", 0):
                kind, method, path, body, profile = cycle[step % len(cycle)]
                step += 1
            else:
                _, kind, method, path, profile = rng.choices(reads, weights)[0]
                body = None
            headers = dict(profiles[n % len(profiles) if profile < 0 else profile]["headers"]) if profiles else {}
            if body is not None:
                headers["Content-Type"] = "application/json"
                body = json.dumps(body)
            began = time.perf_counter()
            try:
                status, _ = await conn.request(method, path, headers, body)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                status = f"error: {type(exc).__name__}"
                conn.close()
            ended = time.perf_counter()
            if began < warm_until:
                continue
            got = stats.setdefault(kind, {"ms": [], "statuses": {}, "errors": 0})
            got["ms"].append((ended - began) * 1000)
            got["statuses"][str(status)] = got["statuses"].get(str(status), 0) + 1
            if not isinstance(status, int) or status >= 400:
                got["errors"] += 1
                if len(got.setdefault("failed", [])) < 5:
                    got["failed"].append(f"{method} {path}: {status}")
    finally:
        conn.close()


async def run(plan):
    """Run the plan; ``{"seconds": measured seconds, "kinds": {kind: stats}}``."""
    stats = {}
    start = time.perf_counter()
    stop_at = start + plan.get("warmup", 0) + plan["seconds"]
    await asyncio.gather(*(_user(n, plan, stats, start, stop_at) for n in range(plan["users"])))
    return {"seconds": plan["seconds"], "kinds": stats}


def main():
    plan = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(plan))))


if __name__ == "__main__":
    main()
