"""Bounded-work benchmark (issue 11): the loader on 10,000 rules, the privacy pack on a
2,500-character post, and the worst shipped rule on hostile 20,000-character posts.

    python benchmarks/bench_hardening.py [--quick]

Prints each figure with its target and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from bench_rules import pin_one_core, typical_posts

from brandguard import Checker, Post
from brandguard.policy import load_policy
from brandguard.rules.base import RuleContext

TARGET_LOADER_S = 2.0  # 10,000 rules
TARGET_PRIVACY_MS = 1.0  # the privacy pack, one 2,500-character post
HOSTILE_UNITS = [
    "1",
    "1 ",
    "4111 ",
    "ship to 1 ",
    "a (at) b (dot) ",
    ".",
    "🙂",
    "£1 ",
    "@a ",
    "a1 ",
]


def bench_loader(n: int) -> float:
    rules = {
        f"bulk.rule{i}": {
            "kind": "existence",
            "level": "warning",
            "message": "'%s' is listed",
            "tokens": [f"word{i}", f"other term {i}"],
            "suggestion": "Say it another way.",
            "source": "https://example.com/guideline",
            "owner": "brand",
        }
        for i in range(n)
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bulk.yaml"
        path.write_text(yaml.safe_dump({"name": "bulk", "rules": rules}), encoding="utf-8")
        best = float("inf")
        for _ in range(2):
            t0 = time.perf_counter()
            load_policy(path)
            best = min(best, time.perf_counter() - t0)
    return best


def long_post(chars: int = 2500) -> Post:
    text = ""
    for post in typical_posts(200, seed=11):
        if len(text) >= chars:
            break
        text += post.text + "\n\n"
    return Post(text=text[:chars], platform="linkedin")


def bench_privacy(post: Post, rounds: int, batches: int = 10) -> tuple[float, float]:
    """The pack's cost on one post: the fastest check of ``rounds`` in each of ``batches``
    batches spread over a second or two, as (fastest, median of the batches' fastest). This
    machine's speed drifts by up to 2x for seconds at a time; the fastest check of batches
    spread in time is the code's own cost."""
    checker = Checker("builtin:packs/privacy", judges=False)
    checker.check(post)
    best: list[float] = []
    for _ in range(batches):
        samples = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            checker.check(post)
            samples.append(time.perf_counter() - t0)
        best.append(min(samples) * 1000)
        time.sleep(0.1)
    best.sort()
    return best[0], best[len(best) // 2]


def bench_hostile() -> tuple[str, str, float]:
    """The slowest (rule, input) of the all-markets policy on 20,000-character hostile posts,
    views built beforehand (they are timed in bench_rules)."""
    policy = load_policy("builtin:examples/global-brand-all-markets")
    worst = ("", "", 0.0)
    for unit in HOSTILE_UNITS:
        post = Post(text=(unit * (20_000 // len(unit) + 1))[:20_000])
        ctx = RuleContext(post)
        ctx.norm.folded, ctx.norm.cased, ctx.norm.leet, ctx.words  # noqa: B018
        for rule in policy.rules:
            if not rule.applies(post):
                continue
            t0 = time.perf_counter()
            list(rule.check(ctx))
            dt = time.perf_counter() - t0
            if dt > worst[2]:
                worst = (rule.id, unit, dt)
    return worst


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    print(pin_one_core())
    n = 2000 if args.quick else 10000
    loader_s = bench_loader(n)
    target = TARGET_LOADER_S * n / 10000
    print(f"loader, {n:,} rules: {loader_s:.2f} s (target <= {target:.1f})")
    post = long_post()
    privacy_ms, typical_ms = bench_privacy(post, 20 if args.quick else 100)
    print(
        f"privacy pack, {len(post.text):,}-character post: {privacy_ms:.2f} ms "
        f"(target <= {TARGET_PRIVACY_MS:g}; median of 10 batches {typical_ms:.2f} ms)"
    )
    rid, unit, dt = bench_hostile()
    print(
        f"slowest rule on hostile 20,000-character posts: {rid} on {unit!r} x n: {dt * 1000:.0f} ms"
    )
    ok = loader_s <= target and privacy_ms <= TARGET_PRIVACY_MS
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
