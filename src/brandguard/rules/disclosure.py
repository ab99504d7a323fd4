"""``disclosure``: a paid post says so, clearly, up front.

What it does
    When ``Post.sponsored`` is true, requires an adequate label (``#ad``, ``ad``, ``advert``,
    ``advertisement``, ``sponsored``, ``paid partnership``, "thanks @brand for the free
    product", "@brand partner/ambassador", and any ``labels`` the policy adds) and reports,
    each with its own id suffix and level. The bare words ``ad``, ``ads``, ``advert``,
    ``advertising`` and ``promoted`` count as a label only where they stand as one (start of a
    line, next to ``:``, ``|`` or brackets, at the end, "an ad"), not as a word in a sentence
    ("the ad was great", "I got promoted").

    * ``.missing``: no label at all;
    * ``.inadequate``: only a stand-in regulators reject (``#sp``, ``#spon``, ``#collab``, a lone
      ``thanks`` or ``ambassador``);
    * ``.below-fold``: the label sits past (or is cut by) the platform's "more" truncation
      point;
    * ``.buried``: the label is mixed into a cluster of hashtags or links (at the end of the post,
      or not first in a mid-post cluster);
    * ``.language``: with ``require_post_language``, the label is not in the post's language
      (``language_labels`` lists the labels per language: a German post needs ``Werbung``);
    * ``.unknown``: ``sponsored`` is unknown but the post reads like an endorsement (a brand
      mention or @mention plus a discount code, affiliate link or buy call) and has no label.

Why is this bad?
    FTC (16 CFR 255.5; "Disclosures 101 for Social Media Influencers"), CAP Code rule 2.1 and
    the CMA expect a disclosure that is hard to miss: with the endorsement, before "more",
    not in a group of hashtags, not vague. Undisclosed ads are the most common influencer fine.

Example
    ```yaml
    ftc.disclosure:
      kind: disclosure
      level: error
      brands: [Acme]
      source: https://www.ftc.gov/business-guidance/resources/disclosures-101-social-media-influencers
      owner: legal
    ```

Use instead
    Start the post with the label: ``#ad Loving my new @acme serum...`` (the exact fix inserts
    ``fix_label`` at the start).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import regex
from pydantic import Field, PrivateAttr, model_validator

from .._lazyre import lazy_regex
from ..normalize import fold_term
from ..post import Platform
from ..verdict import Finding, Fix, Severity
from .base import URL_RE, Match, MatchSpec, Rule, RuleContext

Code = Literal["missing", "inadequate", "below-fold", "buried", "unknown", "language"]

_BETWEEN = lazy_regex(r"[\s,.;:|/·•\-–—]*")
_SENTENCE_END = lazy_regex(r"[.!?](?:\s|$)|\n")

_MESSAGES: dict[Code, str] = {
    "missing": "Sponsored post without an ad disclosure.",
    "inadequate": "'%s' is not an adequate ad disclosure.",
    "below-fold": "The disclosure '%s' is hidden behind the 'more' fold (%s).",
    "buried": "The disclosure '%s' is buried in a cluster of hashtags or links.",
    "unknown": "Reads like an endorsement ('%s') but has no ad disclosure, and sponsorship is unknown.",
}


class DisclosureRule(Rule):
    """Sponsored posts need a clear, up-front ad label."""

    kind: Literal["disclosure"] = "disclosure"
    level: Severity = Severity.ERROR
    # The word lists are data: each pack gives its own, with its source (policies/packs/*.yaml,
    # shared lists in policies/lexicons/*.yaml); the kind has none of its own.
    labels: list[str] = Field(default_factory=list, description="Adequate labels")
    label_patterns: list[str] = Field(
        default_factory=list, description="Regular expressions for adequate labels"
    )
    inadequate: list[str] = Field(
        default_factory=list, description="Stand-ins the regulator rejects (#sp, #spon)"
    )
    brands: list[str] = Field(default_factory=list, description="Brand names the posts endorse")
    fold: dict[Platform, int] = Field(default_factory=dict, description="Override fold offsets")
    fold_lines: dict[Platform, int] = Field(
        default_factory=lambda: {Platform.INSTAGRAM: 3},
        description="The fold also falls after this many lines (Instagram feed: 3)",
    )
    cluster_min: int = Field(default=3, ge=2)
    fix_label: str = "#ad"
    levels: dict[Code, Severity] = Field(default_factory=lambda: {"unknown": Severity.WARNING})
    discount_code: list[str] = Field(
        default_factory=list, description="Patterns of discount codes (an endorsement signal)"
    )
    affiliate: list[str] = Field(
        default_factory=list, description="Patterns of affiliate links (an endorsement signal)"
    )
    buy_calls: list[str] = Field(
        default_factory=list, description="Buy calls next to a brand (an endorsement signal)"
    )
    language_labels: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Labels by language subtag ({de: [Werbung, Anzeige]}); they count as labels",
    )
    require_post_language: bool = Field(
        default=False,
        description="When the post's language has language_labels, the label must be one of them "
        "(FTC: the disclosure in the same language as the endorsement)",
    )

    _labels: MatchSpec = PrivateAttr()
    _local: dict[str, MatchSpec] = PrivateAttr(default_factory=dict)
    _inadequate: MatchSpec = PrivateAttr()
    _brands: MatchSpec | None = PrivateAttr(default=None)
    _signals: MatchSpec = PrivateAttr()
    _inadequate_terms: frozenset[str] = PrivateAttr(default=frozenset())
    _local_terms: dict[str, frozenset[str]] = PrivateAttr(default_factory=dict)

    cost = 20

    @model_validator(mode="after")
    def _compile(self) -> DisclosureRule:
        if not self.labels and not self.label_patterns and not self.language_labels:
            raise ValueError(
                "give the adequate labels ('labels', 'label_patterns' or 'language_labels'), or "
                "extend a pack's disclosure rule (e.g. ftc.disclosure in builtin:packs/us-ftc)"
            )
        every_local = [t for terms in self.language_labels.values() for t in terms]
        self._labels = MatchSpec(
            tokens=list(dict.fromkeys([*self.labels, *every_local])),
            patterns=self.label_patterns,
            inflect=False,
        )
        self._local = {
            lang.lower(): MatchSpec(tokens=terms, inflect=False)
            for lang, terms in self.language_labels.items()
            if terms
        }
        self._inadequate = MatchSpec(tokens=self.inadequate, inflect=False)
        self._inadequate_terms = frozenset(fold_term(t) for t in self.inadequate) - frozenset(
            fold_term(t) for t in self.labels
        )
        self._local_terms = {
            lang.lower(): frozenset(fold_term(t) for t in terms)
            for lang, terms in self.language_labels.items()
        }
        if self.brands:
            self._brands = MatchSpec(tokens=self.brands, inflect=False)
        self._signals = MatchSpec(
            tokens=self.buy_calls,
            patterns=self.discount_code + self.affiliate,
            inflect=False,
            nonword=False,
        )
        return self

    def _level(self, code: Code) -> Severity:
        return self.levels.get(code, self.level)

    def find_labels(self, ctx: RuleContext) -> list[Match]:
        """Label matches; a bare word that is also an ordinary noun or verb (``ad``,
        ``promoted``) counts only where it stands as a label, not inside a sentence."""
        text = ctx.text
        local = self._local_terms.get(ctx.post.language, frozenset())
        out = []
        for m in self._labels.find(ctx, leet=False):
            term = fold_term(text[m.start : m.end])
            if term in _AMBIGUOUS and not _stands_alone(text, m):
                continue
            if _negated(text, m) or _tiny(text, m):
                continue
            # another language's label that this rule rejects as a stand-in ("#spon" is Dutch
            # for an ad, and a stand-in to the FTC) counts only in a post of that language
            if term in self._inadequate_terms and term not in local:
                continue
            out.append(m)
        return out

    def tiny_labels(self, ctx: RuleContext) -> list[Match]:
        """Labels written in superscript, subscript or small forms (``ᵃᵈ``): present, but not
        clear and conspicuous, so they count as stand-ins."""
        text = ctx.text
        if text.isascii():
            return []
        return [m for m in self._labels.find(ctx, leet=False) if _tiny(text, m)]

    def fold_offset(self, ctx: RuleContext) -> int | None:
        platform = ctx.post.platform
        fold = self.fold.get(platform, ctx.platform.fold)
        lines = self.fold_lines.get(platform)
        if lines is not None:
            pos = -1
            for _ in range(lines):
                pos = ctx.text.find("\n", pos + 1)
                if pos < 0:
                    break
            if pos >= 0:
                fold = pos if fold is None else min(fold, pos)
        return fold

    def clusters(self, ctx: RuleContext) -> list[tuple[int, int, list[tuple[int, int]], bool]]:
        """Runs of >= cluster_min hashtags/mentions/links: (start, end, items, at_end)."""
        text = ctx.text
        if "#" not in text and "@" not in text and "＃" not in text and "." not in text:
            return []
        items = _merge_spans(ctx.hashtags, ctx.mentions, ctx.urls)
        runs: list[list[tuple[int, int]]] = []
        for span in items:
            if runs:
                prev = runs[-1][-1]
                gap = text[prev[1] : span[0]]
                if _BETWEEN.fullmatch(gap):
                    runs[-1].append(span)
                    continue
            runs.append([span])
        out = []
        for run in runs:
            if len(run) >= self.cluster_min:
                tail = text[run[-1][1] :]
                at_end = not any(c.isalnum() for c in tail)
                out.append((run[0][0], run[-1][1], run, at_end))
        return out

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        sponsored = ctx.post.sponsored
        if sponsored is False:
            return
        if sponsored is None:
            yield from self._unknown(ctx)
            return
        labels = self.find_labels(ctx)
        text = ctx.text
        fold = self.fold_offset(ctx)
        clusters = self.clusters(ctx)
        problems: list[tuple[Code, Match]] = []
        for m in labels:
            if fold is not None and m.end > fold:
                problems.append(("below-fold", m))
                continue
            if _buried(m, clusters):
                problems.append(("buried", m))
                continue
            # one clear, up-front label is enough, if it is in the post's language
            yield from self._language(ctx, m, fold, clusters)
            return
        insert = Fix(start=0, end=0, replacement=self.fix_label + " ")
        if problems:
            code, m = problems[0]
            where = (
                f"{ctx.platform.name} shows about {fold} characters" if code == "below-fold" else ""
            )
            yield self.finding(
                ctx,
                m.start,
                m.end,
                code=code,
                level=self._level(code),
                message=self.message or _MESSAGES[code],
                args=(text[m.start : m.end], where),
                suggestion=f"Put '{self.fix_label}' at the start of the post, before anything else.",
                fix=insert,
            )
            return
        stand_ins = sorted(
            [
                m
                for m in self._inadequate.find(ctx, leet=False)
                if not any(lab.start < m.end and m.start < lab.end for lab in labels)
            ]
            + self.tiny_labels(ctx),
            key=lambda m: m.start,
        )
        if stand_ins:
            for i, m in enumerate(stand_ins):
                written = text[m.start : m.end]
                fix = None
                if i == 0:
                    in_place = (fold is None or m.start < fold) and not _buried(m, clusters)
                    fix = (
                        Fix(start=m.start, end=m.end, replacement=self.fix_label)
                        if in_place and written.startswith("#")
                        else insert
                    )
                yield self.finding(
                    ctx,
                    m.start,
                    m.end,
                    code="inadequate",
                    level=self._level("inadequate"),
                    message=_MESSAGES["inadequate"],
                    args=(written,),
                    suggestion=f"Replace '{written}' with a clear label such as '{self.fix_label}' "
                    "or 'Paid partnership with @brand', at the start of the post.",
                    fix=fix,
                )
            return
        end = _first_sentence_end(text)
        yield self.finding(
            ctx,
            0,
            end,
            code="missing",
            level=self._level("missing"),
            message=self.message or _MESSAGES["missing"],
            suggestion=f"Start the post with '{self.fix_label}' (or 'Paid partnership with @brand').",
            fix=insert,
        )

    def _language(
        self, ctx: RuleContext, label: Match, fold: int | None, clusters: list[Any]
    ) -> Iterator[Finding]:
        lang = ctx.post.language
        local = self._local.get(lang)
        if not self.require_post_language or local is None:
            return
        for m in local.find(ctx, leet=False):
            if (
                (fold is None or m.end <= fold)
                and not _buried(m, clusters)
                and not _negated(ctx.text, m)
            ):
                return
        terms = self.language_labels.get(lang) or self.language_labels.get(lang.upper()) or []
        shown = " or ".join(f"'{t}'" for t in terms[:3])
        written = ctx.text[label.start : label.end]
        yield self.finding(
            ctx,
            label.start,
            label.end,
            code="language",
            level=self._level("language"),
            message=f"The disclosure '{written}' is not in the post's language ({lang}).",
            suggestion=f"Use a label in the language of the post: {shown}, at the start.",
            fix=Fix(start=0, end=0, replacement=f"{terms[0]} | ") if terms else None,
        )

    def _unknown(self, ctx: RuleContext) -> Iterator[Finding]:
        if self._signals.empty:
            return
        has_brand = bool(ctx.mentions) or (
            self._brands is not None and bool(self._brands.find(ctx, leet=False))
        )
        if not has_brand:
            return
        signals = self._signals.find(ctx, leet=False)
        if not signals or self.find_labels(ctx):
            return
        m = signals[0]
        written = ctx.text[m.start : m.end]
        yield self.finding(
            ctx,
            m.start,
            m.end,
            code="unknown",
            level=self._level("unknown"),
            message=_MESSAGES["unknown"],
            args=(written,),
            suggestion=f"If there is any material connection (payment, free product, affiliate "
            f"commission), start the post with '{self.fix_label}' and mark it sponsored; "
            "otherwise mark it not sponsored.",
        )


def _merge_spans(*groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hashtags, mentions and links in text order, dropping any nested in another (a URL's
    #fragment, an email-like mention inside a link)."""
    out: list[tuple[int, int]] = []
    for span in sorted((s for g in groups for s in g), key=lambda s: (s[0], -s[1])):
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


