"""``claim``: an effect said of a target: "cures colds", "boosts immunity", "lose 7lbs".

What it does
    Reads the post's word view (emoji, ``#``, ``*``, quotes and line breaks between words
    ignored; hashtags split into words; numbers read ``0``) and pairs an *effect*
    (``cure``, ``boost``, ``less``, ``no more``, ``goodbye``; or, after its target, ``relief``,
    ``-free``, ``support``, ``is gone``) with a *target* from a class of the vocabulary
    (``disease``: diseases and symptoms; ``function``: body functions such as immunity, sleep,
    stress, focus; ``amount``: ``0 kg``, ``0 lbs``) when at most ``window`` words separate them
    in one sentence. Three more shapes: a question about a target ("Do you suffer from IBS?"),
    a target with its effect after it ("#anxietyrelief", "bloating is GONE"), an amount
    after a weight-loss effect ("lost nearly 4 stone"), and a target as the topic with the
    effect after it ("Bloated? Our drink fixes it", "Corona-Infektion: wie wir uns
    schützen"). Each class reports at its own level (``classes: {disease: error, function:
    warning}``); classes not listed are not reported.

    The vocabulary is data: ``claims: {lexicons: claims.health}`` reads every lexicon named
    ``claims.health.<language>.<part>`` (parts: ``effects``, ``after``, ``question``, ``unless``,
    ``unless_after``, ``between``, ``exempt``, ``authorised``, ``help``, ``offer``, ``target.<class>``, ``never``,
    ``alternatives``, ``nutrients``, ``pairs``) and uses the post's language's set (English terms get English
    inflections; other languages use stems: ``heil*``; a leading ``*`` is a tail: ``*itis`` is
    any word ending in -itis, ``*infektion`` any German compound ending in it, and ``never``
    lists the words a tail must not take). Keys beside ``lexicons`` add a pack's own terms to
    the shared ones (``claims: {lexicons: claims.health, en: {authorised: [...]}}``: us-health's
    US-only structure/function wordings). A claim is not reported when an ``unless`` term
    stands right before its effect or right after its target ("help us *beat cancer*",
    "*cancer* research"; an ``unless_after`` term only after it: "*flu* season"; a ``between``
    term between them: "fight *the spread of* COVID-19"), when it lies
    inside an ``authorised`` wording (the register's permitted claim), or when an ``exempt``
    phrase appears anywhere in the post ("always read the label": a licensed medicine's ad).
    In a post about medical care or a medicine (a ``medical`` term: "our hospital", "GP
    practice", "Klinik", "OTC", "indicated for"), no claim is reported above the rule's
    ``medical_level``: a hospital that treats heart disease, or an OTC drug that stops
    heartburn, makes a claim to substantiate, not a food's forbidden one (unless a
    ``products`` term says what is sold is a food, supplement or cosmetic: "turmeric gummies
    ... relieve minor aches and pains" is still a supplement's disease claim).
    A question about a condition in a post that only sends the reader to a doctor (a ``help``
    term: "Struggling with migraines? Talk to your doctor"), offering nothing (no ``offer`` term:
    "try", "shop", "our") and naming no product, is a help-seeking message: review at most.
    An authorised wording holds only for the nutrients the register lists for it (``pairs``,
    ``nutrients``): "Biotin contributes to the maintenance of normal nails" is reported (the
    register gives that claim to selenium and zinc), "Zinc contributes ..." is not; a sentence
    that names no nutrient is left to the reviewer.

Why is this bad?
    Foods and supplements may not claim to prevent, treat or cure a disease (CAP Code 15.6.2;
    Regulation (EC) 1924/2006 and 1169/2011 Art. 7(3); 21 CFR 101.93(g)); health claims must use
    an authorised wording (CAP 15.1; Reg. 1924/2006 Art. 10); weight-loss ads may not name a rate
    or amount (CAP 13.10; Reg. 1924/2006 Art. 12(b)). Advertisers rarely write the phrase a
    list expects: "Less Stress. Less Anxiety.", "#anxietyrelief", "Day 3: Bloating is GONE".

Example
    ```yaml
    cap.health-claim:
      kind: claim
      claims: {lexicons: claims.health}
      classes: {disease: error, function: warning}
      window: 3
      message: "'%s' claims to %s %s: a food may not claim to treat a disease."
      suggestions:
        function: "Use the authorised wording for the nutrient, or describe the product."
    ```

Use instead
    Describe the product, not the outcome; for a nutrient with an authorised claim, its
    register wording (the finding names it when the vocabulary has one).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from ..lexicon import Lexicon
from ..verdict import Finding, Severity
from ..words import Gate, WordStream, term_words
from .base import Rule, RuleContext

_PARTS = (
    "effects", "after", "question", "unless", "unless_after", "between", "exempt", "authorised", "context",
    "medical", "products", "help", "offer",
)


class Vocabulary(BaseModel):
    """One language's words for one kind of claim."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    effects: list[str] = Field(default_factory=list, description="Before the target: cure, boost")
    after: list[str] = Field(default_factory=list, description="After the target: relief, -free")
    question: list[str] = Field(default_factory=list, description="'suffer from' in a question")
    unless: list[str] = Field(
        default_factory=list, description="Right before the effect or after the target: not a claim"
    )
    unless_after: list[str] = Field(
        default_factory=list,
        description="Right after the target only: not a claim ('cancer patients', 'flu season')",
    )
    between: list[str] = Field(
        default_factory=list,
        description="Between an effect and its target: not a claim of the product ('fight the "
        "spread of COVID-19' is public health)",
    )
    exempt: list[str] = Field(default_factory=list, description="Anywhere in the post: no claim")
    medical: list[str] = Field(
        default_factory=list,
        description="Anywhere in the post: it offers medical care or a medicine (a hospital, a "
        "GP practice, an OTC drug), so a disease claim is the reviewer's call (the rule's "
        "medical_level)",
    )
    products: list[str] = Field(
        default_factory=list,
        description="Anywhere in the post: what is sold is a food, supplement or cosmetic "
        "(gummies, tea, serum), so a medical word does not soften its claims",
    )
    help: list[str] = Field(
        default_factory=list,
        description="Anywhere in the post: it sends the reader to a doctor or a pharmacist "
        "('Struggling with migraines? Talk to your doctor'); with no offer and no product "
        "word, a question about a condition is a help-seeking message, the reviewer's call",
    )
    offer: list[str] = Field(
        default_factory=list,
        description="Anywhere in the post: something is offered ('try', 'shop', 'our'), so a "
        "question about a condition stays the product's claim",
    )
    context: list[str] = Field(
        default_factory=list,
        description="When given, one must appear somewhere in the post (an investment word "
        "for 'returns'), else the post makes no claim of this kind",
    )
    authorised: list[str] = Field(
        default_factory=list, description="Permitted wordings; a claim inside one is not reported"
    )
    target: dict[str, list[str]] = Field(default_factory=dict, description="Targets by class")
    never: list[str] = Field(
        default_factory=list,
        description="Words that are never a target though a tail term fits them "
        "('nostalgia' for '*algia', 'empathy' for '*pathy'), and targets a layer drops for its "
        "regime (us-health: 'hot flashes', a natural state in the FDA's reading)",
    )
    phrases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Claims by class that need no effect ('easy money', 'fat burner')",
    )
    alternatives: dict[str, str] = Field(
        default_factory=dict, description="Target term -> the compliant wording to suggest"
    )
    nutrients: list[str] = Field(
        default_factory=list,
        description="Nutrients and substances a post may name beside an authorised wording "
        "(biotin, vitamin c, glucose, collagen)",
    )
    pairs: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Authorised wording -> the nutrients the register authorises it for: a "
        "sentence that names only other nutrients with it makes an unauthorised claim "
        "('biotin contributes to the maintenance of normal nails')",
    )

    @field_validator("pairs", mode="before")
    @classmethod
    def _pair_lists(cls, value: Any) -> Any:
        # a lexicon maps strings to strings: "biotin, selenium, zinc"
        if isinstance(value, dict):
            return {
                k: [x.strip() for x in v.split(",") if x.strip()] if isinstance(v, str) else v
                for k, v in value.items()
            }
        return value

    @field_validator("target", "phrases", mode="before")
    @classmethod
    def _class_terms(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: list(v) if isinstance(v, dict) else v for k, v in value.items()}
        return value


