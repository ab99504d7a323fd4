"""The US FTC pack (builtin:packs/us-ftc) on the FTC's own examples, paraphrased, and near-misses.

Examples paraphrased from FTC staff, "Disclosures 101 for Social Media Influencers" (2019,
rev. 2023), the ".com Disclosures" guide (2013), and 16 CFR Part 465 (2024).
"""

from __future__ import annotations

import pytest

from brandguard import Checker, Post
from brandguard.policy import lint_policy
from brandguard.verdict import Decision
from conftest import checked


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker("builtin:packs/us-ftc")


def verdict(checker: Checker, text: str, **fields):
    return checked(checker, text, every_field=True, **fields)


def test_lints_strict_with_source_and_owner() -> None:
    policy, issues = lint_policy("builtin:packs/us-ftc")
    assert policy is not None
    assert issues == []
    assert {r.id for r in policy.rules} == {
        "ftc.disclosure",
        "ftc.disclosure-language",
        "ftc.fake-indicators",
        "ftc.expert-endorsement",
        "ftc.fake-reviews",
        "ftc.review-sentiment",
        "ftc.review-incentive-disclosure",
        "ftc.review-suppression",
    }
    for r in policy.rules:
        assert r.owner == "legal"
        assert r.source and r.source.startswith("https://www.")
        assert "ecfr.gov" in r.source or "ftc.gov" in r.source


# FTC examples (paraphrased) that must fire: (text, fields, rule, excerpt)
FIRES = [
    # Disclosures 101: no disclosure on a paid post
    (
        "Obsessed with my new @glowco serum, my skin has never looked better. Code GLOW20 for 20% off",
        {"platform": "instagram", "sponsored": True},
        "ftc.disclosure.missing",
        "Obsessed with my new @glowco serum, my skin has never looked better.",
    ),
    # a gift from a friend is no disclosure of the brand's connection
    (
        "My friend gave me these shoes and I love them. Shop @stridefit",
        {"platform": "instagram", "sponsored": True},
        "ftc.disclosure.missing",
        "My friend gave me these shoes and I love them.",
    ),
    # Disclosures 101: "sp", "spon", "collab" are not OK
    (
        "Best coffee in town, thanks @beanco #spon",
        {"platform": "x", "sponsored": True},
        "ftc.disclosure.inadequate",
        "#spon",
    ),
    (
        "New drop with @threadly #collab",
        {"platform": "x", "sponsored": True},
        "ftc.disclosure.inadequate",
        "#collab",
    ),
    (
        "Trying the new protein bars #sp",
        {"platform": "x", "sponsored": True},
        "ftc.disclosure.inadequate",
        "#sp",
    ),
    # Disclosures 101: stand-alone "thanks" or "ambassador"
    (
        "Thanks! This blender changed my mornings @blendr",
        {"platform": "x", "sponsored": True},
        "ftc.disclosure.inadequate",
        "Thanks",
    ),
    (
        "Ambassador. This blender changed my mornings @blendr",
        {"platform": "x", "sponsored": True},
        "ftc.disclosure.inadequate",
        "Ambassador",
    ),
    # Disclosures 101: not mixed into a group of hashtags at the end
    (
        "Sunset run in my new kicks @stridefit #running #fitness #ad #goals",
        {"platform": "instagram", "sponsored": True},
        "ftc.disclosure.buried",
        "#ad",
    ),
    # Disclosures 101: not behind "MORE" (Instagram shows three lines)
    (
        "Day one of my skincare reset.\nMorning: cleanse, tone, moisturise.\nEvening: double cleanse.\n"
        "Everything from @glowco. #ad",
        {"platform": "instagram", "sponsored": True},
        "ftc.disclosure.below-fold",
        "#ad",
    ),
    # Disclosures 101: same language as the endorsement
    (
        "#ad ¡Me encanta el nuevo sérum de @glowco! Usa el código GLOW20",
        {"platform": "instagram", "sponsored": True, "locale": "es-US"},
        "ftc.disclosure.language",
        "#ad",
    ),
    (
        "#publicidad Loving the new serum from @glowco, code GLOW20",
        {"platform": "instagram", "sponsored": True, "locale": "en-US"},
        "ftc.disclosure-language",
        "#publicidad",
    ),
    # 16 CFR 465.8: buying or selling fake indicators of social media influence
    (
        "Grow fast: buy 10k real Instagram followers today, delivery in 24h!",
        {"platform": "x"},
        "ftc.fake-indicators",
        "buy 10k real Instagram followers",
    ),
    (
        "Cheap likes and views for your brand page, DM us",
        {"platform": "x"},
        "ftc.fake-indicators",
        "Cheap likes",
    ),
    # 16 CFR 465.2: procuring fake reviews
    (
        "Need social proof? We sell 5-star Google reviews, 50 for $99",
        {"platform": "x"},
        "ftc.fake-reviews",
        "sell 5-star Google reviews",
    ),
    # 16 CFR 465.4: incentive conditioned on sentiment
    (
        "Leave us a 5-star review and get 20% off your next order!",
        {"platform": "facebook"},
        "ftc.review-sentiment",
        "Leave us a 5-star review and get",
    ),
    (
        "We'll pay $10 for every 5-star review on Amazon",
        {"platform": "x"},
        "ftc.review-sentiment",
        "pay $10 for every 5-star review",
    ),
    # 255.5 + review guide: an incentive for reviews with no neutral ask -> review
    (
        "Leave a review and get a free tote bag!",
        {"platform": "instagram"},
        "ftc.review-incentive-disclosure",
        "Leave a review and get",
    ),
]


