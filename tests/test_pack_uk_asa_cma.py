"""The UK pack (builtin:packs/uk-asa-cma) on the ASA/CMA's examples, paraphrased, and near-misses.

Examples paraphrased from the CAP/CMA "Influencers' guide to making clear that ads are ads"
(3rd ed., 2023) and the labels the ASA/CMA call acceptable, risky or not to be used (as
reported by RPC). A post's relationship to the brand is `metadata.relationship` ("gift" for a
gift with no other commercial relationship; anything else or unset = a paid ad).
"""

from __future__ import annotations

import pytest

from brandguard import Checker
from brandguard.policy import lint_policy
from brandguard.verdict import Decision
from conftest import checked


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker("builtin:packs/uk-asa-cma")


def verdict(checker: Checker, text: str, **fields):
    """A post in the pack's market (en-GB) unless the case says otherwise."""
    return checked(checker, text, every_field=True, **{"locale": "en-GB", **fields})


def test_applies_only_in_the_uk() -> None:
    c = Checker("builtin:packs/uk-asa-cma")
    text = "My autumn edit with @threadly #spon"
    assert c.check(text, sponsored=True, locale="en-GB").decision is Decision.BLOCK
    assert c.check(text, sponsored=True, locale="en-US").findings == []
    assert c.check(text, sponsored=True, locale="de-DE").findings == []
    # a post aimed at several markets, the UK among them; and "UK" is read as GB
    assert c.check(text, sponsored=True, locale="en-US", markets=["US", "uk"]).blocked
    # no region and no markets: unknown, so the pack applies (nothing is skipped unseen)
    assert c.check(text, sponsored=True, locale="en").blocked


def test_lints_strict_with_source_and_owner() -> None:
    policy, issues = lint_policy("builtin:packs/uk-asa-cma")
    assert policy is not None
    assert issues == []
    assert {r.id for r in policy.rules} == {"uk.ad-label", "uk.ad-label-unclear", "uk.gift-label"}
    assert all(
        r.owner == "legal-uk" and r.source and "asa.org.uk" in r.source for r in policy.rules
    )


PAID = {"platform": "instagram", "sponsored": True}

FIRES = [
    # guide: no label at all
    (
        "Obsessed with the new @glowco serum, link in bio",
        PAID,
        "uk.ad-label.missing",
        "Obsessed with the new @glowco serum, link in bio",
    ),
    # guide / RPC: "#sp", "#spon", "#collab" should not be used
    ("My autumn edit with @threadly #spon", PAID, "uk.ad-label.inadequate", "#spon"),
    ("My autumn edit with @threadly #sp", PAID, "uk.ad-label.inadequate", "#sp"),
    ("My autumn edit with @threadly #collab", PAID, "uk.ad-label.inadequate", "#collab"),
    # guide: "brand ambassador" alone
    (
        "Brand ambassador for @stridefit: new season, new kicks",
        {"platform": "x", "sponsored": True},
        "uk.ad-label.inadequate",
        "Brand ambassador",
    ),
    # guide: "#gifted" is for gifts, never a paid ad
    (
        "#gifted My autumn edit with @threadly, use code EDIT15",
        PAID,
        "uk.ad-label.inadequate",
        "#gifted",
    ),
    # RPC (ASA/CMA): "thanks to [brand]", "in association with"
    (
        "In association with @beanco: my morning routine",
        {"platform": "x", "sponsored": True},
        "uk.ad-label.inadequate",
        "In association with",
    ),
    # guide: up front, before "more", not at the end
    (
        "Had the best weekend trying out the new range from @glowco, the cleanser is a dream and the "
        "moisturiser smells amazing. #ad",
        {"platform": "facebook", "sponsored": True},
        "uk.ad-label.below-fold",
        "#ad",
    ),
    # guide: not in a cluster of hashtags
    ("New in @threadly #ootd #autumn #ad #style", PAID, "uk.ad-label.buried", "#ad"),
    # gift: no label at all
    (
        "Look what arrived from @glowco! Can't wait to try it",
        {"platform": "instagram", "sponsored": True, "metadata": {"relationship": "gift"}},
        "uk.gift-label.missing",
        "Look what arrived from @glowco!",
    ),
]


@pytest.mark.parametrize(("text", "fields", "rule", "excerpt"), FIRES)
def test_fires(checker: Checker, text: str, fields: dict, rule: str, excerpt: str) -> None:
    v = verdict(checker, text, **fields)
    hits = [f for f in v.findings if f.rule == rule]
    assert hits, [(f.rule, f.excerpt) for f in v.findings]
    assert excerpt in [h.excerpt for h in hits]
    assert v.decision is Decision.BLOCK


def test_risky_label_goes_to_review(checker: Checker) -> None:
    v = verdict(checker, "Paid partnership with @glowco | my evening routine", **PAID)
    assert v.decision is Decision.REVIEW
    assert [f.rule for f in v.findings] == ["uk.ad-label-unclear"]
    assert v.findings[0].excerpt == "Paid partnership"
    assert v.findings[0].fix is not None and v.findings[0].fix.replacement == "#ad "


PASSES = [
    # guide: "Ad", "Advert", "Advertisement" up front
    ("#ad My autumn edit with @threadly", PAID),
    ("Ad | My autumn edit with @threadly, code EDIT15", PAID),
    ("Advert: my autumn edit with @threadly", {"platform": "x", "sponsored": True}),
    (
        "Advertisement feature: a week with the @stridefit app",
        {"platform": "linkedin", "sponsored": True},
    ),
    # risky label plus a clear one
    ("#ad Paid partnership with @glowco | my evening routine", PAID),
    # gift only: "#gifted" is the guide's label for that case
    (
        "#gifted Look what arrived from @glowco!",
        {"platform": "instagram", "sponsored": True, "metadata": {"relationship": "gift"}},
    ),
    (
        "Gifted by @glowco: first impressions of the new cleanser",
        {"platform": "instagram", "sponsored": True, "metadata": {"relationship": "gift"}},
    ),
    # not an ad at all
    (
        "Bought this myself and I love it: the @glowco cleanser",
        {"platform": "instagram", "sponsored": False},
    ),
    # "ad" as an ordinary word is not needed when nothing is paid
    (
        "The new ad campaign from @runco is brilliant, whoever made it deserves a raise",
        {"platform": "x", "sponsored": False},
    ),
]


@pytest.mark.parametrize(("text", "fields"), PASSES)
def test_near_misses_pass(checker: Checker, text: str, fields: dict) -> None:
    v = verdict(checker, text, **fields)
    assert v.decision is Decision.PASS, [(f.rule, f.excerpt) for f in v.findings]


def test_unknown_sponsorship_with_code_is_review(checker: Checker) -> None:
    v = verdict(checker, "Loving @glowco's new cleanser, use code GLOW20", platform="instagram")
    assert v.decision is Decision.REVIEW
    assert v.findings[0].rule == "uk.ad-label.unknown"