class _Compiled:
    __slots__ = ("alternatives", "gate", "lexicons", "pairs", "phrases", "targets")

    def __init__(self, vocab: Vocabulary, *, inflect: bool) -> None:
        def lex(terms: list[str]) -> Lexicon | None:
            words = [term_words(t) for t in terms]
            words = [w for w in words if w and w != "*"]
            return Lexicon(words, inflect=inflect) if words else None

        self.lexicons = {part: lex(getattr(vocab, part)) for part in _PARTS}
        # one automaton for every target (and one for the phrases); a term's index tells its class
        self.targets, terms = _by_class(vocab.target, inflect, vocab.never)
        self.phrases, pterms = _by_class(vocab.phrases, inflect, ())
        self.alternatives = {term_words(k).rstrip("*"): v for k, v in vocab.alternatives.items()}
        self.pairs = _Pairs(vocab, inflect=inflect) if vocab.pairs and vocab.nutrients else None
        # no target (and effect) word, or phrase word, anywhere in the folded post: no claim,
        # no word view needed
        effects = [term_words(t) for part in ("effects", "after", "question") for t in getattr(vocab, part)]
        self.gate = (Gate(terms), Gate([e for e in effects if e]), Gate(pterms), Gate(
            [w for w in (term_words(t) for t in vocab.context) if w]
        ) if vocab.context else None)


