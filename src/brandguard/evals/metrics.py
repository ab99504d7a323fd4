"""Eval metrics, computed from (case, outcome) pairs. Pure functions, no I/O.

Conventions:

* Decisions are ordered pass < review < block. A case is *flagged* when its decision is not
  ``pass``; the positive class of the per-category metrics is "the post needs action".
* Per-rule metrics are keyed by the policy rule id (``ftc.disclosure``); an actual finding
  ``ftc.disclosure.missing`` counts for ``ftc.disclosure``. An actual finding of severity
  ``suggestion`` only counts when the case expected that rule: suggestions never change a
  decision, so they are not false positives.
* Proportions carry a 95% Wilson score interval, so small categories are not over-read.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..verdict import Decision

#: pass < review < block, as brandguard.verdict.Decision defines it (the one place it is defined)
DECISIONS = tuple(d.value for d in sorted(Decision, key=lambda d: d.rank))
_RANK = {d.value: d.rank for d in Decision}


@dataclass
class ActualFinding:
    rule: str
    severity: str
    start: int
    end: int
    message: str = ""
    field: str = "text"
    also: tuple[str, ...] = ()  # the other rules a merged finding cites


@dataclass
class Outcome:
    """What brandguard said about one case."""

    id: str
    decision: str | None  # None when the check itself failed
    findings: list[ActualFinding] = field(default_factory=list)
    latency_ms: float = 0.0
    error: str | None = None
    tokens: int | None = None
    cost_usd: float | None = None


@dataclass
class Labelled:
    """What the case says should happen (a light view of ``Case``)."""

    id: str
    decision: str
    rules: list[str]
    spans: list[tuple[str, int, int]]  # (rule, start, end) for expected findings with spans
    category: str


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float] | None:
    """95% Wilson score interval for ``successes / n``; None when ``n == 0``."""
    if n == 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4))


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = _ratio(tp, tp + fp)
    r = _ratio(tp, tp + fn)
    f1 = (
        round(2 * p * r / (p + r), 4)
        if p is not None and r is not None and (p + r) > 0
        else (0.0 if (p is not None and r is not None) else None)
    )
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": p,
        "recall": r,
        "f1": f1,
        "precision_ci": wilson(tp, tp + fp),
        "recall_ci": wilson(tp, tp + fn),
        "support": tp + fn,
    }


def cohen_kappa(pairs: Sequence[tuple[str, str]], *, weights: str | None = None) -> float | None:
    """Cohen's kappa between expected and actual decisions (``weights='quadratic'`` for the
    ordinal variant, where pass/block disagreements cost more than pass/review)."""
    n = len(pairs)
    if n == 0:
        return None
    k = len(DECISIONS)
    obs = [[0.0] * k for _ in range(k)]
    for e, a in pairs:
        obs[_RANK[e]][_RANK[a]] += 1
    row = [sum(obs[i]) for i in range(k)]
    col = [sum(obs[i][j] for i in range(k)) for j in range(k)]

    def w(i: int, j: int) -> float:
        if weights == "quadratic":
            return ((i - j) ** 2) / ((k - 1) ** 2)
        return 0.0 if i == j else 1.0

    observed = sum(w(i, j) * obs[i][j] for i in range(k) for j in range(k)) / n
    expected = sum(w(i, j) * row[i] * col[j] for i in range(k) for j in range(k)) / (n * n)
    if expected == 0:
        return 1.0 if observed == 0 else 0.0
    return round(1 - observed / expected, 4)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank-interpolated percentile (q in 0..100)."""
    if not values:
        return None
    s = sorted(values)
    if len(s) == 1:
        return round(s[0], 3)
    pos = (len(s) - 1) * q / 100
    lo = math.floor(pos)
    hi = math.ceil(pos)
    return round(s[lo] + (s[hi] - s[lo]) * (pos - lo), 3)


