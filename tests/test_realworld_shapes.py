"""Shapes learnt from the sixth round of real-world development cases (evals/datasets/realworld
extra-dev-us5 and extra-dev-eu5), across packs, with the all-markets policy. Texts are written
for these tests, not copied from the rulings."""

from __future__ import annotations

import pytest

from brandguard import Checker
from conftest import checked

ALL = Checker("builtin:examples/global-brand-all-markets", judges=False)


def decide(text: str, locale: str) -> tuple[str, set[str]]:
    market = locale.split("-")[1]
    v = checked(ALL, text, locale=locale, markets=[market], platform="instagram")
    return v.decision.value, {f.rule for f in v.findings}


@pytest.mark.parametrize(
    ("text", "locale", "decision", "rule"),
    [
        # HWG s.9: diagnosis and sick notes by app (BGH I ZR 146/20)
        ("Krankschreibung und Rezept bequem per Video, ohne Wartezimmer.", "de-DE", "review",
         "de.hwg-remote-treatment"),
        # a drink by its brand, for the Loi Evin's health message
        ("Smirnoff, l'esprit de la fête.", "fr-FR", "review", "fr.alcohol-health-message"),
        # CAP 18.4: the drink as what makes the night
        ("Baileys: for the best night of your life.", "en-GB", "review", "cap.alcohol"),
        ("Unlimited cider refills all weekend!", "en-GB", "review", "cap.alcohol"),
        # RVA: a quantity of beer as the prize
        ("Win je gewicht in pils bij ons café!", "nl-NL", "review", "nl.alcohol-excess"),
        # CAP 8.17: a prize for a contest's winner
        ("For £2 you could be walking away with a £500 spa voucher.", "en-GB", "review",
         "cap.prize-promotion-closing-date"),
        # FINRA 2210(d)(1)(F): a target the holder sells at
        ("I'm holding until this stock hits $120.", "en-US", "block", "finance.projection"),
        # FTC income claims
        ("A method anyone can use to make money online.", "en-US", "review", "finance.income-claim"),
        ("Our signals deliver consistent profits.", "en-US", "review", "finance.income-claim"),
        # Regulation FD / 10b-5: an operating claim stated as certain
        ("Our orders are guaranteed for the next three years.", "en-US", "review",
         "finance.corporate-disclosure"),
        # CAP 3.7 / FTC: a measured comparison with no evidence
        ("Our serum is 3x more effective than retinol.", "en-GB", "review", "cap.substantiation"),
        # the researchers who made a product do not make its claim a charity's
        ("Desarrollado por investigadores, este té cura la gripe.", "es-ES", "block",
         "nhcr.health-claim.disease"),
        # Reg. 1924/2006 Art. 10: sleep, with 'help achieve'
        ("Our drops help achieve a deeper sleep.", "en-IE", "review", "nhcr.health-claim.function"),
        # Reg. 1924/2006 Art. 10(3): a general benefit for health, with no authorised claim
        ("Il nostro olio di pesce è fondamentale per la salute.", "it-IT", "review",
         "nhcr.health-claim.function"),
        ("Notre magnésium est indispensable à la santé.", "fr-FR", "review", "nhcr.health-claim.function"),
        ("Zink ist lebensnotwendig.", "de-DE", "review", "nhcr.health-claim.function"),
    ],
)
def test_round_six_shapes_are_caught(text: str, locale: str, decision: str, rule: str) -> None:
    got, rules = decide(text, locale)
    assert rule in rules, rules
    assert got == decision, rules


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Mijn nieuwe rosé gouden horloge.", "nl-NL"),
        ("For the sake of our planet, we ship plastic-free.", "en-GB"),
        ("Unlimited data on every plan this month.", "en-GB"),
        ("Our researchers are proud of this year's harvest.", "en-GB"),
        ("Termine in der Praxis jetzt per App buchen.", "de-DE"),
        ("Our sales grew in every market this year.", "en-US"),
        ("The stock photo library now has 10,000 images.", "en-US"),
        ("Hendrick's. Refreshingly curious.", "en-GB"),
        ("La nostra polizza è fondamentale per il benessere della tua famiglia.", "it-IT"),
        ("Vertrauen ist lebenswichtig für jede Partnerschaft.", "de-DE"),
    ],
)
def test_round_six_near_misses_pass(text: str, locale: str) -> None:
    got, rules = decide(text, locale)
    assert got == "pass", rules


@pytest.mark.parametrize(
    ("text", "locale", "fires"),
    [
        # the register's wording for a nutrient it does not authorise it for
        ("Biotin contributes to the maintenance of normal nails.", "en-GB", True),
        ("Glucose contributes to normal energy-yielding metabolism.", "en-GB", True),
        ("La biotine contribue au maintien d'ongles normaux.", "fr-FR", True),
        ("Collagen contributes to the maintenance of normal skin.", "en-IE", True),
        # ... and for one it does
        ("Zinc contributes to the maintenance of normal nails.", "en-GB", False),
        ("Biotin contributes to the maintenance of normal hair.", "en-GB", False),
        ("With collagen and zinc. Zinc contributes to the maintenance of normal skin.", "en-GB", False),
        ("La vitamine C contribue au fonctionnement normal du système immunitaire.", "fr-FR", False),
        # no nutrient named in the sentence: the reviewer reads the label
        ("Contributes to the normal function of the immune system.", "en-GB", False),
    ],
)
def test_an_authorised_wording_holds_only_for_its_nutrients(text: str, locale: str, fires: bool) -> None:
    got, rules = decide(text, locale)
    hit = any(r.endswith("health-claim.function") for r in rules)
    assert hit is fires, rules
    assert got == ("review" if fires else "pass"), rules
