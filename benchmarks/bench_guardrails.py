"""brandguard and guardrails-ai 0.11, side by side in one run (the guardrails integration).

    python benchmarks/bench_guardrails.py [--quick]

Measures, on typical ~200-character posts (``bench_rules.typical_posts``), one core:

  (a) the adapter's overhead: ``Checker.check`` vs ``BrandguardPolicy.validate`` (the validator
      called directly) vs ``Guard.validate`` through ``guard_for`` (the whole guardrails run:
      history, the async validator service, tracing), µs per post and the ratio;
  (b) a Guard with brandguard's validator vs a Guard of hand-written guardrails validators doing
      the same checks (three RegexMatch-like ``Validator`` subclasses: a guaranteed return, the
      retail-bank voice's forbidden hype terms, a US phone number), and brandguard's validator
      with exactly those three checks as brandguard rules; plus the full retail-bank policy;
  (c) the ``guardrails`` rule kind: one of those hand-written validators inside a brandguard
      policy, its cost per post (the rule alone, and in a Checker next to the same check written
      as an ``existence`` rule);
  and the wall time of ``python -c "import brandguard.integrations.guardrails"`` vs
  ``python -c "import brandguard"`` (median of several fresh interpreters).

No target: the numbers are printed for the README. Every Guard is rules only, metrics off.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench_rules import pin_one_core, typical_posts
from guardrails import Guard, settings
from guardrails.validator_base import (
    ErrorSpan,
    FailResult,
    PassResult,
    ValidationResult,
    Validator,
    register_validator,
)

from brandguard import Checker, Post
from brandguard.integrations.guardrails import BrandguardPolicy, guard_for
from brandguard.policy import policy_from_dict
from brandguard.rules.base import RuleContext

BANK = "builtin:examples/retail-bank"
GUARANTEED = r"\bguaranteed (?:returns?|profits?|income|gains?|yields?)\b|\brisk[- ]?free (?:investments?|returns?)\b"
HYPE = r"\b(?:to the moon|moonshot|skyrocket|insane returns|no[- ]brainer|get rich(?: quick)?|free money)\b"
PHONE = r"(?<!\d)(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}(?!\d)"


class _Pattern(Validator):
    """RegexMatch-like: fails where ``pattern`` is found (case-insensitive), a span each."""

    pattern = ""
    message = ""

    def __init__(self, on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail)
        self._re = re.compile(self.pattern, re.IGNORECASE)

    def validate(self, value: Any, metadata: dict[str, Any] | None = None) -> ValidationResult:
        spans = [
            ErrorSpan(start=m.start(), end=m.end(), reason=self.message)
            for m in self._re.finditer(value)
        ]
        if not spans:
            return PassResult()
        return FailResult(error_message=self.message, error_spans=spans)


@register_validator(name="bench/guaranteed", data_type="string")
class Guaranteed(_Pattern):
    pattern = GUARANTEED
    message = "Promises an investment outcome"


@register_validator(name="bench/hype", data_type="string")
class Hype(_Pattern):
    pattern = HYPE
    message = "Hype the brand does not use"


@register_validator(name="bench/phone", data_type="string")
class Phone(_Pattern):
    pattern = PHONE
    message = "A phone number in a public post"


class Knobs:
    """guardrails' own process-wide switches, set for one measurement and restored."""

    def __init__(self, run_sync: bool = False, no_tracing: bool = False) -> None:
        self.run_sync, self.no_tracing = run_sync, no_tracing

    def __enter__(self) -> None:
        if self.run_sync:
            os.environ["GUARDRAILS_RUN_SYNC"] = "true"  # read on every call
        if self.no_tracing:
            settings.disable_tracing = True

    def __exit__(self, *exc: object) -> None:
        os.environ.pop("GUARDRAILS_RUN_SYNC", None)
        settings.disable_tracing = None


def interleaved(
    cases: dict[str, tuple[Callable[[Post], Any], Knobs]], posts: list[Post], rounds: int
) -> dict[str, float]:
    """µs per post for each case: the best of ``rounds`` passes over ``posts``, the cases taking
    turns within each round (so a slow spell of the machine hits all of them), no GC pauses."""
    best = dict.fromkeys(cases, float("inf"))
    for fn, knobs in cases.values():  # warm-up
        with knobs:
            for p in posts[:50]:
                fn(p)
    for _ in range(rounds):
        for name, (fn, knobs) in cases.items():
            gc.collect()
            gc.disable()
            try:
                with knobs:
                    t0 = time.perf_counter()
                    for p in posts:
                        fn(p)
                    best[name] = min(best[name], (time.perf_counter() - t0) / len(posts))
            finally:
                gc.enable()
    return {k: v * 1e6 for k, v in best.items()}


def meta(post: Post) -> dict[str, Any]:
    return {"platform": post.platform.value, "sponsored": post.sponsored, "id": post.id}


