"""Static checks for the regular expressions a policy writes: the shapes that backtrack
without end.

A backtracking engine (``re``, ``regex``) takes exponential time on a pattern where one
stretch of text can be split between repetitions in many ways: a quantified group holding
another unbounded quantifier (``(a+)+$``, ``(\\w+\\s?)*$``) or alternatives that can start
with the same character (``(a|aa)+$``). ``brandguard policy lint`` rejects both; every
search also runs under the rule's time budget (``rule.timeout``), which catches what this
analysis cannot see (polynomial shapes, look-arounds).

The pattern is parsed with the standard library's parser. Syntax only the ``regex`` module
reads (``\\p{L}``, ``\\K``, ...) is first replaced by an equivalent for this analysis.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

__all__ = ["backtracking_risk"]

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: A repeat bounded this low multiplies the work by at most this power: not flagged.
_BOUNDED = 16
#: The characters the analysis tells apart (Latin and its supplements; enough to see whether
#: a delimiter can also be consumed by the repeat it closes).
_UNIVERSE = frozenset(range(0x300))
_CATEGORY = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}
_CATEGORY_CHARS = {
    k: frozenset(c for c in _UNIVERSE if re.match(v, chr(c))) for k, v in _CATEGORY.items()
}
_MAX_LANG = 2000

_REGEX_ONLY = [
    (re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]"), r"\\w"),
    (re.compile(r"\\[KXGmM]"), ""),
    (re.compile(r"\(\?[Vv][01]\)"), ""),
    (re.compile(r"\\N\{[^}]*\}"), "x"),
]


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` can backtrack exponentially, or ``None`` when no such shape is found
    (or the pattern cannot be parsed for this analysis)."""
    text = pattern
    for rx, repl in _REGEX_ONLY:
        text = rx.sub(repl, text)
    try:
        tree = _p.parse(text)
    except Exception:
        return None
    return _walk(tree, after=None)


def _unbounded(hi: int) -> bool:
    return hi == _c.MAXREPEAT or hi > _BOUNDED


def _walk(items: Any, after: frozenset[int] | None) -> str | None:
    """Walk a sequence. ``after``: inside an unbounded repeat, the characters that can come
    right after this sequence (the start of the repeat's next round among them); ``None``
    outside any unbounded repeat, where an ambiguous split costs polynomial time at most."""
    for i, (op, av) in enumerate(items):
        if after is None:
            follow = None
        else:
            rest, nullable = _first_n(items[i + 1 :])
            follow = rest | after if nullable else rest
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            _lo, hi, sub = av
            if _unbounded(hi):
                body = _first(sub)
                if follow is not None and body & follow:
                    return (
                        "nested quantifiers: an unbounded repeat inside another one, and what "
                        "the inner one consumes can also start what follows it"
                    )
                lang = _lang(sub)
                if lang is not None:
                    if "" in lang or len(set(lang)) < len(lang) or not _prefix_free(lang):
                        return (
                            "alternatives inside an unbounded repeat that can match the same "
                            "text in more than one way"
                        )
                    continue
                why = _walk(sub, body | (follow or frozenset()))
            else:
                why = _walk(sub, follow)
            if why:
                return why
        elif op == _c.SUBPATTERN:
            why = _walk(av[-1], follow)
            if why:
                return why
        elif op == _c.BRANCH:
            for branch in av[1]:
                why = _walk(branch, follow)
                if why:
                    return why
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            why = _walk(av[1], None)
            if why:
                return why
        # ATOMIC_GROUP and POSSESSIVE_REPEAT never backtrack into themselves: safe
    return None


def _prefix_free(words: list[str]) -> bool:
    ordered = sorted(set(words))
    return not any(b.startswith(a) for a, b in itertools.pairwise(ordered))


def _lang(items: Any) -> list[str] | None:
    """Every string a sequence matches, with repeats, when it is a small finite set."""
    out = [""]
    for op, av in items:
        if op == _c.LITERAL:
            part = [chr(av)]
        elif op == _c.IN:
            chars = _charset(av)
            if len(chars) > 64:
                return None
            part = [chr(c) for c in sorted(chars)]
        elif op == _c.SUBPATTERN:
            sub = _lang(av[-1])
            if sub is None:
                return None
            part = sub
        elif op == _c.BRANCH:
            part = []
            for branch in av[1]:
                sub = _lang(branch)
                if sub is None:
                    return None
                part.extend(sub)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            lo, hi, sub_items = av
            if hi > 3:
                return None
            sub = _lang(sub_items)
            if sub is None:
                return None
            part = []
            for n in range(lo, hi + 1):
                rounds = [""]
                for _ in range(n):
                    rounds = [a + b for a in rounds for b in sub]
                part.extend(rounds)
        elif op == _c.AT:
            continue
        else:
            return None
        out = [a + b for a in out for b in part]
        if len(out) > _MAX_LANG:
            return None
    return out


