"""Load run of the web API on localhost only (127.0.0.1), bounded in count and time.

Starts ``clauserules serve`` in a subprocess (so that the clients do not share the server's
interpreter lock) on a free port of 127.0.0.1, measures one client alone, then runs 20 concurrent
clients × 50 plan requests (the 7-lot example consultation) and 20 clients × 10 document
generations (ZIP of the three Word documents). Reports p50/p95 latency and errors. Targets:
0 errors; p95 of a 7-lot plan under 100 ms. Service calls run in the server's threadpool
(the library serialises the rule engine with a lock).

Run ``python benchmarks/bench_web.py [--clients 20] [--plans 50] [--documents 10]``.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 100.0
HOST = "127.0.0.1"  # never another address: this is a load run on this machine only


def _consultation() -> dict[str, Any]:
    from clauserules._files import load_document

    document = load_document(ROOT / "examples" / "consultation.yaml")
    loaded: dict[str, Any] = json.loads(json.dumps(document, default=str))
    return loaded


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _run(
    url: str, body: bytes, clients: int, requests: int, deadline: float
) -> tuple[list[float], int]:
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        with httpx.Client(timeout=60) as session:
            for _ in range(requests):
                if time.monotonic() > deadline:
                    with lock:
                        errors += 1
                    continue
                started = time.perf_counter()
                try:
                    response = session.post(
                        url, content=body, headers={"content-type": "application/json"}
                    )
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors += 1

    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    return latencies, errors


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--plans", type=int, default=50, help="plan requests per client")
    parser.add_argument("--documents", type=int, default=10, help="generations per client")
    parser.add_argument("--timeout", type=float, default=600, help="stop after this many seconds")
    args = parser.parse_args(argv)

    import httpx

    with tempfile.TemporaryDirectory(prefix="clauserules-bench-") as tmp:
        port = _free_port()
        command = [sys.executable, "-m", "clauserules.cli", "serve", "--host", HOST]
        command += ["--port", str(port), "--database", str(Path(tmp) / "web.sqlite3")]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        base = f"http://{HOST}:{port}"
        ready = time.monotonic() + 30
        while time.monotonic() < ready:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            server.terminate()
            print("   the server did not start")
            return 1
        body = json.dumps(_consultation()).encode("utf-8")
        deadline = time.monotonic() + args.timeout
        failed = False
        try:
            _run(f"{base}/v1/plan", body, 1, 3, deadline)  # warm-up: rule sets compiled
            alone, _ = _run(f"{base}/v1/plan", body, 1, 50, deadline)
            print(
                f"   plan (7 lots), one client alone: p50 {statistics.median(alone):.1f} ms, "
                f"p95 {_percentile(alone, 0.95):.1f} ms"
            )
            for name, route, per_client in (
                ("plan (7 lots)", "/v1/plan", args.plans),
                ("documents (ZIP)", "/v1/documents", args.documents),
            ):
                started = time.perf_counter()
                latencies, errors = _run(f"{base}{route}", body, args.clients, per_client, deadline)
                wall = time.perf_counter() - started
                p50 = statistics.median(latencies)
                p95 = _percentile(latencies, 0.95)
                print(
                    f"   {name:16} {args.clients} clients × {per_client}: "
                    f"{len(latencies)} requests in {wall:.1f} s ({len(latencies) / wall:.0f}/s), "
                    f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, errors {errors}"
                )
                failed = failed or errors > 0
                if route == "/v1/plan":
                    verdict = "met" if p95 <= TARGET_P95_MS else "NOT met"
                    print(f"   target p95 ≤ {TARGET_P95_MS:.0f} ms for the plan: {verdict}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
