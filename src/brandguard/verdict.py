"""Findings and verdicts: the output contract shared by rules, judges, evals and integrations."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

__all__ = [
    "Citation",
    "Decision",
    "Finding",
    "Fix",
    "JudgeReport",
    "PolicyRef",
    "Severity",
    "Verdict",
    "error_record",
]


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

    model_config = ConfigDict(defer_build=True, frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replacement: str


class Citation(BaseModel):
    """One rule behind a finding: its id, the regulation or guideline it cites, its owner."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    rule: str
    source: str | None = None
    owner: str | None = None


class Finding(BaseModel):
    """One problem in one place of a post, with what to do about it."""

    model_config = ConfigDict(defer_build=True, frozen=True)

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
    citations: list[Citation] = Field(
        default_factory=list,
        description="Every rule behind this finding, the leading one first: several when packs "
        "of different markets flag the same words for the same concern (FTC 16 CFR 255 and "
        "CAP 2.1 for one missing #ad).",
    )
    confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="How sure the detector is (0-1), where it scores what it finds (the pii "
        "rule's recognizers: a checksum-valid card 0.9, a passport number next to the word "
        "'passport' 0.8); absent from the record otherwise.",
    )

    @model_serializer(mode="wrap")
    def _without_empty_confidence(self, handler: Any) -> Any:
        # a finding without a score dumps as it did before scores existed
        data = handler(self)
        if isinstance(data, dict) and data.get("confidence", 0) is None:
            del data["confidence"]
        return data

    @model_validator(mode="before")
    @classmethod
    def _cites_itself(cls, data: Any) -> Any:
        """A finding cites at least its own rule, source and owner."""
        if isinstance(data, dict) and not data.get("citations") and "rule" in data:
            data = {
                **data,
                "citations": [
                    {"rule": data["rule"], "source": data.get("source"), "owner": data.get("owner")}
                ],
            }
        return data


class PolicyRef(BaseModel):
    """Which policy produced a verdict, precisely enough to reproduce it."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    name: str
    version: str
    sha256: str


class JudgeReport(BaseModel):
    """What the LLM judges did for a verdict (also when they did nothing, and why)."""

    model_config = ConfigDict(defer_build=True)

    status: Literal["ran", "partial", "skipped", "unavailable"]
    reason: str | None = None
    model: str | None = None
    judges: list[str] = Field(default_factory=list, description="Judges that answered")
    failed: dict[str, str] = Field(default_factory=dict, description="Judge -> error")
    cached: int = Field(default=0, description="Answers replayed from the judge cache")
    input_tokens: int = 0
    output_tokens: int = 0
    rejected_quotes: int = Field(default=0, description="Issues whose quote was not in the post")
    off_topic: int = Field(
        default=0, description="Issues outside the judge's categories (dropped: rules decide those)"
    )
    ungrounded: int = Field(
        default=0,
        description="Issues about a topic the post does not touch, e.g. a financial promise in a "
        "post that never mentions money (dropped)",
    )


class Verdict(BaseModel):
    """The result of checking one post."""

    model_config = ConfigDict(defer_build=True)

    id: str | None = None
    decision: Decision
    findings: list[Finding]
    policy: PolicyRef
    judges: JudgeReport | None = None
    timings: dict[str, float] = Field(
        default_factory=dict, description="Milliseconds per stage: rules, judges, total."
    )

    @property
    def blocked(self) -> bool:
        return self.decision is Decision.BLOCK

    def apply_fixes(self, text: str) -> str:
        """Return ``text`` with every exact fix applied (on a conflict, the earlier finding wins)."""
        return apply_fixes(text, [f.fix for f in self.findings if f.fix is not None])

    def to_record(self, *, fixed_text: str | None = None) -> dict[str, Any]:
        """The verdict as the plain record every output uses (CLI JSON and JSONL, eval results,
        integrations): ``id, decision, findings, policy, judges, error`` (+ ``fixed_text``)."""
        rec: dict[str, Any] = {
            "id": self.id,
            "decision": self.decision.value,
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "policy": self.policy.model_dump(mode="json"),
            "judges": self.judges.model_dump(mode="json") if self.judges else None,
            "error": None,
        }
        if fixed_text is not None:
            rec["fixed_text"] = fixed_text
        return rec


def error_record(post_id: str | None, policy: PolicyRef, error: str) -> dict[str, Any]:
    """The record of a post that could not be checked (same keys as a verdict's, with
    ``decision: null`` and the reason in ``error``)."""
    return {
        "id": post_id,
        "decision": None,
        "findings": [],
        "policy": policy.model_dump(mode="json"),
        "judges": None,
        "error": error,
    }


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """Apply exact fixes. Earlier fixes win: a fix that conflicts with one already taken
    (overlapping ranges, an insertion inside a replaced range, two insertions at one point)
    is skipped."""
    chosen: list[Fix] = []

    def conflicts(a: Fix, b: Fix) -> bool:
        if a.start == a.end and b.start == b.end:
            return a.start == b.start
        if a.start == a.end:
            return b.start < a.start < b.end
        if b.start == b.end:
            return a.start < b.start < a.end
        return a.start < b.end and b.start < a.end

    for fix in fixes:
        if fix.end > len(text) or fix.start > fix.end:
            continue
        if any(conflicts(fix, c) for c in chosen):
            continue
        chosen.append(fix)
    out = text
    for fix in sorted(chosen, key=lambda f: (f.start, f.end), reverse=True):
        out = out[: fix.start] + fix.replacement + out[fix.end :]
    return out
