"""The registry of rule kinds: name -> class, imported on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..rules.base import Rule

__all__ = ["KINDS", "kind_doc", "kinds", "rule_class"]

KINDS: dict[str, str] = {
    "existence": "brandguard.rules.existence:ExistenceRule",
    "substitution": "brandguard.rules.substitution:SubstitutionRule",
    "occurrence": "brandguard.rules.occurrence:OccurrenceRule",
    "metric": "brandguard.rules.metric:MetricRule",
    "length": "brandguard.rules.length:LengthRule",
    "disclosure": "brandguard.rules.disclosure:DisclosureRule",
    "pii": "brandguard.rules.pii:PiiRule",
    "links": "brandguard.rules.links:LinksRule",
    "accessibility": "brandguard.rules.accessibility:AccessibilityRule",
    "schedule": "brandguard.rules.schedule:ScheduleRule",
    "conditional": "brandguard.rules.conditional:ConditionalRule",
    "claim": "brandguard.rules.claim:ClaimRule",
    "offensive": "brandguard.rules.offensive:OffensiveRule",
    "guardrails": "brandguard.rules.guardrails_rule:GuardrailsRule",
}


def kinds() -> list[str]:
    return list(KINDS)


def rule_class(kind: str) -> type[Rule]:
    """The class for ``kind``; ``KeyError`` when there is no such kind."""
    target = KINDS[kind]
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def register(kind: str, target: str) -> None:
    """Register a rule kind from another package (``"pkg.module:ClassName"``)."""
    KINDS[kind] = target


def kind_doc(kind: str) -> str:
    """The kind's documentation (what it does, why, example, fix)."""
    cls = rule_class(kind)
    module = importlib.import_module(cls.__module__)
    return (module.__doc__ or "").strip()