def _buried(m: Match, clusters: list[tuple[int, int, list[tuple[int, int]], bool]]) -> bool:
    for start, end, items, at_end in clusters:
        if start <= m.start and m.end <= end:
            if at_end and start > 0:
                return True
            return items[0][0] != m.start
    return False


_AMBIGUOUS = frozenset(
    {
        "ad",
        "ads",
        "advert",
        "advertising",
        "promoted",
        # the same bare words in other languages ("la publicité est partout" is no label)
        "anzeige",
        "werbung",
        "publicite",
        "publicidad",
        "pubblicita",
        "adv",
        "publicidade",
        "publi",
        "advertentie",
        "reclame",
        "reklama",
    }
)
_WORDY = lazy_regex(r"[\p{L}\p{N}]")
_TAGS = lazy_regex(r"[#＃@][\w.]+|" + URL_RE.pattern[4:], regex.IGNORECASE)
_OPENER = lazy_regex(r"(?:[(\[|/]|\ban)\s*$", regex.IGNORECASE)
_CLOSER = lazy_regex(r"^\s*[:|)\]/\-–—]")


_NEGATION = lazy_regex(
    r"(?:\bnot|\bno|\bisn'?t|\bnever|\bkeine?|\bpas (?:de |une? )?|\bni|\bnie|\bgeen)\s+(?:an?\s+|un[ea]?\s+|eine?\s+)?$",
    regex.IGNORECASE,
)
_FREE_AFTER = lazy_regex(r"^[-\s]?(?:free|frei|gratuit|libre)\b", regex.IGNORECASE)


