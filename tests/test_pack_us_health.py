"""builtin:packs/us-health on regulator examples (paraphrased) and near-misses.

Sources of the firing examples: FDA warning letters citing social-media posts (spirulina "can
reduce risk of cancer" and "can prevent seizures", Facebook, 2022; COVID-19 and flu claims,
2020), 21 CFR 101.93(g)(2) implied claims, 21 CFR 202.1(e)(5)(ii) fair balance, and the
21 CFR 101.93(c) disclaimer. All paraphrased.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from brandguard import Checker, Post
from brandguard.cli import app
from brandguard.verdict import apply_fixes
from conftest import checked

DISCLAIMER = (
    "These statements have not been evaluated by the Food and Drug Administration. "
    "This product is not intended to diagnose, treat, cure, or prevent any disease."
)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker("builtin:packs/us-health")


def findings(checker: Checker, text: str, **fields):
    v = checked(checker, text, **fields)
    return v, [(f.rule, f.excerpt) for f in v.findings]


@pytest.mark.parametrize(
    ("text", "rule", "excerpt"),
    [
        # FDA warning letters (paraphrased)
        (
            "Spirulina, the star of our powder, can reduce risk of cancer.",
            "health.disease-claim",
            "reduce risk of cancer",
        ),
        ("Our ashwagandha drops can prevent seizures.", "health.disease-claim", "prevent seizures"),
        ("CAN PREVENT SEI-ZURES", "health.disease-claim", "PREVENT SEI-ZURES"),
        (
            "Our elderberry gummies cure the flu in 24 hours!",
            "health.disease-claim",
            "cure the flu",
        ),
        (
            "This tea helps reverse type 2 diabetes.",
            "health.disease-claim",
            "reverse type 2 diabetes",
        ),
        ("Our serum clears up acne overnight.", "health.disease-claim", "clears up acne"),
        (
            "Broccoli sprout powder: the ultimate cancer-fighting supplement.",
            "health.disease-claim",
            "cancer-fighting",
        ),
        ("Th1s t0nic cur3s c@ncer", "health.disease-claim", "cur3s c@ncer"),
        # 21 CFR 101.93(g)(2)(iv)-(v) and testimonials
        (
            "A natural alternative to metformin 🌿",
            "health.implied-disease-claim",
            "natural alternative to metformin",
        ),
        (
            "Our reishi tincture is a natural antiviral.",
            "health.implied-disease-claim",
            "natural antiviral",
        ),
        (
            "My anxiety is gone since I started these gummies!",
            "health.implied-disease-claim",
            "My anxiety is gone",
        ),
        # 21 CFR 202.1(e)(5)(ii)
        (
            "Ask your doctor about Lumara, the once-daily pill that lowers A1C.",
            "health.rx-fair-balance",
            "Ask your doctor about",
        ),
        (
            "Xyvanta, a prescription treatment for plaque psoriasis.",
            "health.rx-fair-balance",
            "prescription treatment",
        ),
        # 21 CFR 101.93(c)
        (
            "Our magnesium gummies support restful sleep.",
            "health.supplement-disclaimer",
            "magnesium gummies support restful sleep",
        ),
        (
            "Daily probiotic capsules to support gut health.",
            "health.supplement-disclaimer",
            "probiotic capsules to support gut",
        ),
        # FDA on compounded GLP-1 drugs (2025 warning letters)
        (
            "Get the generic version of Wegovy delivered, no insurance needed.",
            "health.compounded-glp1",
            "generic version of Wegovy",
        ),
        (
            "Compounded tirzepatide, the same active ingredient as Mounjaro, from $199/month.",
            "health.compounded-glp1",
            "Compounded tirzepatide, the same active ingredient",
        ),
    ],
)
def test_regulator_examples_fire(checker, text, rule, excerpt) -> None:
    v, got = findings(checker, text)
    assert (rule, excerpt) in got, got
    assert v.decision.value == "block"


@pytest.mark.parametrize(
    "text",
    [
        "Treat yourself to our curated spa box this weekend.",
        "This playlist is a cure for boredom.",
        "Let's heal the planet together: we plant a tree for every order.",
        "Join our 5K charity run for cancer research on Sunday!",
        "Help us beat cancer: every donation funds research.",
        "Flu season is here: walk-in flu shot clinic Tue to Fri, 9 to 5.",
        "October is Breast Cancer Awareness Month. Book your screening today.",
        "Our founder beat cancer in 2019; today she runs our company.",
        "Greek yogurt with live cultures supports digestive health.",
        "Our magnesium gummies support restful sleep.* *" + DISCLAIMER,
        "Compounded semaglutide is not FDA-approved; ask your clinician whether it is right for you.",
        "Ask your doctor about Lumara. Lumara can cause serious side effects, including low blood "
        "sugar. See Important Safety Information at lumara.com/isi",
    ],
)
def test_near_misses_pass(checker, text) -> None:
    v, got = findings(checker, text)
    assert v.decision.value == "pass", got


def test_disclaimer_fix_is_exact_and_does_not_trip_the_disease_rule(checker) -> None:
    text = "Our magnesium gummies support restful sleep."
    v = checker.check(Post(text=text))
    fixed = apply_fixes(text, [f.fix for f in v.findings if f.fix is not None])
    # 21 CFR 101.93(c)(1): the singular form, for one statement
    assert fixed.endswith(
        "*This statement has not been evaluated by the Food and Drug Administration. "
        "This product is not intended to diagnose, treat, cure, or prevent any disease."
    )
    assert checker.check(Post(text=fixed)).decision.value == "pass"


def test_every_rule_cites_and_has_owner(checker) -> None:
    for rule in checker.policy.rules:
        assert rule.source and rule.source.startswith("https://"), rule.id
        assert rule.owner == "legal", rule.id


def test_lint_strict() -> None:
    res = CliRunner().invoke(app, ["policy", "lint", "builtin:packs/us-health", "--strict"])
    assert res.exit_code == 0, res.output


def test_structure_function_uses_the_fda_allows_pass_in_the_us_only() -> None:
    """65 FR 1000 (2000): a short-term laxative's 'relief of occasional constipation' is a
    structure/function claim a supplement may make in the US; us-health layers it on the shared
    vocabulary, so the GB pack still reads it as a claim, and 'cures constipation' is one here."""
    from brandguard import Checker, Post

    us = Checker("builtin:packs/us-health", judges=False)
    assert us.check(Post(text="Our fibre gummies relieve occasional constipation.")).findings == []
    assert us.check(Post(text="Our tea cures constipation for good.")).blocked
    gb = Checker("builtin:packs/uk-cap", judges=False)
    assert gb.check(
        Post(text="Our fibre gummies relieve occasional constipation.", locale="en-GB")
    ).findings


def test_a_drug_therapy_replaced_or_a_biomarker_brought_down_is_a_disease_claim() -> None:
    """21 CFR 101.93(g)(2)(v): a product presented as preferable to a drug therapy (the FDA's
    letter on a curated 'I prefer it over chronic use of Rx or OTC NSAIDs for arthritis'), and
    a testimonial that a disease's marker fell ('my cholesterol dropped by 60 points')."""
    from brandguard import Checker, Post

    c = Checker("builtin:packs/us-health", judges=False)
    for text in (
        "I prefer this over chronic use of Rx or OTC NSAIDs for my arthritis.",
        "My cholesterol dropped by 40 points in three months!",
    ):
        v = c.check(Post(text=text))
        assert v.blocked and "health.implied-disease-claim" in {f.rule for f in v.findings}, text
    for text in (
        "Prices dropped by 20% this week.",
        "I prefer tea over coffee in the morning.",
        "Our fund's fees dropped by 15 basis points.",
    ):
        assert c.check(Post(text=text)).findings == [], text


