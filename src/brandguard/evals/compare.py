"""Compare two eval results: metric deltas, regressions beyond a tolerance, flipped cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Delta", "compare_results", "regressions", "tracked_metrics"]

#: Per-rule and per-category F1 are tracked only with at least this many relevant cases.
MIN_SUPPORT = 5

# (path, higher_is_better)
_GLOBAL = [
    (("decision", "accuracy"), True),
    (("decision", "kappa"), True),
    (("rates", "false_block_rate", "value"), False),
    (("rates", "false_flag_rate", "value"), False),
    (("rates", "missed_violation_rate", "value"), False),
    (("rates", "missed_flag_rate", "value"), False),
    (("spans", "overlap_rate"), True),
]


def _get(d: dict[str, Any], path: tuple[str, ...]) -> Any:
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def tracked_metrics(metrics: dict[str, Any]) -> dict[str, tuple[float, bool]]:
    """Name -> (value, higher_is_better) for every metric the regression gate watches."""
    out: dict[str, tuple[float, bool]] = {}
    for path, higher in _GLOBAL:
        v = _get(metrics, path)
        if isinstance(v, int | float):
            out[".".join(p for p in path if p != "value")] = (float(v), higher)
    for group in ("per_rule", "per_category"):
        for name, m in (metrics.get(group) or {}).items():
            support = m.get("tp", 0) + m.get("fn", 0) + m.get("fp", 0)
            if support >= MIN_SUPPORT:
                for stat in ("f1", "precision", "recall"):
                    if isinstance(m.get(stat), int | float):
                        out[f"{group}.{name}.{stat}"] = (float(m[stat]), True)
    return out


@dataclass(frozen=True)
class Delta:
    metric: str
    before: float | None
    after: float | None
    higher_is_better: bool

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 4)

    @property
    def worsening(self) -> float:
        """How much worse, as a positive number (0 when equal or better)."""
        c = self.change
        if c is None:
            return 0.0
        return max(0.0, -c if self.higher_is_better else c)


def compare_metrics(before: dict[str, Any], after: dict[str, Any]) -> list[Delta]:
    a = tracked_metrics(before)
    b = tracked_metrics(after)
    out = []
    for name in sorted(set(a) | set(b)):
        higher = (a.get(name) or b.get(name))[1]  # type: ignore[index]
        out.append(
            Delta(
                name, a[name][0] if name in a else None, b[name][0] if name in b else None, higher
            )
        )
    return out


def regressions(before: dict[str, Any], after: dict[str, Any], max_drop: float) -> list[Delta]:
    """Tracked metrics that got worse by more than ``max_drop`` (absolute)."""
    return [d for d in compare_metrics(before, after) if d.worsening > max_drop + 1e-9]


def compare_results(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Everything ``brandguard eval compare`` shows: metric deltas and flipped cases."""
    cases_a = {c["id"]: c for c in a.get("cases", [])}
    cases_b = {c["id"]: c for c in b.get("cases", [])}
    fixed, broken, changed = [], [], []
    for cid in sorted(set(cases_a) & set(cases_b)):
        ca, cb = cases_a[cid], cases_b[cid]
        da, db = ca["actual"]["decision"], cb["actual"]["decision"]
        if da == db:
            continue
        row = {
            "id": cid,
            "category": cb.get("category"),
            "expected": cb["expected"]["decision"],
            "before": da,
            "after": db,
            "text": cb.get("text", ""),
        }
        if not ca["correct"] and cb["correct"]:
            fixed.append(row)
        elif ca["correct"] and not cb["correct"]:
            broken.append(row)
        else:
            changed.append(row)
    return {
        "deltas": compare_metrics(a["metrics"], b["metrics"]),
        "fixed": fixed,
        "broken": broken,
        "changed": changed,
        "only_in_a": sorted(set(cases_a) - set(cases_b)),
        "only_in_b": sorted(set(cases_b) - set(cases_a)),
    }
