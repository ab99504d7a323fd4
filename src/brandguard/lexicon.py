"""Many-term matching at a cost that does not grow with the number of terms.

A :class:`Lexicon` folds its terms like the ``folded`` view folds a post, expands simple
English inflections (``cure`` -> ``cures``, ``cured``, ``curing``) and spelling variants of
separators (``risk-free`` / ``risk free`` / ``riskfree``), and compiles everything into one
Aho-Corasick automaton; a term with an apostrophe also matches without it (``cant``). A search is one pass over the text whatever the size of the lexicon;
word boundaries are checked on each hit, so ``cure`` does not fire inside ``curated``.
A term ending in ``*`` is a stem: it matches any word that starts with it (``heil*`` finds
``heilt``, ``Heilung``), the way inflected languages are written without English suffixes.
A term starting with ``*`` is a tail: it matches any word that ends with it, after at least
two letters (``*itis`` finds ``arthritis`` and ``Tendinitis``, ``*infektion`` finds
``Harnwegsinfektion``): the way medicine names diseases and German builds compounds. Words in
``exceptions`` are never a tail's hit (``nostalgia`` for ``*algia``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from .normalize import fold_term

__all__ = ["Hit", "Lexicon", "inflections"]

_VOWELS = set("aeiou")


def inflection_forms(word: str) -> dict[str, set[str]]:
    """Regular English inflections of ``word`` by kind: ``s`` (plural, 3rd person),
    ``ed`` (past), ``ing`` (gerund); ``base`` holds the word itself (and, for a plural like
    ``returns``, its singular)."""
    w = word
    forms: dict[str, set[str]] = {"base": {w}, "s": set(), "ed": set(), "ing": set()}
    if not w.isalpha() or len(w) < 3:
        return forms
    if w.endswith("us") and len(w) > 3:  # virus -> viruses, fungus -> funguses
        forms["s"].add(w + "es")
        return forms
    if w.endswith("is") and len(w) > 4:  # arthritis, psoriasis: not plurals
        return forms
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        forms["base"].add(w[:-1])  # "returns" also matches "return"
        return forms
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms["s"].add(w + "es")
    elif w.endswith("y") and w[-2] not in _VOWELS:
        forms["s"].add(w[:-1] + "ies")
    else:
        forms["s"].add(w + "s")
    if w.endswith("e"):
        forms["ed"].add(w + "d")
        forms["ing"].add(w[:-1] + "ing")
    elif w.endswith("y") and w[-2] not in _VOWELS:
        forms["ed"].add(w[:-1] + "ied")
        forms["ing"].add(w + "ing")
    else:
        forms["ed"].add(w + "ed")
        forms["ing"].add(w + "ing")
        # cvc doubling for short verbs: stop -> stopped, stopping
        if (
            len(w) <= 4
            and w[-1] not in _VOWELS | set("wxy")
            and w[-2] in _VOWELS
            and w[-3] not in _VOWELS
        ):
            forms["ed"].add(w + w[-1] + "ed")
            forms["ing"].add(w + w[-1] + "ing")
    return forms


def inflections(word: str) -> set[str]:
    """Regular English inflections of ``word`` (plural/3rd person, past, gerund)."""
    return set().union(*inflection_forms(word).values())


def reinflect(written: str, key: str, target: str) -> str:
    """Give ``target`` the inflection that ``written`` has relative to ``key``:
    (``utilizes``, ``utilize``, ``use``) -> ``uses``; ``utilizing`` -> ``using``."""
    last = key.lower().rpartition(" ")[2]
    w_last = written.lower().rpartition(" ")[2]
    t_head, _, t_last = target.rpartition(" ")
    for kind, forms in inflection_forms(last).items():
        if kind != "base" and w_last in forms:
            new = sorted(inflection_forms(t_last.lower())[kind], key=len)
            if new:
                return (t_head + " " if t_head else "") + new[0]
    return target


def _separator_variants(term: str) -> set[str]:
    # "risk-free" also matches "risk free" and "riskfree"; "risk free" matches "risk-free".
    if "-" not in term and " " not in term:
        return {term}
    parts = term.replace("-", " ").split()
    if len(parts) > 4:
        return {term, " ".join(parts), "-".join(parts)}
    variants = {""}
    for i, part in enumerate(parts):
        if i == 0:
            variants = {part}
            continue
        variants = {v + sep + part for v in variants for sep in (" ", "-", "")}
    return variants | {term}


_WHOLE, _STEM, _TAIL = 0, 1, 2


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    term: int  # index of the source term


class Lexicon:
    """A compiled set of terms.

    ``inflect`` expands the last word of each term; ``boundaries`` requires a non-word
    character (or the text edge) on both sides of a hit.
    """

    __slots__ = (
        "_automaton", "_empty", "_inflect", "_tails", "_whole", "boundaries", "exceptions", "lower", "terms"
    )

    def __init__(
        self,
        terms: Sequence[str],
        *,
        inflect: bool = True,
        boundaries: bool = True,
        lower: bool = True,
        exceptions: Iterable[str] = (),
    ) -> None:
        self.terms = list(terms)
        self.exceptions = frozenset(fold_term(w, lower=lower) for w in exceptions)
        self.boundaries = boundaries
        self.lower = lower
        self._inflect = inflect
        # built on first use: a policy of thousands of rules loads in linear time without
        # compiling automata for rules that never run (other markets, other platforms)
        self._automaton: Any = None
        self._tails: Any = None
        self._whole = False
        self._empty = False

    def _build(self) -> None:
        inflect = self._inflect
        lower = self.lower
        auto = ahocorasick.Automaton()
        tails: Any = None
        count = 0
        for idx, term in enumerate(self.terms):
            if term.startswith("*") and len(term.strip()) > 3 and not term.rstrip().endswith("*"):
                # tails in an automaton of their own: "*pijn" and the word "pijn" both stand
                tail = fold_term(term[1:].strip(), lower=lower)
                if tail:
                    if tails is None:
                        tails = ahocorasick.Automaton()
                    if tails.get(tail, None) is None:
                        tails.add_word(tail, (len(tail), idx, _TAIL))
                continue
            stem = term.rstrip().endswith("*") and len(term.strip()) > 1
            folded = fold_term(term.rstrip().rstrip("*") if stem else term, lower=lower)
            if not folded:
                continue
            if stem:
                for variant in _separator_variants(folded):
                    if auto.get(variant, None) is None:
                        auto.add_word(variant, (len(variant), idx, _STEM))
                        count += 1
                continue
            spellings = {folded}
            if "'" in folded:  # "can't lose" also matches "cant lose" (c-a-n-t l-o-s-e)
                spellings.add(folded.replace("'", ""))
            for variant in {v for sp in spellings for v in _separator_variants(sp)}:
                forms = {variant}
                if inflect:
                    head, _, last = variant.rpartition(" ")
                    forms = {(head + " " if head else "") + f for f in inflections(last)}
                for form in forms:
                    existing = auto.get(form, None)
                    # First term wins on a collision, so ids stay stable.
                    if existing is None:
                        auto.add_word(form, (len(form), idx, _WHOLE))
                        count += 1
        if count:
            auto.make_automaton()
        if tails is not None:
            tails.make_automaton()
        self._empty = count == 0 and tails is None
        self._whole = count > 0
        self._automaton = auto
        self._tails = tails

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, text: str, *, overlapping: bool = False) -> list[Hit]:
        """Leftmost-longest, non-overlapping hits in ``text`` (a folded view); with
        ``overlapping``, every hit."""
        if self._automaton is None:
            self._build()
        if self._empty:
            return []
        candidates: list[tuple[int, int, int]] = []
        n = len(text)
        found = self._automaton.iter(text) if self._whole else ()
        if self._tails is not None:
            found = itertools.chain(found, self._tails.iter(text))
        for end_idx, (length, idx, mode) in found:
            start = end_idx - length + 1
            end = end_idx + 1
            if mode == _TAIL:
                # a tail needs a word end, and at least two letters of the word before it
                if end < n and _is_word_char(text[end]):
                    continue
                while start > 0 and _is_word_char(text[start - 1]):
                    start -= 1
                if end_idx - length + 1 - start < 2 or text[start:end] in self.exceptions:
                    continue
            elif mode == _STEM:
                # a stem needs a word start; the hit runs to the end of the word
                if start > 0 and _is_word_char(text[start - 1]):
                    continue
                while end < n and _is_word_char(text[end]):
                    end += 1
            elif self.boundaries:
                first, last = text[start], text[end_idx]
                if start > 0 and _is_word_char(first) and _is_word_char(text[start - 1]):
                    continue
                if end < n and _is_word_char(last) and _is_word_char(text[end]):
                    continue
            candidates.append((start, -end, idx))
        if not candidates:
            return []
        candidates.sort()
        if overlapping:
            return [Hit(start, -neg_end, idx) for start, neg_end, idx in candidates]
        hits: list[Hit] = []
        last_end = -1
        for start, neg_end, idx in candidates:
            if start >= last_end:
                hits.append(Hit(start, -neg_end, idx))
                last_end = -neg_end
        return hits

    def search_any(self, texts: Iterable[str]) -> bool:
        return any(self.find(t) for t in texts)
