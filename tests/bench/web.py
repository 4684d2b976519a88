"""Baselines of the web stack alone."""
from .orgs import REQUESTS, WARMUP
from .support import BenchError, Client, Server, latency, percentile


def _is_hello(body):
    if body != b"hello":
        raise BenchError(f"hello answered {body[:100]!r}")


def bench_hello(ctx):
    """p95 of a bare Pyramid "hello" view, served by waitress and asked the same way as the pages."""
    with Server("hello") as server:
        client = Client(server.port)
        try:
            samples = latency(client, "/", REQUESTS, WARMUP, _is_hello)
        finally:
            client.close()
    return {"hello_p95_ms": percentile(samples, 95), "hello_p50_ms": percentile(samples, 50)}