@pytest.mark.parametrize(("text", "fields", "rule", "excerpt"), FIRES)
def test_fires(checker: Checker, text: str, fields: dict, rule: str, excerpt: str) -> None:
    v = verdict(checker, text, **fields)
    hits = [f for f in v.findings if f.rule == rule]
    assert hits, [(f.rule, f.excerpt) for f in v.findings]
    assert excerpt in [h.excerpt for h in hits]
    assert "%s" not in hits[0].message
    assert hits[0].source and hits[0].owner == "legal"


def test_incentive_without_neutral_ask_is_review_not_block(checker: Checker) -> None:
    v = verdict(checker, "Leave a review and get a free tote bag!", platform="instagram")
    assert v.decision is Decision.REVIEW


# Near-misses (compliant, close to a violation) that must pass
PASSES = [
    # Disclosures 101: "ad", "advertisement", "sponsored" up front
    (
        "#ad Obsessed with my new @glowco serum. Code GLOW20",
        {"platform": "instagram", "sponsored": True},
    ),
    ("Ad: the new @beanco cold brew is here", {"platform": "x", "sponsored": True}),
    ("Sponsored | Trying the new @blendr blender", {"platform": "x", "sponsored": True}),
    (
        "Advertisement: my honest take on the @stridefit app",
        {"platform": "linkedin", "sponsored": True},
    ),
    # "Thanks to [brand] for the free product"
    (
        "Thanks to @glowco for the free serum! Week one and I'm impressed",
        {"platform": "instagram", "sponsored": True},
    ),
    # "[Brand] Partner" / "[Brand] Ambassador"
    ("@stridefit partner | Morning 10k done", {"platform": "x", "sponsored": True}),
    ("#StridefitAmbassador Morning 10k done in my new kicks", {"platform": "x", "sponsored": True}),
    # the connection in words (Endorsement Guides: "Company X sent me [this product] to try";
    # an employee says so)
    ("@stridefit sent me these shoes to try. Loving them!", {"platform": "instagram", "sponsored": True}),
    ("Stridefit paid me to review these; my opinions are my own.", {"platform": "x", "sponsored": True}),
    ("I work for Stridefit, and the new Glide is my favorite yet.", {"platform": "linkedin", "sponsored": True}),
    ("In partnership with @stridefit: my three favorite runs.", {"platform": "instagram", "sponsored": True}),
    ("I received these shoes free from Stridefit. Great on hills.", {"platform": "instagram", "sponsored": True}),
    ("I was compensated by Stridefit for this post. Great on hills.", {"platform": "x", "sponsored": True}),
    ("This is a paid post for Stridefit. Great on hills.", {"platform": "facebook", "sponsored": True}),
    # Spanish post, Spanish label
    (
        "#publicidad ¡Me encanta el nuevo sérum de @glowco!",
        {"platform": "instagram", "sponsored": True, "locale": "es-US"},
    ),
    # not sponsored: no disclosure needed
    (
        "Loving my new serum from @glowco, bought it myself",
        {"platform": "instagram", "sponsored": False},
    ),
    # talking about fake followers is not buying them
    (
        "Never buy followers: fake accounts tank your engagement. Here's why.",
        {"platform": "linkedin"},
    ),
    ("Don't buy likes. Earn them.", {"platform": "x"}),
    # neutral, disclosed review ask
    (
        "Leave a review, good or bad, and get 10% off. Please mention the discount in your review.",
        {"platform": "facebook"},
    ),
    ("Thank you for 500 five-star reviews! We read every one.", {"platform": "instagram"}),
    ("Tell us what you think: reviews help other customers.", {"platform": "x"}),
]


@pytest.mark.parametrize(("text", "fields"), PASSES)
def test_near_misses_pass(checker: Checker, text: str, fields: dict) -> None:
    v = verdict(checker, text, **fields)
    assert v.decision is Decision.PASS, [(f.rule, f.excerpt) for f in v.findings]


def test_fix_inserts_ad_label(checker: Checker) -> None:
    text = "Obsessed with my new @glowco serum. Code GLOW20"
    v = verdict(checker, text, platform="instagram", sponsored=True)
    f = v.findings[0]
    assert f.fix is not None and f.fix.start == 0 and f.fix.replacement == "#ad "
    fixed = f.fix.replacement + text
    assert (
        checker.check(Post(text=fixed, platform="instagram", sponsored=True)).decision
        is Decision.PASS
    )


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # 16 CFR 465.7: threats over negative reviews go to review (founded or not is a human's call)
        ("Hate it? Think twice: we take legal action against anyone who posts false negative reviews.",
         "review"),
        ("We will sue anyone who leaves a bad review.", "review"),
        ("1-star reviews will be reported to our lawyers.", "review"),
        # a business that reads and answers reviews, a lawyer in another sense, a moderation policy
        ("We read every review, good or bad, and reply to the negative ones.", "pass"),
        ("Our lawyers reviewed the contract. Leave us a review!", "pass"),
        ("Every review gets posted, from 1 star to 5.", "pass"),
    ],
)
def test_threats_over_negative_reviews(checker: Checker, text: str, decision: str) -> None:
    v = verdict(checker, text, platform="facebook")
    assert v.decision.value == decision, [(f.rule, f.excerpt) for f in v.findings]
