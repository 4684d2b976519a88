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
"""
import json
import sys
import time

from tests.bench.support import Client


def run(plan):
    """Ask ``plan``'s requests in order; ``{"seconds", "cpu_s", "count"}``, or ``{"failed": ...}``."""
    clients = []
    for profile in plan["profiles"]:
        client = Client(plan["port"])
        # NB: kept as the client's cookies, so that one the server renews replaces its old value, as in a browser.
        client.cookies = dict(part.split("=", 1) for part in profile["Cookie"].split("; "))
        clients.append(client)
    try:
        cpu, start = time.process_time(), time.perf_counter()
        for method, path, body, profile in plan["requests"]:
            headers = {k: v for k, v in plan["profiles"][profile].items() if k != "Cookie"}
            data = None
            if body is not None:
                headers["Content-Type"] = "application/json"
                data = json.dumps(body)
            status, _, answer, _ = clients[profile].request(method, path, body=data, headers=headers)
            if status != 200:
                return {"failed": f"{method} {path} answered {status}: {answer[:300]!r}"}
        return {"seconds": time.perf_counter() - start, "cpu_s": time.process_time() - cpu,
                "count": len(plan["requests"])}
    finally:
        for client in clients:
            client.close()


def main():
    out = run(json.load(sys.stdin))
    print(json.dumps(out))
    return 1 if "failed" in out else 0


if __name__ == "__main__":
    sys.exit(main())