class _Pairs:
    """The register's nutrient-wording pairs of one language, compiled."""

    __slots__ = ("allowed", "gate", "names", "nutrients", "originals", "wordings")

    def __init__(self, vocab: Vocabulary, *, inflect: bool) -> None:
        # a hit's term is its index: wording i allows allowed[i], as the register spells it originals[i]
        keys = [term_words(k) for k in vocab.pairs]
        self.wordings = Lexicon(keys, inflect=False)
        self.allowed = [frozenset(term_words(n) for n in v) for v in vocab.pairs.values()]
        self.originals = [list(v) for v in vocab.pairs.values()]
        self.names = [term_words(n) for n in vocab.nutrients]
        self.nutrients = Lexicon(self.names, inflect=inflect)
        self.gate = Gate(keys)


def _by_class(
    classes: dict[str, list[str]], inflect: bool, never: Iterable[str]
) -> tuple[tuple[Lexicon, list[tuple[str, str]]] | None, list[str]]:
    """One lexicon for the terms of every class, with each term's (class, term)."""
    terms: list[str] = []
    owner: list[tuple[str, str]] = []
    # a term listed in ``never`` is dropped (a layer's regime does not count it: the FDA treats
    # hot flashes as a natural state, not a disease, 65 FR 1000 at 1020); a tail's word in it is
    # an exception of the tail ('nostalgia' for '*algia')
    dropped = {term_words(w) for w in never}
    for cls, items in classes.items():
        for t in items:
            w = term_words(t)
            if w and w != "*" and w not in dropped:
                terms.append(w)
                owner.append((cls, t))
    lexicon = Lexicon(terms, inflect=inflect, exceptions=[term_words(w) for w in never])
    return ((lexicon, owner) if terms else None), terms


