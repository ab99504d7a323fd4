"""The ``judges:`` section of a policy: which LLM judges run, where, and how their findings
weigh. Validated with the policy (errors name file, line and field); no LangChain import."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..post import Platform
from ..verdict import Severity

__all__ = ["JUDGES", "Example", "JudgeSettings", "JudgesConfig"]

#: The judges brandguard ships (a prompt file each in ``brandguard/prompts``).
JUDGES = ("voice", "compliance")

JudgeSeverity = Literal["minor", "major", "critical"]

_DEFAULT_SEVERITY: dict[str, dict[str, Severity]] = {
    # Voice never blocks: a judge's taste is a suggestion or a review, not a veto.
    "voice": {
        "minor": Severity.SUGGESTION,
        "major": Severity.WARNING,
        "critical": Severity.WARNING,
    },
    # An LLM's compliance call sends the post to a human; a policy may map critical to error.
    "compliance": {
        "minor": Severity.SUGGESTION,
        "major": Severity.WARNING,
        "critical": Severity.WARNING,
    },
}


class ExampleIssue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote: str
    category: str
    severity: JudgeSeverity
    explanation: str
    rewrite: str


class Example(BaseModel):
    """A few-shot example: a post and the issues the judge should report (none = fine)."""

    model_config = ConfigDict(extra="forbid")

    post: str
    issues: list[ExampleIssue] = Field(default_factory=list)


class JudgeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    platforms: list[Platform] | None = None
    severity: dict[JudgeSeverity, Severity] = Field(default_factory=dict)
    examples: list[Example] = Field(default_factory=list, description="Few-shot examples")
    instructions: str | None = Field(default=None, description="Extra policy-specific guidance")


class JudgesConfig(BaseModel):
    """Policy-level judge settings.

    ``cascade``: skip the judges when the rules already block. ``fail``: ``closed`` turns a
    judge that cannot answer into a ``judge.unavailable`` review finding; ``open`` lets the
    rules' decision stand. ``structured``: how to get structured output from the model:
    ``auto`` (JSON schema on OpenAI, grammar-constrained JSON elsewhere), ``json_schema``,
    ``tools`` (tool calling), ``json`` (JSON mode with the schema in the prompt).
    """

    model_config = ConfigDict(extra="forbid")

    cascade: bool = True
    fail: Literal["closed", "open"] = "closed"
    timeout_s: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)
    concurrency: int = Field(default=4, ge=1, le=64)
    structured: Literal["auto", "json_schema", "tools", "json"] = "auto"
    voice: JudgeSettings | None = None
    compliance: JudgeSettings | None = None

    def enabled(self) -> dict[str, JudgeSettings]:
        out = {}
        for name in JUDGES:
            settings = getattr(self, name)
            if settings is not None and settings.enabled:
                out[name] = settings
        return out

    def severity(self, judge: str, level: str) -> Severity:
        settings = getattr(self, judge)
        if settings is not None and level in settings.severity:
            return settings.severity[level]  # type: ignore[index]
        return _DEFAULT_SEVERITY[judge][level]