def _first(items: Any) -> frozenset[int]:
    """Characters a sequence can start with (all of them when it is hard to tell)."""
    return _first_n(items)[0]


def _first_n(items: Any) -> tuple[frozenset[int], bool]:
    """Characters a sequence can start with, and whether it can match the empty string."""
    out: frozenset[int] = frozenset()
    for op, av in items:
        if op == _c.LITERAL:
            return out | {av}, False
        if op == _c.NOT_LITERAL:
            return out | (_UNIVERSE - {av}), False
        if op == _c.IN:
            return out | _charset(av), False
        if op == _c.ANY:
            return _UNIVERSE, False
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            lo, _hi, sub = av
            first, nullable = _first_n(sub)
            out |= first
            if lo > 0 and not nullable:
                return out, False
            continue  # optional: what follows can start the match too
        if op in (_c.SUBPATTERN, _c.ATOMIC_GROUP):
            first, nullable = _first_n(av[-1] if op == _c.SUBPATTERN else av)
            out |= first
            if not nullable:
                return out, False
            continue
        if op == _c.BRANCH:
            nullable = False
            for branch in av[1]:
                first, empty = _first_n(branch)
                out |= first
                nullable = nullable or empty
            if not nullable:
                return out, False
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        return _UNIVERSE, False
    return out, True


def _charset(items: Any) -> frozenset[int]:
    out: set[int] = set()
    negate = False
    for op, av in items:
        if op == _c.NEGATE:
            negate = True
        elif op == _c.LITERAL:
            out.add(av)
        elif op == _c.RANGE:
            lo, hi = av
            out.update(range(lo, min(hi, 0x2FF) + 1))
        elif op == _c.CATEGORY:
            out |= _CATEGORY_CHARS.get(av, _UNIVERSE)
        else:
            return _UNIVERSE
    chars = frozenset(out) & _UNIVERSE
    return _UNIVERSE - chars if negate else chars


def rule_patterns(obj: Any, path: str = "") -> list[tuple[str, str]]:
    """Every regular expression a rule holds, with its field path (``patterns[0]``,
    ``unless.patterns[1]``, ``token``...), walking nested match specs."""
    from pydantic import BaseModel

    from ..rules.base import MatchSpec

    out: list[tuple[str, str]] = []
    if isinstance(obj, MatchSpec):
        out += [(f"{path}patterns[{i}]", p) for i, p in enumerate(obj.patterns)]
        if obj.prefilter:
            out.append((f"{path}prefilter", obj.prefilter))
    if not isinstance(obj, BaseModel):
        return out
    for name in type(obj).model_fields:
        value = getattr(obj, name, None)
        if name == "token" and isinstance(value, str):
            out.append((f"{path}token", value))
        elif isinstance(value, BaseModel):
            out += rule_patterns(value, f"{path}{name}.")
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    out += rule_patterns(item, f"{path}{name}[{i}].")
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    out += rule_patterns(item, f"{path}{name}.{key}.")
    return out


#: A bounded repeat of one character may go this high in a pattern proven linear.
_LINEAR_BOUND = 64


def proven_linear(pattern: str) -> bool:
    """Whether ``pattern`` provably runs in linear time on a backtracking engine: no repeat
    other than a bounded repeat (at most 64) of a single character or class, no
    back-reference. Such patterns may run on the stdlib ``re`` (faster, but it takes no
    timeout); every other pattern runs on ``regex`` under the rule's time budget."""
    try:
        tree = _p.parse(pattern)
    except Exception:
        return False
    return _linear(tree)


def _linear(items: Any) -> bool:
    for op, av in items:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            _lo, hi, sub = av
            if hi == _c.MAXREPEAT or hi > _LINEAR_BOUND or len(sub) != 1:
                return False
            if sub[0][0] not in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY, _c.CATEGORY):
                return False
        elif op == _c.SUBPATTERN:
            if not _linear(av[-1]):
                return False
        elif op == _c.BRANCH:
            if not all(_linear(b) for b in av[1]):
                return False
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if not _linear(av[1]):
                return False
        elif op == _c.ATOMIC_GROUP:
            if not _linear(av):
                return False
        elif op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return False
    return True
