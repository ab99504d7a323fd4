"""``substitution``: preferred terms with an exact, case-preserving fix."""

from __future__ import annotations

import pytest

from brandguard.rules.substitution import match_case
from conftest import check, fixed

SWAP = {
    "swap": {"utilize": "use", "log-in": "log in", "e-mail": "email", "acme cloud": "Acme Cloud"}
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Utilize it", "Use it"),
        ("UTILIZE IT", "USE IT"),
        ("please utilize it", "please use it"),
        ("Ｕｔｉｌｉｚｅ it", "Use it"),  # folded match, fix replaces the full-width original
        ("uti\u200blize it", "use it"),  # zero-width inside: the whole word is replaced
        ("E-mail us", "Email us"),
        ("Log-in now", "Log in now"),
        ("try acme cloud", "try Acme Cloud"),
    ],
)
def test_fix_applies_with_case(text: str, expected: str) -> None:
    fs = check("substitution", text, **SWAP)
    assert fs
    assert fixed(text, fs) == expected


def test_finding_fields() -> None:
    (f,) = check("substitution", "We Utilize AI", **SWAP)
    assert (f.start, f.end, f.excerpt) == (3, 10, "Utilize")
    assert f.message == "Use 'Use' instead of 'Utilize'."
    assert f.suggestion == "Write 'Use'."
    assert (f.fix.start, f.fix.end, f.fix.replacement) == (3, 10, "Use")


@pytest.mark.parametrize(
    "text",
    [
        "use it",  # already the expected term
        "log in now",  # expected form of a separator variant
        "Acme Cloud rocks",  # written as expected
        "utilization",  # word boundary
        "utilizes",  # inflections are off by default: the fix would be wrong
    ],
)
def test_near_misses(text: str) -> None:
    assert check("substitution", text, **SWAP) == []


def test_case_sensitive_swap() -> None:
    rule = {"swap": {"Javascript": "JavaScript"}, "ignorecase": False, "keep_case": False}
    text = "Javascript and javascript"
    fs = check("substitution", text, **rule)
    assert [f.excerpt for f in fs] == ["Javascript"]
    assert fixed(text, fs) == "JavaScript and javascript"


def test_keep_case_off() -> None:
    fs = check("substitution", "UTILIZE", swap={"utilize": "use"}, keep_case=False)
    assert fs[0].fix.replacement == "use"


@pytest.mark.parametrize(
    ("written", "replacement", "expected"),
    [
        ("Utilize", "use", "Use"),
        ("UTILIZE", "use", "USE"),
        ("utilize", "use", "use"),
        ("I", "me", "Me"),  # one capital letter is a capitalised word, not all-caps
        ("E-MAIL", "email", "EMAIL"),
        ("123", "x", "x"),
        ("Word", "", ""),
    ],
)
def test_match_case(written: str, replacement: str, expected: str) -> None:
    assert match_case(written, replacement) == expected


def test_swap_must_not_be_empty() -> None:
    with pytest.raises(ValueError):
        check("substitution", "x", swap={})


def test_inflect_carries_the_inflection_to_the_replacement() -> None:
    from brandguard import Checker
    from brandguard.policy import policy_from_dict

    c = Checker(
        policy_from_dict(
            {
                "name": "s",
                "rules": {
                    "t": {
                        "kind": "substitution",
                        "inflect": True,
                        "swap": {"utilize": "use", "leverage": "use"},
                    }
                },
            }
        )
    )
    for written, want in [
        ("Utilizes the tool", "Uses the tool"),
        ("We utilized it", "We used it"),
        ("UTILIZING", "USING"),
        ("leveraging data", "using data"),
        ("utilize it", "use it"),
    ]:
        assert c.check(written).apply_fixes(written) == want
