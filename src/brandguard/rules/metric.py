"""``metric``: ratios that make a post hard to read.

What it does
    Measures ``caps_ratio`` (share of letters inside ALL-CAPS words), ``emoji_ratio`` (share of
    graphemes that are emoji) or ``hashtag_ratio`` (share of words that are hashtags) and flags
    the post when the measure is above ``max``. Posts with fewer than ``min_letters`` letters
    are not judged. The span runs from the first to the last offending item.

Why is this bad?
    Long ALL-CAPS runs read as shouting and are spelled letter by letter by some screen
    readers; walls of emoji and hashtags bury the message and are read aloud one by one.

Example
    ```yaml
    style.shouting:
      kind: metric
      measure: caps_ratio
      max: 0.3
      level: warning
      message: "%s of the letters are in ALL CAPS (limit %s)."
    ```

Use instead
    Sentence case, with one word in capitals for emphasis at most.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from .._lazyre import lazy_re
from ..verdict import Finding
from ._text import CAPS_WORD, EMOJI, GRAPHEME, LETTER, WORD
from .base import Rule, RuleContext

_ASCII_CAPS_WORD = lazy_re(r"(?<![A-Za-z0-9])[A-Z]{2,}(?:'[A-Z]+)?(?![A-Za-z0-9])")


class MetricRule(Rule):
    """%s (limit %s)."""

    kind: Literal["metric"] = "metric"
    measure: Literal["caps_ratio", "emoji_ratio", "hashtag_ratio"]
    max: float = Field(ge=0, le=1)
    min_letters: int = Field(default=20, ge=0)
    allow: list[str] = Field(
        default_factory=list, description="ALL-CAPS words that do not count (acronyms: NASA, ESG)"
    )

    cost = 8

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        text = ctx.text
        spans: list[tuple[int, int]] = []
        if self.measure == "caps_ratio":
            allow = {a.upper() for a in self.allow}
            caps = _ASCII_CAPS_WORD if text.isascii() else CAPS_WORD
            spans = [m.span() for m in caps.finditer(text) if m.group().upper() not in allow]
            caps_letters = sum(b - a for a, b in spans)
            # value = caps / letters > max needs letters < caps / max; letters >= min_letters
            if not spans or (self.max > 0 and caps_letters / self.max <= self.min_letters):
                return
        letters = len(LETTER.findall(text))
        if letters < self.min_letters:
            return
        if self.measure == "caps_ratio":
            value = sum(b - a for a, b in spans) / letters
        elif self.measure == "emoji_ratio":
            if text.isascii():
                return
            spans = [m.span() for m in EMOJI.finditer(text)]
            total = len(GRAPHEME.findall(text.replace(" ", "")))
            value = len(spans) / total if total else 0.0
        else:
            spans = ctx.hashtags
            words = len(WORD.findall(text))
            value = len(spans) / words if words else 0.0
        if value > self.max and spans:
            yield self.finding(
                ctx,
                spans[0][0],
                spans[-1][1],
                args=(f"{value:.0%} {self.measure.replace('_', ' ')}", f"{self.max:.0%}"),
            )
