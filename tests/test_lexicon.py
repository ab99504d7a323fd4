"""Lexicon: folded many-term matching with inflections, separator variants and boundaries."""

from __future__ import annotations

import pytest

from brandguard.lexicon import Lexicon, inflections


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("cure", {"cure", "cures", "cured", "curing"}),
        ("treat", {"treat", "treats", "treated", "treating"}),
        ("cry", {"cry", "cries", "cried", "crying"}),
        ("fix", {"fix", "fixes", "fixed", "fixing"}),
        ("returns", {"returns", "return"}),
        ("ad", {"ad"}),  # too short to inflect
        ("risk-free", {"risk-free"}),  # not purely alphabetic
    ],
)
def test_inflections(word: str, expected: set[str]) -> None:
    assert inflections(word) == expected


def test_short_verbs_double_the_consonant() -> None:
    assert {"stop", "stops", "stopped", "stopping"} <= inflections("stop")


def spans(lex: Lexicon, text: str) -> list[str]:
    return [text[h.start : h.end] for h in lex.find(text)]


def test_whole_words_only() -> None:
    lex = Lexicon(["cure"])
    assert spans(lex, "curated secure procure cure") == ["cure"]
    assert spans(lex, "cures, cured; curing") == ["cures", "cured", "curing"]
    assert spans(lex, "cure_all") == []
    assert spans(lex, "#cure (cure) cure-all") == ["cure", "cure", "cure"]


def test_no_boundaries_matches_inside_words() -> None:
    lex = Lexicon(["cure"], boundaries=False, inflect=False)
    assert spans(lex, "secure") == ["cure"]


def test_inflect_off() -> None:
    lex = Lexicon(["cure"], inflect=False)
    assert spans(lex, "cures cure") == ["cure"]


def test_separator_variants() -> None:
    lex = Lexicon(["risk-free"])
    assert spans(lex, "risk free, riskfree and risk-free") == ["risk free", "riskfree", "risk-free"]
    lex2 = Lexicon(["double your money"])
    assert spans(lex2, "double-your-money") == ["double-your-money"]


def test_inflects_last_word_of_phrase() -> None:
    lex = Lexicon(["guaranteed return"])
    assert spans(lex, "guaranteed returns") == ["guaranteed returns"]


def test_leftmost_longest_non_overlapping() -> None:
    lex = Lexicon(["guaranteed", "guaranteed returns", "returns"])
    hits = lex.find("guaranteed returns")
    assert [(h.start, h.end, h.term) for h in hits] == [(0, 18, 1)]


def test_terms_fold_like_posts() -> None:
    lex = Lexicon(["ＣＵＲＥ", "Crème"])
    assert spans(lex, "cure creme") == ["cure", "creme"]


def test_case_sensitive() -> None:
    lex = Lexicon(["Acme"], lower=False, inflect=False)
    assert spans(lex, "acme Acme ACME") == ["Acme"]


def test_first_term_wins_on_collision() -> None:
    lex = Lexicon(["cures", "cure"])
    assert [h.term for h in lex.find("cures")] == [0]


def test_empty_lexicon() -> None:
    assert Lexicon([]).find("anything") == []
    assert Lexicon(["  "]).find("anything") == []
    assert not Lexicon(["x"]).search_any(["y", "z"])
    assert Lexicon(["x"]).search_any(["y", "x"])


def test_a_tail_matches_the_end_of_a_word() -> None:
    lex = Lexicon(["*itis", "*infektion"], exceptions=["senioritis"])
    found = [("arthritis gastritis harnwegsinfektion"[h.start : h.end], h.term) for h in lex.find(
        "arthritis gastritis harnwegsinfektion"
    )]
    assert found == [("arthritis", 0), ("gastritis", 0), ("harnwegsinfektion", 1)]
    # a word end is needed, two letters before the tail, and an exception is never a hit
    assert lex.find("itisfoo") == []
    assert lex.find("xitis") == []
    assert lex.find("senioritis") == []
    assert [h.term for h in lex.find("infektion")] == []  # the tail alone is not a compound


def test_a_tail_term_opens_the_gate_inside_a_word() -> None:
    from brandguard.words import Gate, term_words

    assert term_words("*Entzündung") == "*entzundung"
    gate = Gate([term_words("*itis")])
    assert gate.might_match("relief for tendinitis")
    assert not gate.might_match("relief for tendons")
