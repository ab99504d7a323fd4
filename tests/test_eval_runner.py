"""The eval runner: results as they come, resume after interruption, gates, compare, reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brandguard import Checker
from brandguard.cli import app
from brandguard.evals import load_dataset
from brandguard.evals.compare import regressions, tracked_metrics
from brandguard.evals.report import html_report
from brandguard.evals.runner import EvalConfig, run_eval

SMALL = Path(__file__).parent / "data" / "eval_small.jsonl"
runner = CliRunner()


class CountingChecker(Checker):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    async def acheck(self, post, **fields):
        self.seen.append(post.id)
        return await super().acheck(post, **fields)


def test_run_writes_results_and_metrics(tmp_path: Path) -> None:
    cases = load_dataset(SMALL)
    res = run_eval(cases, Checker(), EvalConfig(dataset=str(SMALL)), tmp_path, progress=False)
    lines = (tmp_path / "results.jsonl").read_text().splitlines()
    assert sorted(json.loads(x)["id"] for x in lines) == ["s1", "s2", "s3", "s4", "s5", "s6"]
    result = json.loads((tmp_path / "result.json").read_text())
    assert result == json.loads(json.dumps(res.result))
    assert result["schema_version"] == 1
    assert result["run"]["policy"]["name"] == "brandguard-default"
    assert result["run"]["engine"] == "rules"
    assert result["metrics"]["decision"]["accuracy"] == pytest.approx(4 / 6, abs=1e-4)
    wrong = {c["id"] for c in result["cases"] if not c["correct"]}
    assert wrong == {"s4", "s6"}


def test_resume_after_interruption(tmp_path: Path) -> None:
    cases = load_dataset(SMALL)
    config = EvalConfig(dataset=str(SMALL))
    run_eval(cases, Checker(), config, tmp_path, progress=False)
    results = tmp_path / "results.jsonl"
    lines = results.read_text().splitlines()
    # an interruption after three cases, the fourth line cut in the middle of writing
    results.write_text("\n".join(lines[:3]) + "\n" + lines[3][:25])
    checker = CountingChecker()
    res = run_eval(cases, checker, config, tmp_path, progress=False)
    done_before = {json.loads(x)["id"] for x in lines[:3]}
    assert res.resumed == 3
    assert sorted(checker.seen) == sorted({c.id for c in cases} - done_before)
    assert res.result["metrics"]["scored"] == 6
    # fresh: everything runs again
    checker = CountingChecker()
    res = run_eval(cases, checker, config, tmp_path, fresh=True, progress=False)
    assert res.resumed == 0 and len(checker.seen) == 6


def test_resume_refuses_another_configuration(tmp_path: Path) -> None:
    cases = load_dataset(SMALL)
    run_eval(cases, Checker(), EvalConfig(dataset=str(SMALL)), tmp_path, progress=False)
    with pytest.raises(RuntimeError, match="another configuration"):
        run_eval(
            cases[:2], Checker(), EvalConfig(dataset=str(SMALL), limit=2), tmp_path, progress=False
        )


def test_a_second_eval_on_the_same_folder_is_refused_while_one_runs(tmp_path: Path) -> None:
    """Two evals on one --out would both run every case: the second stops at once."""
    import subprocess
    import sys
    import time

    lock = tmp_path / ".lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        t = time.perf_counter()
        with pytest.raises(RuntimeError, match="another eval is running"):
            run_eval(
                load_dataset(SMALL),
                Checker(),
                EvalConfig(dataset=str(SMALL)),
                tmp_path,
                progress=False,
            )
        assert time.perf_counter() - t < 5  # refused at once, not after waiting
    finally:
        holder.kill()
        holder.wait()
    # once the other run ends, the folder is free
    res = run_eval(
        load_dataset(SMALL), Checker(), EvalConfig(dataset=str(SMALL)), tmp_path, progress=False
    )
    assert res.result["metrics"]["scored"] == 6


def test_cli_eval_and_baseline_gate(tmp_path: Path) -> None:
    out = tmp_path / "run"
    res = runner.invoke(app, ["eval", str(SMALL), "--out", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    assert "6 cases" in res.stdout
    assert (out / "report.html").exists()
    baseline = out / "result.json"
    # same policy, same data: the gate passes
    res = runner.invoke(
        app,
        [
            "eval",
            str(SMALL),
            "--out",
            str(tmp_path / "again"),
            "--quiet",
            "--baseline",
            str(baseline),
        ],
    )
    assert res.exit_code == 0 and "regression gate: ok" in res.stdout
    # a policy that loses the health rule: accuracy and health recall drop -> exit 1
    weaker = tmp_path / "weaker.yaml"
    weaker.write_text("name: weaker\nextends: [builtin:default]\ndisable: [health.*]\n")
    res = runner.invoke(
        app,
        [
            "eval",
            str(SMALL),
            "--policy",
            str(weaker),
            "--out",
            str(tmp_path / "w"),
            "--quiet",
            "--baseline",
            str(baseline),
            "--max-drop",
            "0.02",
        ],
    )
    assert res.exit_code == 1
    assert "decision.accuracy" in res.output
    # a generous tolerance lets it through
    res = runner.invoke(
        app,
        [
            "eval",
            str(SMALL),
            "--policy",
            str(weaker),
            "--out",
            str(tmp_path / "w"),
            "--quiet",
            "--baseline",
            str(baseline),
            "--max-drop",
            "0.9",
        ],
    )
    assert res.exit_code == 0
    # compare shows the flipped case
    res = runner.invoke(
        app,
        ["eval", "compare", str(baseline), str(tmp_path / "w" / "result.json"), "--format", "json"],
    )
    data = json.loads(res.stdout)
    assert [r["id"] for r in data["broken"]] == ["s1"]
    assert any(d["metric"] == "decision.accuracy" and d["change"] < 0 for d in data["deltas"])
    res = runner.invoke(
        app,
        [
            "eval",
            "compare",
            str(baseline),
            str(tmp_path / "w" / "result.json"),
            "--max-drop",
            "0.02",
        ],
    )
    assert res.exit_code == 1 and "now wrong" in res.stdout


def test_cli_eval_errors_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    res = runner.invoke(app, ["eval", str(bad), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and f"{bad}:1:" in res.output
    res = runner.invoke(
        app, ["eval", str(SMALL), "--tag", "nothing-has-this", "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 2


def test_tracked_metrics_and_regressions() -> None:
    before = {
        "decision": {"accuracy": 0.9, "kappa": 0.8},
        "rates": {"false_block_rate": {"value": 0.05}, "missed_violation_rate": {"value": 0.1}},
        "spans": {"overlap_rate": 0.9},
        "per_rule": {
            "r": {"tp": 5, "fp": 0, "fn": 0, "f1": 1.0, "precision": 1.0, "recall": 1.0},
            "tiny": {"tp": 1, "fp": 0, "fn": 0, "f1": 1.0, "precision": 1.0, "recall": 1.0},
        },
        "per_category": {},
    }
    assert "per_rule.tiny.f1" not in tracked_metrics(before)  # below the support floor
    after = json.loads(json.dumps(before))
    after["rates"]["false_block_rate"]["value"] = 0.08  # worse by 3 points (lower is better)
    after["decision"]["accuracy"] = 0.89  # worse by 1 point: within tolerance
    bad = regressions(before, after, 0.02)
    assert [d.metric for d in bad] == ["rates.false_block_rate"]
    after["per_rule"]["r"]["recall"] = 0.6
    assert "per_rule.r.recall" in [d.metric for d in regressions(before, after, 0.02)]


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    res = run_eval(
        load_dataset(SMALL), Checker(), EvalConfig(dataset=str(SMALL)), tmp_path, progress=False
    )
    page = html_report(res.result)
    assert page.startswith("<!doctype html>") and "<svg" in page
    assert "Confusion matrix" in page and "Wrong cases (2)" in page
    assert "Mein Tee heilt Krebs!" in page
    assert "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )  # no external assets
    assert "<script" not in page


def test_committed_dataset_and_baseline_agree_with_the_gate(tmp_path: Path) -> None:
    dataset = Path(__file__).parents[1] / "evals" / "datasets" / "default"
    baseline = Path(__file__).parents[1] / "evals" / "baselines" / "default-test.json"
    if not baseline.exists():
        pytest.skip("no committed baseline yet")
    shutil.rmtree(tmp_path / "r", ignore_errors=True)
    res = runner.invoke(
        app,
        [
            "eval",
            str(dataset),
            "--split",
            "test",
            "--out",
            str(tmp_path / "r"),
            "--quiet",
            "--no-html",
            "--baseline",
            str(baseline),
        ],
    )
    assert res.exit_code == 0, res.output