def policy_rule_of(rule: str, policy_rules: Iterable[str]) -> str:
    """The policy rule id a finding or expected id belongs to (longest matching prefix)."""
    best = rule
    best_len = -1
    for pid in policy_rules:
        if (rule == pid or rule.startswith(pid + ".")) and len(pid) > best_len:
            best, best_len = pid, len(pid)
    return best


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two spans share a character? Zero-width spans overlap only at the same point."""
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


def _aliases(rule: str) -> tuple[str, ...]:
    """Names an actual finding answers to: itself, and for a judge finding its judge and the
    families its category answers to (``judge.compliance.implied-health-claim`` -> ``health``)."""
    if not rule.startswith("judge."):
        return (rule,)
    from ..judges.prompts import judge_families

    _, judge, *rest = rule.split(".")
    out = [rule, judge]
    if rest:
        # what the judge's category answers to, as its prompt file declares
        out.extend(judge_families().get(f"judge.{judge}.{rest[0]}", ()))
    return tuple(out)


def _matches(actual: str, expected: str) -> bool:
    """Does an actual finding answer an expected rule id (or family)?"""
    if actual == expected or actual.startswith(expected + "."):
        return True
    for alias in _aliases(actual)[1:]:  # a judge finding's families
        if (
            alias == expected
            or alias.startswith(expected + ".")
            or expected.startswith(alias + ".")
        ):
            return True
    return False


def _covered(rule: str, expected: set[str]) -> bool:
    return any(_matches(rule, e) for e in expected)


def compute(
    labelled: Sequence[Labelled],
    outcomes: Sequence[Outcome],
    *,
    policy_rules: Iterable[str] = (),
) -> dict[str, Any]:
    """All metrics for one run. ``outcomes`` align with ``labelled`` by id."""
    by_id = {o.id: o for o in outcomes}
    pids = list(policy_rules)
    pairs: list[tuple[str, str]] = []
    errors = 0
    confusion = {e: {a: 0 for a in DECISIONS} for e in DECISIONS}
    rule_counts: dict[str, Counter[str]] = defaultdict(Counter)
    cat_counts: dict[str, Counter[str]] = defaultdict(Counter)
    span_total = span_overlap = span_exact = 0
    latencies: list[float] = []
    tokens: list[int] = []
    costs: list[float] = []

    for lab in labelled:
        out = by_id.get(lab.id)
        if out is None or out.decision is None:
            errors += 1
            continue
        exp, act = lab.decision, out.decision
        pairs.append((exp, act))
        confusion[exp][act] += 1
        latencies.append(out.latency_ms)
        if out.tokens is not None:
            tokens.append(out.tokens)
        if out.cost_usd is not None:
            costs.append(out.cost_usd)

        # per category: positive = needs action (review or block)
        c = cat_counts[lab.category]
        c["n"] += 1
        c["correct"] += exp == act
        e_pos, a_pos = exp != "pass", act != "pass"
        c["tp" if e_pos and a_pos else "fn" if e_pos else "fp" if a_pos else "tn"] += 1

        # per rule
        expected_rules = {policy_rule_of(r, pids) for r in lab.rules}

        # A finding merged across packs answers to every rule it cites (``also``): it is one
        # finding, matched once, never a false positive of the packs that agreed with it.
        groups = [
            [policy_rule_of(r, pids) for r in (f.rule, *f.also)]
            for f in out.findings
            if f.severity != "suggestion"
            or any(_covered(policy_rule_of(r, pids), expected_rules) for r in (f.rule, *f.also))
        ]
        actual_rules = {g[0] for g in groups}
        # An expected id may name a family ("finance"): any actual rule under it matches.
        consumed: set[str] = set()
        for r in expected_rules:
            hit_groups = [g for g in groups if any(_matches(a, r) for a in g)]
            rule_counts[r]["tp" if hit_groups else "fn"] += 1
            for g in hit_groups:
                consumed |= set(g)
        for a in actual_rules - consumed - expected_rules:
            rule_counts[a]["fp"] += 1

        # spans
        for rule, s, e in lab.spans:
            span_total += 1
            cands = [
                (f.start, f.end)
                for f in out.findings
                if f.field == "text"
                and (
                    f.rule == rule
                    or f.rule.startswith(rule + ".")
                    or policy_rule_of(f.rule, pids) == policy_rule_of(rule, pids)
                )
            ]
            if any((a, b) == (s, e) for a, b in cands):
                span_exact += 1
                span_overlap += 1
            elif any(_overlap((s, e), ab) for ab in cands):
                span_overlap += 1

    n = len(pairs)
    correct = sum(1 for e, a in pairs if e == a)
    exp_pass = [(e, a) for e, a in pairs if e == "pass"]
    exp_block = [(e, a) for e, a in pairs if e == "block"]
    exp_flag = [(e, a) for e, a in pairs if e != "pass"]

    def rate(sub: list[tuple[str, str]], pred) -> dict[str, Any]:
        k = sum(1 for p in sub if pred(p))
        return {"value": _ratio(k, len(sub)), "ci": wilson(k, len(sub)), "count": k, "n": len(sub)}

    per_category = {}
    for cat, cnt in sorted(cat_counts.items()):
        entry = _prf(cnt["tp"], cnt["fp"], cnt["fn"])
        entry.update(
            {
                "n": cnt["n"],
                "tn": cnt["tn"],
                "accuracy": _ratio(cnt["correct"], cnt["n"]),
                "accuracy_ci": wilson(cnt["correct"], cnt["n"]),
            }
        )
        per_category[cat] = entry

    return {
        "cases": len(labelled),
        "scored": n,
        "errors": errors,
        "decision": {
            "accuracy": _ratio(correct, n),
            "accuracy_ci": wilson(correct, n),
            "correct": correct,
            "kappa": cohen_kappa(pairs),
            "kappa_quadratic": cohen_kappa(pairs, weights="quadratic"),
            "confusion": confusion,
        },
        "rates": {
            # the cost to creativity: compliant posts that were blocked / sent to review
            "false_block_rate": rate(exp_pass, lambda p: p[1] == "block"),
            "false_flag_rate": rate(exp_pass, lambda p: p[1] != "pass"),
            # the cost in fines: violations that went through
            "missed_violation_rate": rate(exp_block, lambda p: p[1] == "pass"),
            "under_block_rate": rate(exp_block, lambda p: p[1] != "block"),
            "missed_flag_rate": rate(exp_flag, lambda p: p[1] == "pass"),
        },
        "spans": {
            "n": span_total,
            "overlap_rate": _ratio(span_overlap, span_total),
            "overlap_ci": wilson(span_overlap, span_total),
            "exact_rate": _ratio(span_exact, span_total),
        },
        "latency_ms": {
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "mean": round(sum(latencies) / len(latencies), 3) if latencies else None,
        },
        "usage": {
            "tokens_per_post": round(sum(tokens) / len(tokens), 1) if tokens else None,
            "cost_per_post_usd": round(sum(costs) / len(costs), 6) if costs else None,
        },
        "per_rule": {r: _prf(c["tp"], c["fp"], c["fn"]) for r, c in sorted(rule_counts.items())},
        "per_category": per_category,
    }
