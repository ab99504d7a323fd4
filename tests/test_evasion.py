"""Evasion-proof matching (issue 11): decoration between words, invisible characters,
encodings, markup, broken lines, bidi reversal and look-alike characters do not hide a
violation from the default policy, and personal data is found however it is spaced.

The generated corpus (``evals/evasion/corpus.py``: each plain violation x each obfuscation
family) is held to >= 95% per family; before this work it was 99/222 (45%).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import regex

from brandguard import Checker, Decision
from brandguard.normalize import Normalized

ROOT = Path(__file__).resolve().parents[1]


def _corpus():
    path = ROOT / "evals" / "evasion" / "corpus.py"
    spec = importlib.util.spec_from_file_location("evasion_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["evasion_corpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(judges=False)


def test_the_plain_cases_are_caught(checker: Checker) -> None:
    ev = _corpus()
    for prefix, text in ev.BASE:
        assert ev.caught(checker, ev.Variant("plain", prefix, text, text)), text


def test_every_obfuscation_family_is_caught_at_95_percent(checker: Checker) -> None:
    ev = _corpus()
    results = ev.measure(checker)
    assert len(results) == len(ev.FAMILIES) + 1  # every family generated variants, + natural
    low = {
        name: (hit, n, [v.text for v in missed])
        for name, (hit, n, missed) in results.items()
        if hit / n < 0.95
    }
    assert not low, low


def test_findings_on_obfuscated_text_point_at_what_the_author_wrote(checker: Checker) -> None:
    ev = _corpus()
    for v in ev.corpus():
        for f in checker.check(v.text).findings:
            assert 0 <= f.start <= f.end <= len(v.text)
            assert f.excerpt == v.text[f.start : f.end], (v.family, v.text, f)


@pytest.mark.parametrize(
    "text",
    [
        "This tea cures ✨ diabetes",
        "This tea cures #diabetes",
        "Get *guaranteed* returns on every deposit",
        "Get **guaranteed** returns on every deposit",
        "This tea cures diabetes™",
        "Get guaranteed™ returns™ on every deposit",
        "This tea c\u2800u\u2800r\u2800e\u2800s diabetes",
        "This tea cu\u034fres diabetes",
        "This tea cu\u3164res diabetes",
        "This tea c&#117;res diabetes",
        "This tea c&#x75;res diab&eacute;tes",
        "This tea cu%72es diabetes",
        "This tea cu\nres diabetes",
        "\u202esetebaid seruc aet sihT\u202c",
    ],
)
def test_the_issue_reproductions_are_caught(checker: Checker, text: str) -> None:
    v = checker.check(text)
    assert v.decision is not Decision.PASS, text
    assert any(f.rule.startswith(("health", "finance")) for f in v.findings), v.findings


@pytest.mark.parametrize(
    "text",
    [
        "Email jane.doe＠example.com about the refund",
        "Email jane.doe@ехample.com about the refund",  # Cyrillic е and х
        "Card 4111\u00a01111\u00a01111\u00a01111 was charged",
        "Card 4111\u20091111\u20091111\u20091111 was charged",
        "Card 4111.1111.1111.1111 was charged",
        "Card 4111–1111–1111–1111 was charged",
        "Card ４１１１ １１１１ １１１１ １１１１ was charged",
        "Call Mike on +44\u00a07911\u00a0123456 about the order",
        "Call Mike on +44\u202f7911\u202f123456 about the order",
        "Call Mike on ＋４４ ７９１１ １２３４５６ about the order",
    ],
)
def test_personal_data_is_found_however_it_is_written(checker: Checker, text: str) -> None:
    v = checker.check(text)
    pii = [f for f in v.findings if f.rule.startswith("privacy")]
    assert pii and v.decision is Decision.BLOCK, text
    for f in pii:
        assert f.excerpt == text[f.start : f.end]
        assert any(c.isdigit() or c == "@" or c == "＠" for c in f.excerpt)


def test_every_default_ignorable_code_point_folds_away() -> None:
    """Derived from the standard's property, not a hand list: every code point that is
    Default_Ignorable_Code_Point (and every format character) vanishes from the fold."""
    ignorable = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    points = [
        chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and ignorable.match(chr(c))
    ]
    assert len(points) > 4000  # the property holds ~4,170 code points (Unicode 15)
    for ch in points:
        if ch in "\u202e\u2067":  # right-to-left overrides: read in display order instead
            continue
        assert Normalized(f"cu{ch}res").folded.text == "cures", f"U+{ord(ch):04X}"


def test_a_line_break_between_words_still_separates_them() -> None:
    """Closing a broken word is an extra view: two words on two lines are still two words."""
    n = Normalized("New drop\nShop now")
    assert n.folded.text == "new drop shop now"
    assert n.unbroken is not None and "dropshop" in n.unbroken.text


def test_decoration_is_read_as_a_space_only_in_the_plain_view() -> None:
    n = Normalized("#ad Get ✨ **guaranteed** returns")
    assert n.folded.text.startswith("#ad")  # labels are read with their '#'
    assert n.plain is not None and n.plain.text.strip() == "ad get guaranteed returns"
    assert Normalized("plain words only").plain is None
