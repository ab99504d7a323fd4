"""What every recognizer shares: the :class:`Recognizer` base, the :class:`Span` it finds and
the :class:`Scan` it reads (one post, seen by the ``pii`` rule).

A recognizer is Presidio's idea (``presidio_analyzer.PatternRecognizer``) cut to what a
pre-publish gate needs: candidates found cheaply, a ``validate`` step (a checksum, a
numbering plan, a calendar), a base confidence, and context words that raise it when they
stand within ``context_window`` characters before the value (``invalidate`` words lower it,
for what looks alike but is not personal data: "version 2.4.0.1", "visit our store at").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

import regex

from .._lazyre import lazy_regex

if TYPE_CHECKING:
    from ..normalize import TextView
    from ..rules.base import RuleContext

__all__ = ["Recognizer", "Scan", "Span", "words_pattern"]


@dataclass(frozen=True, slots=True)
class Span:
    """One value found: ``[start, end)`` of the ORIGINAL post text, with its confidence."""

    start: int
    end: int
    entity: str
    score: float


def words_pattern(words: tuple[str, ...] | list[str]) -> regex.Pattern[str] | None:
    """One case-insensitive pattern for context words (whole words; ``*`` ends a stem)."""
    if not words:
        return None
    from ..normalize import fold_term

    alts = []
    # folded as the view the recognizers read is folded: "Führerschein" reads "fuhrerschein"
    for w in sorted({fold_term(w) for w in words}, key=len, reverse=True):
        stem = w.endswith("*")
        body = regex.escape(w.rstrip("*")).replace(r"\ ", r"[\s\-]?")
        alts.append(body + (r"\w*" if stem else ""))
    # compiled when a candidate first needs its context read, not when the module is imported
    return lazy_regex(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", regex.IGNORECASE)


class Scan:
    """One post as the recognizers see it: the folded view (lower case, look-alikes read as
    what they look like), its mapping back to the original, and the rule's settings."""

    __slots__ = ("__dict__", "ctx", "rule", "text", "view")

    def __init__(self, ctx: RuleContext, rule: Any) -> None:
        self.ctx = ctx
        self.rule = rule
        self.view: TextView = ctx.norm.folded
        self.text: str = self.view.text

    def span(self, a: int, b: int) -> tuple[int, int]:
        """``[a, b)`` of the folded view, in the original text."""
        return self.view.span(a, b)

    @cached_property
    def has_digit_run(self) -> bool:
        """Seven digits in a row (separators allowed): what a phone, card, IBAN or most ids need."""
        from .phone import PHONE_HINT

        return PHONE_HINT.search(self.text) is not None


class Recognizer:
    """One kind of personal data. Subclass it, set the class attributes, implement
    :meth:`candidates` (or :meth:`find` for full control), and register it (see
    :mod:`brandguard.recognizers`).

    ``candidates`` yields ``(start, end)`` pairs of the folded view (``scan.text``); ``find``
    validates each, scores it (``score``, plus ``context_boost`` when a ``context`` word
    stands within ``context_window`` characters before it, minus ``invalidate_penalty`` when an
    ``invalidate`` word does) and yields those at or above the rule's ``min_confidence``.
    """

    #: the name a policy's ``detectors:`` list uses
    name: ClassVar[str] = ""
    #: the finding's code: ``privacy.pii.<entity>``
    entity: ClassVar[str] = ""
    #: what the finding's message calls it ("phone number")
    label: ClassVar[str] = ""
    #: confidence of a candidate that passed ``validate``, before context
    score: ClassVar[float] = 0.85
    context: ClassVar[tuple[str, ...]] = ()
    context_window: ClassVar[int] = 40
    context_boost: ClassVar[float] = 0.35
    invalidate: ClassVar[tuple[str, ...]] = ()
    invalidate_penalty: ClassVar[float] = 0.6
    #: trailing characters a redaction keeps ("…1111")
    redact_keep: ClassVar[int] = 0
    #: lower runs first and claims its span (an IBAN's digits are never also a phone number)
    priority: ClassVar[int] = 100
    #: where the format and its validation come from
    source: ClassVar[str] = ""

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls._context_re = words_pattern(cls.context)
        cls._invalidate_re = words_pattern(cls.invalidate)

    _context_re: ClassVar[regex.Pattern[str] | None] = None
    _invalidate_re: ClassVar[regex.Pattern[str] | None] = None

    # -- what a subclass writes ------------------------------------------------------------
    def candidates(self, scan: Scan) -> Iterator[tuple[int, int]]:  # pragma: no cover
        return iter(())

    def validate(self, value: str) -> bool:
        """A checksum or format check on the candidate's text; True by default."""
        return True

    # -- shared machinery ------------------------------------------------------------------
    def has_context(self, text: str, a: int, b: int) -> bool:
        pat = self._context_re
        return pat is not None and pat.search(text, max(0, a - self.context_window), a) is not None

    def is_invalidated(self, text: str, a: int, b: int) -> bool:
        pat = self._invalidate_re
        return pat is not None and pat.search(text, max(0, a - self.context_window), a) is not None

    def confidence(self, text: str, a: int, b: int, base: float | None = None) -> float:
        s = self.score if base is None else base
        if s < 1.0 and self.has_context(text, a, b):
            s += self.context_boost
        if self.is_invalidated(text, a, b):
            s -= self.invalidate_penalty
        return round(max(0.0, min(1.0, s)), 2)

    def find(self, scan: Scan, min_confidence: float) -> Iterator[Span]:
        text = scan.text
        reachable = self.score + (self.context_boost if self._context_re is not None else 0)
        for a, b in self.candidates(scan):
            # a candidate that cannot reach the threshold without context is not validated
            # unless a context word stands before it (validation is the costly part)
            if self.score < min_confidence and (
                reachable < min_confidence or not self.has_context(text, a, b)
            ):
                continue
            if not self.validate(text[a:b]):
                continue
            s = self.confidence(text, a, b)
            if s >= min_confidence:
                yield Span(*scan.span(a, b), self.entity, s)


