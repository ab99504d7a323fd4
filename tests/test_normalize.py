"""The normalization layer: every view folds evasion and maps spans back to the original."""

from __future__ import annotations

import pytest

from brandguard.normalize import Normalized, fold_term


def folded(text: str) -> str:
    return Normalized(text).folded.text


def leet(text: str) -> str | None:
    view = Normalized(text).leet
    return None if view is None else view.text


def find_in_view(view, original: str, needle: str) -> str:
    """Locate ``needle`` in ``view`` and return what it points at in the original text."""
    i = view.text.index(needle)
    a, b = view.span(i, i + len(needle))
    return original[a:b]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ｃｕｒｅ", "cure"),  # full-width
        ("сure", "cure"),  # Cyrillic с
        ("cu\u200bre", "cure"),  # zero-width space
        ("cu\u00adre", "cure"),  # soft hyphen
        ("\ufeffcure\u2060", "cure"),
        ("CURE", "cure"),
        ("Crème", "creme"),  # diacritics
        ("cafe\u0301", "cafe"),  # decomposed accent
        ("𝐜𝐮𝐫𝐞", "cure"),  # mathematical bold
        ("ⓒⓤⓡⓔ", "cure"),  # circled letters
        ("ﬁne", "fine"),  # ligature
        ("Straße", "strasse"),
        ("ΑΒΕ", "abe"),  # Greek capitals
        ("risk–free", "risk-free"),  # en dash
        ("it’s", "it's"),
        ("a  b\t\tc\n\nd", "a b c d"),
        ("a\nb", "a b"),
        ("a\u00a0b", "a b"),
        ("plain ascii stays", "plain ascii stays"),
    ],
)
def test_folded_view(text: str, expected: str) -> None:
    assert folded(text) == expected


def test_cased_view_keeps_case_but_folds_the_rest() -> None:
    norm = Normalized("ＡＣＭＥ Сloud\u200b  Pro")
    assert norm.cased.text == "ACME Cloud Pro"
    assert norm.folded.text == "acme cloud pro"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gu@rant33d", "guaranteed"),
        ("c-u-r-e", "cure"),
        ("c.u.r.e", "cure"),
        ("c u r e", "cure"),
        ("c*u*r*e", "cure"),
        ("sh1t happens", "shit happens"),
        ("fr3e $tuff", "free stuff"),
    ],
)
def test_leet_view(text: str, expected: str) -> None:
    assert leet(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "plain words only",
        "cure!",  # ! at a word edge stays punctuation
        "save 20% in 2026",  # numbers are numbers
        "glow20 and run15",  # digits at the edge of a word stay digits
        "a-b",  # two letters are not a spaced-out word
    ],
)
def test_leet_view_absent_when_nothing_to_read(text: str) -> None:
    view = leet(text)
    assert view is None or view == folded(text)


def test_leet_keeps_numbers_at_word_edges() -> None:
    assert "glow20" in (leet("gl0w20 sale") or "")
    assert "2024recap" in (leet("2024r3cap") or "")


def test_two_digit_word_edges_read_as_numbers() -> None:
    # "fr33" keeps its trailing "33" (like "glow20"): the price of not misreading numbers.
    assert leet("fr33") is None


@pytest.mark.xfail(
    strict=True,
    reason="a one-letter word before space-separated letters is joined into the word "
    "('a c u r e' reads 'acure'); telling them apart needs a dictionary",
)
def test_spaced_letters_after_one_letter_word() -> None:
    assert leet("a c u r e") == "a cure"


def test_mixed_separators_are_not_joined() -> None:
    # Only letters separated by the same separator are joined; "c-u.r-e" is not a word.
    assert "cure" not in (leet("c-u.r-e") or "")


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("ｃｕｒｅ now", "cure", "ｃｕｒｅ"),
        ("a сure", "cure", "сure"),
        ("😀 cu\u200bre!", "cure", "cu\u200bre"),
        ("\u200bcure", "cure", "cure"),
        ("x  \n\t cure", "cure", "cure"),
        ("👨‍👩‍👧‍👦 Straße cure", "cure", "cure"),
        ("ß ﬁ cure", "cure", "cure"),
        ("double  your\nmoney", "double your money", "double  your\nmoney"),
        ("Straße", "strasse", "Straße"),
        ("ﬁne", "fine", "ﬁne"),
        ("ﬁne", "ine", "ﬁne"),  # part of a replaced unit maps to the whole unit
    ],
)
def test_folded_spans_map_to_original(text: str, needle: str, expected: str) -> None:
    assert find_in_view(Normalized(text).folded, text, needle) == expected


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("buy gu@rant33d now", "guaranteed", "gu@rant33d"),
        ("😀 c-u-r-e it", "cure", "c-u-r-e"),
        ("ｃ-ｕ-ｒ-ｅ", "cure", "ｃ-ｕ-ｒ-ｅ"),
        ("xx  c u r e d", "cured", "c u r e d"),
        ("tr\u200by gu@r@nt33d", "guaranteed", "gu@r@nt33d"),
    ],
)
def test_leet_spans_map_through_both_views(text: str, needle: str, expected: str) -> None:
    view = Normalized(text).leet
    assert view is not None
    assert find_in_view(view, text, needle) == expected


def test_empty_span_maps_to_a_point() -> None:
    view = Normalized("ｃｕｒｅ").folded
    a, b = view.span(2, 2)
    assert a == b


def test_fold_term_matches_the_post_fold() -> None:
    assert fold_term("  Risk–Free ") == "risk-free"
    assert fold_term("ＡＣＭＥ", lower=False) == "ACME"
    assert fold_term("Crème Brûlée") == folded("Crème Brûlée")
