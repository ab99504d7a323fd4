"""Required literals (``brandguard.policy.literals``) and the gated patterns built on them
never change a result: a text the gate rules out holds no match.

Proved three ways: on hand-written shapes, on random patterns against random texts
(hypothesis), and on every pattern of every built-in policy against every view of every case
of every shipped eval dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from brandguard.evals import load_dataset
from brandguard.normalize import Normalized
from brandguard.policy import builtin_policies, load_policy
from brandguard.policy.literals import required_literals
from brandguard.rules.base import GatedPattern

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize(
    ("pattern", "ignorecase", "expected"),
    [
        (r"guaranteed?\s+returns?", False, ("guarantee",)),
        (r"colou?r", False, ("color", "colour")),
        (r"risk[- ]free|can't lose", False, ("can't lose", "risk free", "risk-free")),
        (r"\d+%", False, ("%",)),
        (r"[Gg]ood", False, ("Good", "good")),
        (r"[Gg]ood", True, ("good",)),
        (r"(?:lose|drop)\s+\d+\s*(?:lbs?|kg)", False, ("drop", "lose")),
        (r"(?<!\w)(?:win)(?!\w)", False, ("win",)),
        (r"(?>ab)c", False, ("abc",)),
        (r"(?:ab){2}", False, ("abab",)),
        (r"FREE", True, ("free",)),
    ],
)
def test_shapes(pattern: str, ignorecase: bool, expected: tuple[str, ...]) -> None:
    assert required_literals(pattern, ignorecase=ignorecase) == expected


@pytest.mark.parametrize(
    ("pattern", "ignorecase"),
    [
        (r"a*", False),  # may match nothing
        (r"\w+", False),  # a class: no literal
        (r"foo|\d+", False),  # one branch requires nothing
        (r"[[:alpha:]]+x", False),  # POSIX class: the stdlib parser reads it differently
        (r"\p{L}+", False),  # regex-only syntax
        (r"(?i)abc", False),  # an inline flag the caller does not fold for
        (r"(?i:abc)", False),
        (r"(?x) a b c", False),
        (r"(.)\1", False),  # a back-reference to anything
        (r"é", True),  # a non-ASCII letter under IGNORECASE
        (r"[a-z]{3}", False),
    ],
)
def test_what_requires_nothing(pattern: str, ignorecase: bool) -> None:
    assert required_literals(pattern, ignorecase=ignorecase) is None


_PIECES = st.sampled_from(
    ["a", "b", "ab", "ba", "c", "é", "K", "k", "s", r"\d", r"\w", ".", " ", "-", "%", "[ab]", "[a-c]"]
)


@st.composite
def _patterns(draw: Any, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 5 if depth < 2 else 2))
        if kind <= 2:
            parts.append(draw(_PIECES))
        elif kind == 3:
            parts.append(f"(?:{draw(_patterns(depth + 1))}|{draw(_patterns(depth + 1))})")
        elif kind == 4:
            q = draw(st.sampled_from(["?", "*", "+", "{2}", "{1,3}", "++", "*?"]))
            parts.append(f"(?:{draw(_patterns(depth + 1))}){q}")
        else:
            parts.append(draw(st.sampled_from([r"(?<!\w)", r"(?!\w)", r"\b", "^", "$"])))
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(
    pattern=_patterns(),
    texts=st.lists(st.text(alphabet="abcKkSsſé%- 1\u212a", max_size=12), min_size=1, max_size=8),
    ignorecase=st.booleans(),
)
def test_random_patterns_never_lose_a_match(
    pattern: str, texts: list[str], ignorecase: bool
) -> None:
    gated = GatedPattern(pattern, ignorecase)
    flags = (regex.IGNORECASE if ignorecase else 0) | regex.V0
    for text in texts:
        if regex.search(pattern, text, flags) is not None:
            assert gated.possible(text), (pattern, text, gated._literals)
        assert (gated.search(text) is None) == (regex.search(pattern, text, flags) is None)


def _gated(obj: Any, seen: set[int]) -> list[GatedPattern]:
    """Every GatedPattern inside a rule: its fields, its private parts, nested models."""
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, GatedPattern):
        return [obj]
    out: list[GatedPattern] = []
    values: list[Any] = []
    if isinstance(obj, BaseModel):
        values = [getattr(obj, k) for k in type(obj).model_fields]
        values += list((obj.__pydantic_private__ or {}).values())
    elif isinstance(obj, dict):
        values = list(obj.values())
    elif isinstance(obj, (list, tuple)):
        values = list(obj)
    for v in values:
        out.extend(_gated(v, seen))
    return out


def _all_patterns() -> list[GatedPattern]:
    by_source: dict[tuple[str, bool], GatedPattern] = {}
    for name in builtin_policies():
        for rule in load_policy(f"builtin:{name}").rules:
            for p in _gated(rule, set()):
                by_source.setdefault((p.pattern, p.ignorecase), p)
    return list(by_source.values())


def _texts() -> list[str]:
    out: list[str] = []
    for f in sorted((ROOT / "evals" / "datasets").rglob("*.jsonl")):
        for case in load_dataset(f):
            n = Normalized(case.post.text)
            views = [n.cased, n.folded, n.plain, n.leet]
            texts = [v.text for v in views if v is not None]
            out.extend(texts)
            out.append("\n".join(texts[1:]))  # the haystack a prefilter reads
    return out


def test_no_shipped_pattern_loses_a_match_on_any_shipped_case() -> None:
    patterns = _all_patterns()
    texts = _texts()
    assert len(patterns) > 40 and len(texts) > 4000
    gated = [p for p in patterns if p._literals is not None]
    # the gate is worth having: most shipped patterns carry literals
    assert len(gated) > 0.6 * len(patterns), (len(gated), len(patterns))
    skipped = 0
    for p in gated:
        for text in texts:
            if not p.possible(text):
                skipped += 1
                assert p.compiled.search(text) is None, (p.pattern, text)
    # and it skips most searches
    assert skipped > 0.5 * len(gated) * len(texts)


def test_a_gated_pattern_pickles_without_its_program() -> None:
    import pickle

    p = GatedPattern(r"(?:risk|worry)[- ]free", True)
    assert p.search("totally RISK-FREE") is not None
    q = pickle.loads(pickle.dumps(p))
    assert q._compiled is None and q._literals is not None
    assert q.search("nothing here") is None and q._compiled is None  # not even compiled
    assert q.search("worry free") is not None