def after_cue(
    text: str,
    cue: regex.Pattern[str],
    value: regex.Pattern[str],
    gap: int,
    accept: Callable[[regex.Match[str]], bool] = lambda m: True,
) -> Iterator[tuple[int, int, regex.Match[str]]]:
    """The first ``value`` match that ``accept`` takes and that starts within ``gap``
    characters after each ``cue`` match (Presidio's context words, read forward: "passport
    no. X123"; "licence number is X123" skips the word "number")."""
    end = 0
    for c in cue.finditer(text):
        if c.end() < end:
            continue
        stop = min(len(text), c.end() + gap + 40)
        for m in value.finditer(text, c.end(), stop):
            if m.start() - c.end() > gap:
                break
            if accept(m):
                end = m.end()
                yield m.start(), m.end(), m
                break


# A document number: letters and digits (hyphens or slashes between groups, a space between
# digit groups),
# at least four digits, not a measure ("35x45mm"), a price or a date (those are told apart
# by ``document_number``)
DOCUMENT = lazy_regex(
    r"(?<![\w.,/-])(?:no\.?\s?|nr\.?\s?|n[°º]\s?|#\s?)?"
    r"(?P<v>[a-z0-9](?:[a-z0-9]|[-/](?=[a-z0-9])|(?<=\d) (?=\d)){5,19})(?![\w]|[.,/-]\w)"
)
_MEASURE = lazy_regex(r"^\d+x\d+|^\d+(?:mm|cm|px|kg|gb|mb|ml|eur|usd|gbp)$|^(?:19|20)\d\d$")
_DATEISH = lazy_regex(r"^\d{1,4}[-/ ]\d{1,2}[-/ ]\d{1,4}$")


def document_number(value: str) -> bool:
    """True when ``value`` reads as an identity document's number (see ``DOCUMENT``)."""
    digits = sum(c.isdigit() for c in value)
    if digits < 4 or _MEASURE.search(value) or _DATEISH.match(value):
        return False
    # a group of letters longer than five is a word ("valid until"), not part of a number
    return not any(len(part) > 5 and part.isalpha() for part in regex.split(r"[-/ ]", value))


class DocumentRecognizer(Recognizer):
    """An identity document's number read after its name ("passport no. X1234567"): a
    subclass sets ``cues`` (the document's names), ``literals`` (one of them must occur in the
    folded text for a cue to be possible: a cheap gate) and ``gap`` (characters between the
    cue and the number)."""

    cues: ClassVar[tuple[str, ...]] = ()
    literals: ClassVar[tuple[str, ...]] = ()
    gap: ClassVar[int] = 22
    _cue_re: ClassVar[regex.Pattern[str] | None] = None

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls._cue_re = words_pattern(cls.cues)

    def find(self, scan: Scan, min_confidence: float) -> Iterator[Span]:
        text = scan.text
        cue = self._cue_re
        if cue is None or self.score < min_confidence or not any(w in text for w in self.literals):
            return
        for _a, _b, m in after_cue(text, cue, DOCUMENT, self.gap, _document_match):
            yield Span(*scan.span(*m.span("v")), self.entity, self.score)


def _document_match(m: regex.Match[str]) -> bool:
    return document_number(m.group("v"))
