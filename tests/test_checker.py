"""The Python API: Checker, check, Post/Verdict contract, fast and quiet import."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import subprocess
import sys

import pytest
from pydantic import ValidationError

import brandguard
from brandguard import Checker, Decision, Finding, Fix, Post, Severity, Verdict, load_policy
from brandguard.policy import policy_from_dict
from brandguard.verdict import apply_fixes


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("brandguard tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_import_is_lazy_and_fast() -> None:
    code = (
        "import sys, time; t=time.perf_counter(); import brandguard; "
        "d=time.perf_counter()-t; "
        "print(d, 'pydantic' in sys.modules, 'typer' in sys.modules, 'ahocorasick' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, pyd, typ, aho = out.stdout.split()
    assert (pyd, typ, aho) == ("False", "False", "False")
    assert float(seconds) < 0.5  # generous: the import only defines names
    assert sorted(brandguard.__all__) == sorted(
        [
            "Checker",
            "Decision",
            "Finding",
            "Fix",
            "Policy",
            "PolicyError",
            "Post",
            "Severity",
            "Verdict",
            "check",
            "load_policy",
        ]
    )


def test_check_one_off_and_checker() -> None:
    v = brandguard.check("Loving my @acme shoes", platform="x", sponsored=True)
    assert isinstance(v, Verdict)
    assert v.decision is Decision.BLOCK
    assert v.findings[0].rule == "ftc.disclosure.missing"
    assert v.policy.name == "brandguard-default" and len(v.policy.sha256) == 64
    assert {"rules_ms", "total_ms"} <= set(v.timings)
    checker = Checker()
    assert checker.check("A calm, plain update about our savings rates.").decision is Decision.PASS
    assert checker.check("Plain text", platform="linkedin").decision is Decision.PASS


def test_checker_accepts_policy_object_path_and_builtin(tmp_path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("name: p\nrules:\n  w: {kind: existence, level: error, tokens: [synergy]}\n")
    for policy in (load_policy(p), str(p), p):
        assert Checker(policy).check("synergy!").decision is Decision.BLOCK
    assert Checker("builtin:default").policy.name == "brandguard-default"


def test_decision_from_severity() -> None:
    policy = policy_from_dict(
        {
            "name": "sev",
            "rules": {
                "s": {"kind": "existence", "level": "suggestion", "tokens": ["alpha"]},
                "w": {"kind": "existence", "level": "warning", "tokens": ["beta"]},
                "e": {"kind": "existence", "level": "error", "tokens": ["gamma"]},
            },
        }
    )
    c = Checker(policy)
    assert c.check("alpha").decision is Decision.PASS
    assert c.check("alpha beta").decision is Decision.REVIEW
    assert c.check("alpha beta gamma").decision is Decision.BLOCK
    assert [f.rule for f in c.check("gamma beta alpha").findings] == ["e", "w", "s"]


def test_findings_point_into_the_original_text() -> None:
    text = "🎉 Ｎｅｗ!\n\nOur tea  ｃｕｒｅｓ  cancer and my number is (415) 555-0132."
    v = Checker().check(text, platform="x")
    assert v.findings
    for f in v.findings:
        assert text[f.start : f.end] == f.excerpt
    assert {f.excerpt for f in v.findings} >= {"ｃｕｒｅｓ  cancer", "(415) 555-0132"}


def test_check_many_and_async_keep_order() -> None:
    c = Checker()
    posts = [Post(id=str(i), text=t) for i, t in enumerate(["ok", "Our tea cures cancer", "fine"])]
    assert [v.id for v in c.check_many(posts)] == ["0", "1", "2"]
    verdicts = asyncio.run(c.acheck_many(posts, concurrency=2))
    assert [v.decision for v in verdicts] == [Decision.PASS, Decision.BLOCK, Decision.PASS]
    assert asyncio.run(c.acheck("Our tea cures cancer")).decision is Decision.BLOCK


def test_a_crashing_rule_never_passes_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = policy_from_dict(
        {
            "name": "p",
            "rules": {
                "w": {
                    "kind": "existence",
                    "level": "error",
                    "tokens": ["x"],
                    "source": "https://e.com",
                },
            },
        }
    )
    rule = policy.rules[0]

    def boom(ctx):
        raise RuntimeError("bug")

    monkeypatch.setattr(type(rule), "check", lambda self, ctx: boom(ctx))
    v = Checker(policy).check("hello")
    assert v.decision is Decision.REVIEW
    assert v.findings[0].rule == "w.crashed" and "RuntimeError" in v.findings[0].message


def test_post_validation() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        Post(text="x", scheduled_at=dt.datetime(2026, 1, 1, 9, 0))
    with pytest.raises(ValidationError, match="BCP 47"):
        Post(text="x", locale="english")
    with pytest.raises(ValidationError):
        Post(text="x", platform="myspace")
    with pytest.raises(ValidationError):
        Post(text="x", unknown_field=1)
    p = Post(text="x", locale="de_at", platform="Twitter", id=7)
    assert (p.locale, p.platform.value, p.id, p.language) == ("de-AT", "x", "7", "de")


def test_apply_fixes() -> None:
    text = "utilize the e-mail"
    fixes = [
        Fix(start=0, end=7, replacement="use"),
        Fix(start=12, end=18, replacement="email"),
        Fix(start=0, end=3, replacement="overlapping"),
        Fix(start=0, end=0, replacement=">> "),
    ]
    assert apply_fixes(text, fixes) == ">> use the email"
    v = Checker().check("Loving my @acme shoes #blacklivesmatter", sponsored=True)
    assert v.apply_fixes("Loving my @acme shoes #blacklivesmatter") == (
        "#ad Loving my @acme shoes #BlackLivesMatter"
    )


def test_finding_model_is_the_contract() -> None:
    f = Finding(rule="r", severity=Severity.WARNING, message="m", start=1, end=2, excerpt="x")
    dumped = f.model_dump(mode="json")
    assert dumped["engine"] == "rule" and dumped["field"] == "text" and dumped["fix"] is None
    with pytest.raises(ValidationError):
        Finding(rule="r", severity="fatal", message="m", start=0, end=1, excerpt="x")


def test_a_post_over_the_size_cap_is_refused_never_passed() -> None:
    import pytest

    from brandguard.checker import MAX_CHARS, PostTooLarge

    with pytest.raises(PostTooLarge, match="the limit is 10"):
        Checker(max_chars=10).check("x" * 11)
    assert Checker(max_chars=10).check("x" * 10).decision.value == "pass"
    assert Checker(max_chars=None).check("hello " * 20_000).decision is not None
    with pytest.raises(PostTooLarge):
        Checker().check("y" * (MAX_CHARS + 1))
