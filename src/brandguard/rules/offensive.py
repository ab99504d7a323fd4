"""``offensive``: slurs, profanity and insults, in any language and however they are spelt.

What it does
    Flags the words of one *tier* of offensive language (the ``profanity`` pack has four:
    ``slur``, ``strong``, ``insult``, ``mild``), read from per-language lexicons:

    * ``terms``: ``{language: [words]}`` flagged in every post whatever its language (a slur
      in German is a slur in an English post too). English words get English inflections
      (``idiot`` -> ``idiots``); other languages list their forms or use stems
      (``arschl*``); ``fuck*`` is a stem that finds ``fucking``, ``fuckin``, ``fuckface``.
    * ``local``: ``{language: [words]}`` flagged only in posts in that language: words that are
      innocent in another language (French ``con``, Spanish and Italian for "with"; Italian
      ``fica``, Portuguese for "stays").
    * ``targeted``: ``{language: {targets: [...], words: [...]}}``: words that insult only when
      aimed at someone (``pathetic``, ``clown``, ``disgrace``), flagged when at most
      ``window`` words after a target (``you``, ``you're``, ``what a``, ``such a``) in one
      sentence: "you're pathetic" is flagged, "pathetic prices" is not.
    * ``allow``: ``{language: [words]}`` never flagged: place names and words that hold a term
      (``Scunthorpe``, ``Penistone``, ``Dick's Sporting Goods``, ``cocktail`` in a hashtag).

    Matching survives evasion: case, full-width letters, homoglyphs, zero-width characters,
    leetspeak (``sh1t``, ``b!tch``, ``a$$``), separated letters (``f u c k``), masked letters
    (``f***``, ``sh*t``, ``f**king``, ``s#$t``: a mask stands for any letter, the first letter
    must be shown; a single trailing ``*`` is a footnote, not a mask), repeated letters
    (``fuuuuck``, ``shiiiit``, ``asssss``) and words inside hashtags (``#fuckthepolice``,
    ``#SuckDick``, split as the word view splits them).

Why is this bad?
    A brand's post with a slur is a brand-safety incident and, in many markets, unlawful hate
    speech; profanity and insults break the brand voice and platforms' advertising standards
    (Meta's Advertising Standards on profanity, TikTok's ad policies, X's ads policy). The tiers
    let a brand decide: block slurs, review profanity and insults, allow the mild words.

Example
    ```yaml
    profanity.strong:
      kind: offensive
      level: warning
      terms: {lexicons: profanity.strong}
      local: {lexicons: profanity-local.strong}
      allow: {lexicons: profanity-allow}
      message: "'%s' is profanity; the post needs a human look before it goes out."
      suggestion: "Rephrase without it; keep the energy with a stronger verb."
    ```
    A policy adds its own words with a lexicon of the tier's name
    (``lexicons: {profanity.strong.brand: {source: ..., terms: [...]}}``), raises or lowers a
    tier with ``rules: {profanity.mild: {level: warning}}`` and turns one off with
    ``disable: [profanity.mild]``.

Use instead
    The rule's ``suggestion``; with ``mask: true`` the finding carries an exact fix that masks
    the word (``f***``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from .._lazyre import lazy_re
from ..lexicon import Lexicon, inflection_forms, inflections
from ..verdict import Finding, Fix
from ..words import _STOP, term_words
from .base import MatchSpec, Rule, RuleContext

__all__ = ["OffensiveRule", "Targeted"]

# A word with a masked letter: letters and masks, the first a letter, at least one mask.
# (``*`` masks anywhere after the first letter; ``#`` only inside a word, since ``#`` ends a
# word before a hashtag.)
_MASKED = lazy_re(
    r"(?<![\w*#$@%!])[^\W\d_](?:[^\W\d_]|[*$@%!]|#(?=[^\W\d_*]*[^\W\d_]))*[*#]"
    r"(?:[^\W\d_]|[*#$@%!](?=[^\W\d_*#$@%!]*[^\W\d_]))*\**"
    # not a masked email or handle: "k***@gmail.com"
    r"(?![@\w]|\.\w)"
)
_MASKS = frozenset("*#$@%!")
# A letter written three times or more in a row: "fuuuck", "asssss"
_TRIPLE = lazy_re(r"([^\W\d_])\1\1")
_WORD = lazy_re(r"[^\W\d_]+")
# a masked letter after a letter: "f*ck", "sh**", "s#$t"
_MASK_HINT = lazy_re(r"[*#](?<=[^\W\d_][*#])|[*#](?<=[^\W\d_][$@%!][*#])")


class _Gate:
    """Can the folded text hold one of ``terms``? The longest word of each must stand in the
    text as a whole word (a stem: at the start of one), or sit inside a hashtag (the word view
    splits ``#suckdick``). One Aho-Corasick pass."""

    __slots__ = ("_auto",)

    def __init__(self, terms: list[str]) -> None:
        import ahocorasick

        keys: dict[str, bool] = {}
        for t in terms:
            spelt = term_words(t)
            stem = spelt.endswith("*")
            words = [w for w in spelt.rstrip("*").split(" ") if w]
            if not words:
                continue
            key = words[-1] if stem else max(words, key=lambda w: (w not in _STOP, len(w)))
            keys[key] = keys.get(key, False) or (stem and key == words[-1])
        self._auto: Any = None
        if keys:
            auto = ahocorasick.Automaton()
            for k, is_stem in keys.items():
                auto.add_word(k, (len(k), is_stem))
            auto.make_automaton()
            self._auto = auto

    def might_match(self, text: str) -> bool:
        if self._auto is None:
            return False
        n_text = len(text)
        for end, (n, is_stem) in self._auto.iter(text):
            start = end - n + 1
            if start == 0 or not text[start - 1].isalnum():
                if is_stem or end + 1 >= n_text or not text[end + 1].isalnum():
                    return True
            j = start
            while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
                j -= 1
            if j > 0 and text[j - 1] == "#":
                return True
        return False


class Targeted(BaseModel):
    """Words that insult only when aimed at someone, and what aims them."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    targets: list[str] = Field(
        default_factory=list, description="What aims a word at someone: you, you're, what a"
    )
    words: list[str] = Field(
        default_factory=list, description="Insults when aimed: pathetic, clown, disgrace"
    )
    people: list[str] = Field(
        default_factory=list,
        description="Nouns for people: an aimed word right before one insults them ('dumb kid')",
    )
    alone: list[str] = Field(
        default_factory=list,
        description="Words that insult as a sentence of their own ('Liar!', 'Hypocrite!!')",
    )


def _lists(value: Any) -> Any:
    """A plain list means every language; lexicon trees nest by key: flatten them."""
    if isinstance(value, list):
        return {"any": value}
    if isinstance(value, dict):
        out: dict[str, list[str]] = {}
        for key, sub in value.items():
            if isinstance(sub, dict):  # profanity.strong.en.brand -> en
                for terms in _flatten(sub):
                    out.setdefault(str(key), []).extend(terms)
            else:
                out.setdefault(str(key), []).extend(sub or [])
        return out
    return value


def _flatten(tree: dict[str, Any]) -> Iterator[list[str]]:
    for sub in tree.values():
        if isinstance(sub, dict):
            yield from _flatten(sub)
        else:
            yield list(sub or [])


def _squeeze(word: str) -> str:
    """Every run of a repeated letter read once: ``fuuuckk`` -> ``fuck``."""
    out: list[str] = []
    for ch in word:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


class _Forms:
    """The terms of one language group, spelt for each way of matching."""

    __slots__ = ("masked", "owners", "spec", "squeezed", "stems")

    def __init__(self, terms: list[tuple[str, str]], *, hashtags: bool) -> None:
        #: (language, term as written) for each token of ``spec``
        self.owners: list[tuple[str, str]] = []
        tokens: list[str] = []
        for lang, term in terms:
            t = term.strip()
            if not t:
                continue
            stem = t.endswith("*")
            forms = {t}
            if lang == "en" and not stem:
                # plurals only ("idiots"): the verbs among the terms are stems (fuck*) or
                # listed with their forms, and a generated "-ing" of one word can mask-match
                # another ("fagging" would read "f***ing")
                head, _, last = t.rpartition(" ")
                if last.isalpha():
                    plural = inflection_forms(last.lower())
                    forms |= {f"{head} {f}" if head else f for f in plural["s"] | plural["base"]}
            for f in sorted(forms):
                tokens.append(f)
                self.owners.append((lang, term))
        self.spec = (
            MatchSpec(tokens=tokens, inflect=False, words=hashtags) if tokens else None
        )
        # single words, for masked and repeated letters: (length, first letter) -> forms
        self.masked: dict[tuple[int, str], list[tuple[str, int]]] = {}
        self.squeezed: dict[str, int] = {}
        self.stems: list[tuple[str, int]] = []
        for i, tok in enumerate(tokens):
            w = term_words(tok)
            if not w or " " in w:
                continue
            if w.endswith("*"):
                self.stems.append((w[:-1], i))
                continue
            self.masked.setdefault((len(w), w[0]), []).append((w, i))
            self.squeezed.setdefault(_squeeze(w), i)

    def masked_term(self, word: str) -> int | None:
        """The token a masked word stands for (``f**k``), or None."""
        shown = [(i, c) for i, c in enumerate(word) if c not in _MASKS]
        for form, idx in self.masked.get((len(word), word[0]), ()):
            if all(form[i] == c for i, c in shown):
                return idx
        for stem, idx in self.stems:
            if len(word) >= len(stem) and all(
                c in _MASKS or c == stem[i] for i, c in enumerate(word[: len(stem)])
            ) and any(c in _MASKS for c in word[: len(stem)]):
                return idx
        return None

    def squeezed_term(self, word: str) -> int | None:
        """The token a word with repeated letters stands for (``fuuuuck``), or None."""
        key = _squeeze(word)
        idx = self.squeezed.get(key)
        if idx is not None:
            return idx
        for stem, i in self.stems:
            if key.startswith(_squeeze(stem)):
                return i
        return None


class OffensiveRule(Rule):
    """'%s' is offensive."""

    kind: Literal["offensive"] = "offensive"
    terms: dict[str, list[str]] = Field(
        default_factory=dict, description="Language -> words flagged in every post"
    )
    local: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Language -> words flagged only in posts in that language (innocent words "
        "elsewhere: French 'con', Italian 'fica')",
    )
    targeted: dict[str, Targeted] = Field(
        default_factory=dict,
        description="Language -> words flagged only when aimed at someone ('you're pathetic')",
    )
    allow: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Words and names never flagged, in any post (Scunthorpe, Dick's Sporting Goods)",
    )
    window: int = Field(default=2, ge=1, le=6, description="Words between a target and its insult")
    masked: bool = Field(default=True, description="Read masked letters: f***, sh*t")
    masked_shown: int = Field(
        default=1,
        ge=1,
        description="Letters a masked word must show: 2 keeps 'f***' (fuck, in the strong tier) "
        "from reading as a slur",
    )
    elongated: bool = Field(default=True, description="Read repeated letters: fuuuck")
    hashtags: bool = Field(default=True, description="Read the words inside hashtags")
    mask: bool = Field(default=False, description="Attach a fix that masks the word (f***)")

    cost = 20

    _global: _Forms | None = PrivateAttr(default=None)
    _local: dict[str, _Forms] = PrivateAttr(default_factory=dict)
    _allow: Lexicon | None = PrivateAttr(default=None)
    _gates: dict[str, _Gate] = PrivateAttr(default_factory=dict)
    _aimed: dict[str, tuple[Lexicon, Lexicon, Lexicon | None, Lexicon | None]] = PrivateAttr(
        default_factory=dict
    )

    @field_validator("terms", "local", "allow", mode="before")
    @classmethod
    def _by_language(cls, value: Any) -> Any:
        return _lists(value)

    def model_post_init(self, __context: Any) -> None:
        if not (self.terms or self.local or self.targeted):
            raise ValueError("give at least one word in 'terms', 'local' or 'targeted'")
        terms = [(lang, t) for lang, items in self.terms.items() for t in items]
        self._global = _Forms(terms, hashtags=self.hashtags) if terms else None
        allowed = [t for items in self.allow.values() for t in items]
        # as written: an inflection could allow a listed word (Bitche, a French town -> bitches)
        self._allow = Lexicon(allowed, inflect=False) if allowed else None

    # -- building, on first use per language ------------------------------------------------
    def _local_forms(self, lang: str) -> _Forms | None:
        if lang not in self.local:
            return None
        got = self._local.get(lang)
        if got is None:
            got = _Forms([(lang, t) for t in self.local[lang]], hashtags=self.hashtags)
            self._local[lang] = got
        return got

    def _aimed_lexicons(
        self, lang: str
    ) -> tuple[Lexicon, Lexicon, Lexicon | None, Lexicon | None] | None:
        vocab = self.targeted.get(lang)
        if vocab is None or not vocab.words:
            return None
        got = self._aimed.get(lang)
        if got is None:
            en = lang == "en"

            def lex(terms: list[str], inflect: bool) -> Lexicon | None:
                return Lexicon([term_words(t) for t in terms], inflect=inflect) if terms else None

            got = (
                lex(vocab.targets, False) or Lexicon([]),
                lex(vocab.words + vocab.alone, en) or Lexicon([]),
                lex(vocab.people, en),
                lex(vocab.alone, en),
            )
            self._aimed[lang] = got
        return got

    # -- matching ---------------------------------------------------------------------------
    def _gate(self, lang: str) -> _Gate:
        got = self._gates.get(lang)
        if got is None:
            terms: list[str] = []
            for forms in (self._global, self._local_forms(lang)):
                if forms is not None and forms.spec is not None:
                    terms.extend(forms.spec.tokens)
            vocab = self.targeted.get(lang)
            if vocab is not None:
                for w in vocab.words + vocab.alone:
                    terms.extend(inflections(w) if lang == "en" and w.isalpha() else [w])
            got = _Gate(terms)
            self._gates[lang] = got
        return got

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        lang = ctx.post.language
        folded = ctx.norm.folded.text
        # Most posts hold none of the words, spelt plainly or otherwise: one pass over the
        # folded text decides, unless the post holds what an evasion needs (a leet or spaced
        # spelling, a masked letter, a letter written three times, a word broken by a line
        # break), which the full match reads (tests/test_offensive.py: gate on and off agree)
        if not self._gate(lang).might_match(folded):
            hints = ctx.__dict__.get("_offensive_hints")
            if hints is None:  # shared by every tier's rule
                hints = (
                    ctx.norm.leet is not None or ctx.norm.unbroken is not None,
                    _MASK_HINT.search(folded) is not None,
                    _TRIPLE.search(folded) is not None,
                )
                ctx.__dict__["_offensive_hints"] = hints
            if not (hints[0] or (self.masked and hints[1]) or (self.elongated and hints[2])):
                return
        hits: dict[tuple[int, int], str] = {}
        for forms in (self._global, self._local_forms(lang)):
            if forms is None:
                continue
            for (a, b), term in self._find(ctx, forms):
                hits.setdefault((a, b), term)
        for (a, b), term in self._find_aimed(ctx, lang):
            hits.setdefault((a, b), term)
        if not hits:
            return
        allowed = self._allowed_spans(ctx)
        text = ctx.text
        last_end = -1
        for (a, b), _term in sorted(hits.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
            if a < last_end:
                continue
            if any(x <= a and b <= y for x, y in allowed):
                continue
            last_end = b
            written = text[a:b]
            fix = Fix(start=a, end=b, replacement=_mask(written)) if self.mask else None
            yield self.finding(ctx, a, b, args=(written,), fix=fix)

    def _find(self, ctx: RuleContext, forms: _Forms) -> Iterator[tuple[tuple[int, int], str]]:
        if forms.spec is not None:
            for m in forms.spec.find(ctx):
                yield (m.start, m.end), forms.owners[m.term][1]
        folded = ctx.norm.folded
        text = folded.text
        if self.masked and ("*" in text or "#" in text):
            for m in _MASKED.finditer(text):
                word = m.group()
                inner = word.rstrip("*")
                # "apply*": one trailing asterisk is a footnote mark, not a masked letter
                if inner == word[:-1] and "*" not in inner and "#" not in inner:
                    continue
                if not any(c not in _MASKS for c in word[1:]) and len(word) - len(inner) < 2:
                    continue
                if sum(c not in _MASKS for c in word) < self.masked_shown:
                    continue
                idx = forms.masked_term(word)
                if idx is not None:
                    yield folded.span(m.start(), m.end()), forms.owners[idx][1]
        if self.elongated and _TRIPLE.search(text):
            for m in _WORD.finditer(text):
                word = m.group()
                if not _TRIPLE.search(word):
                    continue
                idx = forms.squeezed_term(word)
                if idx is not None:
                    yield folded.span(m.start(), m.end()), forms.owners[idx][1]

    def _find_aimed(self, ctx: RuleContext, lang: str) -> Iterator[tuple[tuple[int, int], str]]:
        """Insults aimed at someone: after a target ("you're pathetic"), before a noun for
        people ("dumb kid"), or a sentence of their own ("Liar!")."""
        lexicons = self._aimed_lexicons(lang)
        if lexicons is None:
            return
        targets, words, people, alone = lexicons
        if not words.find(ctx.norm.folded.text) and not (
            self.hashtags and ctx.hashtags
        ):
            return
        stream = ctx.words
        text = stream.view.text
        insults = words.find(text)
        if not insults:
            return
        aims = targets.find(text)
        nouns = people.find(text) if people is not None else []
        lone = {h.start for h in alone.find(text)} if alone is not None else set()
        sentence = stream.sentence
        window = self.window
        for hit in insults:
            first, last_w = stream.word_range(hit.start, hit.end)
            span: tuple[int, int] | None = None
            for aim in aims:
                _, last = stream.word_range(aim.start, aim.end)
                if 1 <= first - last <= window and sentence[first] == sentence[last]:
                    span = (stream.view.span(aim.start, aim.end)[0], stream.view.span(hit.start, hit.end)[1])
                    break
            if span is None:
                for noun in nouns:
                    n_first, _ = stream.word_range(noun.start, noun.end)
                    if 1 <= n_first - last_w <= window and sentence[n_first] == sentence[last_w]:
                        span = (stream.view.span(hit.start, hit.end)[0], stream.view.span(noun.start, noun.end)[1])
                        break
            if span is None and hit.start in lone:
                s = sentence[first]
                if (first == 0 or sentence[first - 1] != s) and (
                    last_w + 1 >= len(sentence) or sentence[last_w + 1] != s
                ):
                    span = stream.view.span(hit.start, hit.end)
            if span is not None:
                yield span, words.terms[hit.term]

    def _allowed_spans(self, ctx: RuleContext) -> list[tuple[int, int]]:
        if self._allow is None:
            return []
        folded = ctx.norm.folded
        return [folded.span(h.start, h.end) for h in self._allow.find(folded.text)]


def _mask(word: str) -> str:
    """``fucking`` -> ``f******``: the first letter kept, the others masked."""
    return word[:1] + "".join("*" if c.isalnum() else c for c in word[1:])

