"""The judge call path against a raw ``openai`` SDK call on the same server (issue 14, item 7).

Starts ``tests/smoke/fake_openai.py`` as a separate process on loopback (so its CPU is not
counted) and measures, in one run:

* client CPU per judge call (``time.process_time``): brandguard's compliance judge through
  ``Checker.acheck`` (rules, prompt, LangChain chat model, parsing, grounding) vs the same number
  of ``AsyncOpenAI().chat.completions.create`` calls; target <= 2x;
* throughput at 64-way concurrency against the server answering after 200 ms: 128 posts, each
  one judge call; ideal 128 / 64 * 0.2 s = 0.4 s; target <= 2x ideal.

    python benchmarks/bench_judges.py [--calls 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICY = """\
name: bench-judges
version: "1"
extends: builtin:default
judges:
  cascade: false
  fail: closed
  concurrency: 64
  timeout_s: 30
  compliance: {}
"""


def start_server(delay: float, tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    port_file = tmp / f"port-{delay}"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "smoke" / "fake_openai.py"), "--port-file",
         str(port_file), "--delay", str(delay)],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(200):
        if port_file.exists():
            return proc, port_file.read_text().strip()
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("the fake server did not start")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=200)
    args = ap.parse_args()
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-a-secret")
    from openai import AsyncOpenAI

    from brandguard import Checker, Post

    ok = True
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        policy = tmp / "policy.yaml"
        policy.write_text(POLICY, encoding="utf-8")
        posts = [Post(text=f"Our new oat latte, now in {i} cafes. Come and try it!") for i in range(args.calls)]

        proc, base = start_server(0.0, tmp)
        try:
            checker = Checker(policy, model="openai:fake-model", base_url=base, cache=False)

            async def judged(n: int) -> tuple[float, int]:
                await checker.acheck(posts[0])  # warm: client, prompt, models
                calls = 0
                t = time.process_time()
                for p in posts[:n]:
                    v = await checker.acheck(p)
                    calls += len(v.judges.judges) if v.judges else 0
                return time.process_time() - t, calls

            async def raw(n: int) -> float:
                client = AsyncOpenAI(base_url=base, api_key="sk-bench-not-a-secret")
                msgs = [
                    {"role": "system", "content": "You review social posts. Answer JSON."},
                    {"role": "user", "content": "Post:\n\"Our new oat latte. Come and try it!\""},
                ]
                await client.chat.completions.create(model="fake-model", messages=msgs)
                t = time.process_time()
                for _ in range(n):
                    await client.chat.completions.create(model="fake-model", messages=msgs)
                took = time.process_time() - t
                await client.close()
                return took

            cpu_bg, calls = asyncio.run(judged(args.calls))
            cpu_raw = asyncio.run(raw(calls))
        finally:
            proc.kill()
        per_bg = cpu_bg / max(calls, 1) * 1e3
        per_raw = cpu_raw / max(calls, 1) * 1e3
        r = per_bg / per_raw
        print(f"judge calls: {calls}")
        print(f"brandguard judge: {per_bg:.2f} ms client CPU per call (rules and parsing included)")
        print(f"raw openai call:  {per_raw:.2f} ms client CPU per call")
        print(f"ratio: {r:.2f}x (target <= 2x)")
        ok &= r <= 2

        proc, base = start_server(0.2, tmp)
        try:
            checker = Checker(policy, model="openai:fake-model", base_url=base, cache=False)
            batch = posts[:128]

            async def burst() -> float:
                await checker.acheck(batch[0])
                t = time.perf_counter()
                await checker.acheck_many(batch, concurrency=64)
                return time.perf_counter() - t

            async def raw_burst() -> float:
                client = AsyncOpenAI(base_url=base, api_key="sk-bench-not-a-secret")
                msgs = [{"role": "user", "content": "Post:\n\"Our new oat latte.\""}]
                await client.chat.completions.create(model="fake-model", messages=msgs)
                sem = asyncio.Semaphore(64)

                async def one() -> None:
                    async with sem:
                        await client.chat.completions.create(model="fake-model", messages=msgs)

                t = time.perf_counter()
                await asyncio.gather(*(one() for _ in batch))
                took = time.perf_counter() - t
                await client.close()
                return took

            took = asyncio.run(burst())
            took_raw = asyncio.run(raw_burst())
        finally:
            proc.kill()
        ideal = len(batch) / 64 * 0.2
        print(f"64-way, 128 posts, 200 ms server: {took:.2f} s (ideal {ideal:.2f} s, "
              f"{took / ideal:.2f}x; target <= 2x)")
        print(f"raw openai, the same 128 calls 64-way: {took_raw:.2f} s ({took / took_raw:.2f}x of "
              "it: the client CPU and the server share this machine's cores)")
        ok &= took / ideal <= 2
    print("all targets met" if ok else "some target MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
