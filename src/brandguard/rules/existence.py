"""``existence``: words, phrases or patterns that must not appear.

What it does
    Flags every occurrence of a term from ``tokens`` (a lexicon of any size) or a regular
    expression from ``patterns``. Matching survives evasion: case, full-width letters,
    homoglyphs, zero-width characters, diacritics, leetspeak (``gu@rant33d``) and separated
    letters (``c-u-r-e``) all fold to the plain word; word boundaries hold (``cure`` does not
    fire inside ``curated``); simple inflections match (``cure`` finds ``cures``, ``cured``).

Why is this bad?
    Some words carry legal risk (``risk-free`` in a financial promotion), some break the brand
    (profanity, competitor names). Listing them is the fastest, most explainable check.

Example
    ```yaml
    finance.promissory:
      kind: existence
      level: error
      message: "'%s' promises a return; financial promotions must not."
      tokens: [guaranteed returns, risk-free, can't lose, double your money]
      suggestion: "Describe the product without promising an outcome."
      source: https://www.finra.org/rules-guidance/rulebooks/finra-rules/2210
      owner: legal
    ```

Use instead
    The rule's ``suggestion``; when ``replacement`` is set the finding carries an exact fix
    (use ``substitution`` for per-term replacements).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import regex
from pydantic import Field, field_validator

from .._lazyre import lazy_regex
from ..verdict import Finding, Fix
from .base import MatcherRule, MatchSpec, RuleContext, spec_shorthand

# a denial ending right before a hit: "not", "are not", "isn't", "never", "neither ... nor"
_DENIAL = lazy_regex(
    r"(?:\bnot|n't|\bnever|\bno longer|\bnor|\bneither)\s+(?:(?:been|be|being|currently|federally|otherwise)\s+)?"
    # what is denied may be an approval or a use: "not authorized for treating COVID", "do not
    # use them to treat", "never take it to prevent"
    r"(?:(?:authori[sz]ed|approved|intended|meant|designed|cleared|indicated)\s+(?:for|to)\s+"
    r"|(?:use|take|give)\s+(?:[\w'-]+\s+){0,3}?(?:to|for)\s+)?$",
    regex.IGNORECASE,
)


class ExistenceRule(MatcherRule):
    """A listed term appears: '%s'."""

    kind: Literal["existence"] = "existence"
    replacement: str | None = None
    context: MatchSpec | None = Field(
        default=None,
        description="Only where this also appears somewhere in the post (the terms mean harm "
        "only in that context: 'another shot' next to a drink, 'transform' next to a bet)",
    )
    unless: MatchSpec | None = Field(
        default=None, description="Not when this appears anywhere in the post"
    )
    denied: bool = Field(
        default=False,
        description="Not where a denial comes right before the term ('Not FDIC insured', "
        "'are not insured by the FDIC', 'never guaranteed'): the post says the opposite",
    )
    sectors: list[str] | None = Field(
        default=None,
        description="The context also holds for a post from an account in one of these sectors "
        "(Post.metadata['sector']: a bookmaker's post is a gambling ad though it never says 'bet')",
    )

    cost = 10

    @field_validator("sectors")
    @classmethod
    def _lower_sectors(cls, value: list[str] | None) -> list[str] | None:
        # compared with Post.sectors, which are lower-cased
        return None if value is None else [v.lower() for v in value]

    @field_validator("context", "unless", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return spec_shorthand(value)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        text = ctx.text
        hits = self.find(ctx)
        if hits and self.denied:
            hits = [m for m in hits if _DENIAL.search(text, max(0, m.start - 32), m.start) is None]
        if not hits:
            return
        if (
            self.context is not None
            and not (self.sectors and ctx.post.sectors.intersection(self.sectors))
            and not self.context.find(ctx)
        ):
            return
        if self.unless is not None and self.unless.find(ctx):
            return
        for m in hits:
            fix = (
                Fix(start=m.start, end=m.end, replacement=self.replacement)
                if self.replacement is not None
                else None
            )
            yield self.finding(ctx, m.start, m.end, args=(text[m.start : m.end],), fix=fix)
