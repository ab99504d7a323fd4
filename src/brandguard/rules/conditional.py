"""``conditional``: if X appears, Y must appear too.

What it does
    When the post matches ``first`` (tokens and/or patterns) it must also match ``second``;
    otherwise each ``first`` hit is flagged. Both sides fold and match like ``existence``.
    With ``append`` set, the finding carries an exact fix that appends that text (a risk
    warning, a supplement disclaimer).

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

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, field_validator

from ..verdict import Finding, Fix
from .base import MatchSpec, Rule, RuleContext


def _spec(value: Any) -> Any:
    if isinstance(value, list):
        return {"tokens": value}
    if isinstance(value, str):
        return {"tokens": [value]}
    return value


class ConditionalRule(Rule):
    """'%s' needs its companion statement."""

    kind: Literal["conditional"] = "conditional"
    first: MatchSpec
    second: MatchSpec
    append: str | None = Field(default=None, description="Text whose addition satisfies the rule")

    cost = 15

    @field_validator("first", "second", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _spec(value)

    @field_validator("first", "second")
    @classmethod
    def _not_empty(cls, value: MatchSpec) -> MatchSpec:
        if value.empty:
            raise ValueError("give at least one entry in 'tokens' or 'patterns'")
        return value

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        hits = self.first.find(ctx)
        if not hits or self.second.find(ctx):
            return
        text = ctx.text
        end = len(text.rstrip())
        fix = Fix(start=end, end=end, replacement=self.append) if self.append else None
        for i, m in enumerate(hits):
            yield self.finding(
                ctx,
                m.start,
                m.end,
                args=(text[m.start : m.end],),
                fix=fix if i == 0 else None,
            )
