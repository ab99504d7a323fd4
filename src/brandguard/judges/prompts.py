"""Versioned prompt files (``prompts/NAME.yaml``, shipped in the wheel) and the chat prompt built from
them. Each file has a ``version`` (part of the cache key) and a ``changelog``."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .._data import data_dir
from .config import Example

__all__ = ["PromptFile", "load_prompt"]


class PromptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: int = Field(ge=1)
    changelog: list[str] = Field(min_length=1)
    categories: list[str] = Field(min_length=1)
    system: str
    human: str
    examples: list[Example] = Field(default_factory=list)

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
            lines.append(f"<post>{ex.post}</post> -> {answer}")
        return "\n".join(lines)

    def example_messages(self, examples: list[Example], values: dict[str, str]) -> list[Any]:
        """Few-shot turns: each example post as the human turn, its issues as the answer."""
        from langchain_core.messages import AIMessage, HumanMessage

        if self.inline_examples:
            return []
        out: list[Any] = []
        for ex in examples:
            out.append(HumanMessage(self.human.format(**{**values, "post": ex.post})))
            out.append(
                AIMessage(
                    json.dumps({"issues": [i.model_dump() for i in ex.issues]}, ensure_ascii=False)
                )
            )
        return out


@lru_cache(maxsize=16)
def load_prompt(name: str) -> PromptFile:
    res = data_dir("prompts") / f"{name}.yaml"
    data: Any = yaml.safe_load(res.read_text(encoding="utf-8"))
    return PromptFile.model_validate(data)
