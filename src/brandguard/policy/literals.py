"""Required literals: strings one of which every match of a pattern contains.

A search whose text holds none of them cannot match, so it is skipped without running (or
even compiling) the pattern: most posts are short and most of a policy's patterns look for
words they do not contain. This is the prefilter RE2 and Hyperscan build, kept simple: the
pattern is parsed with the standard library's parser and each node reports

* ``exact``: the finite set of strings the node matches (small ones only), or ``None``;
* ``req``: a set of strings one of which every match of the node contains, or ``None``.

A sequence multiplies adjacent exact sets into longer literals and keeps the best required
set of its parts; an alternation unites its branches' sets (all of them, or nothing); a
repeat that may match nothing requires nothing. Anything the analysis does not model (a
class of characters, a back-reference, an inline flag, syntax only the ``regex`` module
reads) requires nothing, so the answer is always safe: ``None`` means "always search".

Under IGNORECASE, literals are lower-cased ASCII (the folded views brandguard searches are
lower case, and NFKC has already turned the Kelvin sign and the long s into ``k`` and
``s``); a non-ASCII letter ends a literal. ``tests/test_literals.py`` proves on every shipped
eval case that the gate never changes a finding.
"""

from __future__ import annotations

from typing import Any

__all__ = ["required_literals"]

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: The most strings an exact set may hold before it is given up (products grow fast).
_MAX_EXACT = 64
#: The most literals a required set may hold to be worth testing (one Aho-Corasick pass over
#: them costs about the same at 50 or 1,000; a fair-balance trigger list holds ~260, the FTC
#: disclosure rule's plain-words label patterns ~630: past the cap, the whole alternation
#: runs on every view of every post, 1.5x the rule's cost).
_MAX_REQ = 1024
#: Syntax the standard parser reads differently from the ``regex`` module (POSIX classes
#: inside a set, set operations, fuzzy matching, named lists): never gated.
_UNSAFE = ("[:", "\\L<", "--", "&&", "||", "~~", "{e", "{i", "{d", "{s", "(?V1)", "(?r)")

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
if hasattr(_c, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_c.POSSESSIVE_REPEAT)
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)

_Info = tuple[frozenset[str] | None, frozenset[str] | None]
_EMPTY: _Info = (frozenset({""}), None)
_NOTHING: _Info = (None, None)


