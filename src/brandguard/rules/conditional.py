"""``conditional``: if X appears, Y must appear too.

What it does
    When the post matches ``first`` (tokens and/or patterns) it must also match ``second``;
    otherwise each ``first`` hit is flagged. Both sides fold and match like ``existence``.
    Without ``first``, ``second`` is required in every post the rule applies to (scope it
    with ``when``/``platforms``/``locales``: an AI-generated post must say so); the finding
    points at the first sentence. With ``append`` (or ``prepend``) set, the finding carries an
    exact fix that adds that text (a risk warning, a supplement disclaimer, "AI-generated:").
    With ``context``, the rule reads only posts that also match it (a rule of one trade: a
    brand that is no investment adviser reads the SEC's testimonial rule only in its posts
    about investing).

Why is this bad?
    Some claims are legal only with their counterweight: a past-performance claim with a risk
    warning (FINRA Rule 2210(d)(1); SEC Marketing Rule 206(4)-1), a structure/function claim
    for a supplement with the DSHEA disclaimer (21 CFR 101.93(c)).

Example
    ```yaml
    finance.performance-needs-risk:
      kind: conditional
      level: error
      message: "'%s' is a performance claim without a risk warning."
      first: {patterns: ['\\d+(?:\\.\\d+)?% (?:return|gain|growth|yield)s?']}
      second: {tokens: [past performance, capital at risk, may lose value, not guaranteed]}
      append: " Past performance does not guarantee future results. Capital at risk."
    ```

Use instead
    Add the required statement in the post itself (not only behind a link).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, field_validator

from ..verdict import Finding, Fix
from .base import MatchSpec, Rule, RuleContext, spec_shorthand


def _first_sentence_end(text: str) -> int:
    m = re.search(r"[.!?](?:\s|$)|\n", text)
    if m is None:
        return len(text)
    return m.start() if text[m.start()] == "\n" else m.start() + 1


class ConditionalRule(Rule):
    """'%s' needs its companion statement."""

    kind: Literal["conditional"] = "conditional"
    first: MatchSpec | None = Field(
        default=None, description="The trigger; omitted = 'second' is always required in scope"
    )
    second: MatchSpec
    context: MatchSpec | None = Field(
        default=None,
        description="Only where this also appears somewhere in the post (a rule of one trade: a "
        "brand that is no adviser reads the SEC's testimonial rule only in posts about investing)",
    )
    append: str | None = Field(default=None, description="Text whose addition satisfies the rule")
    prepend: str | None = Field(
        default=None, description="Text whose insertion at the start satisfies the rule"
    )

    cost = 15

    @field_validator("first", "second", "context", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return spec_shorthand(value)

    @field_validator("first", "second", "context")
    @classmethod
    def _not_empty(cls, value: MatchSpec | None) -> MatchSpec | None:
        if value is not None and value.empty:
            raise ValueError("give at least one entry in 'tokens' or 'patterns'")
        return value

    def _fix(self, text: str) -> Fix | None:
        if self.prepend:
            return Fix(start=0, end=0, replacement=self.prepend)
        if self.append:
            end = len(text.rstrip())
            return Fix(start=end, end=end, replacement=self.append)
        return None

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        text = ctx.text
        if self.context is not None and not self.context.find(ctx):
            return
        if self.first is None:
            if self.second.find(ctx):
                return
            end = _first_sentence_end(text)
            yield self.finding(ctx, 0, end, args=(text[:end],), fix=self._fix(text))
            return
        hits = self.first.find(ctx)
        if not hits or self.second.find(ctx):
            return
        fix = self._fix(text)
        for i, m in enumerate(hits):
            yield self.finding(
                ctx,
                m.start,
                m.end,
                args=(text[m.start : m.end],),
                fix=fix if i == 0 else None,
            )
