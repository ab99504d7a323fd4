"""What every rule kind shares: configuration fields, scoping, context, and building findings."""

from __future__ import annotations

import fnmatch
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .._lazyre import lazy_re, lazy_regex, stall_seconds, timed_compile
from ..lexicon import Lexicon
from ..normalize import DECORATION, Normalized, TextView
from ..platforms import PlatformSpec, spec_for
from ..post import Platform, Post
from ..verdict import Finding, Fix, Severity
from ..words import WordStream, word_stream

__all__ = ["Match", "MatchSpec", "Rule", "RuleContext", "When"]


class RuleContext:
    """Everything a rule may look at for one post; views are computed once, on first use."""

    __slots__ = ("__dict__", "_compiled_at", "_deadline", "norm", "post")

    def __init__(self, post: Post, deadline: float | None = None) -> None:
        self.post = post
        self.norm = Normalized(post.text)
        self.deadline = deadline

    @property
    def deadline(self) -> float | None:
        """``time.monotonic()`` by which the running rule must finish (the checker sets it
        before each rule); ``None`` runs unbounded. Moved on by the time spent since it was
        set compiling patterns on their first use, or in the garbage collector
        (``_lazyre.stall_seconds``)."""
        if self._deadline is None:
            return None
        return self._deadline + (stall_seconds() - self._compiled_at)

    @deadline.setter
    def deadline(self, value: float | None) -> None:
        self._deadline = value
        self._compiled_at = stall_seconds()

    def timeout(self) -> float | None:
        """Seconds the running rule has left, for a pattern's ``timeout=`` (``None``: no limit).

        Raises :class:`TimeoutError` once the budget is spent, so a rule that loops over many
        cheap searches stops too."""
        deadline = self.deadline
        if deadline is None:
            return None
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the rule's time budget is spent")
        return left

    @property
    def text(self) -> str:
        return self.post.text

    @cached_property
    def platform(self) -> PlatformSpec:
        return spec_for(self.post.platform)

    def views(self, *, cased: bool = False, leet: bool = True) -> list[TextView]:
        """The views to match on: folded (or cased) and, when they differ, the plain view
        (decoration between words ignored) and the leetspeak view."""
        if cased:
            return [self.norm.cased]
        out = [self.norm.folded]
        plain = self.norm.plain
        if plain is not None:
            out.append(plain)
        if leet:
            lv = self.norm.leet
            if lv is not None:
                out.append(lv)
        return out

    def haystack(self, *, cased: bool = False, leet: bool = True) -> str:
        """Every view's text in one string (a line break between them), for cheap gates that
        only ask whether something occurs at all: one search instead of one per view."""
        key = ("_haystack", cased, leet)
        got = self.__dict__.get(key)
        if got is None:
            views = self.views(cased=cased, leet=leet)
            got = views[0].text if len(views) == 1 else "\n".join(v.text for v in views)
            self.__dict__[key] = got
        return got

    @cached_property
    def hashtags(self) -> list[tuple[int, int]]:
        text = self.post.text
        if "#" not in text and "＃" not in text:
            return []
        return [m.span() for m in _HASHTAG.finditer(text)]

    @cached_property
    def mentions(self) -> list[tuple[int, int]]:
        text = self.post.text
        if "@" not in text:
            return []
        return [m.span() for m in _MENTION.finditer(text)]

    @cached_property
    def words(self) -> WordStream:
        """The word view (see :mod:`brandguard.words`), built on first use."""
        return word_stream(self.norm)

    @cached_property
    def word_streams(self) -> list[WordStream]:
        """The word view, and when a line break splits a word (``cu\nres``) the word view of
        the text with it closed: rules that read words read both."""
        unbroken = self.norm.unbroken
        if unbroken is None:
            return [self.words]
        return [self.words, word_stream(self.norm, unbroken)]

    @cached_property
    def urls(self) -> list[tuple[int, int]]:
        text = self.post.text
        if "." not in text:
            return []
        return find_urls(text)