def required_literals(pattern: str, *, ignorecase: bool) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (lower-cased under
    ``ignorecase``), or ``None`` when no such set is known."""
    if any(u in pattern for u in _UNSAFE):
        return None
    try:
        tree = _p.parse(pattern, _c.SRE_FLAG_IGNORECASE if ignorecase else 0)
    except Exception:  # syntax the stdlib does not read: search always
        return None
    flags = getattr(tree.state, "flags", 0)
    if flags & (_c.SRE_FLAG_VERBOSE | _c.SRE_FLAG_ASCII):
        return None  # an inline global flag (?x) or (?a): not modelled
    if flags & _c.SRE_FLAG_IGNORECASE and not ignorecase:
        return None  # (?i) in a pattern searched with its case: the caller does not fold
    try:
        exact, req = _seq(list(tree), ignorecase)
    except RecursionError:
        return None
    found = exact if exact is not None else req
    if not found or "" in found or len(found) > _MAX_REQ:
        return None
    # 'ab' in a text whenever 'xaby' is: keep the shortest of nested literals
    kept = sorted(found, key=len)
    out: list[str] = []
    for lit in kept:
        if not any(k in lit for k in out):
            out.append(lit)
    return tuple(sorted(out))


def _char(code: int, ignorecase: bool) -> str | None:
    ch = chr(code)
    if ignorecase:
        if not ch.isascii() and ch.lower() != ch.upper():
            return None  # a non-ASCII letter: its case variants are not modelled
        return ch.lower()
    return ch


def _node(op: Any, av: Any, ic: bool) -> _Info:
    if op is _c.LITERAL:
        ch = _char(av, ic)
        if ch is None:
            return _NOTHING
        return frozenset({ch}), frozenset({ch})
    if op is _c.IN:
        chars: set[str] = set()
        for sop, sav in av:
            if sop is _c.LITERAL:
                ch = _char(sav, ic)
            elif sop is _c.RANGE and sav[1] - sav[0] < 16:
                for code in range(sav[0], sav[1] + 1):
                    ch = _char(code, ic)
                    if ch is None:
                        return _NOTHING
                    chars.add(ch)
                continue
            else:  # NEGATE, CATEGORY, a wide range
                return _NOTHING
            if ch is None:
                return _NOTHING
            chars.add(ch)
        if not chars or len(chars) > _MAX_EXACT:
            return _NOTHING
        found = frozenset(chars)
        return found, found
    if op is _c.SUBPATTERN:
        _group, add, delete, items = av
        if add or delete:
            return _NOTHING  # (?i:...) and the like change what a literal means
        return _seq(list(items), ic)
    if op is _c.BRANCH:
        infos = [_seq(list(alt), ic) for alt in av[1]]
        exacts = [e for e, _ in infos]
        exact: frozenset[str] | None = None
        if all(e is not None for e in exacts):
            union = frozenset().union(*exacts)  # type: ignore[arg-type]
            exact = union if len(union) <= _MAX_EXACT else None
        reqs = [e if e is not None and "" not in e else r for e, r in infos]
        req: frozenset[str] | None = None
        if all(r for r in reqs):
            union = frozenset().union(*reqs)  # type: ignore[arg-type]
            req = union if len(union) <= _MAX_REQ and "" not in union else None
        return exact, req
    if op in _REPEATS:
        lo, hi, items = av
        exact, req = _seq(list(items), ic)
        if lo == 0:
            if hi == 1 and exact is not None and len(exact) < _MAX_EXACT:
                return exact | {""}, None  # an optional piece: itself or nothing
            return _NOTHING
        if exact is not None and lo == hi and lo <= 4:
            prod = frozenset({""})
            for _ in range(lo):
                prod = frozenset(a + b for a in prod for b in exact)
                if len(prod) > _MAX_EXACT:
                    return None, _best(exact, req)
            return prod, prod
        return None, _best(exact, req)
    if _ATOMIC is not None and op is _ATOMIC:
        return _seq(list(av), ic)
    if op is _c.ASSERT:
        # A look-around matches no characters, but what it looks for is in the text (the
        # gate reads the text, not the match): its requirement counts.
        _direction, items = av
        exact, req = _seq(list(items), ic)
        return frozenset({""}), _best(exact, req)
    if op in _ZERO_WIDTH:
        return _EMPTY  # matches no characters: adds nothing to the literals around it
    return _NOTHING  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, GROUPREF_EXISTS, ...


def _best(exact: frozenset[str] | None, req: frozenset[str] | None) -> frozenset[str] | None:
    if exact is not None and "" not in exact:
        return exact
    return req


def _score(lits: frozenset[str]) -> tuple[int, int]:
    return min(len(s) for s in lits), -len(lits)


def _seq(items: list[Any], ic: bool) -> _Info:
    cur: frozenset[str] = frozenset({""})
    whole = True
    candidates: list[frozenset[str]] = []

    def flush() -> None:
        if cur and "" not in cur:
            candidates.append(cur)

    for op, av in items:
        exact, req = _node(op, av, ic)
        if req and "" not in req:
            candidates.append(req)
        if exact is not None and len(cur) * len(exact) <= _MAX_EXACT:
            cur = frozenset(a + b for a in cur for b in exact)
            continue
        whole = False
        flush()
        if exact is not None and "" not in exact and len(exact) <= _MAX_EXACT:
            cur = exact  # a fresh run starts with this piece
        else:
            cur = frozenset({""})
    flush()
    req = max(candidates, key=_score) if candidates else None
    if whole:
        return cur, req
    return None, req
