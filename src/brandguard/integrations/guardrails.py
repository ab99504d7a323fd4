"""brandguard inside guardrails-ai (``pip install "brandguard[guardrails]"``, guardrails-ai 0.11).

Importing this module registers the ``brandguard/policy`` validator with guardrails. Two ways
in, and one back out:

* :func:`guard_for`: a ready ``Guard`` that checks a text against a policy::

      from brandguard.integrations.guardrails import guard_for

      guard = guard_for("builtin:examples/retail-bank")
      outcome = guard.validate("Utilize our app and get a guaranteed return. #savingsgoals")
      outcome.validation_summaries[0].error_spans  # one span per finding
      outcome.validated_output  # 'Use our app and get a guaranteed return. #SavingsGoals'

  ``on_fail`` defaults to ``"fix"`` here. guardrails counts a changed value as a fixed one, so
  ``validation_passed`` is True whenever an exact fix applied, even when a finding that no fix
  removes remains (above, the guaranteed return still blocks): gate on the verdict
  (:func:`verdict_from_result`), or use ``on_fail="exception"``.

* :class:`BrandguardPolicy`, the validator, for a Guard of your own::

      from guardrails import Guard
      guard = Guard().use(BrandguardPolicy("policies/acme.yaml", fail_at="review",
                                           on_fail="exception"))
      guard.validate(text, metadata={"platform": "instagram", "sponsored": True})

  The post's other fields (``platform``, ``locale``, ``sponsored``, ``markets``, ``id``,
  ``links``, ``alt_texts``, ``scheduled_at``, ``ai_generated``, and ``metadata`` for the post's
  own metadata) come from the call's ``metadata``. Note that a second ``Guard.use(...)`` on the
  same target (``"output"``) *replaces* the validators of the first: pass every validator in
  one call (``guard_for(policy, validators=[...])`` does that).

* :func:`verdict_from_result`: the brandguard :class:`~brandguard.verdict.Verdict` back from a
  validation result, or from a Guard's last call.

Telemetry: before guardrails is imported, ``OTEL_SDK_DISABLED=true`` (OpenTelemetry hands out
no-op tracers, so guardrails' hub telemetry can export nothing) and
``LITELLM_LOCAL_MODEL_COST_MAP=True`` (litellm does not fetch its cost map) are set unless the
environment already sets them; every Guard :func:`guard_for` makes is configured with
``allow_metrics_collection=False`` and switches guardrails' shared hub-telemetry flag off at the
start of each of its calls. Nothing is written to ``~/.guardrailsrc`` (guardrails reads it; a
missing file means ``enable_metrics=True`` to guardrails). The checker runs rules only unless
``judges``/``model`` are given (or a Checker with judges): no network.

Streaming: brandguard checks whole posts, never sentence by sentence (a missing ``#ad`` or a
rate without "fixed"/"variable" depends on the whole text). In a stream
(``guard(llm_api, stream=True)``) the validator holds the text until the stream ends and then
checks it once: that works with ``on_fail="fix"`` (guardrails then yields one chunk, at the
end: the checked and fixed post). With any other ``on_fail`` guardrails lets every chunk through
unchecked and never hands the validator the end of the stream, so the validator raises
``ValueError`` at the first chunk instead of passing an unchecked stream.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeAlias

from ..rules.guardrails_rule import offline_defaults

offline_defaults()  # before guardrails (and OpenTelemetry, litellm) are imported

from guardrails import Guard  # noqa: E402
from guardrails.types import OnFailAction  # noqa: E402
from guardrails.utils.hub_telemetry_utils import HubTelemetry  # noqa: E402
from guardrails.validator_base import (  # noqa: E402
    ErrorSpan,
    FailResult,
    PassResult,
    ValidationResult,
    Validator,
    register_validator,
)
from pydantic import ValidationError  # noqa: E402

from ..checker import Checker, PostTooLarge  # noqa: E402
from ..policy import Policy  # noqa: E402
from ..post import Post  # noqa: E402
from ..verdict import Decision, Finding, Verdict, error_record  # noqa: E402

__all__ = ["BrandguardPolicy", "guard_for", "verdict_from_result"]

#: the name the validator is registered under
NAME = "brandguard/policy"
#: what the validator accepts as a policy: what ``Checker(policy=...)`` takes, or a Checker
PolicyLike: TypeAlias = Checker | Policy | str | Path | None
OnFail: TypeAlias = OnFailAction | str | Callable[[Any, FailResult], Any] | None

_POST_FIELDS = tuple(f for f in Post.model_fields if f != "text")
_FAIL_AT = {"block": Decision.BLOCK, "review": Decision.REVIEW}
#: the actions that hand the fixed text on: their results also say what remains after the fixes
_FIXING = (OnFailAction.FIX, OnFailAction.FIX_REASK)


class _CheckerRef:
    """What a validator built from a Policy or a Checker keeps in its guardrails arguments
    (``get_args()``): a handle to the checker that serializes as the policy's name, version and
    hash. guardrails' tracing serializes a validator's arguments on every call; a whole policy
    would cost more than the check."""

    __slots__ = ("checker",)

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def to_dict(self) -> dict[str, Any]:
        return self.checker.policy.ref.model_dump(mode="json")

    def __repr__(self) -> str:
        ref = self.checker.policy.ref
        return f"<brandguard policy {ref.name} {ref.version} {ref.sha256[:12]}>"


def _checker(
    policy: PolicyLike | _CheckerRef, judges: bool | list[str] | None, model: Any
) -> Checker:
    if isinstance(policy, _CheckerRef):
        return policy.checker
    if isinstance(policy, Checker):
        if judges is not None or model is not None:
            raise TypeError("give judges and model to the Checker itself, not with a Checker")
        return policy
    # rules only unless asked: Checker() would read BRANDGUARD_MODEL and call a model
    run_judges = judges if judges is not None else model is not None
    return Checker(policy, judges=run_judges, model=model)


@register_validator(name=NAME, data_type="string")
class BrandguardPolicy(Validator):
    """Checks a text against a brandguard policy; fails at or above ``fail_at``.

    ``policy``: a policy name (``"builtin:examples/retail-bank"``), a path, a
    :class:`~brandguard.policy.Policy`, a ready :class:`~brandguard.checker.Checker`, or None
    for the built-in default. ``fail_at``: ``"block"`` (default) or ``"review"``. ``on_fail``:
    any guardrails action (``"noop"``, ``"exception"``, ``"fix"``, ``"fix_reask"``,
    ``"filter"``, ``"refrain"``, ``"reask"``) or a callable; guardrails' default is
    ``"exception"``. ``judges``/``model`` turn on the policy's LLM judges (a LangChain model or
    an ``init_chat_model`` spec); without them the check is rules only.

    A failure is a ``FailResult`` whose ``error_message`` lists every finding (``rule: message;
    suggestion``), with one ``ErrorSpan`` per finding (the whole text for a finding without a
    span in the text), ``fix_value`` the text with every exact fix applied, and the verdict
    record in ``metadata["brandguard"]``; with ``on_fail`` ``"fix"`` or ``"fix_reask"``, when a
    fix applied, the record of the fixed text (what remains after the fixes: the text is
    checked again) is in ``metadata["brandguard_fixed"]``. A pass is a ``PassResult`` with the record in
    ``metadata["brandguard"]``. The call's own metadata is kept in both: guardrails hands a
    result's metadata on to the next validator and the next chunk in place of its own.
    """

    def __init__(
        self,
        policy: PolicyLike | _CheckerRef = None,
        fail_at: str = "block",
        on_fail: OnFail = None,
        *,
        judges: bool | list[str] | None = None,
        model: Any = None,
    ) -> None:
        if fail_at not in _FAIL_AT:
            raise ValueError(f"fail_at must be 'block' or 'review', not {fail_at!r}")
        checker = _checker(policy, judges, model)
        plain = (
            (policy is None or isinstance(policy, str | Path)) and judges is None and model is None
        )
        arg: str | _CheckerRef | None
        if plain:
            arg = None if policy is None else str(policy)
        else:
            arg = policy if isinstance(policy, _CheckerRef) else _CheckerRef(checker)
        super().__init__(on_fail=on_fail, policy=arg, fail_at=fail_at)
        self.checker = checker
        self.fail_at = _FAIL_AT[fail_at]

    # -- one value ----------------------------------------------------------------------------
    def post_for(self, value: str, metadata: dict[str, Any]) -> Post:
        """The post checked for ``value``: its other fields from ``metadata``."""
        if not isinstance(value, str):
            raise TypeError(f"{NAME} validates text, not {type(value).__name__}")
        fields = {k: metadata[k] for k in _POST_FIELDS if k in metadata}
        try:
            return Post(text=value, **fields)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise ValueError(f"{NAME}: the metadata does not describe a post: {problems}") from None

    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        post = self.post_for(value, metadata)
        try:
            verdict = self.checker.check(post)
        except PostTooLarge as exc:  # refused: an error record, never a pass
            record = error_record(post.id, self.checker.policy.ref, str(exc))
            return FailResult(
                error_message=f"brandguard: the post was not checked: {exc}",
                error_spans=[ErrorSpan(start=0, end=len(value), reason="not checked: too long")],
                metadata={**metadata, "brandguard": record},
            )
        if verdict.decision.rank < self.fail_at.rank:
            return PassResult(metadata={**metadata, "brandguard": verdict.to_record()})
        fixed = verdict.apply_fixes(value)
        out = {**metadata, "brandguard": verdict.to_record(fixed_text=fixed)}
        if fixed != value and self.on_fail_descriptor in _FIXING:
            after = self.checker.check(post.model_copy(update={"text": fixed}))
            out["brandguard_fixed"] = after.to_record()
        return FailResult(
            error_message=_summary(verdict, self.checker.policy),
            error_spans=[_span(f, len(value)) for f in verdict.findings],
            fix_value=fixed,
            metadata=out,
        )

    # -- streams ------------------------------------------------------------------------------
    def _chunking_function(self, chunk: str) -> list[str]:
        return []  # never a sentence at a time: the whole post, when the stream ends

    def validate_stream(
        self, chunk: Any, metadata: dict[str, Any], **kwargs: Any
    ) -> ValidationResult | None:
        if self.on_fail_descriptor is not OnFailAction.FIX:
            raise ValueError(
                f"{NAME} checks whole posts: in a stream it needs on_fail='fix' (the stream then "
                "yields the checked post once, when it ends); with any other on_fail guardrails "
                "passes the chunks on unchecked, so validate the finished text instead "
                "(guard.validate(text))"
            )
        return super().validate_stream(chunk, metadata, **kwargs)


def _span(f: Finding, n: int) -> ErrorSpan:
    reason = f"{f.rule}: {f.message}"
    if f.field == "text" and f.end > f.start:
        return ErrorSpan(start=f.start, end=f.end, reason=reason)
    return ErrorSpan(start=0, end=n, reason=reason)


def _summary(verdict: Verdict, policy: Policy) -> str:
    lines = [f"brandguard: {verdict.decision.value} (policy {policy.name} {policy.version})"]
    for f in verdict.findings:
        line = f"{f.severity.value} {f.rule}: {f.message.strip()}"
        if f.suggestion:
            line += f"; {f.suggestion.strip()}"
        lines.append(line)
    return "\n".join(lines)


def verdict_from_result(result: ValidationResult | Guard) -> Verdict | None:
    """The verdict a ``brandguard/policy`` validator left: in a ``PassResult``/``FailResult``,
    or in a Guard's last call (its last ``brandguard/policy`` run). None when there is none (or
    the post was refused as too long: the record's ``error`` says why)."""
    if isinstance(result, Guard):
        call = result.history.last
        iteration = call.iterations.last if call is not None else None
        for log in reversed(iteration.validator_logs if iteration is not None else []):
            if log.registered_name == NAME and log.validation_result is not None:
                return verdict_from_result(log.validation_result)
        return None
    record = (result.metadata or {}).get("brandguard")
    if not isinstance(record, dict) or record.get("decision") is None:
        return None
    return Verdict.model_validate(record)


