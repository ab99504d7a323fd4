"""``brandguard serve`` under load: requests/s and latency at 1, 16 and 64 concurrent clients.

Starts the service as a user would (``python -m brandguard.service``, the same command as
``brandguard serve``) on 127.0.0.1 with an ephemeral port and a bearer token, then for each
level of concurrency runs that many httpx async clients (one connection each, keep-alive),
each posting ``POST /v1/check`` with posts from the default eval dataset (each made unique, each
with its own id) until ``--requests`` have been answered or ``--duration`` seconds have passed.
Every answer must be a 200 whose record carries the id of its request and a decision.

Reports, per level: requests/s, p50 / p99 latency, errors (non-200, transport errors, a record
for another id) and lost requests (sent, never answered). Exits 1 on any error or lost request
(there is no throughput target: the engine's own speed is bench_rules.py's).

    python benchmarks/bench_service.py [--requests 1000] [--duration 20] [--levels 1,16,64]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dataset_posts import dataset_posts

ROOT = Path(__file__).resolve().parent.parent
EXTRA = os.environ.get("BENCH_SERVE_ARGS", "").split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int, token: str, policy: str | None) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "brandguard.service", "--host", "127.0.0.1", "--port", str(port),
           "--no-access-log", "--log-level", "warning", "--reload-interval", "0", "--no-judges", *EXTRA]  # fmt: skip
    if policy:
        cmd += ["--policy", policy]
    proc = subprocess.Popen(cmd, env={**os.environ, "BRANDGUARD_TOKEN": token})
    deadline = time.monotonic() + 30
    with httpx.Client(timeout=2) as c:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the service exited {proc.returncode} before it came up")
            try:
                if c.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    return proc
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("the service did not come up within 30 s")
            time.sleep(0.1)


async def level(base: str, token: str, clients: int, total: int, duration: float,
                pool: list[dict]) -> dict:  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    next_i = 0
    sent = answered = errors = 0
    latencies: list[float] = []
    samples: list[str] = []
    deadline = time.monotonic() + duration

    async def one_client(n: int) -> None:
        nonlocal next_i, sent, answered, errors
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as ac:
            while next_i < total and time.monotonic() < deadline:
                i = next_i
                next_i += 1
                post = {**pool[i % len(pool)], "id": f"L{clients}-{i}"}
                post["text"] = f"{post['text']} ({i})"
                sent += 1
                t = time.perf_counter()
                try:
                    r = await ac.post("/v1/check", json=post)
                except httpx.HTTPError as exc:
                    errors += 1
                    samples.append(f"{post['id']}: {exc!r}")
                    continue
                latencies.append(time.perf_counter() - t)
                answered += 1
                if r.status_code != 200:
                    errors += 1
                    samples.append(f"{post['id']}: HTTP {r.status_code} {r.text[:200]}")
                    continue
                rec = r.json()
                if rec.get("id") != post["id"] or rec.get("decision") not in ("pass", "review", "block"):
                    errors += 1
                    samples.append(f"{post['id']}: got id {rec.get('id')} decision {rec.get('decision')}")

    t0 = time.perf_counter()
    await asyncio.gather(*(one_client(n) for n in range(clients)))
    took = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, round(p * (len(latencies) - 1)))] * 1000

    transport = sum(1 for s in samples if "HTTP " not in s and "got id" not in s)
    return {
        "clients": clients,
        "sent": sent,
        "answered": answered,
        "errors": errors,
        "lost": sent - answered - transport,
        "seconds": took,
        "rps": answered / took if took else 0.0,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "samples": samples[:5],
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1000, help="requests per level")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds at most per level")
    ap.add_argument("--levels", default="1,16,64", help="concurrent clients, comma-separated")
    ap.add_argument("--policy", default=None)
    args = ap.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    token = secrets.token_urlsafe(24)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    pool = dataset_posts(500, unique=False)
    proc = start(port, token, args.policy)
    failed = False
    try:
        asyncio.run(level(base, token, 4, 100, 10, pool))  # warm-up: imports, lazy patterns
        print(f"brandguard serve on {base}, {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
        print(f"{'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'errors':>6} {'lost':>4}")  # fmt: skip
        for n in levels:
            r = asyncio.run(level(base, token, n, args.requests, args.duration, pool))
            print(f"{r['clients']:>7} {r['answered']:>8} {r['rps']:>8,.0f} {r['p50']:>8.1f} "
                  f"{r['p99']:>8.1f} {r['errors']:>6} {r['lost']:>4}")  # fmt: skip
            for s in r["samples"]:
                print(f"    {s}")
            failed = failed or bool(r["errors"] or r["lost"])
        if proc.poll() is not None:
            print(f"the service exited {proc.returncode} during the run")
            failed = True
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print("FAIL: errors or lost requests" if failed else "ok: no errors, no lost requests")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
