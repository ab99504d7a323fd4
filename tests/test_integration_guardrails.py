"""brandguard.integrations.guardrails and the ``guardrails`` rule kind, against the installed
guardrails-ai 0.11: the ``brandguard/policy`` validator through real Guards (noop, exception,
fix, streaming), ``guard_for``, telemetry, lazy imports; and guardrails validators (real
``Validator`` subclasses registered with guardrails, defined here) inside a brandguard policy.
No network, no model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any

import pytest
from guardrails import Guard
from guardrails.errors import ValidationError as GuardrailsValidationError
from guardrails.validator_base import (
    ErrorSpan,
    FailResult,
    PassResult,
    ValidationResult,
    Validator,
    register_validator,
)

from brandguard import Checker, Decision, Post, Severity, load_policy
from brandguard.integrations.guardrails import (  # registers brandguard/policy; imports guardrails
    BrandguardPolicy,
    guard_for,
    verdict_from_result,
)
from brandguard.policy import PolicyError, policy_from_dict
from brandguard.policy.registry import kind_doc
from brandguard.rules import guardrails_rule
from brandguard.verdict import apply_fixes
from conftest import make_rule, run

ROOT = Path(__file__).resolve().parents[1]
BANK = "builtin:examples/retail-bank"
#: retail-bank: 'Utilize' -> 'Use' and '#savingsgoals' -> '#SavingsGoals' (suggestions with exact
#: fixes) and 'guaranteed return' (finance.promissory, an error, no fix): block
TEXT = "Utilize our app to open a savings account and get a guaranteed return. #savingsgoals"
FIXED = "Use our app to open a savings account and get a guaranteed return. #SavingsGoals"
SPANS = [(0, 7), (52, 69), (71, 84)]
CLEAN = "Our 12-month CD now pays 4.10% APY, fixed for the term. $500 minimum to open."
SHORTENER = "Open an account at https://bit.ly/xyz today"  # northbank.links.shortener: review
PAID = "Loving my new @northbank card"  # with sponsored=True: ftc.disclosure.missing, fix '#ad '


def test_the_texts_decide_as_the_tests_assume() -> None:
    checker = Checker(BANK)
    v = checker.check(TEXT)
    assert v.decision is Decision.BLOCK
    assert [(f.start, f.end) for f in v.findings] == SPANS
    assert v.apply_fixes(TEXT) == FIXED
    assert checker.check(CLEAN).decision is Decision.PASS
    assert checker.check(SHORTENER).decision is Decision.REVIEW
    assert checker.check(PAID, sponsored=True).decision is Decision.BLOCK
    assert checker.check("#ad " + PAID, sponsored=True).decision is Decision.PASS


# -- guard_for: the done-when -----------------------------------------------------------------
def test_guard_for_validate_returns_spans_and_the_fixed_text() -> None:
    guard = guard_for(BANK)
    outcome = guard.validate(TEXT)
    (summary,) = outcome.validation_summaries
    assert summary.validator_name == "BrandguardPolicy"
    assert [(s.start, s.end) for s in summary.error_spans] == SPANS
    assert [s.reason.split(":")[0] for s in summary.error_spans] == [
        "voice.terminology",
        "finance.promissory",
        "a11y.hashtags.hashtag-case",
    ]
    assert outcome.validated_output == FIXED
    assert outcome.raw_llm_output == TEXT
    # guardrails counts a changed value as fixed; the verdict still says block, and what
    # remains after the fixes (the guaranteed return) is in the result too
    assert outcome.validation_passed is True
    verdict = verdict_from_result(guard)
    assert verdict is not None and verdict.decision is Decision.BLOCK
    (log,) = guard.history.last.iterations.last.validator_logs
    meta = log.validation_result.metadata
    assert meta["brandguard"]["fixed_text"] == FIXED
    assert meta["brandguard_fixed"]["decision"] == "block"
    assert [f["rule"] for f in meta["brandguard_fixed"]["findings"]] == ["finance.promissory"]


def test_error_message_lists_each_finding_with_its_suggestion() -> None:
    result = BrandguardPolicy(BANK).validate(TEXT, {})
    assert isinstance(result, FailResult)
    lines = result.error_message.splitlines()
    assert lines[0] == "brandguard: block (policy northbank 2026.11.1)"
    assert (
        lines[1]
        == "suggestion voice.terminology: The brand writes 'Use', not 'Utilize'.; Write 'Use'."
    )
    assert lines[2].startswith("error finance.promissory: 'guaranteed return' promises an outcome")
    assert "; Describe the product and its risks" in lines[2]
    assert len(lines) == 4
    assert result.fix_value == FIXED
    assert [(s.start, s.end) for s in result.error_spans] == SPANS
    # the fixed text is checked again only where it is handed on
    assert "brandguard_fixed" not in result.metadata
    fixing = BrandguardPolicy(BANK, on_fail="fix_reask").validate(TEXT, {})
    assert fixing.metadata["brandguard_fixed"]["decision"] == "block"


# -- on_fail through real Guards ----------------------------------------------------------------
def test_on_fail_noop_reports_and_keeps_the_text() -> None:
    guard = Guard().use(BrandguardPolicy(BANK, on_fail="noop"))
    outcome = guard.validate(TEXT, metadata={"platform": "x"})
    assert outcome.validation_passed is False
    assert outcome.validated_output == TEXT
    assert [(s.start, s.end) for s in outcome.validation_summaries[0].error_spans] == SPANS
    assert verdict_from_result(guard).decision is Decision.BLOCK


def test_on_fail_exception_raises_with_the_findings() -> None:
    guard = Guard().use(BrandguardPolicy(BANK, on_fail="exception"))
    with pytest.raises(GuardrailsValidationError) as info:
        guard.validate(TEXT)
    assert "finance.promissory" in str(info.value)
    assert "brandguard: block" in str(info.value)
    # a passing post does not raise
    assert guard.validate(CLEAN).validation_passed is True


def test_on_fail_default_is_guardrails_exception() -> None:
    with pytest.raises(GuardrailsValidationError):
        Guard().use(BrandguardPolicy(BANK)).validate(TEXT)


def test_on_fail_fix_returns_the_fixed_text_and_a_fix_that_clears_the_block_passes() -> None:
    guard = Guard().use(BrandguardPolicy(BANK, on_fail="fix"))
    outcome = guard.validate(PAID, metadata={"sponsored": True})
    assert outcome.validated_output == "#ad " + PAID
    assert outcome.validation_passed is True
    (log,) = guard.history.last.iterations.last.validator_logs
    assert log.validation_result.metadata["brandguard_fixed"]["decision"] == "pass"
    # no exact fix at all: guardrails reports the failure (the value did not change)
    outcome = guard.validate("Call me at 415-555-0199 about your account")
    assert outcome.validation_passed is False


async def test_an_async_guard_runs_the_validator_too() -> None:
    from guardrails import AsyncGuard

    guard = AsyncGuard().use(BrandguardPolicy(BANK, on_fail="fix"))
    guard.configure(allow_metrics_collection=False)
    outcome = await guard.validate(TEXT, metadata={"platform": "x"})
    assert outcome.validated_output == FIXED
    assert [(s.start, s.end) for s in outcome.validation_summaries[0].error_spans] == SPANS
    assert verdict_from_result(guard).decision is Decision.BLOCK


def test_pass_result_carries_the_verdict_and_keeps_the_call_metadata() -> None:
    result = BrandguardPolicy(BANK).validate(CLEAN, {"platform": "x", "campaign": "q3"})
    assert isinstance(result, PassResult)
    assert result.metadata["platform"] == "x" and result.metadata["campaign"] == "q3"
    assert result.metadata["brandguard"]["decision"] == "pass"
    verdict = verdict_from_result(result)
    assert verdict is not None and verdict.decision is Decision.PASS
    assert verdict.policy.name == "northbank"


def test_fail_at_review() -> None:
    assert isinstance(BrandguardPolicy(BANK).validate(SHORTENER, {}), PassResult)
    result = BrandguardPolicy(BANK, fail_at="review").validate(SHORTENER, {})
    assert isinstance(result, FailResult)
    assert [(s.start, s.end) for s in result.error_spans] == [(19, 37)]
    assert result.fix_value == SHORTENER  # no exact fix
    assert "brandguard_fixed" not in result.metadata
    with pytest.raises(ValueError, match="fail_at"):
        BrandguardPolicy(BANK, fail_at="pass")


def test_post_fields_come_from_the_metadata() -> None:
    validator = BrandguardPolicy(BANK)
    # unknown sponsorship: no disclosure finding; sponsored: the missing #ad blocks
    assert isinstance(validator.validate(PAID, {}), PassResult)
    result = validator.validate(PAID, {"sponsored": True, "platform": "instagram", "id": "p1"})
    assert isinstance(result, FailResult)
    assert result.metadata["brandguard"]["id"] == "p1"
    assert result.metadata["brandguard"]["findings"][0]["rule"] == "ftc.disclosure.missing"
    post = validator.post_for(PAID, {"markets": ["gb"], "locale": "en_GB", "campaign": "x"})
    assert post == Post(text=PAID, markets=["GB"], locale="en-GB")
    with pytest.raises(ValueError, match="platform"):
        validator.validate(PAID, {"platform": "myspace"})


def test_a_finding_outside_the_text_spans_the_whole_text() -> None:
    result = BrandguardPolicy(BANK, fail_at="review").validate(
        "Open an account today", {"links": ["https://bit.ly/xyz"]}
    )
    assert isinstance(result, FailResult)
    (span,) = result.error_spans
    assert (span.start, span.end) == (0, len("Open an account today"))
    assert span.reason.startswith("northbank.links.shortener: ")
    assert result.metadata["brandguard"]["findings"][0]["field"] == "links[0]"


def test_a_post_too_long_to_check_fails_whatever_fail_at() -> None:
    result = BrandguardPolicy(Checker(BANK, max_chars=10)).validate(CLEAN, {})
    assert isinstance(result, FailResult)
    assert "not checked" in result.error_message
    assert (
        result.metadata["brandguard"]["error"] and result.metadata["brandguard"]["decision"] is None
    )
    assert verdict_from_result(result) is None


def test_policy_forms_and_their_guardrails_arguments(tmp_path: Path) -> None:
    policy = load_policy(BANK)
    path = ROOT / "policies" / "examples" / "retail-bank.yaml"
    forms: list[Any] = [BANK, path, policy, Checker(BANK)]
    for form in forms:
        validator = BrandguardPolicy(form, on_fail="noop")
        assert validator.checker.policy.name == "northbank"
        assert isinstance(validator.validate(TEXT, {}), FailResult)
    assert BrandguardPolicy(BANK).get_args() == {"policy": BANK, "fail_at": "block"}
    assert BrandguardPolicy(path).get_args()["policy"] == str(path)
    assert BrandguardPolicy().checker.policy.name == "brandguard-default"
    # a Policy or a Checker travels as a small handle (guardrails serializes the arguments on
    # every call), which guardrails can build the validator from again
    handle = BrandguardPolicy(policy).get_args()["policy"]
    assert json.loads(json.dumps(handle.to_dict())) == policy.ref.model_dump(mode="json")
    assert "northbank" in repr(handle) and len(repr(handle)) < 100
    rebuilt = BrandguardPolicy(handle, on_fail="noop")
    assert rebuilt.checker is handle.checker
    # the Guard keeps the instance it was given across calls
    validator = BrandguardPolicy(policy, on_fail="noop")
    guard = Guard().use(validator)
    guard.validate(TEXT)
    guard.validate(CLEAN)
    assert guard.get_validators("output") == [validator]
    assert guard.get_validators("output")[0] is validator


def test_judges_stay_off_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANDGUARD_MODEL", "openai:gpt-4.1-mini")
    monkeypatch.setenv("BRANDGUARD_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "not-used")
    assert Checker(BANK).judges_active  # the policy has judges and a model is configured
    validator = BrandguardPolicy(BANK)
    assert not validator.checker.judges_active
    assert validator.validate(TEXT, {}).metadata["brandguard"]["judges"]["reason"] == (
        "judges turned off"
    )
    assert not guard_for(BANK).get_validators("output")[0].checker.judges_active
    with pytest.raises(TypeError, match="Checker itself"):
        BrandguardPolicy(Checker(BANK), judges=True)


# -- Guard.use replaces; guard_for(validators=...) adds ------------------------------------------
@register_validator(name="brandguard-tests/no-digits", data_type="string")
class NoDigits(Validator):
    """Fails on any digit, one span each; the fix removes them."""

    def __init__(self, on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail)

    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        spans = [
            ErrorSpan(start=i, end=i + 1, reason="a digit")
            for i, c in enumerate(value)
            if c.isdigit()
        ]
        if not spans:
            return PassResult()
        fixed = "".join(c for c in value if not c.isdigit())
        return FailResult(error_message="No digits, please", error_spans=spans, fix_value=fixed)


def test_a_second_use_replaces_brandguard_and_validators_add_to_it() -> None:
    guard = guard_for(BANK)
    guard.use(NoDigits(on_fail="noop"))
    (only,) = guard.get_validators("output")
    assert isinstance(only, NoDigits)
    outcome = guard.validate(TEXT)
    assert outcome.validation_passed is True  # brandguard no longer runs
    both = guard_for(BANK, on_fail="noop", validators=[NoDigits(on_fail="noop")])
    assert [type(v) for v in both.get_validators("output")] == [BrandguardPolicy, NoDigits]
    outcome = both.validate(TEXT + " 2026")
    assert sorted(s.validator_name for s in outcome.validation_summaries) == [
        "BrandguardPolicy",
        "NoDigits",
    ]


# -- streaming -------------------------------------------------------------------------------
def _llm(parts: list[str]) -> Any:
    def call(*, messages: Any = None, **kwargs: Any) -> Any:
        yield from parts

    return call


PARTS = [
    "Utilize our app to open a savings account. ",
    "Get a guaranteed ",
    "return. #savingsgoals",
]


def test_a_stream_with_on_fail_fix_yields_the_checked_post_once_at_the_end() -> None:
    guard = Guard().use(BrandguardPolicy(BANK, on_fail="fix"))
    outs = list(guard(_llm(PARTS), messages=[{"role": "user", "content": "a post"}], stream=True))
    assert len(outs) == 1
    assert outs[0].validated_output == (
        "Use our app to open a savings account. Get a guaranteed return. #SavingsGoals"
    )
    # (the outcome's raw_llm_output is only the last chunk; the call's history has it all)
    assert guard.history.last.iterations.last.outputs.raw_output == "".join(PARTS)
    verdict = verdict_from_result(guard)
    assert verdict is not None and verdict.decision is Decision.BLOCK
    assert {f.rule for f in verdict.findings} >= {"finance.promissory", "voice.terminology"}


@pytest.mark.parametrize("on_fail", ["noop", "exception"])
def test_a_stream_that_guardrails_would_pass_on_unchecked_raises(on_fail: str) -> None:
    guard = Guard().use(BrandguardPolicy(BANK, on_fail=on_fail))
    with pytest.raises(ValueError, match="checks whole posts"):
        list(guard(_llm(PARTS), messages=[{"role": "user", "content": "a post"}], stream=True))


# -- telemetry and imports (fresh interpreters) ------------------------------------------------
def _python(code: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("OTEL_SDK_DISABLED",)}
    environ.update(HOME=str(home), **env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environ,
        cwd=home,
        timeout=120,
    )


def test_importing_brandguard_does_not_import_guardrails(tmp_path: Path) -> None:
    proc = _python(
        """
        import sys
        import brandguard, brandguard.integrations
        from brandguard import Checker
        from brandguard.policy.registry import kind_doc, kinds
        Checker().check("Our tea cures cancer!")
        docs = [kind_doc(k) for k in kinds()]  # imports every rule module, guardrails_rule too
        assert "brandguard.rules.guardrails_rule" in sys.modules
        assert not any(m == "guardrails" or m.startswith("guardrails.") for m in sys.modules), \\
            sorted(m for m in sys.modules if m.startswith("guardrails"))
        import brandguard.integrations.guardrails as g
        from guardrails.validator_base import validators_registry
        import os
        assert validators_registry["brandguard/policy"] is g.BrandguardPolicy
        print(os.environ["OTEL_SDK_DISABLED"], os.environ["LITELLM_LOCAL_MODEL_COST_MAP"])
        """,
        tmp_path,
        LITELLM_LOCAL_MODEL_COST_MAP="False",
    )
    assert proc.returncode == 0, proc.stderr
    # the default is set, a value the user chose is kept
    assert proc.stdout.split() == ["true", "False"]


TELEMETRY = """
import json
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import SpanExportResult

