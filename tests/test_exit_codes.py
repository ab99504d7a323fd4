"""Exit codes a pipeline can trust: 0 pass, 1 only for --fail-on, 2 for any error, never a traceback.

Most cases run the real command in a subprocess (``python -m brandguard.cli``), so the exit
status, stderr and stdout are the ones a shell sees. To keep the file fast, the subprocesses
are started together by a module fixture (each test reads its own result) and use a two-rule
policy, which loads in a fraction of the default's time. Internal errors are made
deterministic in-process (``main()`` with ``Checker.check`` monkeypatched to raise).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from brandguard import cli
from brandguard.checker import Checker

BLOCKING = "Our tea cures cancer!"
REVIEW = "Loving my new serum from @acme, use code GLOW20 for 20% off!"
CLEAN = "Join us at 6pm for a tour of the roastery."
POLICY = """\
name: exit-codes
version: "1"
rules:
  t.cure: {kind: existence, level: error, tokens: [cures cancer], message: A disease claim.}
  t.code: {kind: existence, level: warning, tokens: [GLOW20], message: A discount code.}
"""
NOISE = ("Traceback", "Exception ignored", "BrokenPipeError")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines()]

    def assert_error(self, prefix: str) -> str:
        """Exit 2 with exactly one stderr line starting with ``prefix``, and no traceback."""
        assert self.returncode == 2, self
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith(prefix), self.stderr
        assert not any(n in self.stderr for n in NOISE), self.stderr
        return lines[0]


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "brandguard.cli", *args]


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("policy") / "exit-codes.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return str(path)


def _env() -> dict[str, str]:
    drop = {"BRANDGUARD_MODEL", "BRANDGUARD_BASE_URL", "BRANDGUARD_DEBUG"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _write_inputs(d: Path) -> dict[str, Path]:
    lines = lambda *posts: "".join(json.dumps(p) + "\n" for p in posts)  # noqa: E731
    paths = {
        "malformed": lines({"id": "a", "text": CLEAN})
        + "{oops\n"
        + lines({"id": "c", "text": "See you there."}),
        "malformed_and_block": lines({"id": "a", "text": BLOCKING}) + "not json\n",
        # 1000-character ids: 200 records are far more than a pipe holds (64 KiB)
        "big": lines(*({"id": f"p{i}-" + "x" * 1000, "text": CLEAN} for i in range(200))),
    }
    out = {}
    for name, text in paths.items():
        out[name] = d / f"{name}.jsonl"
        out[name].write_text(text, encoding="utf-8")
    out["utf8"] = d / "utf8.jsonl"
    out["utf8"].write_bytes(
        json.dumps({"id": "a", "text": CLEAN}).encode()
        + b'\n{"id": "b", "text": "caf\xe9 \xff"}\n'
        + json.dumps({"id": "c", "text": BLOCKING}).encode()
        + b"\n"
    )
    out["utf8_post"] = d / "post.txt"
    out["utf8_post"].write_bytes(b"caf\xe9\n")
    out["bad_policy"] = d / "bad.yaml"
    out["bad_policy"].write_text("name: bad\nrules:\n  r: {kind: existence, level: fatal}\n")
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _write_inputs(tmp_path_factory.mktemp("inputs"))


FULL_DISK = {
    "full_disk_jsonl": ["check", "--input", "BIG"],
    "full_disk_text": ["check", BLOCKING],
}
HAS_DEV_FULL = Path("/dev/full").exists()


@pytest.fixture(scope="module")
def runs(inputs: dict[str, Path], policy: str) -> dict[str, Result]:
    """Start every subprocess case at once (the broken pipe aside); each test reads its own."""
    p = inputs
    d = p["big"].parent
    cases: dict[str, list[str]] = {
        "pass": ["check", CLEAN],
        "block": ["check", BLOCKING],
        "review_fail_on_review": ["check", REVIEW, "--fail-on", "review"],
        "invalid_policy": ["check", "hello", "--policy", str(p["bad_policy"])],
        "missing_input": ["check", "--input", str(d / "missing.jsonl")],
        "file_directory": ["check", "--file", str(d)],
        "malformed": ["check", "--input", str(p["malformed"])],
        "malformed_and_block": ["check", "--input", str(p["malformed_and_block"])],
        "not_utf8": ["check", "--input", str(p["utf8"])],
        "debug_before": ["--debug", "check", BLOCKING, "--format", "jsonl"],
        "debug_after": ["check", BLOCKING, "--format", "jsonl", "--debug"],
    }
    if HAS_DEV_FULL:
        cases |= {k: [str(p["big"]) if a == "BIG" else a for a in v] for k, v in FULL_DISK.items()}
    with contextlib.ExitStack() as stack:
        full = stack.enter_context(open("/dev/full", "w")) if HAS_DEV_FULL else None
        procs = {
            name: subprocess.Popen(
                _cmd(*args) if name == "invalid_policy" else _cmd(*args, "--policy", policy),
                stdout=full if name in FULL_DISK else subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                env=_env(),
            )
            for name, args in cases.items()
        }
        results = {}
        for name, proc in procs.items():
            out, err = proc.communicate(timeout=60)
            results[name] = Result(proc.returncode, out or "", err)
    return results


# -- decisions: 0 and 1 ------------------------------------------------------------------------


def test_pass_exits_0(runs: dict[str, Result]) -> None:
    assert runs["pass"].returncode == 0
    assert runs["pass"].stderr == ""


def test_block_exits_1(runs: dict[str, Result]) -> None:
    assert runs["block"].returncode == 1
    assert runs["block"].stderr == ""


def test_review_with_fail_on_review_exits_1(runs: dict[str, Result]) -> None:
    assert runs["review_fail_on_review"].returncode == 1
    assert runs["review_fail_on_review"].stderr == ""


# -- errors: 2, one line on stderr, no traceback ---------------------------------------------


def test_invalid_policy_exits_2_with_its_issues(runs: dict[str, Result]) -> None:
    r = runs["invalid_policy"]
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert lines[0] == "brandguard: invalid policy:"
    assert any("rules.r.level" in line for line in lines[1:])
    assert "Traceback" not in r.stderr


def test_missing_input_file_exits_2(runs: dict[str, Result]) -> None:
    line = runs["missing_input"].assert_error("brandguard check: cannot read ")
    assert line.endswith("No such file or directory")
    assert runs["missing_input"].stdout == ""


def test_file_directory_exits_2(runs: dict[str, Result]) -> None:
    assert (
        runs["file_directory"]
        .assert_error("brandguard check: cannot read ")
        .endswith("Is a directory")
    )


def test_malformed_jsonl_line_exits_2_and_every_other_line_is_checked(
    runs: dict[str, Result],
) -> None:
    r = runs["malformed"]
    line = r.assert_error("brandguard check: 1 of 3 input line(s) could not be checked")
    assert "line 2: invalid JSON" in line
    recs = r.records
    assert [x["id"] for x in recs] == ["a", None, "c"]
    assert [x["decision"] for x in recs] == ["pass", None, "pass"]
    assert recs[1]["error"].startswith("line 2: invalid JSON")
    assert set(recs[1]) == {"id", "decision", "findings", "policy", "judges", "error"}


def test_an_error_wins_over_a_block(runs: dict[str, Result]) -> None:
    r = runs["malformed_and_block"]
    r.assert_error("brandguard check: 1 of 2 input line(s) could not be checked")
    assert [x["decision"] for x in r.records] == ["block", None]


def test_invalid_utf8_line_gets_an_error_record_and_the_rest_is_checked(
    runs: dict[str, Result],
) -> None:
    r = runs["not_utf8"]
    line = r.assert_error("brandguard check: 1 of 3 input line(s) could not be checked")
    assert "line 2: not valid UTF-8" in line
    recs = r.records
    assert [x["id"] for x in recs] == ["a", None, "c"]
    assert [x["decision"] for x in recs] == ["pass", None, "block"]  # 2 wins over the block
    assert recs[1]["error"].startswith("line 2: not valid UTF-8")


def test_broken_pipe_exits_2_quietly(inputs: dict[str, Path], tmp_path: Path, policy: str) -> None:
    """``brandguard check --input big.jsonl | head -1``"""
    err_path = tmp_path / "stderr"
    with err_path.open("w") as err:
        proc = subprocess.Popen(
            _cmd("check", "--input", str(inputs["big"]), "--policy", policy),
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=_env(),
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        code = proc.wait(timeout=60)
    assert json.loads(first)["id"].startswith("p0-")
    r = Result(code, "", err_path.read_text())
    assert "broken pipe" in r.assert_error("brandguard: output closed early")


@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
@pytest.mark.parametrize("name", list(FULL_DISK))
def test_full_disk_exits_2(name: str, runs: dict[str, Result]) -> None:
    """stdout is /dev/full: every write (or the last flush) fails with ENOSPC."""
    line = runs[name].assert_error("brandguard: cannot write output: ")
    assert line.endswith("No space left on device")


def test_debug_is_accepted_before_and_after_the_subcommand(runs: dict[str, Result]) -> None:
    for name in ("debug_before", "debug_after"):
        r = runs[name]
        assert r.returncode == 1, r  # the block, not a usage error
        assert r.records[0]["decision"] == "block"
        assert r.stderr == ""


# -- internal errors (in-process, deterministic) ---------------------------------------------

Main = Callable[..., int]


@pytest.fixture
def main(policy: str, monkeypatch: pytest.MonkeyPatch) -> Main:
    """``brandguard.cli.main(args)`` in-process (with the small policy); returns the status."""
    monkeypatch.delenv("BRANDGUARD_DEBUG", raising=False)

    def run(*args: str) -> int:
        argv = list(args)
        if "check" in argv:
            at = argv.index("check") + 1
            argv[at:at] = ["--policy", policy]
        with pytest.raises(SystemExit) as exc:
            cli.main(argv)
        assert isinstance(exc.value.code, int)
        return exc.value.code

    return run


@pytest.fixture
def crashing_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: Checker, post: object) -> None:
        raise RuntimeError("rule exploded")

    monkeypatch.setattr(Checker, "check", boom)


@pytest.mark.usefixtures("crashing_checker")
def test_internal_error_exits_2_with_one_line_and_no_traceback(
    main: Main, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main("check", CLEAN) == 2
    assert capsys.readouterr().err == (
        "brandguard: internal error: RuntimeError: rule exploded "
        "(run with --debug for the traceback)\n"
    )


@pytest.mark.usefixtures("crashing_checker")
def test_internal_error_in_a_stream_is_that_line_s_record_and_exits_2(
    main: Main, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps({"id": i, "text": CLEAN}) + "\n" for i in ("a", "b")))
    assert main("check", "--input", str(p)) == 2
    out, err = capsys.readouterr()
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in recs] == ["a", "b"]  # one record per line, in order
    assert all(
        r["decision"] is None and "internal error: RuntimeError: rule exploded" in r["error"]
        for r in recs
    )
    assert err.startswith("brandguard check: 2 of 2 input line(s) could not be checked")
    assert "Traceback" not in err


def test_every_line_gets_one_record_whatever_its_bytes(
    main: Main, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A byte-order mark, JSON nested 10,000 deep, a valid JSON escape of a lone surrogate:
    each line still yields exactly one record, in order."""
    deep = '{"id": "deep", "text": "x", "metadata": ' + '{"a": ' * 10_000 + "1" + "}" * 10_001
    lines = [
        "\ufeff" + json.dumps({"id": "bom", "text": CLEAN}),
        deep,
        '{"id": "surrogate", "text": "\\ud800 hello"}',
        json.dumps({"id": "last", "text": CLEAN}),
    ]
    p = tmp_path / "hostile.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main("check", "--input", str(p)) == 2  # the deep line is an error
    out, err = capsys.readouterr()
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in recs] == ["bom", None, "surrogate", "last"]
    assert [r["decision"] for r in recs] == ["pass", None, "pass", "pass"]
    assert "nested too deeply" in recs[1]["error"]
    assert "1 of 4 input line(s)" in err


