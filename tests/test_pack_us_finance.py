"""builtin:packs/us-finance on regulator examples (paraphrased) and near-misses.

Sources of the firing examples: FINRA Rule 2210(d)(1)(B) and (F) and FINRA investor-education
examples of promissory claims; SEC settled touting orders under Securities Act §17(b)
(Kardashian 2022, Mayweather 2018, Pierce 2023, the Tron promoters 2023); the SEC Marketing
Rule 206(4)-1(b) testimonial disclosures and the December 2025 Risk Alert. All paraphrased.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from brandguard import Checker, Post
from brandguard.cli import app
from brandguard.verdict import apply_fixes
from conftest import checked


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker("builtin:packs/us-finance")


def findings(checker: Checker, text: str, **fields):
    v = checked(checker, text, **fields)
    return v, [(f.rule, f.excerpt) for f in v.findings]


@pytest.mark.parametrize(
    ("text", "fields", "rule", "excerpt"),
    [
        # FINRA 2210(d)(1)(B): promissory (FINRA examples "guaranteed to double your money", "risk-free")
        (
            "Our Growth fund offers guaranteed returns every month.",
            {},
            "finance.promissory",
            "guaranteed returns",
        ),
        (
            "Risk-free investment: earn passive income monthly.",
            {},
            "finance.promissory",
            "Risk-free investment",
        ),
        ("This strategy is so simple you can't lose.", {}, "finance.promissory", "can't lose"),
        (
            "Double your money in 90 days with our program!",
            {},
            "finance.promissory",
            "Double your money",
        ),
        (
            "Our notes pay 11% and the returns are guaranteed.",
            {},
            "finance.promissory",
            "returns are guaranteed",
        ),
        (
            "This investment will never lose value, you will never lose money.",
            {},
            "finance.promissory",
            "never lose",
        ),
        ("Gu@r@nt33d pr0fits on every trade", {}, "finance.promissory", "Gu@r@nt33d pr0fits"),
        # FINRA 2210(d)(1)(F): projections; SEC v. Pierce: "to the moon"
        ("$NVDA will hit $300 by Christmas.", {}, "finance.projection", "will hit $300"),
        ("This token is going to the moon 🚀", {}, "finance.projection", "is going to the moon"),
        # FINRA 2210(d)(1)(A): performance without risk
        (
            "Our Balanced Fund returned 18.4% last year.",
            {},
            "finance.performance-needs-risk",
            "returned 18.4%",
        ),
        (
            "12% annualized returns over five years.",
            {},
            "finance.performance-needs-risk",
            "12% annualized returns",
        ),
        # SEC Marketing Rule 206(4)-1(b)(1): testimonial without compensation statement
        (
            '"Working with Harbor Ridge has been transformational." — Mark T., client',
            {},
            "finance.testimonial-compensation",
            "— Mark T., client",
        ),
        # Securities Act 17(b): SEC v. Kardashian (EMAX, '#ad' without the amount)
        (
            "Are you into crypto? Sharing what my friends told me about the EMAX token! #ad",
            {"sponsored": True},
            "finance.touting",
            "EMAX token",
        ),
        # SEC v. Mayweather (Centra ICO)
        (
            "Centra's ICO starts soon. Get yours before they sell out!",
            {"sponsored": True},
            "finance.touting",
            "ICO",
        ),
        # SEC v. BitConnect promoters (2021): a rate of return, then the risk denied
        (
            "Lending program: a high rate of return, as high as 40% per month, with no risk.",
            {},
            "finance.promissory",
            "rate of return, as high as 40% per month, with no risk",
        ),
        # nature and source disclosed, amount missing
        (
            "Paid partnership with NovaChain: grab the NOVA token presale! I was paid by NovaChain.",
            {"sponsored": True},
            "finance.touting",
            "NOVA token",
        ),
    ],
)
def test_regulator_examples_fire(checker, text, fields, rule, excerpt) -> None:
    v, got = findings(checker, text, **fields)
    assert (rule, excerpt) in got, got
    assert v.decision.value == "block"


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("Beware of anyone promising guaranteed returns: it's a sign of fraud.", {}),
        ("There is no such thing as a risk-free investment.", {}),
        ("Satisfaction guaranteed or your money back.", {}),
        ("Try our budgeting app risk-free for 30 days.", {}),
        ("We can't lose sight of the long term.", {}),
        ("Love you to the moon and back, Mom!", {}),
        (
            "Guaranteed lifetime income from our fixed annuity. Guarantees are subject to the "
            "claims-paying ability of the issuing insurance company.",
            {},
        ),
        (
            "Our fund returned 18.4% last year. Past performance does not guarantee future results.",
            {},
        ),
        (
            '"Patient and clear." — Ana R., current client. Ana was not compensated for this statement.',
            {},
        ),
        (
            "#ad I was paid $10,000 in cash by NovaChain to promote the NOVA token presale.",
            {"sponsored": True},
        ),
        ("#ad Back in stock: our linen shirts!", {"sponsored": True}),
        # not sponsored: 17(b) needs consideration
        ("I bought some $TRX today, just my own money.", {"sponsored": False}),
        ("Savings accounts now earn 4.10% APY. FDIC insured.", {}),
        ("Free returns, no risk: order today.", {}),
    ],
)
def test_near_misses_pass(checker, text, fields) -> None:
    v, got = findings(checker, text, **fields)
    assert v.decision.value == "pass", got


def test_performance_fix_appends_risk_statement(checker) -> None:
    text = "Our Balanced Fund returned 18.4% last year."
    v = checker.check(Post(text=text))
    fixes = [f.fix for f in v.findings if f.fix is not None]
    fixed = apply_fixes(text, fixes)
    assert "Past performance does not guarantee future results" in fixed
    assert checker.check(Post(text=fixed)).decision.value == "pass"


def test_every_rule_cites_and_has_owner(checker) -> None:
    for rule in checker.policy.rules:
        assert rule.source and rule.source.startswith("https://"), rule.id
        assert rule.owner in {"legal", "compliance"}, rule.id


def test_lint_strict() -> None:
    res = CliRunner().invoke(app, ["policy", "lint", "builtin:packs/us-finance", "--strict"])
    assert res.exit_code == 0, res.output
