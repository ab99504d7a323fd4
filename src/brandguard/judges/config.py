"""The ``judges:`` section of a policy: which LLM judges run, where, and how their findings
weigh. Validated with the policy (errors name file, line and field); no LangChain import."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from ..post import Platform
from ..verdict import Severity
from .registry import JUDGES

__all__ = ["JUDGES", "Example", "JudgeSettings", "JudgesConfig"]

JudgeSeverity = Literal["minor", "major", "critical"]


class ExampleIssue(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    quote: str
    category: str
    severity: JudgeSeverity
    explanation: str
    rewrite: str


class Example(BaseModel):
    """A few-shot example: a post and the issues the judge should report (none = fine)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    post: str
    issues: list[ExampleIssue] = Field(default_factory=list)


class JudgeSettings(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

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
    ``tools`` (tool calling), ``json`` (JSON mode with the schema in the prompt). Every other
    key names a judge of the registry (``voice: {}``, ``compliance: {platforms: [x]}``).
    """

    model_config = ConfigDict(defer_build=True, extra="forbid")

    cascade: bool = True
    fail: Literal["closed", "open"] = "closed"
    timeout_s: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)
    concurrency: int = Field(default=4, ge=1, le=64)
    structured: Literal["auto", "json_schema", "tools", "json"] = "auto"
    judges: dict[str, JudgeSettings] = Field(
        default_factory=dict, description="The judges the policy runs, by registry name"
    )

    @model_validator(mode="before")
    @classmethod
    def _judges_by_name(cls, data: Any) -> Any:
        """The YAML names judges at the top of the section: collect them into ``judges``."""
        if not isinstance(data, dict):
            return data
        out = {k: v for k, v in data.items() if k not in JUDGES}
        named = {k: ({} if v is None else v) for k, v in data.items() if k in JUDGES}
        if named:
            out["judges"] = {**(data.get("judges") or {}), **named}
        return out

    @model_serializer(mode="wrap")
    def _flat(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        return {**{k: v for k, v in data.items() if k != "judges"}, **data.get("judges", {})}

    def enabled(self) -> dict[str, JudgeSettings]:
        """The judges that run, in the registry's order."""
        return {
            name: self.judges[name]
            for name in JUDGES
            if name in self.judges and self.judges[name].enabled
        }

    def settings(self, judge: str) -> JudgeSettings | None:
        return self.judges.get(judge)

    def only(self, names: list[str]) -> JudgesConfig:
        """The same settings running only ``names``."""
        return self.model_copy(
            update={"judges": {k: v for k, v in self.judges.items() if k in names}}
        )
