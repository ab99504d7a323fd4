"""The ``voice:`` section of a policy: how the brand sounds.

Judges (LLM chains) read all of it. Its word lists also become deterministic rules, so they
hold without a model:

* ``forbidden_terms`` -> rule ``voice.forbidden`` (existence, warning),
* ``competitors``     -> rule ``voice.competitors`` (existence, warning),
* ``preferred_terms`` -> rule ``voice.terminology`` (substitution with an exact fix, suggestion).

Like any rule they can be overridden (``rules: {voice.forbidden: {level: error}}``) or disabled.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Voice", "voice_rules"]


class Voice(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    description: str | None = Field(default=None, description="One paragraph: who the brand is")
    traits: list[str] = Field(default_factory=list, description="Tone traits: calm, plain, warm")
    do: list[str] = Field(default_factory=list, description="Example sentences that sound right")
    dont: list[str] = Field(default_factory=list, description="Example sentences that do not")
    preferred_terms: dict[str, str] = Field(
        default_factory=dict, description="written -> preferred"
    )
    forbidden_terms: list[str] = Field(default_factory=list)
    competitors: list[str] = Field(default_factory=list)
    owner: str = "brand"
    source: str | None = Field(default=None, description="The brand guide (URL)")


def voice_rules(voice: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Rule specs generated from a (merged, unvalidated) voice section."""
    out: dict[str, dict[str, Any]] = {}
    owner = voice.get("owner", "brand")
    source = voice.get("source")
    base = {"owner": owner, **({"source": source} if source else {})}
    forbidden = voice.get("forbidden_terms")
    if isinstance(forbidden, list) and forbidden:
        out["voice.forbidden"] = {
            "kind": "existence",
            "level": "warning",
            "tokens": forbidden,
            "message": "'%s' is on the brand's list of words not to use.",
            "suggestion": "Say it in the brand's own words.",
            "description": "Generated from voice.forbidden_terms.",
            **base,
        }
    competitors = voice.get("competitors")
    if isinstance(competitors, list) and competitors:
        out["voice.competitors"] = {
            "kind": "existence",
            "level": "warning",
            "tokens": competitors,
            "inflect": False,
            "message": "'%s' is a competitor; brand posts don't name competitors.",
            "suggestion": "Talk about what we do, not about them.",
            "description": "Generated from voice.competitors.",
            **base,
        }
    preferred = voice.get("preferred_terms")
    if isinstance(preferred, dict) and preferred:
        out["voice.terminology"] = {
            "kind": "substitution",
            "level": "suggestion",
            "swap": preferred,
            "inflect": True,
            "message": "The brand writes '%s', not '%s'.",
            "description": "Generated from voice.preferred_terms.",
            **base,
        }
    return out
