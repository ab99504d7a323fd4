"""``conditional``: a claim needs its companion statement."""

from __future__ import annotations

import pytest

from conftest import check, fixed

PERF = {
    "first": {"patterns": [r"\d+(?:\.\d+)?% (?:return|gain|growth|yield)s?"]},
    "second": {
        "tokens": ["past performance", "capital at risk", "may lose value", "not guaranteed"]
    },
    "append": " Past performance does not guarantee future results. Capital at risk.",
}


def test_claim_without_disclaimer_fires_with_append_fix() -> None:
    text = "Our fund delivered 12% returns last year!  "
    (f,) = check("conditional", text, **PERF)
    assert f.excerpt == "12% returns"
    assert "'12% returns'" in f.message
    assert (f.fix.start, f.fix.end) == (len(text.rstrip()), len(text.rstrip()))
    repaired = fixed(text, [f])
    assert repaired.startswith(
        "Our fund delivered 12% returns last year! Past performance does not guarantee"
    )
    assert check("conditional", repaired, **PERF) == []


def test_claim_with_disclaimer_passes() -> None:
    text = "Our fund delivered 12% returns last year. Capital at risk."
    assert check("conditional", text, **PERF) == []
    text2 = "12.5% yield. Past-performance is no guide."  # separator variant of the token
    assert check("conditional", text2, **PERF) == []


def test_disclaimer_survives_evasion_and_folding() -> None:
    assert check("conditional", "12% gains. ＣＡＰＩＴＡＬ at r1sk", **PERF) == []


def test_no_claim_no_finding() -> None:
    assert check("conditional", "Our fund is run by a great team.", **PERF) == []
    assert check("conditional", "Up 12% in price", **PERF) == []


def test_every_claim_is_flagged_fix_once() -> None:
    fs = check("conditional", "8% returns in 2025, 12% growth in 2026", **PERF)
    assert [f.excerpt for f in fs] == ["8% returns", "12% growth"]
    assert fs[0].fix is not None and fs[1].fix is None


def test_no_append_no_fix() -> None:
    rule = {k: v for k, v in PERF.items() if k != "append"}
    (f,) = check("conditional", "5% yield", **rule)
    assert f.fix is None


def test_shorthand_lists() -> None:
    rule = {
        "first": ["boosts immunity"],
        "second": "not been evaluated by the food and drug administration",
    }
    assert check("conditional", "This gummy boosts immunity", **rule)
    assert (
        check(
            "conditional",
            "Boosts immunity. These statements have not been evaluated by the Food and Drug Administration.",
            **rule,
        )
        == []
    )


def test_empty_side_is_rejected() -> None:
    with pytest.raises(ValueError):
        check("conditional", "x", first=[], second=["y"])


def test_context_scopes_the_rule_to_posts_that_also_match_it() -> None:
    rule = {
        "first": ["client reviews"],
        "second": ["not compensated", "was compensated"],
        "context": {"tokens": ["advisor", "wealth management"]},
    }
    # a bakery's reviews: not the adviser rule's business
    assert check("conditional", "Read our client reviews before you order!", **rule) == []
    (f,) = check("conditional", "Our advisor team: read our client reviews.", **rule)
    assert f.excerpt == "client reviews"
    assert check("conditional", "Our advisor team: client reviews (not compensated).", **rule) == []
    # a context without the trigger is nothing either
    assert check("conditional", "Wealth management for families.", **rule) == []
