"""The word view of a post: its words in order, one space apart, whatever stood between them.

Claims survive decoration: ``cures ✨ diabetes``, ``cures #diabetes``, ``*guaranteed* returns``,
``"Less" "Stress"``, a line break in a list. The word view drops everything that is not a word
(emoji, ``#``, ``*``, quotes, ``™``, line breaks) and keeps only what ends a sentence, so a
lexicon phrase (``anxiety relief``) and a distance in words (an effect up to three words before
its target) mean the same thing however the post was written. Hashtags are split into their
words (``#AnxietyRelief`` and ``#anxietyrelief`` both read ``anxiety relief``); numbers read
``0`` so one term (``0 kg``) stands for every amount; a short French or Italian article keeps
off its noun (``l'eczéma`` reads ``l eczema``).

The view is a :class:`~brandguard.normalize.TextView` over the folded view, so every hit maps
back to the original text. Terms go through :func:`term_words` to be spelt the same way.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ._lazyre import lazy_re
from .normalize import Normalized, TextView, fold_term

__all__ = ["StreamView", "WordStream", "segment_hashtag", "term_words", "word_stream"]

# A hashtag; a number (with its decimal part); a word (with inner apostrophes); a percent sign;
# what ends a sentence.
_TOKEN = lazy_re(
    r"#[^\W_][\w']*|\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*|%|[.!?…]+|[;•|]"
)
_HASHTAG_BODY = lazy_re(r"[^\W_]+")
_CAMEL = lazy_re(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_]+")
_HOSTS = (".com", ".co.uk", ".uk", ".net", ".org", ".shop", ".store", ".io", ".eu", ".de", ".fr", ".es", ".it", ".nl")
# l'eczéma, d'acné, qu'il, dell'ansia, nell'intestino: the article keeps off its noun
_ELISION = lazy_re(r"^([^\W\d_]{1,2}|qu|dell|dall|nell|sull|all|coll|quell|tutt)'([^\W\d_]{3,})$")


class StreamView:
    """The word view's text with its map back to the folded view (and so to the original)."""

    __slots__ = ("_fend", "_fstart", "_parent", "_starts", "_words", "text")

    def __init__(
        self,
        words: list[str],
        starts: list[int],
        fstart: list[int],
        fend: list[int],
        parent: TextView,
    ) -> None:
        self.text = " ".join(words)
        self._words = words
        self._starts = starts
        self._fstart = fstart
        self._fend = fend
        self._parent = parent

    def _map(self, pos: int, *, is_end: bool) -> int:
        starts = self._starts
        if not starts:
            return 0
        key = pos - 1 if is_end and pos > 0 else pos
        i = max(bisect_right(starts, key) - 1, 0)
        a, b = self._fstart[i], self._fend[i]
        w = self._words[i]
        d = pos - starts[i]
        if b - a == len(w) and self._parent.text[a:b] == w:  # spelt as in the folded view
            return a + min(max(d, 0), b - a)
        return b if is_end else a

    def span(self, start: int, end: int) -> tuple[int, int]:
        a = self._map(start, is_end=False)
        b = self._map(end, is_end=True) if end > start else a
        return self._parent.span(a, b)


@dataclass(slots=True)
class WordStream:
    """``view.text`` is the words one space apart; ``starts[i]`` is word i's offset in it."""

    view: StreamView
    starts: list[int]
    sentence: list[int]
    questions: frozenset[int]

    def __len__(self) -> int:
        return len(self.starts)

    def word_at(self, offset: int) -> int:
        """Index of the word that holds stream ``offset`` (or the last one before it)."""
        return max(bisect_right(self.starts, offset) - 1, 0)

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """Words ``[first, last]`` covered by the stream span ``[start, end)``."""
        return self.word_at(start), self.word_at(max(end - 1, start))


def _words_of(token: str) -> list[tuple[int, int, str]]:
    """The words of one non-hashtag token: (offset in token, end, spelling)."""
    if token[0].isdigit():
        return [(0, len(token), "0")]
    m = _ELISION.match(token)
    if m:
        return [(0, m.end(1), m.group(1)), (m.start(2), len(token), m.group(2))]
    return [(0, len(token), token)]


_BREAKS = frozenset(".!?…;•|")


