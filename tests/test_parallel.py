"""Every core: ``--jobs N`` gives the output of ``--jobs 1`` (same bytes, same order, same exit
status), a dead worker loses nothing, and eval results do not depend on the job count; plus the
SARIF and JUnit formats CI systems render."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brandguard import Checker
from brandguard.cli import app
from brandguard.parallel import cpu_count, ordered_map

runner = CliRunner()

TEXTS = [
    "Join us at 6pm for a tour of the roastery.",
    "Our tea cures cancer!",
    "Loving my new serum from @acme, use code GLOW20 for 20% off!",
    "Call me on 07700 900123 or mail jane.doe@example.com",
    "Guaranteed 20% returns every month, zero risk!",
    "Meet Terra, our first trail shoe made from recycled rubber.",
]


def _write_input(path: Path, n: int) -> Path:
    lines = []
    for i in range(n):
        if i % 97 == 13:
            lines.append("not json at all")
        elif i % 101 == 7:
            lines.append("")  # blank lines are skipped, not records
        else:
            lines.append(json.dumps({"id": f"p{i}", "text": TEXTS[i % len(TEXTS)] + f" #{i}"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brandguard.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize("fmt", ["jsonl", "text", "sarif", "junit"])
def test_jobs_output_is_byte_identical_and_in_order(tmp_path: Path, fmt: str) -> None:
    src = _write_input(tmp_path / "posts.jsonl", 700)
    one = _cli("check", "--input", str(src), "--jobs", "1", "--format", fmt)
    two = _cli("check", "--input", str(src), "--jobs", "2", "--format", fmt)
    assert one.returncode == two.returncode == 2  # malformed lines: an error wins
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    if fmt == "jsonl":
        recs = [json.loads(x) for x in two.stdout.splitlines()]
        body = [x for x in src.read_text().splitlines() if x.strip()]
        assert len(recs) == len(body)  # one record per non-blank line, none lost
        ids = [r["id"] for r in recs if r["error"] is None]
        assert ids == [json.loads(x)["id"] for x in body if x.startswith("{")]
        assert {r["decision"] for r in recs} >= {"pass", "review", "block", None}


def test_default_jobs_uses_every_core_and_stays_identical(tmp_path: Path) -> None:
    src = _write_input(tmp_path / "posts.jsonl", 200)
    default = _cli("check", "--input", str(src))
    one = _cli("check", "--input", str(src), "--jobs", "1")
    assert default.stdout == one.stdout and default.returncode == one.returncode
    assert cpu_count() >= 1


def test_jobs_from_a_pipe_streams_line_by_line() -> None:
    # a pipe's writer may wait for each answer: one process, each record written as it comes
    proc = subprocess.Popen(
        [sys.executable, "-m", "brandguard.cli", "check", "--input", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for text in TEXTS[:3]:
            proc.stdin.write(json.dumps({"text": text}) + "\n")
            proc.stdin.flush()
            rec = json.loads(proc.stdout.readline())  # answered before the next line is sent
            assert rec["error"] is None
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def _double(checker: Checker, chunk: list[int]) -> list[int]:
    return [2 * x for x in chunk]


def _die_on_seven(checker: Checker, chunk: list[int]) -> list[int]:
    if 7 in chunk and os.getpid() != _PARENT:
        os._exit(3)  # a worker killed mid-chunk (out of memory, SIGKILL)
    return [2 * x for x in chunk]


_PARENT = os.getpid()


def test_ordered_map_keeps_order_over_many_chunks() -> None:
    checker = Checker()
    chunks = ([i, i + 1000] for i in range(300))
    got = list(ordered_map(_double, chunks, checker=checker, jobs=2))
    assert got == [[2 * i, 2 * (i + 1000)] for i in range(300)]


def test_a_dead_worker_loses_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    import threading

    checker = Checker()
    chunks = [[i] for i in range(40)]
    pooled = threading.active_count() == 1  # else ordered_map stays in-process: nothing dies
    got = list(ordered_map(_die_on_seven, iter(chunks), checker=checker, jobs=2))
    assert got == [[2 * i] for i in range(40)]
    err = capfd.readouterr().err
    assert err.count("worker process died") == (1 if pooled else 0)


def test_one_chunk_never_starts_a_pool() -> None:
    checker = Checker()
    assert list(ordered_map(_die_on_seven, iter([[7]]), checker=checker, jobs=4)) == [[14]]


def test_eval_jobs_gives_the_same_result(tmp_path: Path) -> None:
    ds = Path(__file__).parent.parent / "evals" / "datasets" / "default"
    out = {}
    for jobs in ("1", "2"):
        res = runner.invoke(
            app,
            ["eval", str(ds), "--quiet", "--no-html", "--fresh", "--jobs", jobs,
             "--out", str(tmp_path / jobs)],
        )
        assert res.exit_code == 0, res.output
        data = json.loads((tmp_path / jobs / "result.json").read_text())
        data.pop("run")
        data["metrics"].pop("latency_ms")
        out[jobs] = data
    assert out["1"] == out["2"]
    assert len(out["1"]["cases"]) > 100


# -- SARIF and JUnit -------------------------------------------------------------------------


def test_sarif_for_one_post_points_at_line_and_column() -> None:
    res = runner.invoke(app, ["check", "Hello there.\nOur tea cures cancer!", "--format", "sarif"])
    assert res.exit_code == 1
    log = json.loads(res.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    (hit,) = [r for r in run["results"] if r["level"] == "error"]
    assert hit["ruleId"] in rules and rules[hit["ruleId"]]["helpUri"].startswith("https://")
    assert run["tool"]["driver"]["rules"][hit["ruleIndex"]]["id"] == hit["ruleId"]
    region = hit["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2 and region["startColumn"] == 9  # "cures cancer"
    assert "cure" in region["snippet"]["text"]
    assert "Suggestion:" in hit["message"]["text"]


def test_sarif_for_a_batch_names_lines_and_errors(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": TEXTS[0]}) + "\n{oops\n"
        + json.dumps({"id": "b", "text": TEXTS[1]}) + "\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["check", "--input", str(src), "--format", "sarif", "--jobs", "1"])
    assert res.exit_code == 2
    results = json.loads(res.stdout)["runs"][0]["results"]
    err = [r for r in results if r["ruleId"] == "brandguard.error"]
    assert len(err) == 1 and err[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    blocked = [r for r in results if r["level"] == "error" and r["ruleId"] != "brandguard.error"]
    assert blocked and all(
        r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3 for r in blocked
    )
    assert blocked[0]["locations"][0]["logicalLocations"][0]["name"] == "b"


def test_junit_fails_at_fail_on_and_errors_unreadable_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"id": "ok", "text": TEXTS[0]}, {"id": "bad", "text": TEXTS[1]},
            {"id": "rev", "text": TEXTS[2]}, {"id": "ctl", "text": "cures cancer \x01\x02"}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\nnope\n", encoding="utf-8")
    for fail_on, failures in (("block", {"bad", "ctl"}), ("review", {"bad", "rev", "ctl"})):
        res = runner.invoke(
            app, ["check", "--input", str(src), "--format", "junit", "--fail-on", fail_on]
        )
        root = ET.fromstring(res.stdout)  # well-formed even with control characters in a post
        cases = root.findall("./testsuite/testcase")
        assert len(cases) == 5
        failed = {c.get("name") for c in cases if c.find("failure") is not None}
        assert failed == failures
        errored = [c for c in cases if c.find("error") is not None]
        assert [c.get("line") for c in errored] == ["5"]
        assert root.get("failures") == str(len(failures)) and root.get("errors") == "1"


def test_progress_line_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from brandguard import cli

    src = _write_input(tmp_path / "p.jsonl", 10)
    with src.open("rb") as fh:
        assert isinstance(cli._Progress.start(fh, str(src), cli.Format.jsonl), cli._NoProgress)

    class TTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = TTY()
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.delenv("CI", raising=False)
    with src.open("rb") as fh:
        bar = cli._Progress.start(fh, str(src), cli.Format.jsonl)
        assert isinstance(bar, cli._Progress) and bar.total == src.stat().st_size
        bar.advance(5, fh)
        assert tty.getvalue() == ""  # nothing in the first second
        bar.t0 -= 5
        fh.read()
        bar.advance(5, fh)
        assert "10 post(s) checked" in tty.getvalue() and "100%" in tty.getvalue()
        bar.clear()
        assert tty.getvalue().endswith("\r\x1b[K")


def test_ctrl_c_with_jobs_exits_130_and_leaves_no_worker(tmp_path: Path) -> None:
    import time

    src = _write_input(tmp_path / "many-posts-for-interrupt.jsonl", 20000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "brandguard.cli", "check", "--input", str(src), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # a shell's background job inherits SIGINT ignored: the child gets the default, as
        # a command typed at a terminal does
        preexec_fn=_default_sigint,
    )
    time.sleep(2.5)  # started, pool forked, checking
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    time.sleep(0.5)
    left = []
    for cmd in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(src).encode() in cmd.read_bytes():
                left.append(cmd.parent.name)
        except OSError:
            continue
    assert not left, f"worker processes left running: {left}"


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