_HASHTAG = lazy_regex(r"(?<![\w&#])[#＃](?!\d+\b)[\w\p{M}]+")
_MENTION = lazy_regex(
    r"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?:@[\w.-]+\.\w+)?"
)
URL_RE = lazy_regex(
    r"(?i)\b(?:https?://[^\s<>\"]+|www\.[^\s<>\"]+|"
    r"(?<![@\w.-])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]{1,63})*"
    r"\.(?:com|org|net|io|co|ly|gl|gd|at|me|app|dev|ai|us|uk|de|fr|es|it|nl|pl|pt|eu|ge|info|biz|shop|store|link|page|to|tv|cc|in|ca|au)"
    r"(?:/[^\s<>\"]*)?)(?<![.,;:!?)\]'\"])"
)


_DOT_LETTER = lazy_re(r"\.[A-Za-z]")
_SPACE = lazy_re(r"\s")


def find_urls(text: str) -> list[tuple[int, int]]:
    """Spans of the URLs in ``text`` (same matches as ``URL_RE``).

    Only the whitespace-delimited tokens around a ``.letter`` are tried, so the cost follows
    the number of dots, not the length of the text (``URL_RE.finditer`` is ~10x slower).
    """
    out: list[tuple[int, int]] = []
    scanned = -1
    for dot in _DOT_LETTER.finditer(text):
        i = dot.start()
        if i < scanned:
            continue
        s = i
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        ws = _SPACE.search(text, i)
        e = ws.start() if ws else len(text)
        scanned = e
        for m in URL_RE.finditer(text, s, e):
            out.append(m.span())
    return out