@pytest.mark.usefixtures("crashing_checker")
@pytest.mark.parametrize(
    "args",
    [["--debug", "check", CLEAN], ["check", CLEAN, "--debug"], ["check", "--debug", CLEAN]],
    ids=["before", "after", "between"],
)
def test_debug_shows_the_traceback(
    args: list[str], main: Main, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(*args) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "in boom" in err
    assert err.splitlines()[-1] == "brandguard: internal error: RuntimeError: rule exploded"


@pytest.mark.usefixtures("crashing_checker")
def test_debug_from_the_environment(
    main: Main, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRANDGUARD_DEBUG", "1")
    assert main("check", CLEAN) == 2
    assert "Traceback (most recent call last):" in capsys.readouterr().err


def test_debug_after_double_dash_is_post_text(
    main: Main, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main("check", "--format", "jsonl", "--", "--debug") == 0
    assert json.loads(capsys.readouterr().out)["decision"] == "pass"


def test_unexpected_oserror_exits_2_with_its_reason(
    main: Main, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(self: Checker, post: object) -> None:
        raise PermissionError(13, "Permission denied", "/var/cache/brandguard")

    monkeypatch.setattr(Checker, "check", denied)
    assert main("check", CLEAN) == 2
    assert capsys.readouterr().err == "brandguard: Permission denied: /var/cache/brandguard\n"


def test_main_exits_with_the_decision_status_in_process(
    main: Main, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main("check", BLOCKING, "--format", "jsonl") == 1
    assert main("check", REVIEW, "--format", "jsonl", "--fail-on", "review") == 1
    assert main("check", CLEAN, "--format", "jsonl") == 0
    assert main("check") == 2
    capsys.readouterr()


# -- more errors, in-process (the same main(), fewer subprocesses) ----------------------------


def _stderr_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err.rstrip("\n")


def test_input_directory_exits_2(
    main: Main, inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    d = inputs["big"].parent
    assert main("check", "--input", str(d)) == 2
    assert _stderr_line(capsys) == f"brandguard check: cannot read {d}: Is a directory"


def test_file_not_utf8_exits_2(
    main: Main, inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main("check", "--file", str(inputs["utf8_post"])) == 2
    line = _stderr_line(capsys)
    assert line.startswith("brandguard check: cannot read ") and "not valid UTF-8" in line


def test_usage_error_exits_2(main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    assert main("check", "hello", "--platform", "myspace") == 2
    err = capsys.readouterr().err
    assert "Invalid value for '--platform'" in err and "Traceback" not in err
    assert main("check", "hello", "--no-such-option") == 2
    assert main("no-such-command") == 2
    capsys.readouterr()


def test_help_exits_0_and_lists_debug(main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    assert main("--help") == 0
    assert "--debug" in capsys.readouterr().out


def test_a_post_over_the_size_cap_is_an_error_record(
    main: Main, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(
        json.dumps({"id": "a", "text": CLEAN})
        + "\n"
        + json.dumps({"id": "b", "text": "y" * 50})
        + "\n"
    )
    assert main("check", "--input", str(p), "--max-chars", "45") == 2
    out, _ = capsys.readouterr()
    recs = [json.loads(line) for line in out.splitlines()]
    assert [(r["id"], r["decision"]) for r in recs] == [("a", "pass"), ("b", None)]
    assert "the post is 50 characters; the limit is 45" in recs[1]["error"]
    assert main("check", "y" * 50, "--max-chars", "45") == 2
    assert capsys.readouterr().err.startswith("brandguard check: the post is 50 characters")
