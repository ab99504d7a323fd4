"""uk-cap, uk-fca and eu-nhcr: the shapes real advertisers write are caught, the creative posts
around them pass. Texts are written for these tests (not copied from rulings)."""

from __future__ import annotations

import pytest

from brandguard import Checker
from brandguard.policy import lint_policy

ALL = Checker("builtin:examples/global-brand-all-markets", judges=False)


def decide(text: str, locale: str = "en-GB", **kw) -> tuple[str, list[str]]:
    market = locale.split("-")[1]
    v = ALL.check(text, locale=locale, markets=[market], platform="instagram", **kw)
    return v.decision.value, sorted({f.rule for f in v.findings})


@pytest.mark.parametrize("pack", ["builtin:packs/uk-cap", "builtin:packs/uk-fca", "builtin:packs/eu-nhcr"])
def test_packs_lint_strict_with_source_and_owner(pack: str) -> None:
    policy, issues = lint_policy(pack)
    assert policy is not None and issues == []
    assert all(r.source and r.source.startswith("https://") and r.owner for r in policy.rules)


@pytest.mark.parametrize(
    ("text", "locale", "decision", "rule"),
    [
        ("Shed 6lbs in 10 days with our morning shake!", "en-GB", "block", "cap.weight-loss.amount"),
        ("Lost nearly 3 stone since January on these sachets", "en-GB", "block", "cap.weight-loss.amount"),
        ("Calm Caps: less stress. Less anxiety. Better nights.", "en-GB", "block", "cap.health-claim.disease"),
        ("Struggling with eczema? Our collagen sachets are here for you", "en-GB", "block", "cap.health-claim.disease"),
        ("Our mushroom coffee boosts focus and fights fatigue", "en-GB", "review", "cap.health-claim.function"),
        ("#ImmuneSupport gummies are back in stock", "en-GB", "review", "cap.health-claim.function"),
        ("Tag a friend and follow us to enter our giveaway! #win", "en-GB", "review", "cap.prize-promotion"),
        ("New flavours in our vape bar range, link in bio", "en-GB", "block", "cap.e-cigarettes"),
        ("Use code JAB20 for 20% off your first weight loss injection pen", "en-GB", "block", "cap.prescription-medicine"),
        ("Bottomless prosecco all weekend, who is getting wasted with us?", "en-GB", "review", "cap.alcohol"),
        ("One lucky acca could transform your weekend, bet now", "en-GB", "block", "cap.gambling"),
        ("Buy Bitcoin in seconds on our app, zero fees!", "en-GB", "block", "fca.crypto-risk-warning"),
        ("Sign up and get £10 of free bitcoin", "en-GB", "block", "fca.crypto-incentive"),
        ("£100 in our growth fund in 2015 would be worth £310 today", "en-GB", "block", "fca.past-performance"),
        ("Unser Tee stärkt das Immunsystem und hilft gegen Erkältungen", "de-DE", "block", "nhcr.health-claim.disease"),
        ("Cette tisane soulage l'anxiété en quelques jours", "fr-FR", "block", "nhcr.health-claim.disease"),
        ("Estas cápsulas combaten la gripe de forma natural", "es-ES", "block", "nhcr.health-claim.disease"),
        ("Afvallen? Verlies 5 kilo in 2 weken met onze shake", "nl-NL", "block", "nhcr.weight-loss.amount"),
        ("Our vitamin gummies, recommended by doctors", "de-DE", "block", "nhcr.doctor-recommendation"),
    ],
)
def test_real_world_shapes_are_caught(text: str, locale: str, decision: str, rule: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision, (got, rules)
    assert any(r.startswith(rule) for r in rules), rules


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("The cure for boring Mondays: our new cold brew", "en-GB"),
        ("Killer deal alert: two jumpers for £30", "en-GB"),
        ("Treat yourself to a slice of our lemon drizzle", "en-GB"),
        ("Pink ribbons in every store for Breast Cancer Awareness Month", "en-GB"),
        ("Our team's investment in you: free training for every new starter", "en-GB"),
        ("Guaranteed to make you smile: our new puppy calendar", "en-GB"),
        ("A real game changer for your morning routine", "en-GB"),
        ("Join our 10k run to beat cancer on 12 May, every penny goes to the hospice", "en-GB"),
        ("Hay fever season is here. Antihistamines can relieve symptoms; speak to your pharmacist. Always read the label.", "en-GB"),
        ("Vitamin C contributes to the normal function of the immune system.", "en-GB"),
        ("Vitamin C trägt zu einer normalen Funktion des Immunsystems bei.", "de-DE"),
        ("Enter our prize draw to win a hamper by 23:59 on 14/02. UK 18+. T&Cs: link in bio", "en-GB"),
        ("Capital at risk. Past performance is not a reliable indicator of future results.", "en-GB"),
        ("Free returns within 60 days on every order", "en-GB"),
        ("Our lager is brewed with four hops and a lot of patience", "en-GB"),
    ],
)
def test_near_misses_pass(text: str, locale: str) -> None:
    got, rules = decide(text, locale)
    assert got == "pass", rules


def test_packs_apply_only_in_their_markets() -> None:
    text = "Shed 6lbs in 10 days with our morning shake!"
    assert decide(text, "en-GB")[0] == "block"
    # in the US the amount is a review (FTC: typical results), not the CAP's per-se ban
    got, rules = decide(text, "en-US")
    assert got == "review" and rules == ["health.weight-loss.amount"], rules