class When(BaseModel):
    """Conditions on post fields; every field that is set must match."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    sponsored: bool | Literal["unknown"] | None = Field(
        default=None, description="true, false, or 'unknown' (sponsored is null)"
    )
    ai_generated: bool | None = None
    has_links: bool | None = None
    has_media: bool | None = None
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="Post.metadata values: a value, or a list of accepted values; null matches "
        "a missing key (e.g. {human_reviewed: [false, null]})",
    )

    def matches(self, post: Post) -> bool:
        fields = self.model_fields_set
        for key, want in self.metadata.items():
            have = post.metadata.get(key)
            accepted = want if isinstance(want, list) else [want]
            if not any(
                (have == a and type(have) is type(a)) or (have is None and a is None)
                for a in accepted
            ):
                return False
        if "sponsored" in fields:
            want = None if self.sponsored == "unknown" else self.sponsored
            if post.sponsored is not want:
                return False
        if "ai_generated" in fields and post.ai_generated is not self.ai_generated:
            return False
        if "has_links" in fields and bool(post.links or URL_RE.search(post.text)) != self.has_links:
            return False
        return not ("has_media" in fields and bool(post.alt_texts) != self.has_media)


def _format(template: str, args: tuple[str, ...]) -> str:
    """Vale-style message: each ``%s`` takes the next argument."""
    if not args or "%s" not in template:
        return template
    parts = template.split("%s")
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append(args[i] if i < len(args) else args[-1])
        out.append(part)
    return "".join(out)


class Rule(BaseModel):
    """Fields every rule has. Subclasses set ``kind`` and implement :meth:`check`."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=False)

    kind: str
    id: str = ""
    level: Severity = Severity.WARNING
    message: str = ""
    description: str | None = None
    source: str | None = Field(
        default=None, description="Citation: the regulation or guideline, with a URL."
    )
    owner: str | None = Field(
        default=None, description="Whose call it is: legal, brand, a region..."
    )
    suggestion: str | None = None
    platforms: list[Platform] | None = None
    locales: list[str] | None = Field(
        default=None, description="Glob patterns: 'en-*', 'de-DE', 'fr'"
    )
    when: When | None = None
    markets: list[str] | None = Field(
        default=None,
        description="Where the rule applies: ISO 3166-1 alpha-2 codes, EU, EEA, or '*' (default: "
        "everywhere; a pack sets it for its rules)",
    )
    concern: str | None = Field(
        default=None,
        description="What the rule protects against (e.g. ad-disclosure). Findings of rules with "
        "one concern on the same words merge into one finding that cites every rule",
    )
    enabled: bool = True

    #: Relative cost; cheap rules run first.
    cost: ClassVar[int] = 10
    #: The kind attaches its own citation to each finding (e.g. the platform's documentation).
    cites_own_source: ClassVar[bool] = False
    #: Whether a policy holding this rule may be kept in the compiled-policy cache
    #: (``policy.cache``): False for a rule whose build depends on more than its files
    #: (an installed package, the network).
    cacheable: ClassVar[bool] = True

    @field_validator("platforms", mode="before")
    @classmethod
    def _platform_aliases(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            return [v.lower() if isinstance(v, str) else v for v in value]
        return value

    @field_validator("markets")
    @classmethod
    def _market_codes(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        from ..markets import normalize

        codes = list(dict.fromkeys(normalize(v) for v in value))
        if not codes:
            raise ValueError("give at least one market, or '*' for everywhere")
        return codes

    @cached_property
    def market_set(self) -> frozenset[str] | None:
        """The countries of ``markets`` (groups expanded); None for everywhere."""
        if self.markets is None:
            return None
        from ..markets import expand

        return expand(self.markets)

    @field_validator("locales", mode="before")
    @classmethod
    def _locale_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def applies(self, post: Post) -> bool:
        if not self.enabled:
            return False
        if self.platforms is not None and post.platform not in self.platforms:
            return False
        if self.locales is not None and not _locale_matches(post.locale, self.locales):
            return False
        if self.markets is not None:
            allowed = self.market_set
            if allowed is not None:
                where = post.jurisdictions
                if where and where.isdisjoint(allowed):
                    return False
        return self.when is None or self.when.matches(post)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finding(
        self,
        ctx: RuleContext,
        start: int,
        end: int,
        *,
        args: tuple[str, ...] = (),
        message: str | None = None,
        suggestion: str | None = None,
        fix: Fix | None = None,
        code: str | None = None,
        level: Severity | None = None,
        field: str = "text",
        excerpt: str | None = None,
        source: str | None = None,
        confidence: float | None = None,
    ) -> Finding:
        template = (
            message if message is not None else (self.message or self.__class__.__doc__ or self.id)
        )
        text = ctx.post.text
        return Finding(
            rule=f"{self.id}.{code}" if code else self.id,
            severity=level or self.level,
            message=_format(template, args),
            start=start,
            end=end,
            excerpt=excerpt if excerpt is not None else text[start:end],
            suggestion=_format(suggestion, args)
            if suggestion
            else (_format(self.suggestion, args) if self.suggestion else None),
            fix=fix,
            source=source or self.source,
            owner=self.owner,
            engine="rule",
            field=field,
            confidence=confidence,
        )


def _locale_matches(locale: str, patterns: list[str]) -> bool:
    low = locale.lower()
    lang = low.split("-")[0]
    for pat in patterns:
        p = pat.lower().replace("_", "-")
        if fnmatch.fnmatchcase(low, p) or p == lang or fnmatch.fnmatchcase(lang, p):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Match:
    """A hit mapped back to the original text."""

    start: int
    end: int
    term: int  # index into tokens (patterns follow the tokens: len(tokens) + i)


def spec_shorthand(value: Any) -> Any:
    """A match spec may be written as a list of tokens, or one token."""
    if isinstance(value, list):
        return {"tokens": value}
    if isinstance(value, str):
        return {"tokens": [value]}
    return value


class MatchSpec(BaseModel):
    """What to look for: a lexicon of ``tokens`` and/or regular expressions ``patterns``.

    Tokens match whole words after folding (case, width, diacritics, homoglyphs, zero-width
    characters, leetspeak) with simple English inflections. Patterns are regular expressions
    (the ``regex`` module) matched on the same folded text, so write them in lower case; like
    tokens they match whole words unless ``nonword`` is set (a word boundary is required only
    where a hit begins or ends with a letter, digit or underscore).
    """

    model_config = ConfigDict(defer_build=True, extra="forbid")

    tokens: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    ignorecase: bool = True
    inflect: bool = True
    nonword: bool = Field(default=False, description="Match inside words too (no word boundaries).")
    leetspeak: bool = Field(
        default=True,
        description="Also match the leetspeak view (digits read as letters: 'gu@rant33d'); "
        "off for numbers that must stay numbers (order references, addresses)",
    )
    words: bool = Field(
        default=False,
        description="Tokens also match the word view: hashtags and web addresses split into "
        "words, decoration between words ignored (#vapebar finds 'vape', #MounjaroJourney "
        "finds 'mounjaro'); see brandguard.words",
    )
    # A speed hint that never changes what matches: kept out of dumps and hashes (exclude), so
    # adding one leaves policy hashes and judge caches as they were.
    prefilter: str | None = Field(
        default=None,
        exclude=True,
        description="A cheap regular expression that must occur in the folded post (case-insensitive) "
        "for any match to be possible, e.g. '%' for performance figures; skips the scan otherwise",
    )

    _lexicon: Lexicon | None = PrivateAttr(default=None)
    # no token holds a character the plain view reads as a space: the plain view finds every
    # hit the folded view would (and those across decoration), so the folded scan is skipped
    _plain_enough: bool = PrivateAttr(default=False)
    _wordlex: Any = PrivateAttr(default=None)
    _regex: regex.Pattern[str] | None = PrivateAttr(default=None)
    _prefilter: Any = PrivateAttr(default=None)

    @field_validator("prefilter")
    @classmethod
    def _valid_prefilter(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                regex.compile(value)
            except regex.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @field_validator("patterns")
    @classmethod
    def _compile_each(cls, value: list[str]) -> list[str]:
        for i, pat in enumerate(value):
            try:
                regex.compile(pat)
            except regex.error as exc:
                raise ValueError(f"pattern {i} is not a valid regular expression: {exc}") from exc
        return value

    def model_post_init(self, __context: Any) -> None:
        if self.tokens:
            self._plain_enough = not any(DECORATION.search(t) for t in self.tokens)
            self._lexicon = Lexicon(
                self.tokens,
                inflect=self.inflect,
                boundaries=not self.nonword,
                lower=self.ignorecase,
            )
            if self.words:
                from ..words import Gate, term_words

                # the same terms spelt as the word view spells a post, and the cheap test that
                # lets most posts skip building it
                spelt = [term_words(t) or "\x00" for t in self.tokens]
                self._wordlex = (Lexicon(spelt, inflect=self.inflect, lower=True), Gate(spelt))
        if self.prefilter:
            # Searched in the folded (lower-case) views, even for a case-sensitive rule: there
            # IGNORECASE only costs time (ten times more, on a keyword alternation), so it is
            # kept only for a prefilter that holds upper-case letters
            self._prefilter = compile_pattern(self.prefilter)
        if self.patterns:
            body = "|".join(f"(?P<_bg{i}>{p})" for i, p in enumerate(self.patterns))
            if not self.nonword:
                # Like tokens: a boundary is needed only where the hit starts or ends with a
                # word character, so "[?&]ref=\S+" still matches in "serum?ref=jane".
                body = rf"(?:(?<!\w)|(?!\w))(?:{body})(?:(?!\w)|(?<!\w))"
            self._regex = compile_pattern(body, ignorecase=self.ignorecase)

    @property
    def empty(self) -> bool:
        return not self.tokens and not self.patterns

    def find(self, ctx: RuleContext, *, leet: bool = True) -> list[Match]:
        """All hits in the post, in original offsets, deduplicated across views."""
        leet = leet and self.leetspeak
        priv = self.__pydantic_private__ or {}
        gate = priv.get("_prefilter")
        if gate is not None and not gate.search(
            # a case-sensitive rule reads the cased view alone: its folded twin is the same text
            # in lower case
            ctx.norm.folded.text if not self.ignorecase else ctx.haystack(leet=leet),
            timeout=ctx.timeout(),
        ):
            return []
        lexicon: Lexicon | None = priv.get("_lexicon")
        pattern: regex.Pattern[str] | None = priv.get("_regex")
        seen: dict[tuple[int, int], Match] = {}
        wordlex = priv.get("_wordlex")
        if wordlex is not None:
            if wordlex[1].might_match(ctx.norm.folded.text):
                stream = ctx.words
                for hit in wordlex[0].find(stream.view.text):
                    a, b = stream.view.span(hit.start, hit.end)
                    seen.setdefault((a, b), Match(a, b, hit.term))
        views = ctx.views(cased=not self.ignorecase, leet=leet)
        skip = (
            views[0]
            if len(views) > 1 and views[1] is ctx.norm.plain and priv.get("_plain_enough")
            else None
        )
        for view in views:
            text = view.text
            if lexicon is not None and view is not skip:
                for hit in lexicon.find(text):
                    a, b = view.span(hit.start, hit.end)
                    if (a, b) not in seen:
                        seen[(a, b)] = Match(a, b, hit.term)
            if pattern is not None:
                for m in pattern.finditer(text, timeout=ctx.timeout()):
                    if m.end() == m.start():
                        continue
                    a, b = view.span(m.start(), m.end())
                    if (a, b) in seen:
                        continue
                    which = next(
                        (
                            int(k[3:])
                            for k, v in m.groupdict().items()
                            if k.startswith("_bg") and v is not None
                        ),
                        0,
                    )
                    seen[(a, b)] = Match(a, b, len(self.tokens) + which)
        if not seen:
            return []
        return _drop_overlaps(sorted(seen.values(), key=lambda m: (m.start, -m.end)))


def compile_pattern(pattern: str, *, ignorecase: bool = True) -> Any:
    """Compile a policy's pattern so that no search can hang the gate.

    A pattern the analysis proves linear (``policy.regexlint.proven_linear``: no repeat but a
    bounded one of a single character) runs on the stdlib ``re``, 1.5-3x faster here; any
    other runs on the ``regex`` module, whose searches take the rule's ``timeout=``: one that
    backtracks without end stops at the budget (``rule.timeout``, a review)."""
    # The folded view is already lower case: a pattern without upper-case characters needs
    # no IGNORECASE, which halves the scan time.
    if ignorecase and not any(c.isupper() for c in pattern.replace("(?P<", "").replace("(?P=", "")):
        ignorecase = False
    return compile_bounded(pattern, ignorecase=ignorecase)


def compile_bounded(pattern: str, *, ignorecase: bool) -> Any:
    """``compile_pattern`` without its lower-case shortcut (for text that keeps its case)."""
    return GatedPattern(pattern, ignorecase)


def _compile_now(pattern: str, ignorecase: bool) -> Any:
    from ..policy.regexlint import proven_linear

    if proven_linear(pattern):
        try:
            return _Linear(re.compile(pattern, re.IGNORECASE if ignorecase else 0))
        except re.error:
            pass
    return regex.compile(pattern, (regex.IGNORECASE if ignorecase else 0) | regex.V0)


class GatedPattern:
    """A policy pattern, compiled on its first search and skipped where it cannot match.

    ``literals`` (``policy.literals.required_literals``) are strings one of which every match
    contains: a text holding none of them is not searched at all, and a pattern no post has
    needed is never compiled. Pickles as its source and literals (the compiled-policy cache
    stores no compiled program), so a cached policy starts without compiling anything."""

    __slots__ = ("_compiled", "_literals", "_lower", "ignorecase", "pattern")

    def __init__(self, pattern: str, ignorecase: bool) -> None:
        from ..policy.literals import required_literals

        self.pattern = pattern
        self.ignorecase = ignorecase
        self._compiled: Any = None
        lits = required_literals(pattern, ignorecase=ignorecase)
        self._literals: Any = _literal_test(lits) if lits else None
        # under IGNORECASE the literals are lower case: the text is compared case-folded
        self._lower = ignorecase

    def __getstate__(self) -> tuple[str, bool, Any]:
        return (self.pattern, self.ignorecase, self._literals)

    def __setstate__(self, state: tuple[str, bool, Any]) -> None:
        self.pattern, self.ignorecase, self._literals = state
        self._lower = self.ignorecase
        self._compiled = None

    @property
    def compiled(self) -> Any:
        got = self._compiled
        if got is None:
            got = self._compiled = timed_compile(_compile_now, self.pattern, self.ignorecase)
        return got

    def possible(self, text: str) -> bool:
        """False when no match can exist in ``text`` (none of the required literals is in it)."""
        test = self._literals
        if test is None:
            return True
        return test(_casefolded(text) if self._lower else text)

    def finditer(self, text: str, timeout: float | None = None) -> Iterator[Any]:
        if not self.possible(text):
            return iter(())
        return self.compiled.finditer(text, timeout=timeout)  # type: ignore[no-any-return]

    def search(self, text: str, timeout: float | None = None) -> Any:
        if not self.possible(text):
            return None
        return self.compiled.search(text, timeout=timeout)


def _literal_test(literals: tuple[str, ...]) -> Any:
    """``text -> bool``: whether any of ``literals`` occurs in it; one Aho-Corasick pass for
    a long list, ``in`` tests for a short one."""
    if len(literals) <= 6:
        return _AnyIn(literals)
    return _AnyOf(literals)


class _AnyIn:
    __slots__ = ("literals",)

    def __init__(self, literals: tuple[str, ...]) -> None:
        self.literals = literals

    def __getstate__(self) -> tuple[str, ...]:
        return self.literals

    def __setstate__(self, state: tuple[str, ...]) -> None:
        self.literals = state

    def __call__(self, text: str) -> bool:
        for lit in self.literals:  # noqa: SIM110 - a loop, no generator: this runs per search
            if lit in text:
                return True
        return False


class _AnyOf:
    __slots__ = ("_automaton", "literals")

    def __init__(self, literals: tuple[str, ...]) -> None:
        self.literals = literals
        self._automaton = self._build(literals)

    @staticmethod
    def _build(literals: tuple[str, ...]) -> Any:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for lit in literals:
            automaton.add_word(lit, None)
        automaton.make_automaton()
        return automaton

    def __getstate__(self) -> tuple[str, ...]:
        return self.literals

    def __setstate__(self, state: tuple[str, ...]) -> None:
        self.literals = state
        self._automaton = self._build(state)

    def __call__(self, text: str) -> bool:
        for _ in self._automaton.iter(text):
            return True
        return False


_FOLD_LAST: tuple[str, str] = ("", "")


def _casefolded(text: str) -> str:
    # The same post text is tested by many patterns in a row: fold it once. One tuple, bound
    # in one step, so that a thread never reads one text's fold for another's.
    global _FOLD_LAST
    last = _FOLD_LAST
    if last[0] is not text:
        last = _FOLD_LAST = (text, text.casefold())
    return last[1]


class _Linear:
    """A stdlib pattern proven linear, with the ``regex`` module's ``timeout=`` signature
    (needless for it)."""

    __slots__ = ("_re", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self._re = compiled
        self.pattern = compiled.pattern

    def finditer(self, text: str, timeout: float | None = None) -> Iterator[re.Match[str]]:
        return self._re.finditer(text)

    def search(self, text: str, timeout: float | None = None) -> re.Match[str] | None:
        return self._re.search(text)


def _drop_overlaps(matches: list[Match]) -> list[Match]:
    out: list[Match] = []
    for m in matches:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


class MatcherRule(Rule, MatchSpec):
    """A rule configured directly with ``tokens``/``patterns`` (Vale style)."""

    @model_validator(mode="after")
    def _needs_terms(self) -> MatcherRule:
        if self.empty:
            raise ValueError("give at least one entry in 'tokens' or 'patterns'")
        return self
