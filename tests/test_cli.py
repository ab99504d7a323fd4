"""The CLI contract: exit codes, JSONL order and error records, formats, --fix, policy commands."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brandguard.cli import app

runner = CliRunner()

BLOCKING = "Our tea cures cancer!"
REVIEW = "Loving my new serum from @acme, use code GLOW20 for 20% off!"
CLEAN = "Join us at 6pm for a tour of the roastery."


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_exit_status_follows_fail_on() -> None:
    assert run("check", CLEAN).exit_code == 0
    assert run("check", BLOCKING).exit_code == 1
    assert run("check", REVIEW).exit_code == 0  # review is below the default --fail-on block
    assert run("check", REVIEW, "--fail-on", "review").exit_code == 1
    assert run("check", BLOCKING, "--fail-on", "never").exit_code == 0


def test_usage_errors_exit_2() -> None:
    assert run("check").exit_code == 2
    assert run("check", "a", "--input", "x.jsonl").exit_code == 2
    assert run("check", "a", "--platform", "myspace").exit_code == 2
    assert run("check", "a", "--locale", "not a locale").exit_code == 2
    assert run("check", "--file", "/nonexistent/post.txt").exit_code == 2


def test_invalid_policy_exits_2_with_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("name: bad\nrules:\n  r: {kind: existence, level: fatal, tokens: [a]}\n")
    res = run("check", "hello", "--policy", str(p))
    assert res.exit_code == 2
    assert f"{p}:3: rules.r.level" in res.output


def test_json_output_schema() -> None:
    res = run("check", BLOCKING, "--format", "json", "--platform", "x")
    assert res.exit_code == 1
    rec = json.loads(res.stdout)
    assert set(rec) == {"id", "decision", "findings", "policy", "judges", "error"}
    assert rec["decision"] == "block" and rec["error"] is None
    # the default policy runs no judges, and the verdict says so
    assert rec["judges"]["status"] == "skipped"
    assert rec["judges"]["reason"] == "the policy runs no judges"
    assert set(rec["policy"]) == {"name", "version", "sha256"}
    f = rec["findings"][0]
    assert {
        "rule",
        "severity",
        "message",
        "start",
        "end",
        "excerpt",
        "suggestion",
        "fix",
        "source",
        "owner",
        "engine",
    } <= set(f)
    assert BLOCKING[f["start"] : f["end"]] == f["excerpt"] == "cures cancer"
    assert f["engine"] == "rule" and f["source"].startswith("https://")


def test_jsonl_keeps_order_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a", "text": CLEAN}),
        "not json",
        json.dumps({"id": "c", "text": "x", "platform": "myspace"}),
        "",
        json.dumps({"id": 4, "text": BLOCKING, "platform": "x"}),
        json.dumps(["a list"]),
        json.dumps({"id": "f", "text": "#ad my new @acme shoes", "sponsored": True}),
        json.dumps({"id": "g", "text": "no closing"})[:-1],
    ]
    res = run("check", "--input", "-", input="\n".join(lines) + "\n")
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["id"] for r in out] == ["a", None, "c", "4", None, "f", None]
    assert [r["decision"] for r in out] == ["pass", None, None, "block", None, "pass", None]
    assert out[1]["error"].startswith("line 2: invalid JSON")
    assert out[2]["error"].startswith("line 3: field platform")
    assert out[4]["error"].startswith("line 6:")
    assert out[6]["error"].startswith("line 8: invalid JSON")
    assert all(r["error"] is None for r in (out[0], out[3], out[5]))
    assert res.exit_code == 2  # input errors win over a block decision
    assert res.stderr.startswith("brandguard check: 4 of 7 input line(s) could not be checked")


def test_jsonl_errors_only_exit_2_and_clean_exit_0(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "a", "text": CLEAN}) + "\n{oops\n")
    assert run("check", "--input", str(p)).exit_code == 2
    p.write_text(json.dumps({"id": "a", "text": CLEAN}) + "\n")
    assert run("check", "--input", str(p)).exit_code == 0


def test_cli_options_are_defaults_for_jsonl_lines(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(
        json.dumps({"id": "inherits", "text": "Loving my @acme shoes"})
        + "\n"
        + json.dumps({"id": "own", "text": "Loving my @acme shoes", "sponsored": False})
        + "\n"
    )
    res = run("check", "--input", str(p), "--sponsored")
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert out[0]["decision"] == "block"
    assert out[0]["findings"][0]["rule"] == "ftc.disclosure.missing"
    assert out[1]["decision"] == "pass"


def test_fix_prints_fixed_text() -> None:
    res = run("check", "--fix", "--sponsored", "Loving my @acme shoes #blacklivesmatter")
    assert res.exit_code == 0
    assert res.stdout.strip() == "#ad Loving my @acme shoes #BlackLivesMatter"


def test_fix_in_json_reports_what_remains() -> None:
    res = run("check", "--fix", "--sponsored", "--format", "json", "Our @acme tea cures cancer")
    rec = json.loads(res.stdout)
    assert rec["fixed_text"] == "#ad Our @acme tea cures cancer"
    assert [f["rule"] for f in rec["findings"]] == ["health.disease-claim"]
    assert res.exit_code == 1


def test_file_input(tmp_path: Path) -> None:
    p = tmp_path / "post.txt"
    p.write_text(BLOCKING + "\n", encoding="utf-8")
    res = run("check", "--file", str(p), "--format", "json")
    assert json.loads(res.stdout)["findings"][0]["excerpt"] == "cures cancer"


def test_text_output_is_readable() -> None:
    res = run("check", BLOCKING)
    assert "cures cancer" in res.stdout
    assert "health.disease-claim" in res.stdout
    assert "BLOCK" in res.stdout
    assert "source" in res.stdout


def test_policy_lint_show_and_rules(tmp_path: Path) -> None:
    res = run("policy", "lint", "builtin:default")
    assert res.exit_code == 0 and res.stdout.startswith("ok: brandguard-default")
    p = tmp_path / "p.yaml"
    p.write_text(
        textwrap.dedent("""\
        name: p
        rules:
          r: {kind: existence, tokens: [a]}
    """)
    )
    assert run("policy", "lint", str(p)).exit_code == 0
    assert run("policy", "lint", str(p), "--strict").exit_code == 2
    p.write_text("name: p\nrules:\n  r: {kind: nope}\n")
    res = run("policy", "lint", str(p))
    assert res.exit_code == 2 and f"{p}:3: rules.r.kind" in res.output
    show = run("policy", "show", "--format", "json")
    data = json.loads(show.stdout)
    assert data["name"] == "brandguard-default" and "ftc.disclosure" in data["rules"]
    assert run("rules").stdout.count("\n") >= 11
    assert "What it does" in run("rules", "pii").stdout
    assert run("rules", "nope").exit_code == 2


def test_console_script_runs_in_a_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "brandguard.cli", "check", BLOCKING, "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["decision"] == "block"


@pytest.mark.parametrize("fail_on,code", [("block", 0), ("review", 1), ("never", 0)])
def test_fail_on_with_review_decision(fail_on: str, code: int) -> None:
    assert run("check", REVIEW, "--fail-on", fail_on).exit_code == code


def test_debug_is_a_global_option() -> None:
    assert run("--debug", "check", CLEAN).exit_code == 0
    assert "--debug" in run("--help").stdout


def test_a_text_batch_ends_with_a_summary_a_team_lead_can_act_on() -> None:
    """--input with --format text: each post that needs work lists its findings with the
    suggestion, then a summary counts the decisions, names the top rules and the posts to fix
    first (blocks before reviews); --fix shows the fixed text of each post."""
    lines = [
        {"id": "p1", "text": "hello from the team"},
        {"id": "p2", "text": "Loving this serum from @glowco, use my code JANE20"},
        {"id": "p3", "text": "Get guaranteed returns! #InvestingTips"},
    ]
    body = "\n".join(json.dumps(x) for x in lines) + "\n"
    res = run("check", "--input", "-", "--format", "text", input=body)
    out = res.stdout
    assert res.exit_code == 1, out  # p3 blocks
    assert "BLOCK   p3" in out and "REVIEW  p2" in out and "PASS    p1" in out
    assert "-> " in out.split("BLOCK   p3")[1]  # the suggestion under the finding
    summary = out.split("summary:")[1]
    assert "3 post(s): 1 block, 1 review, 1 pass" in summary
    assert "finance.promissory (1)" in summary and "ftc.disclosure.unknown (1)" in summary
    assert "fix first: p3, p2" in summary
    fixed = run("check", "--input", "-", "--format", "text", "--fix", input=body).stdout
    assert "fixed text: 'hello from the team'" in fixed


def test_a_ctrl_c_inside_the_gc_callback_is_asked_again_not_swallowed(monkeypatch) -> None:
    """Python ignores an exception raised in a gc callback (it prints 'Exception ignored in'
    and runs on): a SIGINT that lands in brandguard's callback is re-delivered instead, so the
    KeyboardInterrupt surfaces in ordinary code (exit 130, no traceback)."""
    import signal
    from types import SimpleNamespace

    import brandguard.cli as cli
    from brandguard._lazyre import _on_gc

    in_gc = SimpleNamespace(f_code=_on_gc.__code__)
    elsewhere = SimpleNamespace(f_code=cli.run.__code__)
    asked: list[bool] = []
    monkeypatch.setattr(cli, "_raise_soon", lambda: asked.append(True))
    monkeypatch.setattr(cli._State, "interrupted", False)
    cli._on_sigint(signal.SIGINT, in_gc)
    assert asked == [True] and cli._State.interrupted
    cli._on_alarm(signal.SIGALRM, in_gc)  # the alarm landed in the callback too: again
    assert asked == [True, True]
    with pytest.raises(KeyboardInterrupt):
        cli._on_sigint(signal.SIGINT, elsewhere)
    with pytest.raises(KeyboardInterrupt):
        cli._on_alarm(signal.SIGALRM, elsewhere)


def test_market_and_sector_options() -> None:
    """--market aims the post at countries (the packs' scope); --sector says what the account
    sells, for a single post and as the default of every --input line."""
    import json

    policy = "builtin:examples/global-brand-all-markets"
    text = "A huge weekend for Sir Lewis Hamilton at Silverstone"
    plain = json.loads(run("check", text, "--policy", policy, "--market", "GB", "--format", "json", "--no-judges").stdout)
    assert plain["decision"] == "pass"
    got = json.loads(
        run("check", text, "--policy", policy, "--market", "GB", "--sector", "gambling", "--format", "json",
            "--no-judges").stdout
    )
    assert got["decision"] == "review"
    assert [f["rule"] for f in got["findings"]] == ["cap.gambling-under18-appeal"]
    # the same words for a US-only post: the UK rule does not apply
    us = json.loads(
        run("check", text, "--policy", policy, "--market", "US", "--sector", "gambling", "--format", "json",
            "--no-judges").stdout
    )
    assert us["decision"] == "pass"
    lines = "\n".join([
        json.dumps({"id": "a", "text": "Earn money online with Foxy Games", "locale": "en-GB"}),
        json.dumps({"id": "b", "text": "Earn money online with Foxy Games", "locale": "en-GB",
                    "metadata": {"account": "@foxy"}}),
        json.dumps({"id": "c", "text": "Earn money online with Foxy Games", "locale": "en-GB",
                    "metadata": {"sector": "retail"}}),
    ]) + "\n"
    res = run("check", "--input", "-", "--policy", policy, "--sector", "gambling", "--no-judges", "--jobs", "1",
              input=lines)
    got = {r["id"]: r["decision"] for r in map(json.loads, res.stdout.splitlines())}
    assert got == {"a": "block", "b": "block", "c": "pass"}  # a line's own sector wins
