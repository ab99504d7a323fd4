"""``accessibility``: posts everyone can read, screen readers included.

What it does
    * ``.hashtag-case``: a multi-word hashtag written all lower or all upper case
      (``#blacklivesmatter``); the exact fix writes it in CamelCase (``#BlackLivesMatter``),
      splitting words with an English word-frequency model (``wordninja``).
    * ``.alt-text``: an attached media item (``Post.alt_texts``) without alt text, or alt text
      that is only a file name or a placeholder (``IMG_4521.JPG``, ``image``), or alt text
      longer than ``alt_text_max`` (Mastodon: 1,500 characters).

Why is this bad?
    Screen readers read ``#blacklivesmatter`` as one long non-word; CamelCase lets them read
    the words. Images without alt text are invisible to blind and low-vision users.

Example
    ```yaml
    a11y:
      kind: accessibility
      level: suggestion
      checks: [hashtag-case, alt-text]
    ```

Use instead
    ``#BlackLivesMatter``; a one-sentence description of each image in its alt text.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

from pydantic import Field

from .._lazyre import lazy_re
from ..verdict import Finding, Fix
from .base import Rule, RuleContext

# A file name (IMG_4521.JPG, photo-2.png) or a placeholder word is no description.
_PLACEHOLDER_ALT = lazy_re(
    r"(?i)^(?:[\w ().-]*\.(?:jpe?g|png|gif|webp|heic|heif|tiff?|bmp|svg|mp4|mov)|"
    r"(?:img|image|photo|picture|pic|dsc|screenshot|bild|foto|imagen|immagine|zdj[eę]cie)[ _-]?\d*|"
    r"alt|alt text|todo|tbd|n/?a|none|-|\.)$"
)

Check = Literal["hashtag-case", "alt-text"]


@lru_cache(maxsize=2048)
def camel_case(tag: str) -> str | None:
    """``blacklivesmatter`` -> ``BlackLivesMatter``; None when it does not split into words."""
    import wordninja

    words = wordninja.split(tag.lower())
    if len(words) < 2 or "".join(words) != tag.lower() or any(len(w) < 2 for w in words):
        return None
    return "".join(w[:1].upper() + w[1:] for w in words)


class AccessibilityRule(Rule):
    """Accessibility: %s."""

    kind: Literal["accessibility"] = "accessibility"
    checks: list[Check] = Field(default_factory=lambda: ["hashtag-case", "alt-text"])
    min_hashtag_length: int = Field(default=8, ge=4)
    alt_text_max: int | None = Field(default=None, ge=1)
    languages: list[str] = Field(
        default_factory=lambda: ["en"],
        description="Languages for which hashtags are split into words",
    )

    cost = 15

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        post = ctx.post
        text = ctx.text
        if "hashtag-case" in self.checks and post.language in self.languages:
            for a, b in ctx.hashtags:
                body = text[a + 1 : b]
                if len(body) < self.min_hashtag_length or not body.isascii() or not body.isalpha():
                    continue
                if not (body.islower() or body.isupper()):
                    continue
                camel = camel_case(body)
                if camel is None:
                    continue
                yield self.finding(
                    ctx,
                    a,
                    b,
                    code="hashtag-case",
                    message=f"Multi-word hashtag '{text[a:b]}' is hard for screen readers; use CamelCase.",
                    suggestion=f"Write '#{camel}'.",
                    fix=Fix(start=a, end=b, replacement=text[a] + camel),
                )
        if "alt-text" in self.checks:
            for i, alt in enumerate(post.alt_texts):
                field = f"alt_texts[{i}]"
                if not alt.strip():
                    yield self.finding(
                        ctx,
                        0,
                        0,
                        code="alt-text",
                        field=field,
                        excerpt="",
                        message=f"Media item {i + 1} has no alt text.",
                        suggestion="Describe the image in one or two sentences for screen-reader users.",
                    )
                elif _PLACEHOLDER_ALT.match(alt.strip()):
                    yield self.finding(
                        ctx,
                        0,
                        0,
                        code="alt-text",
                        field=field,
                        excerpt=alt,
                        message=f"The alt text of media item {i + 1} is a file name or a placeholder "
                        f"({alt.strip()!r}); screen readers read it out as is.",
                        suggestion="Describe the image in one or two sentences for screen-reader users.",
                    )
                elif self.alt_text_max is not None and len(alt) > self.alt_text_max:
                    yield self.finding(
                        ctx,
                        0,
                        0,
                        code="alt-text-length",
                        field=field,
                        excerpt=alt[:60],
                        message=f"Alt text of media item {i + 1} is {len(alt)} characters; "
                        f"the limit is {self.alt_text_max}.",
                        suggestion="Shorten the description; put detail in the post itself.",
                    )
