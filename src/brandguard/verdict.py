"""Findings and verdicts: the output contract shared by rules, judges, evals and integrations."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Decision", "Finding", "Fix", "PolicyRef", "Severity", "Verdict"]


class Severity(StrEnum):
    """How much a finding weighs: ``error`` blocks, ``warning`` sends to review."""

    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.SUGGESTION: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Decision(StrEnum):
    """What should happen to the post."""

    PASS = "pass"
    REVIEW = "review"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _DECISION_RANK[self]

    @classmethod
    def from_findings(cls, findings: list[Finding]) -> Decision:
        worst = max((f.severity.rank for f in findings), default=0)
        if worst >= Severity.ERROR.rank:
            return cls.BLOCK
        if worst >= Severity.WARNING.rank:
            return cls.REVIEW
        return cls.PASS


_DECISION_RANK = {Decision.PASS: 0, Decision.REVIEW: 1, Decision.BLOCK: 2}


class Fix(BaseModel):
    """An exact edit: replace ``text[start:end]`` of the original post with ``replacement``.

    ``start == end`` is an insertion.
    """

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replacement: str


class Finding(BaseModel):
    """One problem in one place of a post, with what to do about it."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    message: str
    start: int = Field(ge=0, description="Offset of the span in the ORIGINAL post text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the ORIGINAL post text.")
    excerpt: str
    suggestion: str | None = None
    fix: Fix | None = None
    source: str | None = None
    owner: str | None = None
    engine: Literal["rule", "llm"] = "rule"
    field: str = Field(
        default="text",
        description="The Post field the span points into: 'text', or e.g. 'links[0]', "
        "'alt_texts[1]', 'scheduled_at' when the problem is not in the text itself.",
    )


class PolicyRef(BaseModel):
    """Which policy produced a verdict, precisely enough to reproduce it."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    sha256: str


class Verdict(BaseModel):
    """The result of checking one post."""

    id: str | None = None
    decision: Decision
    findings: list[Finding]
    policy: PolicyRef
    timings: dict[str, float] = Field(
        default_factory=dict, description="Milliseconds per stage: normalize, rules, total."
    )

    @property
    def blocked(self) -> bool:
        return self.decision is Decision.BLOCK

    def apply_fixes(self, text: str) -> str:
        """Return ``text`` with every exact fix applied (overlapping fixes: the first wins)."""
        return apply_fixes(text, [f.fix for f in self.findings if f.fix is not None])


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    chosen: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if fix.end > len(text):
            continue
        if chosen and fix.start < chosen[-1].end:
            continue
        if chosen and fix.start == chosen[-1].start == chosen[-1].end == fix.end:
            continue  # two insertions at the same point: keep one
        chosen.append(fix)
    out = text
    for fix in reversed(chosen):
        out = out[: fix.start] + fix.replacement + out[fix.end :]
    return out