def word_stream(norm: Normalized, base: TextView | None = None) -> WordStream:
    """The word view of ``norm.folded`` (or of another view of the same post, ``base``)."""
    folded = base if base is not None else norm.folded
    text = folded.text
    words: list[str] = []
    fstart: list[int] = []
    fend: list[int] = []
    sentence: list[int] = []
    questions: set[int] = set()
    sent = 0
    cased: str | None = None
    for m in _TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c in _BREAKS:
            if "?" in tok:
                questions.add(sent)
            if sentence and sentence[-1] == sent:
                sent += 1
            continue
        a, b = m.span()
        if c == "#":
            if cased is None:
                cased = norm.cased.text
            original = cased[a:b] if len(cased) == len(text) else tok
            for i, (s, e, w) in enumerate(segment_hashtag(tok[1:], original[1:])):
                words.append(w)
                fstart.append(a if i == 0 else a + 1 + s)
                fend.append(a + 1 + e)
                sentence.append(sent)
            continue
        if c.isdigit():
            words.append("0")
        elif "'" in tok or (len(tok) > 6 and text.startswith(_HOSTS, b) and tok.isalpha()):
            # l'eczema reads "l eczema"; a web address reads as its words:
            # thegreatvape.com -> the great vape com
            parts = _words_of(tok) if "'" in tok else segment_hashtag(tok)
            for s, e, w in parts:
                words.append(w)
                fstart.append(a + s)
                fend.append(a + e)
                sentence.append(sent)
            continue
        else:
            words.append(tok)
        fstart.append(a)
        fend.append(b)
        sentence.append(sent)
    starts: list[int] = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    view = StreamView(words, starts, fstart, fend, folded)
    return WordStream(view, starts, sentence, frozenset(questions))


def segment_hashtag(body: str, cased: str | None = None) -> list[tuple[int, int, str]]:
    """The words of a hashtag body (without ``#``): (start, end, word) in ``body``.

    CamelCase decides where it is written (``AnxietyRelief``); otherwise an English word model
    extended with the words of the shipped lexicons does (``mounjaroweightloss`` ->
    ``mounjaro weight loss``). Numbers read ``0``.
    """
    out: list[tuple[int, int, str]] = []
    cased = cased if cased is not None and len(cased) == len(body) else None
    for part in _HASHTAG_BODY.finditer(body):
        chunk = part.group()
        base = part.start()
        if cased is not None:
            original = cased[part.start() : part.end()]
            if any(c.isupper() for c in original[1:]) and any(c.islower() for c in original):
                for a, b in _camel_spans(original):
                    w = chunk[a:b]
                    out.append((base + a, base + b, "0" if w.isdigit() else w))
                continue
        pos = 0
        for w in _split(chunk):
            i = chunk.find(w, pos)
            if i < 0:
                continue
            pos = i + len(w)
            out.append((base + i, base + pos, "0" if w.isdigit() else w))
    return out


# short words written in lower case after an acronym: '#CBDforArthritis' is CBD + for, not
# CB + Dfor
_GLUE = frozenset(
    "for and or of the to in on with my your our is are vs at by from free".split()
)


def _camel_spans(original: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _CAMEL.finditer(original)]
    for i in range(1, len(spans)):
        (a, b), (c, d) = spans[i - 1], spans[i]
        piece = original[c:d]
        if (
            b == c
            and original[a:b].isupper()
            and original[a:b].isalpha()
            and piece[:1].isupper()
            and piece[1:].islower()
            and piece[1:] in _GLUE
            # 'For', 'Care', 'Tour' are words of their own: '#CBDForArthritis', '#IBSCare'
            and piece.lower() not in _model()._wordcost
        ):
            spans[i - 1], spans[i] = (a, c + 1), (c + 1, d)
    return spans


@lru_cache(maxsize=8192)
def _split(chunk: str) -> tuple[str, ...]:
    if len(chunk) <= 3 or chunk.isdigit():
        return (chunk,)
    return tuple(_model().split(chunk))


@lru_cache(maxsize=1)
def _model():  # pragma: no cover - exercised through segment_hashtag
    import wordninja

    base = wordninja.DEFAULT_LANGUAGE_MODEL
    model = object.__new__(wordninja.LanguageModel)
    cost = dict(base._wordcost)
    n = len(cost)
    # a lexicon word costs what a common English word (rank ~1,000) costs
    boost = math.log(1000 * math.log(n))
    for word in _lexicon_words():
        if cost.get(word, math.inf) > boost:
            cost[word] = boost
    model._wordcost = cost
    model._maxword = max(base._maxword, *(len(w) for w in cost))
    return model


