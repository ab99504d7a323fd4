"""``existence``: listed words and patterns, surviving evasion, with exact spans."""

from __future__ import annotations

import pytest

from brandguard.verdict import Severity
from conftest import check, excerpts, fixed

CURE = {"tokens": ["cure", "guaranteed", "risk-free", "double your money"]}


def test_fires_with_message_and_level() -> None:
    (f,) = check(
        "existence", "This tea will cure you", level="error", message="'%s' is bad", **CURE
    )
    assert (f.rule, f.severity, f.message) == ("t.rule", Severity.ERROR, "'cure' is bad")
    assert (f.start, f.end, f.excerpt) == (14, 18, "cure")


def test_default_message_names_the_term() -> None:
    (f,) = check("existence", "a cure", **CURE)
    assert "'cure'" in f.message


@pytest.mark.parametrize(
    "text",
    ["curated picks", "secure checkout", "procure it", "manicure day", "guarantee", "risky"],
)
def test_near_misses_do_not_fire(text: str) -> None:
    assert check("existence", text, **CURE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It cures colds", "cures"),
        ("Cured in a day", "Cured"),
        ("curing now", "curing"),
        ("ｃｕｒｅ now", "ｃｕｒｅ"),  # full-width
        ("the сure", "сure"),  # Cyrillic с
        ("a cu\u200bre!", "cu\u200bre"),  # zero-width space
        ("gu@rant33d", "gu@rant33d"),  # leetspeak
        ("a real c-u-r-e here", "c-u-r-e"),  # spaced out
        ("the c.u.r.e", "c.u.r.e"),
        ("CURE", "CURE"),
        ("😀 cure", "cure"),  # emoji before the match
        ("👨‍👩‍👧‍👦👨‍👩‍👧‍👦 cure", "cure"),  # a long emoji sequence before
        ("x  \n\n cure", "cure"),  # collapsed whitespace before
        ("Risk free", "Risk free"),
        ("riskfree", "riskfree"),
        ("risk‑free", "risk‑free"),  # non-breaking hyphen
        ("double  your\nmoney", "double  your\nmoney"),
        ("#cure", "cure"),
        ("𝐜𝐮𝐫𝐞", "𝐜𝐮𝐫𝐞"),
    ],
)
def test_evasion_is_folded_and_span_points_at_original(text: str, expected: str) -> None:
    (f,) = check("existence", text, **CURE)
    assert f.excerpt == expected
    assert text[f.start : f.end] == expected


def test_every_hit_is_reported_in_order() -> None:
    text = "ｃｕｒｅ, then сure, then cu\u200bre and gu@rant33d"
    fs = check("existence", text, **CURE)
    assert excerpts(fs) == ["ｃｕｒｅ", "сure", "cu\u200bre", "gu@rant33d"]


def test_patterns_match_on_the_folded_view() -> None:
    rule = {"patterns": [r"\d+% off"]}
    (f,) = check("existence", "Now ５０％ OFF today", **rule)
    assert f.excerpt == "５０％ OFF"
    assert check("existence", "50% offer", **rule) == []  # word boundary after the pattern


def test_nonword_matches_inside_words() -> None:
    assert excerpts(check("existence", "secure", tokens=["cure"], nonword=True)) == ["cure"]


def test_case_sensitive_rule() -> None:
    rule = {"tokens": ["Apple"], "ignorecase": False, "inflect": False}
    assert excerpts(check("existence", "an apple and Apple and ＡＰＰＬＥ", **rule)) == ["Apple"]


def test_inflect_off() -> None:
    assert check("existence", "cures", tokens=["cure"], inflect=False) == []


def test_replacement_gives_a_fix() -> None:
    text = "It's ｒｉｓｋ-free!"
    fs = check("existence", text, tokens=["risk-free"], replacement="low-risk")
    assert fixed(text, fs) == "It's low-risk!"


def test_needs_terms() -> None:
    with pytest.raises(ValueError, match="tokens"):
        check("existence", "x")


def test_bad_pattern_is_rejected() -> None:
    with pytest.raises(ValueError, match="pattern 0"):
        check("existence", "x", patterns=["(unclosed"])


def test_scope_platform_and_locale() -> None:
    rule = {"tokens": ["cure"], "platforms": ["instagram"], "locales": ["en-*"]}
    assert check("existence", "cure", post={"platform": "instagram"}, **rule)
    assert check("existence", "cure", post={"platform": "x"}, **rule) == []
    assert (
        check("existence", "cure", post={"platform": "instagram", "locale": "de-DE"}, **rule) == []
    )


def test_scope_when_sponsored() -> None:
    rule = {"tokens": ["cure"], "when": {"sponsored": True}}
    assert check("existence", "cure", post={"sponsored": True}, **rule)
    assert check("existence", "cure", post={"sponsored": None}, **rule) == []
    unknown = {"tokens": ["cure"], "when": {"sponsored": "unknown"}}
    assert check("existence", "cure", post={"sponsored": None}, **unknown)
    assert check("existence", "cure", post={"sponsored": False}, **unknown) == []


def test_disabled_rule_does_not_run() -> None:
    assert check("existence", "cure", tokens=["cure"], enabled=False) == []


def test_a_sector_stands_in_for_the_context() -> None:
    """``sectors``: a post from an account in the sector is in context though it never names
    the product ('transform' from a bookmaker's account); other posts still need the context."""
    rule = {"tokens": ["transform"], "context": {"tokens": ["bet", "casino"]}, "sectors": ["Gambling"]}
    assert check("existence", "A good game can transform you", **rule) == []
    assert excerpts(check("existence", "Bet now: a good game can transform you", **rule)) == ["transform"]
    got = check("existence", "A good game can transform you", post={"metadata": {"sector": "gambling"}}, **rule)
    assert excerpts(got) == ["transform"]
    # a list of sectors, in any case; an unrelated sector is no context
    many = {"metadata": {"sector": ["Hospitality", "GAMBLING"]}}
    assert excerpts(check("existence", "A good game can transform you", post=many, **rule)) == ["transform"]
    other = {"metadata": {"sector": "retail"}}
    assert check("existence", "A good game can transform you", post=other, **rule) == []


def test_post_sectors() -> None:
    from brandguard import Post

    assert Post(text="x").sectors == frozenset()
    assert Post(text="x", metadata={"sector": " Alcohol "}).sectors == {"alcohol"}
    assert Post(text="x", metadata={"sector": ["a", "B", 3, ""]}).sectors == {"a", "b"}
    assert Post(text="x", metadata={"sector": 7}).sectors == frozenset()