def test_an_otc_drug_named_with_its_strength_may_state_its_indication(checker: Checker) -> None:
    """21 CFR 201.66(c)(2) and the acne monograph (21 CFR 333.350): a label's active
    ingredient with its strength marks a drug, whose monograph indication is lawful. The
    ingredient's name without a strength (a supplement comparing itself to a drug) exempts
    nothing."""
    label = "Acne Spot Treatment. Benzoyl Peroxide 5%. Uses: For the treatment of acne"

    def claims(text: str) -> list[str]:
        return [r for r, _ in findings(checker, text)[1] if r.startswith("health.")]

    assert claims(label) == []
    assert claims("Acne Spot Treatment. Uses: For the treatment of acne")
    assert claims("Our gummies treat acne better than benzoyl peroxide")


@pytest.mark.parametrize(
    ("text", "rule", "excerpt", "decision"),
    [
        # FTC/FDA COVID-19 letters: immunity next to the pandemic (paraphrased)
        (
            "Lockdown is ending, so boost your immune system with our morning tonic.",
            "health.covid-immunity",
            "boost your immune system",
            "review",
        ),
        (
            "During these uncertain times, strong immunity starts with our greens powder.",
            "health.covid-immunity",
            "strong immunity starts with",
            "review",
        ),
        # 21 CFR 310.548 and the FDA's health-fraud warnings
        (
            "Beat the flu naturally with our #nanosilver drops.",
            "health.fraud-remedy",
            "#nanosilver",
            "block",
        ),
        (
            "Apricot kernels: what they don't tell you about cancer.",
            "health.fraud-remedy",
            "Apricot kernels",
            "block",
        ),
        # FDA on cosmetics that claim to change the body
        (
            "Our night cream stimulates collagen production while you sleep.",
            "health.cosmetic-drug-claim",
            "stimulates collagen production",
            "review",
        ),
        ("The gentle mole remover pen, now 20% off.", "health.cosmetic-drug-claim", "mole remover", "review"),
        # FTC Gut Check: use it and lose
        ("Just stir, drink and lose weight.", "health.weight-loss-gut-check", "drink and lose weight", "block"),
        # FTC/FDA 2022 copycat letters
        (
            "New delta-8 gummies that look just like Sour Patch Kids!",
            "health.copycat-edibles",
            "delta-8",
            "block",
        ),
        # a biomarker of a disease lowered
        ("Our cinnamon capsules lower your A1C.", "health.claim.disease", "lower your A1C", "block"),
        # FDA letters to telehealth firms
        (
            "Our semaglutide is the same weight-loss medication as Ozempic, shipped monthly.",
            "health.compounded-glp1",
            "same weight-loss medication as Ozempic",
            "block",
        ),
        # fair balance: a prescription drug sold on its effect with no risks
        ("Wegovy is changing how we lose weight.", "health.rx-fair-balance", "Wegovy is changing", "block"),
        ("Baby tox softens those frown lines in a week.", "health.rx-fair-balance", "Baby tox softens", "block"),
        ("Our viral-fighting diffuser blend is back.", "health.implied-disease-claim", "viral-fighting", "block"),
    ],
)
def test_the_shapes_of_round_six_fire(checker, text, rule, excerpt, decision) -> None:
    v, got = findings(checker, text)
    rules = {r for r, _ in got}
    assert rule in rules or any(r.startswith(rule) for r in rules), got
    assert any(e.lower() == excerpt.lower() for r, e in got if r.startswith(rule)), got
    assert v.decision.value == decision, got


@pytest.mark.parametrize(
    "text",
    [
        # the monograph's own wording: OTC labels may state it
        "Nasal spray. Uses: for the temporary relief of nasal congestion due to the common cold.",
        "Lip balm with camphor. Uses: temporarily relieves pain and itching of cold sores.",
        "Antiseptic spray. First aid to help prevent infection in minor cuts, scrapes and burns.",
        # an FDA qualified health claim, with its qualifier
        "Some evidence suggests calcium may reduce the risk of hypertension; FDA concludes that "
        "the evidence is inconsistent and not conclusive.",
        # immunity without the pandemic, and the pandemic without a claim
        "Our vitamin C gummies taste like oranges.",
        "Our stores reopen Monday as restrictions lift. See you soon!",
        # silver that is jewellery, a wart remover's label, a plain snack
        "Sterling silver hoops for the holidays.",
        "Wart remover (salicylic acid 17%). Uses: for the removal of common warts.",
        "Cheetos and a movie: the perfect Friday.",
        # diet and exercise, said
        "Eat less, move more and lose weight with our coaching plan.",
    ],
)
def test_round_six_near_misses_pass(checker, text) -> None:
    v, got = findings(checker, text)
    assert v.decision.value == "pass", got
