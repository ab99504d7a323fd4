"""Versioned prompt files (``prompts/NAME.yaml``, shipped in the wheel) and the chat prompt built from
them. Each file has a ``version`` (part of the cache key) and a ``changelog``."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .._data import data_dir
from ..verdict import Severity
from .config import Example, JudgeSeverity
from .registry import JUDGES

__all__ = ["MarketSection", "PromptFile", "load_prompt", "post_json"]


def post_json(text: str) -> str:
    """A post as the judge reads it: one JSON string on one line. Quotes, backslashes, line
    breaks and control characters are escaped, so nothing in the post can end the string or
    start a line of its own (a forged ``Already reported by the rules: none`` stays inside
    it); the line separators U+2028/U+2029 and the bidi controls are escaped too."""
    return json.dumps(text, ensure_ascii=False).translate(_ESCAPE_MORE)


# JSON leaves these raw; a model (or a log viewer) may read them as line breaks or reorder text
_ESCAPE_MORE = {
    c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


class MarketSection(BaseModel):
    """What a judge is told about one market (``GB``, ``EEA``, ``US``...): the regime's gist
    and few-shot examples, sent only for posts published there."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    guidance: str
    examples: list[Example] = Field(default_factory=list)
    also: list[str] = Field(
        default_factory=list,
        description="More markets the section covers (Georgia mirrors the EU's claims rules)",
    )


class PromptFile(BaseModel):
    """A judge, declared as data: the text sent to the model and what its answers mean.

    ``categories`` are what the judge may report; ``answers`` maps a category to the rule
    families it speaks to (an ``implied-health-claim`` answers an expected ``health`` finding in
    evals); ``severity`` maps the judge's minor/major/critical to finding levels (a policy may
    override it); ``owner`` and ``source`` go on every finding (``source`` may use ``{policy}``
    and ``{version}``); with ``reads_voice`` the policy's ``voice:`` section is given to the
    model, and its ``owner`` and ``source`` take precedence.
    """

    model_config = ConfigDict(defer_build=True, extra="forbid")

    name: str
    version: int = Field(ge=1)
    changelog: list[str] = Field(min_length=1)
    owner: str
    source: str
    reads_voice: bool = False
    severity: dict[JudgeSeverity, Severity] = Field(
        default_factory=lambda: {
            "minor": Severity.SUGGESTION,
            "major": Severity.WARNING,
            "critical": Severity.WARNING,
        }
    )
    categories: list[str] = Field(min_length=1)
    answers: dict[str, list[str]] = Field(default_factory=dict)
    system: str
    human: str
    examples: list[Example] = Field(default_factory=list)
    markets: dict[str, MarketSection] = Field(default_factory=dict)
    # each section with the countries it covers, resolved once when the file is read
    _sections: list[tuple[frozenset[str], MarketSection]] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _answers_known_categories(self) -> PromptFile:
        unknown = set(self.answers) - set(self.categories)
        if unknown:
            raise ValueError(f"answers names unknown categories: {sorted(unknown)}")
        from ..markets import expand, normalize

        self._sections = [
            (
                expand([normalize(c, allow_everywhere=False) for c in (code, *section.also)])
                or frozenset(),
                section,
            )
            for code, section in self.markets.items()
        ]
        for ex in [*self.examples, *(e for m in self.markets.values() for e in m.examples)]:
            for issue in ex.issues:
                if issue.category not in self.categories:
                    raise ValueError(
                        f"example {ex.post[:40]!r} uses unknown category {issue.category!r}"
                    )
        return self

    def sections_for(self, jurisdictions: frozenset[str]) -> list[MarketSection]:
        """The market sections for a post published in ``jurisdictions`` (countries); every
        section when they are unknown (empty), as every rule applies then."""
        return [
            s for countries, s in self._sections if not jurisdictions or countries & jurisdictions
        ]

    def markets_text(self, sections: list[MarketSection]) -> str:
        """The ``{markets}`` placeholder: each section's guidance, then its examples."""
        parts = []
        for section in sections:
            parts.append(section.guidance.strip())
            if section.examples and self.inline_examples:
                parts.append(self.examples_text(section.examples))
        return "\n".join(parts)

    def template(self) -> Any:
        """The chain's prompt: system, few-shot examples, the post, and room for a repair turn."""
        from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

        system = self.system
        if self.inline_examples:
            # the examples are JSON, so they come in as a value, never parsed as a template
            system = system.replace("{examples}", "{examples_text}")
        return ChatPromptTemplate.from_messages(
            [
                ("system", system),
                MessagesPlaceholder("examples", optional=True),
                ("human", self.human),
                MessagesPlaceholder("repair", optional=True),
            ]
        )

    @property
    def inline_examples(self) -> bool:
        """The system template places the examples itself (``{examples}``)."""
        return "{examples}" in self.system

    @staticmethod
    def examples_text(examples: list[Example]) -> str:
        lines = []
        for ex in examples:
            answer = json.dumps({"issues": [i.model_dump() for i in ex.issues]}, ensure_ascii=False)
            lines.append(f"{post_json(ex.post)} -> {answer}")
        return "\n".join(lines)

    def example_messages(self, examples: list[Example], values: dict[str, str]) -> list[Any]:
        """Few-shot turns: each example post as the human turn, its issues as the answer."""
        from langchain_core.messages import AIMessage, HumanMessage

        if self.inline_examples:
            return []
        out: list[Any] = []
        for ex in examples:
            out.append(
                HumanMessage(
                    self.human.format(
                        **{**values, "post": ex.post, "post_json": post_json(ex.post)}
                    )
                )
            )
            out.append(
                AIMessage(
                    json.dumps({"issues": [i.model_dump() for i in ex.issues]}, ensure_ascii=False)
                )
            )
        return out


@lru_cache(maxsize=64)
def load_prompt(name: str) -> PromptFile:
    """The prompt file of judge ``name`` (see :mod:`brandguard.judges.registry`)."""
    from pathlib import Path

    target = JUDGES.get(name, name)
    res: Any = (
        Path(target)
        if target.endswith((".yaml", ".yml"))
        else data_dir("prompts") / f"{target}.yaml"
    )
    data: Any = yaml.safe_load(res.read_text(encoding="utf-8"))
    return PromptFile.model_validate(data)


@lru_cache(maxsize=1)
def judge_families() -> dict[str, tuple[str, ...]]:
    """``judge.NAME.CATEGORY`` -> the rule families it answers to, for every registered judge
    (read from the prompt files; used by the eval metrics)."""
    out: dict[str, tuple[str, ...]] = {}
    for name in JUDGES:
        prompt = load_prompt(name)
        for category, families in prompt.answers.items():
            out[f"judge.{name}.{category}"] = tuple(families)
    return out
