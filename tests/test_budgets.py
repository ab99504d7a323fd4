"""Bounded work: no policy pattern, shipped rule or policy file can hang the gate (issue 11).

A pattern that backtracks without end stops at the rule's time budget with a ``rule.timeout``
finding (a review, never a pass); rules the post's budget did not reach are named in one
finding; ``policy lint`` rejects the shapes that backtrack exponentially; the loader is linear
in the number of rules and refuses YAML aliases, tags and several documents.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from brandguard import Checker, Decision, Post
from brandguard.cli import app
from brandguard.policy import PolicyError, load_policy, policy_from_dict
from brandguard.policy.regexlint import backtracking_risk

EVIL = ["(a+)+$", r"(\w+\s?)*$", "(a|aa)+$", "(x+x+)+y"]


def _policy(patterns: list[str], n: int = 1) -> dict:
    return {
        "name": "evil",
        "version": "1",
        "rules": {
            f"evil.redos{i}": {
                "kind": "existence",
                "level": "error",
                "message": "'%s'",
                "patterns": patterns,
                "nonword": True,
                "source": "https://example.com/rule",
                "owner": "qa-team",
            }
            for i in range(n)
        },
    }


HOSTILE = {
    "(a+)+$": "a" * 5000 + "!",
    r"(\w+\s?)*$": "hello world " * 400 + "!",
    "(a|aa)+$": "a" * 5000 + "!",
    "(x+x+)+y": "x" * 5000,
}


@pytest.mark.parametrize("pattern", EVIL)
def test_a_catastrophic_pattern_stops_at_the_rule_budget_with_a_review(pattern: str) -> None:
    checker = Checker(policy_from_dict(_policy([pattern])), rule_budget=0.2)
    t0 = time.monotonic()
    verdict = checker.check(Post(text=HOSTILE[pattern]))
    spent = time.monotonic() - t0
    assert spent < 1.5, spent  # the backtracking alone would take minutes to centuries
    assert verdict.decision is Decision.REVIEW
    (finding,) = verdict.findings
    assert finding.rule == "rule.timeout"
    assert "evil.redos0" in finding.message and "0.2 s" in finding.message
    assert finding.owner == "qa-team" and finding.source == "https://example.com/rule"


def test_rules_the_post_budget_did_not_reach_are_named_never_skipped() -> None:
    checker = Checker(policy_from_dict(_policy(["(a+)+$"], n=6)), rule_budget=0.2, post_budget=0.5)
    t0 = time.monotonic()
    verdict = checker.check(Post(text="a" * 5000 + "!"))
    assert time.monotonic() - t0 < 2.0
    assert verdict.decision is Decision.REVIEW
    timeouts = [f for f in verdict.findings if f.rule == "rule.timeout"]
    assert 2 <= len(timeouts) <= 5  # some rules timed out, then one finding for the rest
    last = timeouts[-1].message
    assert "budget for this post ran out" in last and "evil.redos5" in last


def test_without_budgets_a_normal_pattern_still_matches() -> None:
    checker = Checker(policy_from_dict(_policy(["guaranteed"])), rule_budget=None, post_budget=None)
    assert checker.check("guaranteed").decision is Decision.BLOCK


@pytest.mark.parametrize("value", [0, -1.0])
def test_a_budget_must_be_positive(value: float) -> None:
    with pytest.raises(ValueError, match="budget"):
        Checker(rule_budget=value)


def test_shipped_rules_finish_well_inside_the_budget_on_hostile_posts() -> None:
    """Pathological 20,000-character posts (digit runs, repeated cues, dots): no shipped rule
    of the all-markets policy may reach its budget, so none ends as rule.timeout. (Before
    the fix, ftc.fake-indicators took ~5 s on 20,000 digits: quadratic backtracking.)"""
    checker = Checker("builtin:examples/global-brand-all-markets", judges=False)
    units = ["1", "1 ", "4111 ", "ship to 1 ", "a (at) b (dot) ", ".", "🙂", "£1 ", "@a "]
    for unit in units:
        text = (unit * (20_000 // len(unit) + 1))[:20_000]
        verdict = checker.check(Post(text=text))
        assert not [f for f in verdict.findings if f.rule == "rule.timeout"], unit


@pytest.mark.parametrize("pattern", [*EVIL, "(.*a){20}", r"(?:\d+)*x"])
def test_lint_rejects_patterns_that_backtrack_exponentially(tmp_path: Path, pattern: str) -> None:
    assert backtracking_risk(pattern)
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(_policy([pattern])), encoding="utf-8")
    result = CliRunner().invoke(app, ["policy", "lint", str(path)])
    assert result.exit_code == 2
    assert "rules.evil.redos0.patterns[0]" in result.output
    assert "exponential time" in result.output


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:-\d+)*",  # a delimiter the repeat cannot consume
        r"([a-z]+\.)+com",
        r"(?:\s+\w+)+$",
        r"(?:(?:annualized|average|annual|net) )*returns",
        r"(?: ?[\(\[\{] ?dot ?[\)\]\}] ?[a-z0-9-]+)+",
        r"(?:[a-z0-9]+ ){1,3}street",  # bounded: polynomial at most
        r"\p{L}+ \K\d+",  # regex-module syntax
    ],
)
def test_lint_accepts_unambiguous_repeats(pattern: str) -> None:
    assert backtracking_risk(pattern) is None


def test_every_shipped_pattern_passes_the_backtracking_lint() -> None:
    from brandguard.policy.loader import builtin_policies as list_policies
    from brandguard.policy.regexlint import rule_patterns

    names = list_policies()
    assert names
    for name in names:
        for rule in load_policy(f"builtin:{name}").rules:
            for where, pattern in rule_patterns(rule):
                assert backtracking_risk(pattern) is None, (name, rule.id, where)


def _rules_file(tmp_path: Path, n: int) -> Path:
    rules = {
        f"bulk.rule{i}": {
            "kind": "existence",
            "level": "warning",
            "message": "'%s'",
            "tokens": [f"word{i}"],
            "source": "https://example.com",
            "owner": "qa",
        }
        for i in range(n)
    }
    path = tmp_path / f"bulk{n}.yaml"
    path.write_text(yaml.safe_dump({"name": "bulk", "rules": rules}), encoding="utf-8")
    return path


def test_the_loader_is_linear_in_the_number_of_rules(tmp_path: Path) -> None:
    small, large = _rules_file(tmp_path, 500), _rules_file(tmp_path, 4000)
    load_policy(small)

    def best(path: Path) -> float:
        import gc

        times = []
        for _ in range(3):
            gc.collect()  # a large test session's heap makes collections cost more
            t0 = time.perf_counter()
            policy = load_policy(path)
            times.append(time.perf_counter() - t0)
        assert policy.rules
        return min(times)

    ratio = best(large) / best(small)
    assert ratio < 8 * 3, ratio  # 8x the rules: linear is ~8x; quadratic was ~64x


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\na: &a [1, 2]\nb: [*a, *a]\n", "YAML aliases"),
        ("name: x\nrules: !!python/object:os.system {}\n", "YAML tag"),
        ("name: x\n---\nname: y\n", "one YAML document"),
        ("name: x\nname: y\n", "duplicate key"),
        ("? [a]\n: x\n", "a key must be a plain value"),
        ("- a\n- b\n", "must be a mapping"),
    ],
)
def test_the_loader_refuses_what_a_policy_never_needs(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match=message):
        load_policy(path)


def test_a_billion_laughs_file_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["name: bomb", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.monotonic()
    with pytest.raises(PolicyError, match="aliases") as info:
        load_policy(path)
    assert time.monotonic() - t0 < 1.0
    assert info.value.issues[0].line == 3


def test_lines_are_kept_for_errors_deep_in_a_rule(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: x\nrules:\n  a.rule:\n    kind: existence\n    level: error\n"
        "    message: m\n    tokens:\n      - ok\n    bogus: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert any(i.line == 9 for i in info.value.issues), info.value.issues


def test_the_cli_takes_the_budgets_and_reports_the_timeout(tmp_path: Path) -> None:
    import json

    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(_policy([r"(\w+\s?)*$"])), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "check",
            "--policy",
            str(path),
            "--rule-budget",
            "0.1",
            "--time-budget",
            "1",
            "--format",
            "json",
            "hello world " * 400 + "!",
        ],
    )
    record = json.loads(result.stdout)
    assert record["decision"] == "review"
    assert [f["rule"] for f in record["findings"]] == ["rule.timeout"]
    assert "0.1 s budget" in record["findings"][0]["message"]


@pytest.mark.parametrize(
    ("pattern", "linear"),
    [
        (r"\d{4}", True),
        (r"guarant|risk|\dx|your (?:money|invest)", True),
        (r"(?i:order|ticket)[^\n]{0,20}?\d{4}", True),
        (r"\s+", False),  # unbounded: runs on the regex module, under the budget
        (r"(?:ab){2,40}", False),  # a repeated group: not proven
        (r"(a)\1", False),  # a back-reference
        (r"\p{L}", False),  # regex-module syntax
    ],
)
def test_only_patterns_proven_linear_run_without_a_timeout(pattern: str, linear: bool) -> None:
    from brandguard.policy.regexlint import proven_linear
    from brandguard.rules.base import compile_pattern

    assert proven_linear(pattern) is linear
    compiled = compile_pattern(pattern)
    # compiled on first use (GatedPattern): the engine it chose
    assert (type(compiled.compiled).__name__ == "_Linear") is linear
    assert list(compiled.finditer("order 12345 risk", timeout=0.5)) is not None


def test_garbage_collection_is_not_charged_to_a_rule() -> None:
    """A full collection in a big process stops every thread; rule and post deadlines move by
    it (``stall_seconds``), as they do for first-use pattern compiles."""
    import gc
    import time

    from brandguard._lazyre import stall_seconds

    junk = [[i] for i in range(300_000)]
    before = stall_seconds()
    t = time.perf_counter()
    gc.collect()
    took = time.perf_counter() - t
    del junk
    assert stall_seconds() - before >= 0.8 * took > 0
