"""Judges across event loops, over real HTTP to a loopback OpenAI-compatible fake server:
``asyncio.run(checker.acheck_many(...))`` twice, and after a sync ``check()``, must answer,
not turn every answer into ``judge.unavailable`` ("Event loop is closed", "bound to a
different event loop")."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import pytest

from brandguard import Checker
from brandguard.policy import policy_from_dict

_spec = importlib.util.spec_from_file_location(
    "fake_openai_loops", Path(__file__).parent / "smoke" / "fake_openai.py"
)
assert _spec is not None and _spec.loader is not None
fake_openai = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fake_openai)

CLAIM = "These gummies are great, my anxiety is gone since I started them"


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_judges_answer_in_every_event_loop() -> None:
    policy = policy_from_dict(
        {"name": "n", "judges": {"compliance": {}, "max_retries": 0, "timeout_s": 20}}
    )
    with fake_openai.serve() as (url, requests):
        checker = Checker(policy, model="m", base_url=url, cache=False)
        first = checker.check(CLAIM)  # brandguard's own loop
        assert first.judges.status == "ran", first.judges.failed
        for _ in range(2):  # two fresh loops, one after the other
            verdicts = asyncio.run(checker.acheck_many([CLAIM, "Hello"]))
            assert [v.judges.status for v in verdicts] == ["ran", "ran"], [
                v.judges.failed for v in verdicts
            ]
            assert "judge.compliance.implied-health-claim" in {f.rule for f in verdicts[0].findings}
        assert len(requests) == 5


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_input_runs_judges_concurrently_and_keeps_the_order(tmp_path: Path) -> None:
    """``check --input`` with judges checks a window of lines at once (judges.concurrency),
    not one post at a time, and writes the records in input order."""
    import json
    import subprocess
    import sys

    policy = tmp_path / "p.yaml"
    policy.write_text("name: p\njudges:\n  compliance: {}\n  concurrency: 4\n  max_retries: 0\n")
    posts = [{"id": str(i), "text": CLAIM if i % 2 else f"Hello {i}"} for i in range(12)]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in posts))
    with fake_openai.serve(delay_s=0.2) as (url, requests):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "brandguard.cli",
                "check",
                "--input",
                str(source),
                "--policy",
                str(policy),
                "--model",
                "m",
                "--base-url",
                url,
                "--judge-cache",
                "off",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        peak = fake_openai.serve.last.peak
    recs = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 0, out.stderr
    assert [r["id"] for r in recs] == [p["id"] for p in posts]
    assert [r["decision"] for r in recs] == ["pass", "review"] * 6
    assert len(requests) == 12
    assert 1 < peak <= 4, peak


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_json_mode_sends_response_format_in_the_body_and_keeps_the_models_extra_body() -> None:
    """On an OpenAI-compatible server the judge asks for a JSON object with the output schema.
    brandguard sends it through ``extra_body`` (the openai SDK's per-call transform of a
    ``response_format`` argument was a third of the client's CPU): the request body must hold
    it as ``response_format`` at the top level, beside the model's own ``extra_body`` keys."""
    from langchain_openai import ChatOpenAI

    from brandguard.judges.schema import JudgeOutput

    policy = policy_from_dict({"name": "n", "judges": {"compliance": {}, "max_retries": 0}})
    with fake_openai.serve() as (url, requests):
        model = ChatOpenAI(
            model="m", base_url=url, api_key="loopback-placeholder", extra_body={"ttl": 300}
        )
        verdict = Checker(policy, model=model, cache=False).check(CLAIM)
        assert verdict.judges.status == "ran", verdict.judges.failed
        (body,) = requests
        assert body["response_format"] == {
            "type": "json_object",
            "schema": JudgeOutput.model_json_schema(),
        }
        assert body["ttl"] == 300
        assert "extra_body" not in body