@lru_cache(maxsize=1)
def _lexicon_words() -> frozenset[str]:
    """Every word (4 letters or more) of the shipped lexicons (policies/lexicons/*.yaml)."""
    import yaml

    from ._data import data_dir

    words: set[str] = set()
    folder = data_dir("policies") / "lexicons"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        for lex in (data.get("lexicons") or {}).values():
            terms = lex.get("terms") if isinstance(lex, dict) else None
            if isinstance(terms, dict):
                terms = list(terms)
            for term in terms or []:
                for w in re.findall(r"[^\W\d_]{4,}", fold_term(str(term).rstrip("*"))):
                    words.add(w)
    return frozenset(words)


def term_words(term: str) -> str:
    """A lexicon term spelt as the word view spells a post (``covid-19`` -> ``covid 0``);
    a trailing ``*`` (a stem) and a leading one (a tail: ``*itis``) are kept."""
    if term.startswith("*") and not term.rstrip().endswith("*"):
        tail = fold_term(term[1:].strip())
        return "*" + tail if tail.isalpha() else ""
    stem = term.rstrip().endswith("*")
    folded = fold_term(term.rstrip().rstrip("*") if stem else term)
    words: list[str] = []
    for m in _TOKEN.finditer(folded):
        tok = m.group()
        if tok[0] in ".!?…;•|":
            continue
        if tok[0] == "#":
            words.extend(w for _, _, w in segment_hashtag(tok[1:]))
            continue
        words.extend(w for _, _, w in _words_of(tok))
    out = " ".join(words)
    return out + "*" if stem and out else out


def _split_token(text: str, pos: int) -> bool:
    """Does ``pos`` sit inside a hashtag or a web address (words the word view splits)?"""
    i = pos
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    if i > 0 and text[i - 1] in "#＃":
        return True
    j = pos
    n = len(text)
    while j < n and text[j].isalnum():
        j += 1
    return text.startswith(_HOSTS, j)


_STOP = frozenset(
    "the a an of to your my his her our their with for in on and or is are was were get be".split()
)


class Gate:
    """A cheap test that a post may hold one of ``terms`` (spelt as :func:`term_words` spells
    them): each term's longest word must occur somewhere in the folded text, inside a word or
    a hashtag too (``#anxietyrelief`` holds ``anxiety``). A post with none skips the word
    view. A term without a word of two letters or more (``0 %``) opens the gate always."""

    __slots__ = ("_auto", "_never", "_open")

    def __init__(self, terms: list[str]) -> None:
        import ahocorasick

        keys: set[str] = set()
        tails: set[str] = set()
        self._open = False
        if not terms:
            self._auto = None
            self._open = False
            self._never = True
            return
        self._never = False
        for t in terms:
            if t.startswith("*") and len(t) > 3:  # a tail ends a word: look for it anywhere
                tails.add(t[1:])
                continue
            parts = [w for w in t.rstrip("*").split(" ") if len(w) >= 2 and not w.isdigit()]
            if not parts:
                self._open = True
                break
            key = max(parts, key=lambda w: (w not in _STOP, len(w)))
            # inflections: relieve -> relieving, allergy -> allergies
            trimmed = key.rstrip("eys")
            keys.add(trimmed if len(trimmed) >= 3 else key)
        self._auto = None
        if not self._open and (keys or tails):
            auto = ahocorasick.Automaton()
            for k in keys:
                auto.add_word(k, len(k))
            for k in tails:
                auto.add_word(k, 99)  # inside a word: always a candidate
            auto.make_automaton()
            self._auto = auto
        elif not keys and not tails:
            self._open = True

    def might_match(self, folded_text: str) -> bool:
        if self._never:
            return False
        if self._open or self._auto is None:
            return True
        for end, n in self._auto.iter(folded_text):
            # a short key must start a word ("ibs", "flu"; not "influencer"), a long one may
            # sit inside a hashtag ("#anxietyrelief")
            start = end - n + 1
            if n > 4:
                return True
            if start == 0 or not folded_text[start - 1].isalpha():
                # two letters ("st", "kg") must be a whole word, or follow a number ("4st")
                if n > 2 or end + 1 >= len(folded_text) or not folded_text[end + 1].isalpha():
                    return True
            elif n > 2 and _split_token(folded_text, start):
                return True  # inside a hashtag or a web address, which the word view splits
        return False