sent = []
def export(self, spans):  # record instead of posting to guardrails' collector
    sent.extend(s.name for s in spans)
    return SpanExportResult.SUCCESS
OTLPSpanExporter.export = export

from guardrails import Guard
from guardrails.utils.hub_telemetry_utils import HubTelemetry
from brandguard.integrations.guardrails import BrandguardPolicy, guard_for

def flush():
    HubTelemetry()._processor.force_flush()

theirs = Guard().use(BrandguardPolicy(on_fail="noop"))  # metrics on: no ~/.guardrailsrc
ours = guard_for()
Guard()  # configured after ours: switches the shared hub-telemetry flag back on
ours.validate("Our tea cures cancer!")
ours.validate("Our new oolong is here.")
flush()
from_ours = list(sent)
theirs.validate("Our new oolong is here.")
flush()
from_theirs = sent[len(from_ours):]
# a plain Guard configured without metrics still sends the span around validate() when another
# Guard switched the shared flag on after it: why guard_for's Guard switches it off per call
plain = Guard().use(BrandguardPolicy(on_fail="noop"))
plain.configure(allow_metrics_collection=False)
Guard()
before = len(sent)
plain.validate("Our new oolong is here.")
flush()
print(json.dumps({"ours": from_ours, "theirs": from_theirs, "plain": sent[before:],
                  "tracer": type(HubTelemetry()._tracer).__name__,
                  "allow": ours._allow_metrics_collection}))