def import_time(statement: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer posts and import runs")
    args = ap.parse_args()
    n = 300 if args.quick else 1000
    rounds = 3 if args.quick else 5
    runs = 3 if args.quick else 7
    where = pin_one_core()
    posts = typical_posts(n)
    avg = sum(len(p.text) for p in posts) / len(posts)
    print(f"{n} posts, avg {avg:.0f} chars, {where}; guardrails-ai 0.11, rules only")

    plain = Knobs()
    # (a) the adapter over a plain check, retail-bank
    checker = Checker(BANK)
    validator = BrandguardPolicy(checker, on_fail="noop")
    guard = guard_for(checker, on_fail="noop")
    fix_guard = guard_for(checker)  # on_fail="fix": also re-checks the fixed text of a failure

    def guarded(g: Guard) -> Callable[[Post], Any]:
        return lambda p: g.validate(p.text, metadata=meta(p))

    a = interleaved(
        {
            "Checker.check (retail-bank)": (checker.check, plain),
            "BrandguardPolicy.validate, direct": (
                lambda p: validator.validate(p.text, meta(p)),
                plain,
            ),
            "guard_for(on_fail='noop').validate": (guarded(guard), plain),
            "guard_for().validate (on_fail='fix')": (guarded(fix_guard), plain),
            # guardrails' own knobs: process-wide, so brandguard leaves them to the user
            "  noop, GUARDRAILS_RUN_SYNC=true": (guarded(guard), Knobs(run_sync=True)),
            "  noop, + settings.disable_tracing=True": (
                guarded(guard),
                Knobs(run_sync=True, no_tracing=True),
            ),
        },
        posts,
        rounds,
    )

    # (b) one Guard each: hand-written validators vs brandguard's, the same three checks
    hand = Guard().use(Guaranteed(on_fail="noop"), Hype(on_fail="noop"), Phone(on_fail="noop"))
    hand.configure(allow_metrics_collection=False)
    three = policy_from_dict(
        {
            "name": "three-checks",
            "rules": {
                "guaranteed": {"kind": "existence", "level": "error", "patterns": [GUARANTEED]},
                "hype": {"kind": "existence", "level": "error", "patterns": [HYPE]},
                "phone": {"kind": "existence", "level": "error", "patterns": [PHONE]},
            },
        }
    )
    b = interleaved(
        {
            "Guard of 3 hand-written regex validators": (guarded(hand), plain),
            "Guard of brandguard/policy, the same 3 as rules": (
                guarded(guard_for(three, on_fail="noop")),
                plain,
            ),
            "Guard of brandguard/policy, all retail-bank": (guarded(guard), plain),
        },
        posts,
        rounds,
    )

    # (c) the guardrails rule kind: a hand-written validator inside brandguard
    def policy_of(rules: dict[str, Any], extends: list[str] | None = None) -> Checker:
        return Checker(policy_from_dict({"name": "p", "extends": extends or [], "rules": rules}))

    as_rule = {"kind": "guardrails", "validator": f"{__name__}:Guaranteed", "level": "error"}
    gr = policy_of({"one": as_rule})
    rule = gr.policy.rules[0]
    c = interleaved(
        {
            "existence rule (same pattern), Checker.check": (
                policy_of(
                    {"one": {"kind": "existence", "patterns": [GUARANTEED], "level": "error"}}
                ).check,
                plain,
            ),
            "guardrails rule, Checker.check": (gr.check, plain),
            "guardrails rule alone (rule.check)": (
                lambda p: list(rule.check(RuleContext(p))),
                plain,
            ),
            "retail-bank alone, Checker.check": (checker.check, plain),
            "retail-bank + the guardrails rule, Checker.check": (
                policy_of({"bank.gr": as_rule}, [BANK]).check,
                plain,
            ),
        },
        posts,
        rounds,
    )

    rows: list[tuple[str, str, float, float | None]] = []  # section, what, us/post, ratio
    for section, got, ref in (
        ("a", a, "Checker.check (retail-bank)"),
        ("b", b, "Guard of 3 hand-written regex validators"),
        ("c", c, "existence rule (same pattern), Checker.check"),
    ):
        for what, us in got.items():
            if what == "guardrails rule alone (rule.check)":
                rows.append((section, what, us, None))
            elif what == "retail-bank + the guardrails rule, Checker.check":
                rows.append((section, what, us, us / got["retail-bank alone, Checker.check"]))
            elif what == "retail-bank alone, Checker.check":
                rows.append((section, what, us, None))
            else:
                rows.append((section, what, us, us / got[ref]))

    print()
    print(f"{'':2} {'what':52} {'us/post':>9} {'ratio':>7}")
    for section, what, value, ratio in rows:
        r = f"{ratio:6.2f}x" if ratio is not None else ""
        print(f"({section}) {what:52} {value:9.1f} {r:>7}")
    print("ratios: (a) vs Checker.check; (b) vs the hand-written Guard; (c) vs the existence rule")
    print("        (its last row vs retail-bank alone)")

    print()
    t_bg = import_time("import brandguard", runs)
    t_gr = import_time("import brandguard.integrations.guardrails", runs)
    t_raw = import_time("import guardrails", runs)
    print(f"import brandguard                          {t_bg * 1000:8.0f} ms (median of {runs})")
    print(f"import brandguard.integrations.guardrails  {t_gr * 1000:8.0f} ms")
    print(f"import guardrails (for reference)          {t_raw * 1000:8.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
