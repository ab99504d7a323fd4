"""Eval metrics against small hand-computed cases."""

from __future__ import annotations

import pytest

from brandguard.evals.metrics import (
    ActualFinding,
    Labelled,
    Outcome,
    cohen_kappa,
    compute,
    percentile,
    policy_rule_of,
    wilson,
)

POLICY = ["health.disease-claim", "ftc.disclosure", "brand.profanity", "a11y.hashtags"]


def lab(i, decision, rules=(), spans=(), category="c"):
    return Labelled(
        id=i, decision=decision, rules=list(rules), spans=list(spans), category=category
    )


def out(i, decision, *findings, latency=1.0):
    return Outcome(
        id=i, decision=decision, findings=[ActualFinding(*f) for f in findings], latency_ms=latency
    )


def test_wilson_matches_the_textbook_values() -> None:
    # 8/10: Wilson 95% interval is [0.4902, 0.9433]
    assert wilson(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert wilson(0, 10)[0] == 0.0
    assert wilson(10, 10)[1] == 1.0
    assert wilson(0, 0) is None


def test_kappa_hand_computed() -> None:
    pairs = [
        ("block", "block"),
        ("pass", "pass"),
        ("block", "block"),
        ("block", "pass"),
        ("review", "review"),
        ("review", "block"),
    ]
    # po = 4/6; pe = (1*2 + 2*1 + 3*3) / 36 = 13/36; kappa = (24/36 - 13/36) / (23/36) = 11/23
    assert cohen_kappa(pairs) == pytest.approx(11 / 23, abs=1e-4)
    assert cohen_kappa([("pass", "pass"), ("block", "block")]) == 1.0
    assert cohen_kappa([]) is None
    # quadratic: a pass/block disagreement costs 4x a pass/review one
    near = cohen_kappa(
        [("pass", "review"), ("review", "review"), ("block", "block"), ("pass", "pass")],
        weights="quadratic",
    )
    far = cohen_kappa(
        [("pass", "block"), ("review", "review"), ("block", "block"), ("pass", "pass")],
        weights="quadratic",
    )
    assert near > far


def test_percentile() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile([], 50) is None


def test_policy_rule_of_takes_the_longest_prefix() -> None:
    assert policy_rule_of("ftc.disclosure.missing", POLICY) == "ftc.disclosure"
    assert policy_rule_of("ftc.disclosureX", POLICY) == "ftc.disclosureX"
    assert policy_rule_of("a.b.c", ["a", "a.b"]) == "a.b"


def test_compute_hand_computed() -> None:
    labelled = [
        lab("1", "block", ["health.disease-claim"], [("health.disease-claim", 8, 20)], "health"),
        lab("2", "pass", category="health"),
        lab("3", "block", ["ftc.disclosure"], category="disclosure"),
        lab("4", "block", ["health.disease-claim"], category="health"),
        lab("5", "review", ["brand.profanity"], [("brand.profanity", 5, 9)], "profanity"),
        lab("6", "pass", category="compliant"),
        lab("7", "pass", category="compliant"),
    ]
    outcomes = [
        out("1", "block", ("health.disease-claim", "error", 8, 20)),
        out(
            "2", "pass", ("a11y.hashtags.hashtag-case", "suggestion", 0, 5)
        ),  # suggestion: not an FP
        out("3", "block", ("ftc.disclosure.missing", "error", 0, 10)),
        out("4", "pass"),
        out("5", "review", ("brand.profanity", "warning", 6, 9)),  # overlaps, not exact
        out("6", "block", ("health.disease-claim", "error", 0, 4)),  # a false block
        out("7", "review", ("brand.profanity", "warning", 0, 3)),  # a false flag
    ]
    m = compute(labelled, outcomes, policy_rules=POLICY)
    assert m["decision"]["accuracy"] == pytest.approx(4 / 7, abs=1e-4)
    assert m["decision"]["confusion"]["block"] == {"pass": 1, "review": 0, "block": 2}
    assert m["decision"]["confusion"]["pass"] == {"pass": 1, "review": 1, "block": 1}
    r = m["rates"]
    assert (r["false_block_rate"]["count"], r["false_block_rate"]["n"]) == (1, 3)
    assert (r["false_flag_rate"]["count"], r["false_flag_rate"]["n"]) == (2, 3)
    assert (r["missed_violation_rate"]["count"], r["missed_violation_rate"]["n"]) == (1, 3)
    assert r["missed_violation_rate"]["value"] == pytest.approx(0.3333)
    health = m["per_rule"]["health.disease-claim"]
    assert (health["tp"], health["fp"], health["fn"]) == (1, 1, 1)
    assert health["precision"] == 0.5 and health["recall"] == 0.5 and health["f1"] == 0.5
    prof = m["per_rule"]["brand.profanity"]
    assert (prof["tp"], prof["fp"], prof["fn"]) == (1, 1, 0)
    assert "a11y.hashtags" not in m["per_rule"]  # suggestions are not false positives
    assert m["per_rule"]["ftc.disclosure"]["recall"] == 1.0
    cat = m["per_category"]["health"]  # cases 1, 2, 4: tp=1 (1), tn=1 (2), fn=1 (4)
    assert (cat["tp"], cat["fp"], cat["fn"], cat["tn"], cat["n"]) == (1, 0, 1, 1, 3)
    assert m["per_category"]["compliant"]["fp"] == 2
    assert m["spans"] == {
        "n": 2,
        "overlap_rate": 1.0,
        "overlap_ci": wilson(2, 2),
        "exact_rate": 0.5,
    }
    assert m["latency_ms"]["p50"] == 1.0
    assert m["usage"] == {"tokens_per_post": None, "cost_per_post_usd": None}


def test_errored_outcomes_are_not_scored_as_passes() -> None:
    m = compute([lab("1", "block", ["x"])], [Outcome(id="1", decision=None, error="boom")])
    assert m["errors"] == 1 and m["scored"] == 0
    assert m["decision"]["accuracy"] is None


def test_expected_family_prefix_matches_any_rule_under_it() -> None:
    pids = ["finance.promissory", "finance.performance-needs-risk", "brand.profanity"]
    labelled = [lab("1", "review", ["finance"]), lab("2", "review", ["finance"])]
    outcomes = [
        out("1", "review", ("finance.performance-needs-risk", "warning", 0, 5)),
        out("2", "pass"),
    ]
    m = compute(labelled, outcomes, policy_rules=pids)
    assert m["per_rule"]["finance"] == {**m["per_rule"]["finance"], "tp": 1, "fn": 1, "fp": 0}
    assert (
        "finance.performance-needs-risk" not in m["per_rule"]
    )  # consumed by the family, not an FP


def test_judge_findings_meet_the_families_a_dataset_expects() -> None:
    pids = ["health.disease-claim", "voice.forbidden"]
    labelled = [
        lab("1", "review", ["voice"]),
        lab("2", "block", ["health.disease-claim"]),
        lab("3", "pass"),
    ]
    outcomes = [
        out("1", "review", ("judge.voice.sarcasm", "warning", 0, 5)),
        out("2", "review", ("judge.compliance.implied-health-claim", "warning", 0, 5)),
        out("3", "review", ("judge.compliance.implied-financial-promise", "warning", 0, 5)),
    ]
    m = compute(labelled, outcomes, policy_rules=pids)
    assert (m["per_rule"]["voice"]["tp"], m["per_rule"]["voice"]["fn"]) == (1, 0)
    assert m["per_rule"]["health.disease-claim"]["tp"] == 1
    assert m["per_rule"]["judge.compliance.implied-financial-promise"]["fp"] == 1
    assert "judge.voice.sarcasm" not in m["per_rule"]  # consumed by the expected family