class ClaimRule(Rule):
    """'%s' claims to %s %s."""

    kind: Literal["claim"] = "claim"
    claims: dict[str, Vocabulary] = Field(
        description="Vocabularies by language ({lexicons: claims.health} reads them all)"
    )
    classes: dict[str, Severity] = Field(
        description="Target classes to report, each at its level: {disease: error, function: warning}"
    )
    window: int = Field(default=3, ge=0, le=8, description="Words allowed between effect and target")
    after_window: int = Field(default=1, ge=0, le=4, description="Words allowed between target and an after-effect")
    after_windows: dict[str, int] = Field(
        default_factory=dict,
        description="after_window per language, for languages that put the verb last "
        "({de: 3}: '5 Kilo in 2 Wochen abnehmen')",
    )
    messages: dict[str, str] = Field(default_factory=dict, description="Message per target class")
    suggestions: dict[str, str] = Field(default_factory=dict, description="Suggestion per class")
    authorised: list[str] = Field(
        default_factory=list,
        description="More permitted wordings for this rule's regime, in every language "
        "(the FDA's 'may reduce the risk of' health-claim form)",
    )
    medical_level: Severity | None = Field(
        default=None,
        description="The highest level a claim reaches in a post about medical care or a "
        "medicine (the vocabulary's medical terms: 'our hospital treats heart disease', 'Brand "
        "OTC stops heartburn' are claims to substantiate, not a food's forbidden ones); null: "
        "no cap",
    )
    fallback: str | None = Field(
        default="en", description="Vocabulary used for a language the rule has none for (null: none)"
    )

    cost = 25

    _compiled: dict[str, _Compiled] = PrivateAttr(default_factory=dict)
    _forms: Lexicon | None = PrivateAttr(default=None)

    @field_validator("claims", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k).lower(): v for k, v in value.items()}
        return value

    @field_validator("classes")
    @classmethod
    def _some_class(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        if not value:
            raise ValueError("name at least one target class to report")
        return value

    def model_post_init(self, __context: Any) -> None:
        known = {c for v in self.claims.values() for c in (*v.target, *v.phrases)}
        unknown = sorted(set(self.classes) - known)
        if unknown:
            raise ValueError(
                f"classes {unknown} have no targets in the vocabulary (have: {sorted(known)})"
            )
        # the regime's own claim forms ('may reduce the risk of'), in every language: the model
        # claims of 21 CFR 101.72-101.83 end with their mechanism ('... may reduce the risk of
        # heart disease by lowering cholesterol'), so a form covers the rest of its clause
        words = [w for w in (term_words(t) for t in self.authorised) if w and w != "*"]
        self._forms = Lexicon(words, inflect=False) if words else None
        self._compiled = {lang: _Compiled(v, inflect=lang == "en") for lang, v in self.claims.items()}

    def _vocab(self, language: str) -> _Compiled | None:
        # private attributes live in __pydantic_private__; reading it directly skips pydantic's
        # __getattr__ (a few microseconds per post per rule)
        compiled: dict[str, _Compiled] = self.__pydantic_private__["_compiled"]
        got = compiled.get(language.lower())
        if got is None and self.fallback:
            got = compiled.get(self.fallback)
        return got

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        vocab = self._vocab(ctx.post.language)
        if vocab is None or (vocab.targets is None and vocab.phrases is None):
            return
        folded = ctx.norm.folded.text
        if ctx.norm.unbroken is not None:  # a word split by a line break: gate on it closed too
            folded = f"{folded}\n{ctx.norm.unbroken.text}"
        targets_gate, effects_gate, phrases_gate, context_gate = vocab.gate
        mispaired: list[tuple[int, int]] = []
        if vocab.pairs is not None and "function" in self.classes and vocab.pairs.gate.might_match(folded):
            for f in self._mispaired(ctx, vocab.pairs):
                mispaired.append((f.start, f.end))
                yield f
        if context_gate is not None and not context_gate.might_match(folded):
            return
        if not (
            (targets_gate.might_match(folded) and effects_gate.might_match(folded))
            or phrases_gate.might_match(folded)
        ):
            return
        streams = ctx.word_streams
        if len(streams) == 1 and not mispaired:
            yield from self._check_stream(ctx, vocab, streams[0])
            return
        seen: list[tuple[int, int]] = mispaired
        for stream in streams:
            for f in self._check_stream(ctx, vocab, stream):
                if not any(a < f.end and f.start < b for a, b in seen):
                    seen.append((f.start, f.end))
                    yield f

    def _check_stream(
        self, ctx: RuleContext, vocab: _Compiled, stream: WordStream
    ) -> Iterator[Finding]:
        if not stream.starts:
            return
        text = stream.view.text
        lex = vocab.lexicons
        exempt = lex["exempt"]
        if exempt is not None and exempt.find(text):
            return
        context = lex["context"]
        if context is not None and not context.find(text):
            return
        targets = []
        if vocab.targets is not None:
            tlex, owner = vocab.targets
            for h in tlex.find(text):
                cls, term = owner[h.term]
                if cls in self.classes:
                    a, b = stream.word_range(h.start, h.end)
                    targets.append((a, b, h.start, h.end, cls, term))
        phrases = []
        if vocab.phrases is not None:
            plex, powner = vocab.phrases
            for h in plex.find(text):
                cls, term = powner[h.term]
                if cls in self.classes:
                    a, b = stream.word_range(h.start, h.end)
                    phrases.append((a, b, h.start, h.end, cls, text[h.start : h.end], term, h.start, h.end, h.start, h.end))
        if not targets and not phrases:
            return
        unless = _word_hits(lex["unless"], text, stream)
        blocked_before = {b for _, b in unless}
        blocked_after = {a for a, _ in unless} | {
            a for a, _ in _word_hits(lex["unless_after"], text, stream)
        }
        authorised = [
            (h.start, h.end) for h in (lex["authorised"].find(text) if lex["authorised"] else [])
        ]
        forms: Lexicon | None = self.__pydantic_private__["_forms"]
        if forms is not None:
            authorised.extend(_to_sentence_end(stream, h.start, h.end, ctx.text) for h in forms.find(text))
        between = _word_hits(lex["between"], text, stream)
        claims: list[tuple[int, int, int, int, str, str, str, int, int, int, int]] = []
        asked: set[int] = set()  # the effect starts of question-shape claims
        for part in ("effects", "question"):
            for h in lex[part].find(text) if lex[part] is not None else []:
                ea, eb = stream.word_range(h.start, h.end)
                if any(ea - 3 <= u <= ea - 1 for u in blocked_before):
                    continue
                if part == "question" and stream.sentence[ea] not in stream.questions:
                    continue
                for ta, tb, ts, te, cls, term in targets:
                    if ta <= eb or ta - eb - 1 > self.window:
                        continue
                    if stream.sentence[ta] != stream.sentence[ea]:
                        continue
                    if tb + 1 in blocked_after:
                        continue
                    if between and any(eb < a and b < ta for a, b in between):
                        continue
                    claims.append((ea, tb, h.start, te, cls, text[h.start : h.end], term, ts, te, h.start, h.end))
                    if part == "question":
                        asked.add(h.start)
                    break
        after_window = self.after_windows.get(ctx.post.language.lower(), self.after_window)
        # a word that is both ('cure'): said of the target after it, it is not also said of the
        # one before ('relieve aches and pains and cure arthritis' claims to cure arthritis)
        # (unless the target before it is of a class reported higher: 'Menopause support for
        # better sleep' still claims to support menopause)
        forward = {c[9]: self.classes[c[4]].rank for c in claims}
        for h in lex["after"].find(text) if lex["after"] is not None else []:
            fa, fb = stream.word_range(h.start, h.end)
            for ta, tb, ts, te, cls, term in reversed(targets):
                if h.start in forward and self.classes[cls].rank <= forward[h.start]:
                    continue
                if tb >= fa or fa - tb - 1 > after_window:
                    continue
                if stream.sentence[ta] != stream.sentence[fa]:
                    continue
                if any(ta - 3 <= u <= ta - 1 for u in blocked_before) or fb + 1 in blocked_after:
                    continue
                claims.append((ta, fb, ts, h.end, cls, text[h.start : h.end], term, ts, te, h.start, h.end))
                break
        for p in phrases:
            if not any(p[0] - 3 <= u <= p[0] - 1 for u in blocked_before) and p[1] + 1 not in blocked_after:
                claims.append(p)
        # a topic's claim is implied, not said: the reviewer's call at most
        implied: set[int] = set()
        if targets:
            topics = self._topics(ctx, lex, stream, targets, unless, claims)
            implied = {c[9] for c in topics}
            claims.extend(topics)
        if not claims:
            return
        if authorised:
            claims = [c for c in claims if not _authorised(c, authorised)]
        cap = self.medical_level
        if cap is not None and (
            lex["medical"] is None
            or not lex["medical"].find(text)
            or (lex["products"] is not None and lex["products"].find(text))
        ):
            cap = None
        # a question about a condition that only sends the reader to a doctor, with nothing
        # offered and no product named, is a help-seeking message (FDA draft guidance,
        # "Help-Seeking and Other Disease Awareness Communications", 2004): review at most
        if asked and not (
            lex["help"] is not None
            and lex["help"].find(text)
            and not (lex["offer"] is not None and lex["offer"].find(text))
            and not (lex["products"] is not None and lex["products"].find(text))
        ):
            asked = set()
        implied = implied | asked
        rank = {cls: i for i, cls in enumerate(self.classes)}
        claims.sort(key=lambda c: (c[0], rank.get(c[4], 99)))
        last = -1
        original = ctx.text
        for wa, wb, s, e, cls, effect, term, ts, te, es, _ in claims:
            if wa <= last:
                continue
            last = wb
            start, end = stream.view.span(s, e)
            excerpt = original[start:end]
            ta, tb = stream.view.span(ts, te)
            target = original[ta:tb]
            yield self.finding(
                ctx,
                start,
                end,
                args=(excerpt, effect, target or term),
                message=self.messages.get(cls),
                suggestion=self._suggest(vocab, cls, term),
                level=_capped(self.classes[cls], cap, Severity.WARNING if es in implied else None),
                code=cls,
            )

    def _topics(
        self,
        ctx: RuleContext,
        lex: dict[str, Lexicon | None],
        stream: WordStream,
        targets: list[tuple[int, int, int, int, str, str]],
        unless: list[tuple[int, int]],
        claims: list[tuple[int, int, int, int, str, str, str, int, int, int, int]],
    ) -> list[tuple[int, int, int, int, str, str, str, int, int, int, int]]:
        """A target as the post's topic, then the effect said of it: a question that is only
        the target ("Bloated? Not anymore: our drink fixes it"), or a heading ending in a
        colon or dash ("Corona-Infektion: Wie wir uns mit Vitalpilzen schützen können"). The
        effect follows within 8 words, in the same sentence or (after the question) the next,
        with no ``unless`` term between; an effect already paired with its own target is
        left to that claim. The claim is implied, so it reports at warning at most."""
        original = ctx.text
        n = len(stream.starts)
        topical = []
        for ta, tb, ts, te, cls, term in targets:
            sent = stream.sentence[ta]
            if ta >= 3 and stream.sentence[ta - 3] == sent:
                continue  # more than two words before the target in its sentence
            _, ob = stream.view.span(ts, te)
            nxt = original[ob : ob + 3].lstrip()[:1]
            if nxt == "?" and sent in stream.questions and (tb + 1 >= n or stream.sentence[tb + 1] != sent):
                topical.append((ta, tb, ts, te, cls, term, sent + 1))
            elif nxt in (":", "–", "—"):
                topical.append((ta, tb, ts, te, cls, term, sent))
        if not topical:
            return []
        text = stream.view.text
        used = {c[9] for c in claims}
        said = [(c[0], c[1]) for c in claims]  # an explicit claim is never swallowed by a topic's
        out = []
        for part in ("effects", "after"):
            found = lex[part]
            for h in found.find(text) if found is not None else []:
                if h.start in used:
                    continue
                if part == "after" and text[h.start : h.end] in _TOPIC_GENERIC:
                    continue
                fa, fb = stream.word_range(h.start, h.end)
                for ta, tb, ts, te, cls, term, sent in topical:
                    if fa <= tb or fa - tb - 1 > 8:
                        continue
                    if any(a <= fb and ta <= b for a, b in said):
                        continue
                    if stream.sentence[fa] not in (stream.sentence[ta], sent):
                        continue
                    if any(tb < a and b < fa for a, b in unless):
                        continue
                    out.append((ta, fb, ts, h.end, cls, text[h.start : h.end], term, ts, te, h.start, h.end))
                    used.add(h.start)
                    break
        return out

    def _mispaired(self, ctx: RuleContext, pairs: _Pairs) -> Iterator[Finding]:
        """An authorised wording said of a nutrient the register does not authorise it for
        (CAP 15.1, Reg. 1924/2006 Art. 10(1): the claim is authorised for a nutrient, not its
        words for anything): 'Biotin contributes to the maintenance of normal nails' (only
        selenium and zinc have that claim), 'Glucose contributes to normal energy-yielding
        metabolism' (rejected; CJEU C-296/16 P, Dextro Energy)."""
        stream = ctx.words
        text = stream.view.text
        hits = pairs.wordings.find(text)
        if not hits:
            return
        named = [
            (stream.sentence[stream.word_range(n.start, n.end)[0]], n)
            for n in pairs.nutrients.find(text, overlapping=True)
        ]
        original = ctx.text
        for h in hits:
            sent = stream.sentence[stream.word_range(h.start, h.end)[0]]
            near = [n for s, n in named if s == sent]
            if not near:
                continue  # the nutrient is named elsewhere, or not at all: the reviewer reads it
            if any(pairs.names[n.term] in pairs.allowed[h.term] for n in near):
                continue
            start, end = stream.view.span(min(h.start, *(n.start for n in near)), h.end)
            excerpt = original[start:end]
            ns, ne = stream.view.span(near[0].start, near[0].end)
            yield self.finding(
                ctx,
                start,
                end,
                args=(excerpt, original[ns:ne]),
                message="'%s' uses the register's wording for a nutrient it does not authorise it for (%s).",
                suggestion="The register authorises this claim for: "
                + ", ".join(pairs.originals[h.term])
                + ". For anything else, describe the product without the claim.",
                level=self.classes["function"],
                code="function",
            )

    def _suggest(self, vocab: _Compiled, cls: str, term: str) -> str | None:
        base = self.suggestions.get(cls) or self.suggestion
        alt = vocab.alternatives.get(term_words(term).rstrip("*"))
        if alt:
            return f"{alt} {base}" if base else alt
        return base


def _word_hits(lexicon: Lexicon | None, text: str, stream: WordStream) -> list[tuple[int, int]]:
    if lexicon is None:
        return []
    return [stream.word_range(h.start, h.end) for h in lexicon.find(text, overlapping=True)]


def _capped(level: Severity, *caps: Severity | None) -> Severity:
    for cap in caps:
        if cap is not None and level.rank > cap.rank:
            level = cap
    return level


# after-effects too generic to say a topic's claim ('Stressed? Free delivery this week')
_TOPIC_GENERIC = frozenset({"free", "support", "away", "off", "less"})
_CLAUSE_BREAKS = frozenset({"and", "but", "plus", "also", "while", "whereas", "or"})


def _to_sentence_end(stream: WordStream, start: int, end: int, original: str) -> tuple[int, int]:
    """The stream span from ``start`` to the end of its clause: the sentence that holds
    ``[start, end)``, cut before a comma, a semicolon or a conjunction ('may reduce the risk of
    heart disease by lowering cholesterol' is one claim; '..., and our tea cures diabetes' is
    another)."""
    j = stream.word_at(max(end - 1, start))
    sent = stream.sentence[j]
    n = len(stream.starts)
    view = stream.view
    text = view.text
    while j + 1 < n and stream.sentence[j + 1] == sent:
        a = stream.starts[j + 1]
        b = stream.starts[j + 2] - 1 if j + 2 < n else len(text)
        if text[a:b] in _CLAUSE_BREAKS:
            break
        _, prev_end = view.span(stream.starts[j], a - 1)
        nxt, _ = view.span(a, b)
        if any(c in original[prev_end:nxt] for c in ",;:"):
            break
        j += 1
    return start, (stream.starts[j + 1] - 1 if j + 1 < n else len(text))


def _authorised(claim: tuple, spans: list[tuple[int, int]]) -> bool:
    """The claim, or its effect words, lie inside a permitted wording ("may reduce the risk of")."""
    s, e, es, ee = claim[2], claim[3], claim[9], claim[10]
    return any((a <= s and e <= b) or (a <= es and ee <= b) for a, b in spans)