"""


def test_brandguard_guards_send_no_hub_telemetry_even_with_the_otel_sdk_on(tmp_path: Path) -> None:
    proc = _python(TELEMETRY, tmp_path, OTEL_SDK_DISABLED="false")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["tracer"] != "NoOpTracer"  # the user opted into OpenTelemetry's SDK
    assert got["allow"] is False
    assert got["ours"] == []
    assert "/validation" in got["theirs"]  # the same process does send for a default Guard
    assert got["plain"] and set(got["plain"]) == {"/guard_call"}  # validate() and parse()
    assert list(tmp_path.iterdir()) == []  # nothing written to the home directory


def test_by_default_hub_telemetry_gets_a_no_op_tracer(tmp_path: Path) -> None:
    proc = _python(TELEMETRY, tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["tracer"] == "NoOpTracer"
    assert got["ours"] == got["theirs"] == got["plain"] == []
    assert list(tmp_path.iterdir()) == []


# == the `guardrails` rule kind =================================================================
@register_validator(name="brandguard-tests/codes", data_type="string")
class Codes(Validator):
    """Flags every occurrence of ``word`` (one span each); the fix writes ``[code]``."""

    def __init__(self, word: str = "PROJ", on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail, word=word)
        self.word = word

    def validate(self, value: Any, metadata: dict[str, Any] | None = None) -> ValidationResult:
        spans = []
        i = value.find(self.word)
        while i >= 0:
            spans.append(ErrorSpan(start=i, end=i + len(self.word), reason=f"code {self.word}"))
            i = value.find(self.word, i + 1)
        if not spans:
            return PassResult()
        return FailResult(
            error_message="Internal code name",
            error_spans=spans,
            fix_value=value.replace(self.word, "[code]"),
        )


@register_validator(name="brandguard-tests/calm", data_type="string")
class Calm(Validator):
    """Fails on '!!' with no span; the fix is one '!'."""

    def __init__(self, on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail)

    def validate(self, value: Any, metadata: dict[str, Any] | None = None) -> ValidationResult:
        if "!!" in value:
            return FailResult(error_message="Too excited", fix_value=value.replace("!!", "!"))
        return PassResult()


@register_validator(name="brandguard-tests/made-up-fix", data_type="string")
class MadeUpFix(Validator):
    """Always fails; its fix is a new random text each call (like RegexMatch's)."""

    def __init__(self, on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail)

    def validate(self, value: Any, metadata: dict[str, Any] | None = None) -> ValidationResult:
        return FailResult(error_message="Does not match", fix_value=uuid.uuid4().hex)


@register_validator(name="brandguard-tests/remote", data_type="string")
class Remote(Validator):
    """Calls a service on every post: here, the service cannot be reached."""

    def __init__(self, on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail)

    def validate(self, value: Any, metadata: dict[str, Any] | None = None) -> ValidationResult:
        raise ConnectionError("Failed to establish a new connection: [Errno 111] refused")


@register_validator(name="brandguard-tests/model", data_type="string")
class NeedsModel(Validator):
    """A model-backed validator: building it would load (download) a model."""

    def __init__(self, on_fail: Any = None) -> None:
        raise AssertionError("NeedsModel was built: it would have loaded a model")

    def _inference_local(self, model_input: Any) -> Any:
        raise AssertionError("inference ran")


@register_validator(name="brandguard-tests/audience", data_type="string")
class Audience(Validator):
    required_metadata_keys = ["audience"]  # noqa: RUF012 (guardrails' own declaration)

    def __init__(self, on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail)

    def validate(self, value: Any, metadata: dict[str, Any] | None = None) -> ValidationResult:
        if (metadata or {}).get("audience") == "kids" and "casino" in value:
            return FailResult(error_message=f"Not for {metadata['audience']}")  # type: ignore[index]
        return PassResult()


@register_validator(name="brandguard-tests/broken", data_type="string")
class Broken(Validator):
    def __init__(self, on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail)

    def validate(self, value: Any, metadata: dict[str, Any] | None = None) -> ValidationResult:
        raise KeyError("oops")


@register_validator(name="brandguard-tests/wild-spans", data_type="string")
class WildSpans(Validator):
    def __init__(self, on_fail: Any = None) -> None:
        super().__init__(on_fail=on_fail)

    def validate(self, value: Any, metadata: dict[str, Any] | None = None) -> ValidationResult:
        return FailResult(
            error_message="Odd",
            error_spans=[
                ErrorSpan(start=3, end=10_000, reason="past the end"),
                ErrorSpan(start=2, end=2, reason="a point"),
            ],
        )


HERE = __name__  # the import path of this module, as pytest imported it


def gr(cls: str, **config: Any) -> Any:
    return make_rule("guardrails", validator=f"{HERE}:{cls}", **config)


def test_spans_map_to_findings_in_the_original_text() -> None:
    text = "🚀 Ship PROJ today — PROJ-2 too"
    findings = run(gr("Codes", level="error", owner="security"), text)
    assert [(f.start, f.end, f.excerpt) for f in findings] == [(7, 11, "PROJ"), (20, 24, "PROJ")]
    f = findings[0]
    assert f.rule == "t.rule" and f.severity is Severity.ERROR and f.owner == "security"
    assert f.message == "Internal code name (code PROJ)"
    assert f.source == "guardrails-ai validator brandguard-tests/codes"
    # one exact fix per span; together they make the validator's fixed text
    assert [(x.fix.start, x.fix.end, x.fix.replacement) for x in findings] == [
        (7, 11, "[code]"),
        (20, 24, "[code]"),
    ]
    assert apply_fixes(text, [x.fix for x in findings]) == text.replace("PROJ", "[code]")
    assert run(gr("Codes"), "Nothing internal here") == []


def test_kwargs_and_args_reach_the_constructor_and_a_message_template_wraps_the_error() -> None:
    by_kwargs = run(gr("Codes", kwargs={"word": "FALCON"}), "Codename FALCON ships")
    by_args = run(gr("Codes", args=["FALCON"], message="Internal: %s"), "Codename FALCON ships")
    assert [(f.start, f.end) for f in by_kwargs] == [(9, 15)] == [(f.start, f.end) for f in by_args]
    assert by_args[0].message == "Internal: Internal code name (code FALCON)"


def test_no_span_means_the_whole_text_and_the_fix_covers_the_change() -> None:
    text = "We're live!! Come see us"
    (f,) = run(gr("Calm"), text)
    assert (f.start, f.end, f.excerpt) == (0, len(text), text)
    assert f.message == "Too excited"
    assert f.fix is not None and apply_fixes(text, [f.fix]) == "We're live! Come see us"
    assert (f.fix.start, f.fix.end) == (11, 12)  # the smallest edit, not the whole text


def test_spans_outside_the_text_are_clamped_and_a_point_is_the_whole_text() -> None:
    text = "short text"
    findings = run(gr("WildSpans"), text)
    assert sorted((f.start, f.end) for f in findings) == [(0, len(text)), (3, len(text))]


def test_a_fix_that_changes_each_call_is_a_suggestion_not_a_fix() -> None:
    (f,) = run(gr("MadeUpFix"), "Hello there")
    assert f.fix is None
    assert f.suggestion is not None and f.suggestion.startswith("The validator's fixed text: ")


def test_fixes_setting() -> None:
    text = "Ship PROJ now"
    (f,) = run(gr("Codes", fixes="suggestion"), text)
    assert f.fix is None and f.suggestion == "The validator's fixed text: 'Ship [code] now'"
    (f,) = run(gr("Codes", fixes="off"), text)
    assert f.fix is None and f.suggestion is None
    (f,) = run(gr("Codes", suggestion="Say 'the project'"), text)
    assert f.fix is not None and f.suggestion == "Say 'the project'"


def test_a_fix_outside_the_spans_is_a_suggestion() -> None:
    # NoDigits' spans are the digits; a fix that also touches other text cannot be split
    @register_validator(name="brandguard-tests/sloppy-fix", data_type="string")
    class SloppyFix(NoDigits):
        def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
            result = super()._validate(value, metadata)
            if isinstance(result, FailResult):
                result.fix_value = result.fix_value.upper()
            return result

    globals()["SloppyFix"] = SloppyFix
    findings = run(gr("SloppyFix"), "rates up 2 and 3 points")
    assert [(f.start, f.end) for f in findings] == [(9, 10), (15, 16)]
    assert all(f.fix is None for f in findings)
    assert findings[0].suggestion == "The validator's fixed text: 'RATES UP  AND  POINTS'"
    # the plain one splits into one edit per digit
    findings = run(gr("NoDigits"), "rates up 2 and 3 points")
    assert [(f.fix.start, f.fix.end, f.fix.replacement) for f in findings] == [
        (9, 10, ""),
        (15, 16, ""),
    ]


def test_metadata_goes_to_every_call_and_required_keys_are_checked_at_load() -> None:
    assert run(gr("Audience", metadata={"audience": "adults"}), "casino night") == []
    (f,) = run(gr("Audience", metadata={"audience": "kids"}), "casino night")
    assert f.message == "Not for kids"
    with pytest.raises(Exception, match="audience"):
        gr("Audience")


def test_a_registered_name_works_too() -> None:
    for name in ("brandguard-tests/codes", "hub://brandguard-tests/codes"):
        rule = make_rule("guardrails", validator=name)
        assert rule.available
        assert [(f.start, f.end) for f in run(rule, "a PROJ")] == [(2, 6)]


_LOCAL_VALIDATOR = """
from guardrails.validator_base import FailResult, PassResult, Validator, register_validator

@register_validator(name="{name}", data_type="string")
class Shout(Validator):
    def validate(self, value, metadata=None):
        if value.isupper():
            return FailResult(error_message="All capitals")
        return PassResult()
"""


def test_a_name_resolves_through_the_hub_registry_file_and_the_package_convention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `guardrails hub install` writes .guardrails/hub_registry.json in the project
    (tmp_path / "acme_shout.py").write_text(_LOCAL_VALIDATOR.format(name="acme/shout"))
    (tmp_path / ".guardrails").mkdir()
    (tmp_path / ".guardrails" / "hub_registry.json").write_text(
        json.dumps({"version": 1, "validators": {"acme/shout": {"import_path": "acme_shout"}}})
    )
    # a PyPI validator package: guardrails/<name> lives in guardrails_ai.<name>
    pkg = tmp_path / "site" / "guardrails_ai" / "bg_shout_test"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(_LOCAL_VALIDATOR.format(name="guardrails/bg-shout-test"))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    import guardrails_ai

    monkeypatch.setattr(guardrails_ai, "__path__", [*guardrails_ai.__path__, str(pkg.parent)])
    monkeypatch.chdir(tmp_path)
    for name in ("acme/shout", "guardrails/bg-shout-test"):
        rule = make_rule("guardrails", validator=name)
        assert rule.available, rule.unavailable_reason
        (f,) = run(rule, "BUY NOW")
        assert (f.start, f.end, f.message) == (0, 7, "All capitals")


def test_remote_inference_is_never_used() -> None:
    rule = gr("Codes")
    assert rule._instance.use_local is True


# -- unavailable: never a silent pass, never a download -----------------------------------------
def _decision(rule_config: dict[str, Any], text: str = "Hello there") -> Any:
    policy = policy_from_dict(
        {"name": "t", "rules": {"t.gr": {"kind": "guardrails", **rule_config}}}
    )
    return Checker(policy).check(text)


def test_a_bad_import_path_is_unavailable_and_sends_the_post_to_review() -> None:
    v = _decision({"validator": "guardrails_ai.no_such_validator:Nope"})
    assert v.decision is Decision.REVIEW
    (f,) = v.findings
    assert f.rule == "t.gr.unavailable" and f.severity is Severity.WARNING
    assert "No module named 'guardrails_ai.no_such_validator'" in f.message
    assert "pip install guardrails-ai-no-such-validator" in f.message
    # an error-level rule that cannot run blocks
    v = _decision({"validator": "no_such_pkg.mod:Nope", "level": "error"})
    assert v.decision is Decision.BLOCK and v.findings[0].rule == "t.gr.unavailable"
    # a suggestion-level rule still reviews
    v = _decision({"validator": "no_such_pkg.mod:Nope", "level": "suggestion"})
    assert v.decision is Decision.REVIEW


def test_an_unknown_registered_name_is_unavailable() -> None:
    v = _decision({"validator": "guardrails/no_such_thing"})
    (f,) = v.findings
    assert f.rule == "t.gr.unavailable"
    assert "no guardrails validator is registered as 'guardrails/no_such_thing'" in f.message


def test_a_validator_that_cannot_connect_is_unavailable() -> None:
    v = _decision({"validator": f"{HERE}:Remote"})
    assert v.decision is Decision.REVIEW
    (f,) = v.findings
    assert f.rule == "t.gr.unavailable"
    assert "ConnectionError" in f.message


def test_a_model_validator_is_unavailable_without_being_built() -> None:
    rule = gr("NeedsModel")  # building it would raise AssertionError
    assert not rule.available
    assert "runs a model (it implements _inference_local)" in (rule.unavailable_reason or "")
    (f,) = run(rule, "Hello")
    assert f.rule == "t.rule.unavailable"
    # vouching for it builds it (and here that fails loudly)
    with pytest.raises(Exception, match="NeedsModel was built"):
        gr("NeedsModel", offline=True)


def test_a_validator_module_that_imports_a_model_library_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bg_http_validator.py").write_text(
        textwrap.dedent(
            """
            import requests
            from guardrails.validator_base import Validator, register_validator, PassResult

            @register_validator(name="brandguard-tests/http", data_type="string")
            class Http(Validator):
                def __init__(self, on_fail=None):
                    super().__init__(on_fail=on_fail)

                def validate(self, value, metadata=None):
                    return PassResult()
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    rule = make_rule("guardrails", validator="bg_http_validator:Http")
    assert not rule.available and "imports requests" in (rule.unavailable_reason or "")
    assert make_rule("guardrails", validator="bg_http_validator:Http", offline=True).available
    # the allow-list is trusted the same way
    monkeypatch.setattr(guardrails_rule, "OFFLINE_VALIDATORS", frozenset({"brandguard-tests/http"}))
    assert make_rule("guardrails", validator="bg_http_validator:Http").available


def test_a_validator_that_breaks_is_reported_by_the_checker() -> None:
    v = _decision({"validator": f"{HERE}:Broken"})
    assert v.decision is Decision.REVIEW
    assert v.findings[0].rule == "t.gr.crashed"


def test_the_offline_allow_list_names_real_validators() -> None:
    assert {
        "guardrails/regex_match",
        "guardrails/valid_length",
    } <= guardrails_rule.OFFLINE_VALIDATORS
    doc = kind_doc("guardrails")
    for name in guardrails_rule.OFFLINE_VALIDATORS:
        assert f"``{name}``" in doc


# -- configuration mistakes are policy errors ----------------------------------------------------
@pytest.mark.parametrize(
    ("validator", "extra", "says"),
    [
        ("just-a-word", {}, "neither a registered name"),
        ("module:", {}, "neither a registered name"),
        (f"{__name__}:NoSuchClass", {}, "has no 'NoSuchClass'"),
        (f"{__name__}:Post", {}, "is not a guardrails Validator subclass"),
        (f"{__name__}:Codes", {"kwargs": {"colour": "red"}}, "cannot build brandguard-tests/codes"),
        (f"{__name__}:Audience", {}, "needs metadata key(s) 'audience'"),
    ],
)
def test_configuration_mistakes_fail_at_load(
    validator: str, extra: dict[str, Any], says: str
) -> None:
    with pytest.raises(PolicyError) as info:
        policy_from_dict(
            {
                "name": "t",
                "rules": {"t.gr": {"kind": "guardrails", "validator": validator, **extra}},
            }
        )
    assert says in str(info.value)
    assert "rules.t.gr" in str(info.value)


def test_a_yaml_policy_with_a_guardrails_rule(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(
        textwrap.dedent(
            f"""
            name: acme
            version: "1"
            extends: [builtin:default]
            rules:
              acme.codes:
                kind: guardrails
                level: error
                owner: security
                validator: "{HERE}:Codes"
                kwargs: {{word: FALCON}}
            """
        )
    )
    checker = Checker(path)
    v = checker.check("Project FALCON launches Monday!")
    assert v.decision is Decision.BLOCK
    (f,) = [f for f in v.findings if f.rule == "acme.codes"]
    assert (f.start, f.end, f.owner) == (8, 14, "security")
    assert v.apply_fixes("Project FALCON launches Monday!") == "Project [code] launches Monday!"
    # both directions at once: that policy as a guardrails validator
    outcome = guard_for(checker).validate("Project FALCON launches Monday!")
    assert outcome.validated_output == "Project [code] launches Monday!"


def test_the_rule_kind_is_documented_like_the_others() -> None:
    doc = kind_doc("guardrails")
    assert doc.startswith("``guardrails``: ")
    for section in ("What it does", "Why is this bad?", "Example", "Use instead", "```yaml"):
        assert section in doc
