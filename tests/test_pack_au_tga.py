"""builtin:packs/au-tga: the TGA's Advertising Code 2021 on posts (paraphrased from its guidance
and infringement notices), and the near-misses around them."""

from __future__ import annotations

import pytest

from brandguard import Checker, Decision, Post
from brandguard.policy import lint_policy


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker("builtin:packs/au-tga")


def test_lints_strict_with_source_and_owner() -> None:
    policy, issues = lint_policy("builtin:packs/au-tga")
    assert policy is not None and issues == []
    assert {r.id for r in policy.rules} == {
        "tga.restricted-representation", "tga.paid-testimonial", "tga.prescription-medicine",
    }
    for r in policy.rules:
        assert r.owner == "legal", r.id
        assert "tga.gov.au" in (r.source or "") or "legislation.gov.au" in (r.source or ""), r.id
    assert all(r.markets == ["AU"] for r in policy.rules)


@pytest.mark.parametrize(
    ("text", "sponsored", "rule", "excerpt", "decision"),
    [
        ("Helps prevent chest infections in kids this winter", None,
         "tga.restricted-representation", "prevent chest infections", Decision.BLOCK),
        ("Our adaptogen blend can help with managing depression", None,
         "tga.restricted-representation", "help with managing depression", Decision.BLOCK),
        ("Magnesium that supports your sleep", None,
         "tga.restricted-representation", "supports your sleep", Decision.REVIEW),
        ("Obsessed! These vitamins made my skin glow", True,
         "tga.paid-testimonial", "made my skin", Decision.BLOCK),
        ("Book a consult about Ozempic today", None,
         "tga.prescription-medicine", "Ozempic", Decision.BLOCK),
    ],
)
def test_fires(checker: Checker, text: str, sponsored: bool | None, rule: str, excerpt: str,
               decision: Decision) -> None:
    v = checker.check(Post(text=text, locale="en-AU", sponsored=sponsored))
    # a claim rule's finding is coded by its class: tga.restricted-representation.disease
    assert [f.excerpt for f in v.findings if f.rule.split(".")[:2] == rule.split(".")] == [excerpt]
    assert v.decision is decision


@pytest.mark.parametrize(
    ("text", "sponsored", "locale"),
    [
        ("These vitamins made my skin glow!", None, "en-AU"),     # unpaid: a genuine review may
        ("These vitamins made my skin glow!", False, "en-AU"),
        ("I love this new dress, it made my week", True, "en-AU"),  # paid, but no therapeutic good
        ("Breast Cancer Awareness Month: join our walk on Sunday", None, "en-AU"),
        ("Helps prevent chest infections in kids this winter", None, "en-GB"),  # not for AU
    ],
)
def test_near_misses_pass(checker: Checker, text: str, sponsored: bool | None, locale: str) -> None:
    assert checker.check(Post(text=text, locale=locale, sponsored=sponsored)).decision is Decision.PASS
