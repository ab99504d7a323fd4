"""The rules engine against its reference, side by side in one run (issue 14, item 2).

* default policy vs ONE Aho-Corasick pass over its terms (every plain word or phrase its rules
  and lexicons name, lower-cased, over the lower-cased post): target <= 10x, on typical
  ~200-character posts (the same templates as bench_rules.py);
* every built-in pack and example policy vs the default: target <= 2x;
* cost linear in post length: per-character cost at 20,000 characters within 2x of the cost at
  2,000, for the default policy and for every rule of the all-markets policy (reported per rule).

Pinned to one core; best of several rounds for each figure. Exit 1 when a target is missed.

    python benchmarks/bench_engine.py [--quick]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_rules import pin_one_core, typical_posts

from brandguard import Checker, Post
from brandguard.policy.loader import builtin_policies

_PLAIN = re.compile(r"^[\w' .&-]+$")


def policy_terms(policy) -> list[str]:  # type: ignore[no-untyped-def]
    """Every plain word or phrase the policy's rules and lexicons name."""
    found: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, str):
            s = x.strip().rstrip("*").lower()
            if 2 <= len(s) <= 40 and _PLAIN.match(s):
                found.add(s)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)

    for r in policy.rules:
        d = r.model_dump(mode="json", exclude={"id", "description", "message", "source", "owner",
                                               "suggestion", "summary"})
        walk(d)
    walk(policy.lexicons)
    return sorted(found)


def per_post(fn, items, rounds: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for it in items:
            fn(it)
        best = min(best, (time.perf_counter() - t0) / len(items))
    return best


def main() -> int:
    import ahocorasick

    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    print(pin_one_core())
    n = 300 if args.quick else 2000
    rounds = 3 if args.quick else 5
    posts = typical_posts(n)
    ok = True

    default = Checker(judges=False)
    terms = policy_terms(default.policy)
    auto = ahocorasick.Automaton()
    for t in terms:
        auto.add_word(t, t)
    auto.make_automaton()
    texts = [p.text.lower() for p in posts]

    def ac(text: str) -> int:
        return sum(1 for _ in auto.iter(text))

    default.check_many(posts[:100])
    t_def = per_post(default.check, posts, rounds)
    t_ac = per_post(ac, [p.text.lower() for p in posts], rounds)
    t_lower = per_post(str.lower, [p.text for p in posts], rounds)
    ratio = t_def / (t_ac + t_lower)
    print(f"posts: {n}, avg {sum(map(len, texts)) / n:.0f} chars; default policy terms: {len(terms)}")
    print(f"default policy: {t_def * 1e6:8.1f} us/post")
    print(f"one Aho-Corasick pass (+ lower()): {(t_ac + t_lower) * 1e6:8.1f} us/post")
    print(f"ratio: {ratio:.1f}x (target <= 10x)")
    ok &= ratio <= 10

    print("\nbuilt-in policies vs the default (target <= 2x):")
    for name in builtin_policies():
        ref = f"builtin:{name}"
        try:
            c = Checker(ref, judges=False)
        except Exception as exc:  # a policy that needs files the user provides
            print(f"  {ref:50s} skipped: {exc}")
            continue
        c.check_many(posts[:50])
        t = per_post(c.check, posts[: n // 2], max(2, rounds - 2))
        r = t / t_def
        print(f"  {ref:50s} {t * 1e6:8.1f} us/post  {r:5.2f}x")
        ok &= r <= 2.0

    print("\nlinear in length (per-character cost at 20,000 vs 2,000 characters, target <= 2x):")
    base = " ".join(p.text for p in posts[:40])
    short = Post(text=base[:2000])
    long = Post(text=base[:2000] * 10)  # the same characters: only the length differs
    allm = Checker("builtin:examples/global-brand-all-markets", judges=False)
    for label, c in (("default", default), ("all markets", allm)):
        c.check(short)
        ts = per_post(c.check, [short], 5)
        tl = per_post(c.check, [long], 3)
        r = (tl / 20000) / (ts / 2000)
        print(f"  {label:12s} 2,000: {ts * 1e3:6.2f} ms  20,000: {tl * 1e3:7.2f} ms  ratio {r:.2f}")
        ok &= r <= 2.0
    print("\nper rule, all-markets policy, 20,000 characters (ms; ratio per character vs 2,000):")
    rows = []
    for rule in allm.policy.rules:
        from brandguard.policy.schema import Policy

        one = Checker(Policy(name="one", rules=[rule]), judges=False)
        one.check(short)
        ts = per_post(one.check, [short], 3)
        tl = per_post(one.check, [long], 2)
        rows.append(((tl / 20000) / (ts / 2000), rule.id, ts, tl))
    for r, rid, ts, tl in sorted(rows, reverse=True)[:12]:
        print(f"  {rid:45s} {ts * 1e3:6.2f} -> {tl * 1e3:7.2f}  {r:.2f}")
    worst = max(rows)[0] if rows else 0
    print(f"  worst per-character ratio over {len(rows)} rules: {worst:.2f} (target <= 2x)")
    ok &= worst <= 2.0
    print("\nall targets met" if ok else "\nsome target MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
