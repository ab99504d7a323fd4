"""Every core: ``brandguard check --input F --jobs N`` against ``--jobs 1``, side by side.

Writes N posts (varied texts from the default eval dataset, each made unique) to a temporary
JSONL file, then runs the CLI as a user would, alternating ``--jobs 1`` and ``--jobs K``
(K = every core, at least 2) three times each, checks the outputs are byte-identical, and reports
posts/s and the speed-up (best of three each). Target: >= 1.8x on 2 cores. Exit 1 when missed
or when the outputs differ.

    python benchmarks/bench_jobs.py [--posts 20000] [--jobs K]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dataset_posts import dataset_posts

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path, jobs: int) -> tuple[float, bytes]:
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "brandguard.cli", "check", "--input", str(path), "--jobs", str(jobs),
         "--fail-on", "never"],
        capture_output=True,
        check=False,
    )
    took = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"--jobs {jobs} exited {proc.returncode}: {proc.stderr.decode()[:500]}")
    return took, proc.stdout


def main() -> int:
    from brandguard.parallel import cpu_count

    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=20000)
    ap.add_argument("--jobs", type=int, default=max(2, cpu_count()))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posts.jsonl"
        path.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in dataset_posts(args.posts)),
            encoding="utf-8",
        )
        one: list[float] = []
        many: list[float] = []
        outs = set()
        for _ in range(3):
            t1, o1 = run(path, 1)
            tk, ok = run(path, args.jobs)
            one.append(t1)
            many.append(tk)
            outs.update((o1, ok))
    n = args.posts
    r1, rk = n / min(one), n / min(many)
    ratio = min(one) / min(many)
    print(f"{n} posts, {cpu_count()} core(s) available")
    print(f"--jobs 1: {r1:,.0f} posts/s (best of 3: {min(one):.2f} s)")
    print(f"--jobs {args.jobs}: {rk:,.0f} posts/s (best of 3: {min(many):.2f} s)")
    print(f"speed-up: {ratio:.2f}x (target >= 1.8 on 2 cores)")
    print(f"outputs byte-identical: {len(outs) == 1}")
    ok = len(outs) == 1 and (ratio >= 1.8 or cpu_count() < 2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