def _negated(text: str, m: Match) -> bool:
    """``Not an ad``, ``not sponsored``, ``kein Werbung``, ``ad-free``: the word denies a label."""
    before = text[max(0, m.start - 24) : m.start]
    return (
        _NEGATION.search(before) is not None
        or _FREE_AFTER.match(text[m.end : m.end + 12]) is not None
    )


def _tiny(text: str, m: Match) -> bool:
    import unicodedata

    return any(
        unicodedata.decomposition(c).startswith(("<super>", "<sub>", "<small>"))
        for c in text[m.start : m.end]
    )


def _stands_alone(text: str, m: Match) -> bool:
    """``Ad: ...``, ``AD | ...``, ``(ad)``, ``... #skincare ad``, ``this is an ad``; not
    ``the ad was great`` or ``I got promoted``."""
    before, after = text[: m.start], text[m.end :]
    line_start = before.rsplit("\n", 1)[-1]
    return (
        not _WORDY.search(line_start)
        or not _WORDY.search(_TAGS.sub("", after))
        or _OPENER.search(before) is not None
        or _CLOSER.match(after) is not None
    )


def _first_sentence_end(text: str) -> int:
    m = _SENTENCE_END.search(text)
    end = m.start() + 1 if m else len(text)
    if m and text[m.start()] == "\n":
        end = m.start()
    return max(1, min(end, len(text))) if text else 0
