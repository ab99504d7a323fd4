"""The ``prefilter`` speed hint never changes a result: for every built-in policy, every rule
that carries one gives the same findings with and without it on every case of every shipped
eval dataset (rules without a prefilter are untouched by it, so the verdicts are the same)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from brandguard.evals import load_dataset
from brandguard.policy import builtin_policies, load_policy
from brandguard.rules.base import MatchSpec, RuleContext

ROOT = Path(__file__).parents[1]
CASES = [
    c.post for f in sorted((ROOT / "evals" / "datasets").rglob("*.jsonl")) for c in load_dataset(f)
]


def _specs(obj: Any, seen: set[int]) -> list[MatchSpec]:
    """Every MatchSpec inside a rule: itself, its fields, its private compiled parts."""
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    out: list[MatchSpec] = []
    if isinstance(obj, MatchSpec):
        out.append(obj)
    if isinstance(obj, BaseModel):
        values = [getattr(obj, k) for k in type(obj).model_fields]
        values += list((obj.__pydantic_private__ or {}).values())
        for v in values:
            for item in v.values() if isinstance(v, dict) else v if isinstance(v, list) else [v]:
                out.extend(_specs(item, seen))
    return out


def _gated(rule: Any) -> list[MatchSpec]:
    return [s for s in _specs(rule, set()) if (s.__pydantic_private__ or {}).get("_prefilter")]


def _findings(rule: Any, post: Any) -> list[tuple[Any, ...]]:
    if not rule.applies(post):
        return []
    return [(f.rule, f.start, f.end, f.severity, f.field) for f in rule.check(RuleContext(post))]


def _gated_rules() -> dict[str, tuple[str, str]]:
    """Every distinct rule definition with a prefilter, across all built-ins: one entry per
    definition (a pack's rule reached by ten policies is checked once), as (policy, rule id)."""
    import json

    out: dict[str, tuple[str, str]] = {}
    for name in builtin_policies():
        for rule in load_policy(f"builtin:{name}").rules:
            if _gated(rule):
                spec = json.dumps(
                    [rule.model_dump(mode="json"), [s.prefilter for s in _gated(rule)]],
                    sort_keys=True,
                )
                out.setdefault(spec, (name, rule.id))
    return dict(sorted((f"{n}:{r}", (n, r)) for n, r in out.values()))


GATED = _gated_rules()


@pytest.mark.parametrize("where", list(GATED))
def test_prefilters_never_change_results(where: str) -> None:
    name, rid = GATED[where]
    rule = load_policy(f"builtin:{name}").rule(rid)
    plain = load_policy(f"builtin:{name}").rule(rid)
    for spec in _gated(plain):
        spec.__pydantic_private__["_prefilter"] = None  # type: ignore[index]
    assert not _gated(plain)
    for post in CASES:
        assert _findings(rule, post) == _findings(plain, post), (name, rid, post.id)


def test_the_check_is_not_vacuous() -> None:
    """The default carries prefilters, every built-in's gated rules are covered, and the
    datasets are whole."""
    assert any(_gated(r) for r in load_policy("builtin:default").rules)
    assert {r for _, r in GATED.values()} >= {
        "health.disease-claim",
        "finance.promissory",
        "finance.performance-needs-risk",
        "privacy.address",
        "privacy.obfuscated-email",
    }
    assert len(CASES) > 1000
