"""``occurrence``: too many (or too few) of something.

What it does
    Counts ``hashtags``, ``mentions``, ``links``, ``exclamations``, ``emoji``, ``questions``,
    ``caps_words`` or any regular expression (``count: token`` with ``token:``) and flags the
    post when the count is above ``max`` or below ``min``. The span starts at the first
    occurrence past the limit, so the author sees which ones to cut. ``links`` also counts
    ``Post.links`` entries that are not in the text. With ``unique: true`` only distinct values
    count (case-insensitive; links also ignore the scheme, ``www.`` and a trailing slash).

Why is this bad?
    Platforms cap some of these (Instagram: 5 hashtags from December 2025; Threads: more than
    5 links fail, one topic tag); brands cap others (one exclamation mark, two emoji).

Example
    ```yaml
    instagram.hashtags:
      kind: occurrence
      count: hashtags
      max: 5
      platforms: [instagram]
      level: error
      message: "%s hashtags; Instagram allows %s."
    ```

Use instead
    Keep the strongest ``max`` items; the rest can go in a comment or be dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field, PrivateAttr, field_validator, model_validator

from .._lazyre import lazy_regex
from ..verdict import Finding
from ._text import CAPS_WORD, EMOJI
from .base import Rule, RuleContext

Countable = Literal[
    "hashtags", "mentions", "links", "exclamations", "emoji", "questions", "caps_words", "token"
]

_EXCLAIM = lazy_regex(r"[!！¡]")
_QUESTION = lazy_regex(r"[?？¿]")


def _key(value: str, count: str) -> str:
    """What makes two items the same: case, and for links also scheme, ``www.`` and a
    trailing slash (``https://www.acme.com/`` is ``acme.com``)."""
    key = value.lower()
    if count == "links":
        key = _SCHEME.sub("", key).rstrip("/")
    return key


_SCHEME = lazy_regex(r"^(?:https?://)?(?:www\.)?")


class OccurrenceRule(Rule):
    """%s found; the limit is %s."""

    kind: Literal["occurrence"] = "occurrence"
    count: Countable = "token"
    token: str | None = Field(default=None, description="Regular expression, with count: token")
    max: int | None = Field(default=None, ge=0)
    min: int | None = Field(default=None, ge=0)
    ignorecase: bool = True
    unique: bool = Field(default=False, description="Count distinct values (links: unique URLs)")

    _token_re: regex.Pattern[str] | None = PrivateAttr(default=None)

    cost = 5

    @field_validator("token")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                regex.compile(value)
            except regex.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _check(self) -> OccurrenceRule:
        if self.max is None and self.min is None:
            raise ValueError("set 'max' or 'min'")
        if self.count == "token":
            if not self.token:
                raise ValueError("count: token needs a 'token' regular expression")
            self._token_re = regex.compile(self.token, regex.IGNORECASE if self.ignorecase else 0)
        return self

    def spans(self, ctx: RuleContext) -> list[tuple[int, int]]:
        text = ctx.text
        match self.count:
            case "hashtags":
                spans = ctx.hashtags
            case "mentions":
                spans = ctx.mentions
            case "links":
                spans = ctx.urls
            case "exclamations":
                spans = [m.span() for m in _EXCLAIM.finditer(text)]
            case "questions":
                spans = [m.span() for m in _QUESTION.finditer(text)]
            case "emoji":
                spans = [m.span() for m in EMOJI.finditer(text)] if not text.isascii() else []
            case "caps_words":
                spans = [m.span() for m in CAPS_WORD.finditer(text)]
            case _:
                assert self._token_re is not None
                spans = [
                    m.span()
                    for m in self._token_re.finditer(text, timeout=ctx.timeout())
                    if m.end() > m.start()
                ]
        if self.unique:
            seen: set[str] = set()
            out = []
            for a, b in spans:
                key = _key(text[a:b], self.count)
                if key not in seen:
                    seen.add(key)
                    out.append((a, b))
            spans = out
        return spans

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        spans = self.spans(ctx)
        extra = 0
        if self.count == "links" and ctx.post.links:
            seen = {_key(ctx.text[a:b], "links") for a, b in ctx.urls}
            for link in ctx.post.links:
                key = _key(link, "links")
                if key not in seen:
                    extra += 1
                    if self.unique:
                        seen.add(key)
        n = len(spans) + extra
        label = self.count.replace("_", " ") if self.count != "token" else "occurrences"
        if self.max is not None and n > self.max:
            if len(spans) > self.max:
                a, b = spans[self.max][0], spans[-1][1]
            else:  # the excess is in post.links
                a, b = spans[-1] if spans else (0, 0)
            yield self.finding(
                ctx,
                a,
                b,
                args=(f"{n} {label}", str(self.max)),
                suggestion=self.suggestion
                or f"Keep at most {self.max} {label}; cut {n - self.max}.",
            )
        if self.min is not None and n < self.min:
            end = len(ctx.text)
            yield self.finding(
                ctx,
                end,
                end,
                args=(f"{n} {label}", f"at least {self.min}"),
                suggestion=self.suggestion or f"Add {self.min - n} more {label}.",
            )