def _metrics_off() -> None:
    # guardrails keeps one hub-telemetry switch for the process; each Guard sets it when it
    # is configured and each run sets it again, and the tracing around Guard.validate reads it
    # before the run does
    HubTelemetry()._enabled = False


class _QuietGuard(Guard):  # type: ignore[type-arg]
    """A Guard that sends no hub telemetry for its own calls, whatever another Guard set."""

    def __call__(self, llm_api: Callable[..., Any] | None = None, *args: Any, **kwargs: Any) -> Any:
        _metrics_off()
        return super().__call__(llm_api, *args, **kwargs)

    def parse(self, llm_output: str, *args: Any, **kwargs: Any) -> Any:
        _metrics_off()
        return super().parse(llm_output, *args, **kwargs)

    def validate(self, llm_output: str, *args: Any, **kwargs: Any) -> Any:
        _metrics_off()
        return super().validate(llm_output, *args, **kwargs)


def guard_for(
    policy: PolicyLike = None,
    *,
    fail_at: str = "block",
    on_fail: OnFail = "fix",
    judges: bool | list[str] | None = None,
    model: Any = None,
    validators: Sequence[Validator] = (),
    name: str | None = None,
) -> Guard:
    """A ready Guard: ``Guard().use(BrandguardPolicy(policy, ...), *validators)``, with
    guardrails' metrics collection off.

    ``validators`` run beside brandguard's on the output (a later ``guard.use(...)`` would
    replace brandguard's validator, not add to it). ``on_fail`` defaults to ``"fix"``:
    ``validated_output`` is the text with every exact fix applied; read the decision from
    :func:`verdict_from_result` (``guard``), since guardrails reports a fixed value as passed.
    """
    validator = BrandguardPolicy(
        policy, fail_at=fail_at, on_fail=on_fail, judges=judges, model=model
    )
    guard = _QuietGuard(name=name or f"brandguard-{validator.checker.policy.name}")
    guard.use(validator, *validators)
    guard.configure(allow_metrics_collection=False)
    return guard
