"""The example brand policies (builtin:examples/*): they load, lint strictly, include their
packs' rules, and every brand rule fires on a violation and stays quiet on a near-miss.

Decisions documented here:
* A German paid post whose only label is "#ad" blocks under de-DE (eu.advertorial wants the
  label in the post's language). Under en-US it also blocks: the us-ftc pack applies FTC
  "Disclosures 101" (the disclosure must be in the language of the endorsement). The overlays
  differ instead on generic green claims (review in the US, block in the EU), spelling
  substitutions (en-GB/en-US), the German "du" and the French loi Toubon.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from brandguard import Checker, Decision
from brandguard.policy import load_policy
from conftest import checked

EXAMPLES = [
    "retail-bank",
    "supplement-brand",
    "global-brand",
    "global-brand-en-us",
    "global-brand-en-gb",
    "global-brand-de-de",
    "global-brand-fr-fr",
]

PACKS = {
    "retail-bank": ["us-finance", "us-ftc", "privacy", "platform"],
    "supplement-brand": ["us-health", "us-ftc", "uk-asa-cma", "privacy", "platform"],
    "global-brand": ["privacy", "platform"],
    "global-brand-en-us": ["us-ftc", "privacy", "platform"],
    "global-brand-en-gb": ["uk-asa-cma", "privacy", "platform"],
    "global-brand-de-de": ["eu", "privacy", "platform"],
    "global-brand-fr-fr": ["eu", "privacy", "platform"],
}

BRAND_RULES = {
    "retail-bank": [
        "northbank.exclamations",
        "northbank.rate-emoji",
        "northbank.links",
        "northbank.rate-basis",
        "northbank.rate-type",
        "northbank.quiet-period",
        "voice.forbidden",
        "voice.competitors",
        "voice.terminology",
    ],
    "supplement-brand": [
        "verdant.clinical-evidence",
        "verdant.weight-loss",
        "verdant.uk-authorised-wording",
        "verdant.links",
        "voice.forbidden",
        "voice.competitors",
        "voice.terminology",
    ],
    "global-brand": [
        "brightside.emoji",
        "brightside.hashtags",
        "brightside.links",
        "brightside.green-claims",
        "voice.forbidden",
        "voice.competitors",
        "voice.terminology",
    ],
    "global-brand-en-us": ["brightside.us.made-in-usa", "brightside.us.spelling"],
    "global-brand-en-gb": ["brightside.gb.spelling"],
    "global-brand-de-de": ["brightside.de.duzen"],
    "global-brand-fr-fr": ["brightside.fr.toubon"],
}


def _cli(*args: str):
    from typer.testing import CliRunner

    from brandguard.cli import app

    return CliRunner().invoke(app, list(args))


def _available(pack: str) -> bool:
    from brandguard.policy import builtin_policies

    return f"packs/{pack}" in builtin_policies()


@pytest.fixture(scope="module")
def checkers() -> dict[str, Checker]:
    return {name: Checker(f"builtin:examples/{name}") for name in EXAMPLES}


def run(checker: Checker, text: str, **fields):
    return checked(checker, text, **fields)


def rules(v) -> set[str]:
    return {f.rule for f in v.findings}


def fired(v, rule: str) -> bool:
    return any(r == rule or r.startswith(rule + ".") for r in rules(v))


# --- loading, lint, show ------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_loads(name: str, checkers) -> None:
    assert checkers[name].policy.rules
    assert all(r.owner and r.source for r in checkers[name].policy.rules if r.kind != "length")


@pytest.mark.parametrize("name", EXAMPLES)
def test_lint_strict(name: str) -> None:
    result = _cli("policy", "lint", f"builtin:examples/{name}", "--strict")
    assert result.exit_code == 0, result.output
    assert "0 warning(s)" in result.output


@pytest.mark.parametrize("name", EXAMPLES)
def test_show_lists_pack_and_brand_rules(name: str) -> None:
    result = _cli("policy", "show", f"builtin:examples/{name}", "--format", "json")
    assert result.exit_code == 0, result.output
    shown = result.output
    ids = {r.id for r in load_policy(f"builtin:examples/{name}").rules}
    for pack in PACKS[name]:
        if not _available(pack):
            continue
        for rule in load_policy(f"builtin:packs/{pack}").rules:
            assert rule.id in ids, (pack, rule.id)
            assert rule.id in shown
    brand = list(BRAND_RULES[name])
    if name.startswith("global-brand-"):
        brand += BRAND_RULES["global-brand"]
    for rid in brand:
        assert rid in ids and rid in shown, rid


@pytest.mark.parametrize("name", EXAMPLES)
def test_extends_builtins_by_name(name: str) -> None:
    from brandguard._data import data_dir

    text = (data_dir("policies") / "examples" / f"{name}.yaml").read_text(encoding="utf-8")
    assert "../" not in text and ".yaml\n" not in text.split("rules:")[0]
    files = load_policy(f"builtin:examples/{name}").files
    assert all(f.startswith("builtin:") for f in files)
    if name.startswith("global-brand-"):
        assert "builtin:examples/global-brand" in files


# --- voice -------------------------------------------------------------------------------

VOICE = [
    # (policy, forbidden post, excerpt, competitor post, excerpt, preferred post, fixed text)
    (
        "retail-bank",
        "Opening a savings account is a no-brainer.",
        "no-brainer",
        "Switching from Eastgate Bank? We cover the fees.",
        "Eastgate Bank",
        "Utilize the app to pay bills.",
        "Use the app to pay bills.",
    ),
    (
        "supplement-brand",
        "Our gentle daily detox, back in stock.",
        "detox",
        "Twice the EPA of Purevita.",
        "Purevita",
        "Our omega-3 comes in small pills.",
        "Our omega-3 comes in small capsules.",
    ),
    (
        "global-brand-en-gb",
        "Get bikini body ready with our scrub.",
        "bikini body",
        "Freshwell who? Our soap is here.",
        "Freshwell",
        "Hey guys, spring cleaning time.",
        "Hey everyone, spring cleaning time.",
    ),
]


@pytest.mark.parametrize(
    ("name", "forbidden", "f_exc", "competitor", "c_exc", "preferred", "fixed"), VOICE
)
def test_voice_rules(checkers, name, forbidden, f_exc, competitor, c_exc, preferred, fixed) -> None:
    from brandguard.verdict import apply_fixes

    c = checkers[name]
    v = run(c, forbidden)
    assert [f.excerpt for f in v.findings if f.rule == "voice.forbidden"] == [f_exc]
    assert v.decision.value == "review"
    v = run(c, competitor)
    assert [f.excerpt for f in v.findings if f.rule == "voice.competitors"] == [c_exc]
    assert v.decision.value == "review"
    v = run(c, preferred)
    subs = [f for f in v.findings if f.rule == "voice.terminology"]
    assert subs and v.decision.value == "pass"
    assert apply_fixes(preferred, [f.fix for f in subs if f.fix]) == fixed


def test_voice_section_is_complete() -> None:
    for name in ("retail-bank", "supplement-brand", "global-brand"):
        voice = load_policy(f"builtin:examples/{name}").voice
        assert voice is not None
        assert voice.description and voice.traits and voice.source
        assert 4 <= len(voice.do) <= 6 and 4 <= len(voice.dont) <= 6
        assert voice.preferred_terms and voice.forbidden_terms and voice.competitors


def test_voice_inherited_by_overlays() -> None:
    base = load_policy("builtin:examples/global-brand").voice
    for name in EXAMPLES[3:]:
        assert load_policy(f"builtin:examples/{name}").voice == base


# --- brand rules: each fires, and a near-miss does not --------------------------------------

CASES = [
    # (policy, rule, violation post fields, near-miss post fields, expected decision on violation)
    (
        "retail-bank",
        "northbank.exclamations",
        {"text": "We did it!! 100 years on Main Street."},
        {"text": "We did it! 100 years on Main Street."},
        "pass",
    ),
    (
        "retail-bank",
        "northbank.rate-emoji",
        {"text": "Our 12-month CD pays 4.10% APY, fixed for the term 🚀"},
        {"text": "Happy Lunar New Year from all of us at Northbank 🧧"},
        "review",
    ),
    (
        "retail-bank",
        "northbank.links",
        {"text": "Check your details at northbank-secure-login.com today."},
        {"text": "Check your details at https://northbank.com/profile today."},
        "review",
    ),
    (
        "retail-bank",
        "northbank.links",
        {"text": "Our rates page: bit.ly/nb-rates"},
        {"text": "Report fraud: https://www.identitytheft.gov"},
        "review",
    ),
    (
        "retail-bank",
        "northbank.rate-basis",
        {"text": "Earn 4.25% on your savings. Variable rate."},
        {"text": "Earn 4.25% APY on your savings. Variable rate."},
        "block",
    ),
    (
        "retail-bank",
        "northbank.rate-basis",
        {"text": "Personal loans as low as 8.99%, fixed."},
        {"text": "62% of our customers now bank in the app."},
        "block",
    ),
    (
        "retail-bank",
        "northbank.rate-type",
        {"text": "Our 12-month CD pays 4.10% APY. $500 to open."},
        {"text": "Our 12-month CD pays 4.10% APY, fixed for the term. $500 to open."},
        "review",
    ),
    (
        "retail-bank",
        "northbank.quiet-period",
        {"text": "See you at the 5K.", "scheduled_at": "2026-12-18T09:00:00-05:00"},
        {"text": "See you at the 5K.", "scheduled_at": "2027-01-21T17:00:00-05:00"},
        "block",
    ),
    (
        "retail-bank",
        "privacy.pii",
        {"text": "@jdoe_123 we will call you back at (614) 555-0199 today."},
        {"text": "Never share a passcode. Call us on 1-800-555-0142."},
        "block",
    ),
    (
        "supplement-brand",
        "verdant.clinical-evidence",
        {"text": "Clinically proven to help you wind down."},
        {"text": "Clinically proven to help you wind down: verdantlabs.com/evidence/mag-sleep"},
        "review",
    ),
    (
        "supplement-brand",
        "verdant.weight-loss",
        {"text": "Lose 10 lbs in 2 weeks with our green tea capsules."},
        {"text": "Fibre keeps you full; pair it with a balanced diet."},
        "block",
    ),
    (
        "supplement-brand",
        "verdant.uk-authorised-wording",
        {"text": "Our vitamin C boosts your immune system.", "locale": "en-GB"},
        {
            "text": "Vitamin C contributes to the normal function of the immune system.",
            "locale": "en-GB",
        },
        "review",
    ),
    (
        "supplement-brand",
        "verdant.links",
        {"text": "Also on Amazon: amazon.com/dp/B0VERDANT1"},
        {"text": "NHS guidance: https://www.nhs.uk/conditions/vitamins-and-minerals/"},
        "review",
    ),
    (
        "global-brand",
        "brightside.emoji",
        {"text": "Fresh sheets day 🛏️✨🌼🧺"},
        {"text": "Fresh sheets day ✨🌼🧺"},
        "pass",
    ),
    (
        "global-brand",
        "brightside.hashtags",
        {"text": "Sunday reset #Brightside #CleanTok #Laundry #Home"},
        {"text": "Sunday reset #Brightside #CleanTok #Laundry"},
        "pass",
    ),
    (
        "global-brand",
        "brightside.links",
        {"text": "Get yours at tinyurl.com/brightside-soap"},
        {"text": "Find a store: https://brightside.com/stores"},
        "review",
    ),
    (
        "global-brand",
        "brightside.green-claims",
        {"text": "Our new laundry pods are eco-friendly."},
        {"text": "Our new laundry pods come in a 50% recycled tub."},
        "review",
    ),
    (
        "global-brand-en-us",
        "brightside.us.made-in-usa",
        {"text": "Proudly made in the USA since 1952."},
        {"text": "Our Ohio plant turns 70 this year."},
        "review",
    ),
    (
        "global-brand-en-us",
        "brightside.us.spelling",
        {"text": "Our favourite colour? Meadow green."},
        {"text": "Our favorite color? Meadow green."},
        "pass",
    ),
    (
        "global-brand-en-gb",
        "brightside.gb.spelling",
        {"text": "Our favorite color? Meadow green.", "locale": "en-GB"},
        {"text": "Our favourite colour? Meadow green.", "locale": "en-GB"},
        "pass",
    ),
    (
        "global-brand-de-de",
        "brightside.de.duzen",
        {"text": "Holen Sie sich jetzt Ihre Gratisprobe.", "locale": "de-DE"},
        {"text": "Sie ist unsere neue Lieblingsseife.", "locale": "de-DE"},
        "pass",
    ),
    (
        "global-brand-de-de",
        "brightside.green-claims",
        {"text": "Unser neues Waschmittel ist umweltfreundlich.", "locale": "de-DE"},
        {"text": "Die Flasche besteht zu 50 % aus recyceltem Kunststoff.", "locale": "de-DE"},
        "block",
    ),
    (
        "global-brand-fr-fr",
        "brightside.fr.toubon",
        {"text": "Notre best-seller est de retour.", "locale": "fr-FR"},
        {"text": "Notre meilleure vente est de retour.", "locale": "fr-FR"},
        "pass",
    ),
    (
        "global-brand-fr-fr",
        "brightside.green-claims",
        {"text": "Un savon neutre en carbone.", "locale": "fr-FR"},
        {"text": "Le flacon contient 50 % de plastique recyclé.", "locale": "fr-FR"},
        "block",
    ),
]


@pytest.mark.parametrize(
    ("name", "rule", "bad", "near", "decision"),
    CASES,
    ids=[f"{c[0]}:{c[1]}:{i}" for i, c in enumerate(CASES)],
)
def test_brand_rule_fires_and_near_miss_passes(checkers, name, rule, bad, near, decision) -> None:
    c = checkers[name]
    v = run(c, **bad)
    assert fired(v, rule), (rule, rules(v))
    assert v.decision.value == decision, (v.decision, rules(v))
    v = run(c, **near)
    assert not fired(v, rule), (rule, rules(v))
    assert v.decision.value == "pass", rules(v)


def test_substitution_fixes_are_exact(checkers) -> None:
    from brandguard.verdict import apply_fixes

    cases = [
        ("global-brand-en-gb", "Our favorite color?", {"locale": "en-GB"}, "Our favourite colour?"),
        ("global-brand-en-us", "Our favourite colour?", {}, "Our favorite color?"),
        (
            "global-brand-fr-fr",
            "Notre best-seller, en newsletter.",
            {"locale": "fr-FR"},
            "Notre meilleure vente, en lettre d'information.",
        ),
        (
            "supplement-brand",
            "Zinc boosts your immune system.",
            {"locale": "en-GB"},
            "Zinc contributes to the normal function of the immune system.",
        ),
    ]
    for name, text, fields, want in cases:
        v = run(checkers[name], text, **fields)
        assert apply_fixes(text, [f.fix for f in v.findings if f.fix]) == want, name


def test_rate_emoji_ignores_trademark_signs(checkers) -> None:
    v = run(checkers["retail-bank"], "Northbank® Savings: 4.25% APY, variable.")
    assert not fired(v, "northbank.rate-emoji")
    assert v.decision.value == "pass"


def test_toubon_only_on_french_posts(checkers) -> None:
    v = run(checkers["global-brand-fr-fr"], "Our best-seller is back.", locale="en-GB")
    assert not fired(v, "brightside.fr.toubon")


def test_uk_wording_only_on_uk_posts(checkers) -> None:
    v = run(checkers["supplement-brand"], "Our vitamin C boosts your immune system.")
    assert not fired(v, "verdant.uk-authorised-wording")


# --- regional overlays: same post, different outcome -----------------------------------------


def test_german_paid_post_with_only_ad(checkers) -> None:
    text = (
        "#ad Mein Sonntags-Reset mit @brightside Meadow Fresh. Meine Handtücher waren nie weicher."
    )
    fields = {"locale": "de-DE", "sponsored": True, "platform": "instagram"}
    de = run(checkers["global-brand-de-de"], text, **fields)
    assert de.decision.value == "block" and fired(de, "eu.advertorial")
    ok = run(checkers["global-brand-de-de"], "Werbung | " + text[4:], **fields)
    assert ok.decision.value == "pass", rules(ok)
    # The US overlay checks posts aimed at the US: a German post for US shoppers gets the FTC's
    # same-language guidance (us-ftc), also a block, for its own rule ...
    us = run(checkers["global-brand-en-us"], text, **fields, markets=["US"])
    assert us.decision.value == "block" and fired(us, "ftc.disclosure")
    assert not fired(us, "eu.advertorial")
    # ... and a post for Germany gets nothing from the US pack.
    assert not fired(run(checkers["global-brand-en-us"], text, **fields), "ftc.disclosure")


def test_english_paid_post_with_ad_passes_in_us_and_uk(checkers) -> None:
    text = "#ad Loving the new Meadow Fresh pods from @brightside, towels never softer."
    for name, locale in (("global-brand-en-us", "en-US"), ("global-brand-en-gb", "en-GB")):
        v = run(checkers[name], text, locale=locale, sponsored=True, platform="instagram")
        assert v.decision.value == "pass", (name, rules(v))


def test_green_claim_review_in_us_block_in_eu(checkers) -> None:
    text = "Our new laundry pods are eco-friendly."
    assert run(checkers["global-brand-en-us"], text).decision.value == "review"
    assert run(checkers["global-brand-en-gb"], text, locale="en-GB").decision.value == "review"
    assert run(checkers["global-brand-de-de"], text, locale="de-DE").decision.value == "block"
    assert run(checkers["global-brand-fr-fr"], text, locale="fr-FR").decision.value == "block"


def test_spelling_differs_between_us_and_uk(checkers) -> None:
    text = "Our favorite color this spring."
    us = run(checkers["global-brand-en-us"], text)
    gb = run(checkers["global-brand-en-gb"], text, locale="en-GB")
    assert not fired(us, "brightside.gb.spelling") and not fired(us, "brightside.us.spelling")
    assert fired(gb, "brightside.gb.spelling")


def test_made_in_usa_only_in_us(checkers) -> None:
    text = "Proudly made in the USA since 1952."
    assert run(checkers["global-brand-en-us"], text).decision.value == "review"
    assert run(checkers["global-brand-en-gb"], text, locale="en-GB").decision.value == "pass"


def test_uk_gift_label(checkers) -> None:
    meta = {"relationship": "gift"}
    fields = {"locale": "en-GB", "sponsored": True, "platform": "instagram", "metadata": meta}
    gb = checkers["global-brand-en-gb"]
    assert run(gb, "Brightside sent me their new pods! #thanks", **fields).decision.value == "block"
    assert run(gb, "#gifted Brightside sent me their new pods.", **fields).decision.value == "pass"


# --- eval datasets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["retail-bank", "supplement-brand"] + [n for n in EXAMPLES if n.startswith("global-brand-")],
)
def test_dataset_loads(name: str) -> None:
    from pathlib import Path

    from brandguard.evals import load_dataset

    path = Path(__file__).parents[1] / "evals" / "datasets" / "examples" / f"{name}.jsonl"
    cases = load_dataset(path)
    lo, hi = (40, 60) if name in ("retail-bank", "supplement-brand") else (25, 35)
    assert lo <= len(cases) <= hi
    assert {c.split for c in cases} == {"dev", "test"}
    voice = [c for c in cases if c.category == "voice"]
    decisions = {c.expected.decision.value for c in voice}
    assert {"pass", "review"} <= decisions
    assert any(f.rule == "voice" for c in voice for f in c.expected.findings)


def test_global_brand_all_markets_case_set() -> None:
    """builtin:examples/global-brand-all-markets extends every pack: each post gets only the
    findings of its own markets, local-language labels pass in their market, and packs that
    agree on the same words give one finding that cites them all."""
    from brandguard.evals import load_dataset
    from brandguard.evals.metrics import _matches

    root = Path(__file__).parents[1]
    cases = load_dataset(root / "evals/datasets/examples/global-brand-all-markets.jsonl")
    assert len(cases) >= 60
    checker = Checker("builtin:examples/global-brand-all-markets")
    rules = {r.id: r for r in checker.policy.rules}
    stacks = Counter()
    for case in cases:
        v = checker.check(case.post)
        stacks[case.tags.model_extra.get("stack")] += 1
        assert v.decision.value == case.expected.decision.value, (
            case.id,
            [f.rule for f in v.findings],
        )
        for exp in case.expected.findings:
            assert any(
                _matches(r, exp.rule)
                for f in v.findings
                for r in [f.rule, *(c.rule for c in f.citations)]
            ), (case.id, exp.rule)
        where = case.post.jurisdictions
        for f in v.findings:
            for cite in f.citations or [f]:
                rule = next(
                    r
                    for rid, r in rules.items()
                    if cite.rule == rid or cite.rule.startswith(rid + ".")
                )
                # no finding from a pack outside the post's markets
                assert rule.market_set is None or not where or where & rule.market_set, (
                    case.id,
                    cite.rule,
                )
        # no duplicates: no two findings on overlapping words for one concern or one rule
        text = [f for f in v.findings if f.field == "text"]
        for i, a in enumerate(text):
            for b in text[i + 1 :]:
                if a.start < b.end and b.start < a.end:
                    ca = {
                        rules[r].concern or r
                        for r in rules
                        if a.rule == r or a.rule.startswith(r + ".")
                    }
                    cb = {
                        rules[r].concern or r
                        for r in rules
                        if b.rule == r or b.rule.startswith(r + ".")
                    }
                    assert not ca & cb, (case.id, a.rule, b.rule)
    assert all(stacks[s] >= 8 for s in ("local-label", "out-of-market", "no-duplicates")), stacks


def test_one_missing_label_for_two_markets_is_one_finding_citing_both() -> None:
    checker = Checker("builtin:examples/global-brand-all-markets")
    v = checker.check(
        "Loving my new @brightside soap #gifted",
        sponsored=True,
        locale="en-US",
        markets=["US", "GB"],
    )
    assert v.decision is Decision.BLOCK
    disclosure = [f for f in v.findings if f.excerpt == "#gifted"]
    assert len(disclosure) == 1, [f.rule for f in v.findings]
    cited = {c.rule for c in disclosure[0].citations}
    assert {"ftc.disclosure.inadequate", "uk.ad-label.inadequate"} <= cited
    sources = " ".join(c.source or "" for c in disclosure[0].citations)
    assert "ftc.gov" in sources and "asa.org.uk" in sources
    assert {c.owner for c in disclosure[0].citations} == {"legal", "legal-uk"}
    # the same post for the US only: the FTC alone, and for Germany: the EU pack alone
    us = checker.check("Loving my new @brightside soap #gifted", sponsored=True, locale="en-US")
    assert [c.rule for f in us.findings for c in f.citations if f.excerpt == "#gifted"] == [
        "ftc.disclosure.inadequate"
    ]
    de = checker.check("Anzeige | Unser neuer Duschschaum ist da", sponsored=True, locale="de-DE")
    assert de.decision is Decision.PASS, [f.rule for f in de.findings]
    assert not checker.check("Guaranteed to make you smile", locale="en-US").findings
