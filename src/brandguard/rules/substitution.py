"""``substitution``: use X instead of Y, with an exact fix.

What it does
    For each ``swap`` entry ``observed: expected``, flags ``observed`` and offers an exact
    replacement with ``expected``, keeping the capitalisation of what was written
    (``Utilize`` -> ``Use``, ``UTILIZE`` -> ``USE``). Keys match like ``existence`` tokens
    (folded, whole words). With ``inflect: true`` inflected forms match too and the
    replacement takes the same inflection (``utilizes`` -> ``uses``, ``utilizing`` -> ``using``).

Why is this bad?
    Brand terminology drifts (``e-mail`` vs ``email``, a product renamed, a competitor's term
    for your feature). A fix the author can accept in one click keeps the post and its voice.

Example
    ```yaml
    brand.terms:
      kind: substitution
      level: suggestion
      message: "Use '%s' instead of '%s'."
      swap:
        log-in: log in
        utilize: use
        crypto currency: cryptocurrency
    ```

Use instead
    The replacement given in ``swap``; ``brandguard check --fix`` applies it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from ..lexicon import Lexicon, reinflect
from ..verdict import Finding, Fix
from .base import Rule, RuleContext


def match_case(written: str, replacement: str) -> str:
    """Carry the capitalisation of ``written`` over to ``replacement``."""
    letters = [c for c in written if c.isalpha()]
    if not letters or not replacement:
        return replacement
    if all(c.isupper() for c in letters) and len(letters) > 1:
        return replacement.upper()
    if letters[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


class SubstitutionRule(Rule):
    """'%s' is preferred over '%s'."""

    kind: Literal["substitution"] = "substitution"
    message: str = "Use '%s' instead of '%s'."
    swap: dict[str, str] = Field(min_length=1)
    ignorecase: bool = True
    inflect: bool = False
    keep_case: bool = Field(default=True, description="Carry the written capitalisation over.")

    _lexicon: Lexicon = PrivateAttr()
    _targets: list[str] = PrivateAttr(default_factory=list)

    cost = 10

    @model_validator(mode="after")
    def _compile(self) -> SubstitutionRule:
        keys = list(self.swap)
        self._targets = [self.swap[k] for k in keys]
        self._lexicon = Lexicon(keys, inflect=self.inflect, lower=self.ignorecase)
        return self

    def model_post_init(self, __context: Any) -> None:
        super().model_post_init(__context)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        text = ctx.text
        seen: set[tuple[int, int]] = set()
        for view in ctx.views(cased=not self.ignorecase):
            for hit in self._lexicon.find(view.text):
                a, b = view.span(hit.start, hit.end)
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                written = text[a:b]
                target = self._targets[hit.term]
                if self.inflect:
                    key = list(self.swap)[hit.term]
                    target = reinflect(view.text[hit.start : hit.end], key, target)
                if self.keep_case:
                    target = match_case(written, target)
                if written == target:
                    continue
                yield self.finding(
                    ctx,
                    a,
                    b,
                    args=(target, written),
                    suggestion=f"Write '{target}'.",
                    fix=Fix(start=a, end=b, replacement=target),
                )
