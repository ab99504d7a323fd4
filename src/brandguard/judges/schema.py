"""What a judge answers: pydantic models the model's structured output is parsed into."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["JudgeIssue", "JudgeOutput"]


class JudgeIssue(BaseModel):
    """One problem the judge found, quoted from the post."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    quote: str = Field(
        description="The offending words, copied exactly from the post (verbatim, short)."
    )
    category: str = Field(
        description="A short label for the kind of problem, from the list in the instructions."
    )
    severity: Literal["minor", "major", "critical"] = Field(
        description="minor: a style nit; major: a reviewer should look; critical: clearly breaks the policy."
    )
    explanation: str = Field(
        description="One or two sentences: why this is a problem under the policy."
    )
    rewrite: str = Field(
        description="A replacement for the quoted words that keeps the post's idea and voice but fixes the problem."
    )


class JudgeOutput(BaseModel):
    """The judge's answer. No issues means the post is fine for this judge."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    issues: list[JudgeIssue] = Field(
        default_factory=list, description="Problems found; empty when the post is fine."
    )
