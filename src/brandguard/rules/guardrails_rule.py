"""``guardrails``: a guardrails-ai validator, run on the post as one of the policy's rules.

What it does
    Builds the guardrails-ai validator named by ``validator`` once, when the policy loads:
    an import path ``"module:Class"`` (``"guardrails_ai.regex_match:RegexMatch"``, or a team's
    own ``"acme_checks.validators:NoInternalCodes"``), or the name a validator registers
    itself under (``"guardrails/regex_match"``, also written ``"hub://guardrails/regex_match"``),
    found among the validators already imported, in the project's
    ``.guardrails/hub_registry.json``, or in the installed package ``guardrails_ai.<name>``;
    nothing is ever downloaded. ``args`` and ``kwargs`` go to its constructor, ``metadata``
    to every call. Each post's text goes to the validator's own ``validate(value, metadata)``,
    directly and not through a Guard, so a pure-Python validator costs microseconds.

    A ``FailResult`` becomes one finding per error span (offsets in the post text; the whole
    text when the validator gives no span), with the validator's ``error_message`` (and the
    span's reason) as the message, or the rule's ``message`` with ``%s`` standing for it. When
    its ``fix_value`` is a text that differs from the post, the change is split into exact
    edits, one per finding whose span holds it (the whole change when there is one finding);
    a fix that cannot be split that way, or that the validator does not give twice alike
    (``RegexMatch`` makes up a random matching string), is offered as a suggestion instead
    (``fixes: suggestion`` always does that, ``fixes: off`` drops fixes).

    A validator that cannot run here yields ``<rule>.unavailable`` (at least a warning: the
    decision is review or worse, never a silent pass): guardrails-ai or the validator's package
    is not installed, no validator is registered under the name, the validator needs a model
    (it implements guardrails' ``_inference_local``/``_inference_remote``, or its module imports
    a model or HTTP library such as transformers, spacy, nltk, openai, litellm or requests) and
    is neither on the offline allow-list nor marked ``offline: true``, or a call fails on a
    download or a connection. brandguard never turns on a validator's remote inference.
    Configuration mistakes are errors when the policy loads (``brandguard policy lint`` names
    them): a ``validator`` that is neither a name nor ``module:Class``, a module without that
    class or a class that is not a guardrails ``Validator``, arguments its constructor rejects,
    ``metadata`` missing a key the validator requires.

    Known to run offline (their source read for guardrails-ai 0.11, which ships no validator of
    its own): ``guardrails/regex_match`` (``pip install guardrails-ai-regex-match``),
    ``guardrails/valid_length``, ``guardrails/ban_list``, ``guardrails/valid_choices``,
    ``guardrails/lowercase``.

Why is this bad?
    Whatever the validator guards against: a team that already wrote guardrails validators
    (internal code names, a house regex) keeps them, and gets brandguard's spans, owners,
    citations and decisions for their findings.

Example
    ```yaml
    acme.no-ticket-ids:
      kind: guardrails
      level: error
      validator: "guardrails_ai.ban_list:BanList"
      kwargs: {banned_words: [PROJ-1234, codename falcon], max_l_dist: 0}
      owner: security
    acme.length:
      kind: guardrails
      validator: "guardrails/valid_length"
      kwargs: {max: 500}
    ```

Use instead
    What the validator's message says; where it offers an exact fix, ``brandguard check --fix``
    applies it. A brandguard rule kind (``existence``, ``length``, ``pii``) does the same work
    on every folded view of the post, with evasion handling a plain validator lacks.
"""

from __future__ import annotations

import difflib
import importlib
import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from .._lazyre import lazy_re
from ..verdict import Finding, Fix, Severity
from .base import Rule, RuleContext

__all__ = ["OFFLINE_VALIDATORS", "GuardrailsRule", "offline_defaults"]

#: guardrails validators whose source was read (guardrails-ai 0.11 era packages) and that run
#: offline, with no model: pure Python on the value (rstr, fuzzysearch).
OFFLINE_VALIDATORS: frozenset[str] = frozenset(
    {
        "guardrails/regex_match",
        "guardrails/valid_length",
        "guardrails/ban_list",
        "guardrails/valid_choices",
        "guardrails/lowercase",
    }
)

#: a validator whose module imports one of these needs a model or the network (unless it is on
#: the allow-list or the rule says ``offline: true``)
_MODEL_LIBS = frozenset(
    {
        "aiohttp",
        "anthropic",
        "cohere",
        "detoxify",
        "gliner",
        "httpx",
        "huggingface_hub",
        "litellm",
        "nltk",
        "onnxruntime",
        "openai",
        "presidio_analyzer",
        "presidio_anonymizer",
        "requests",
        "sentence_transformers",
        "spacy",
        "tensorflow",
        "torch",
        "transformers",
        "urllib3",
    }
)

_OFFLINE_ENV = {
    # OpenTelemetry's SDK hands out no-op tracers: guardrails' hub telemetry exports nothing
    "OTEL_SDK_DISABLED": "true",
    # litellm (imported by guardrails' LLM calls) reads its bundled model cost map instead of
    # fetching it from GitHub
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
}

_NAME = lazy_re(r"^[\w.-]+/[\w.-]+$")
_NETWORK_WORDS = (
    "download",
    "connection",
    "connect to",
    "network",
    "timed out",
    "unreachable",
    "name or service not known",
    "temporary failure in name resolution",
    "max retries exceeded",
    "huggingface",
    "offline",
)
#: the middle of a fix longer than this is not split into edits (difflib is quadratic)
_MAX_DIFF = 5_000


def offline_defaults() -> None:
    """Set the environment defaults that keep guardrails-ai quiet, before it is imported:
    no OpenTelemetry export, litellm's local cost map. A value the user set is kept."""
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def _guardrails_base() -> ModuleType:
    offline_defaults()
    return importlib.import_module("guardrails.validator_base")


def _network_failure(exc: BaseException) -> bool:
    """An error that says the validator wanted a download or a connection."""
    if isinstance(exc, ConnectionError | TimeoutError):
        return True
    names = " ".join(c.__name__.lower() for c in type(exc).__mro__)
    if "connection" in names or "timeout" in names or "http" in names:
        return True
    text = str(exc).lower()
    return any(w in text for w in _NETWORK_WORDS)


class _Unavailable(Exception):
    """The validator cannot run here (not a configuration mistake)."""


class GuardrailsRule(Rule):
    """A guardrails-ai validator's finding."""

    kind: Literal["guardrails"] = "guardrails"
    validator: str = Field(
        description="'module:Class' (e.g. 'guardrails_ai.regex_match:RegexMatch') or a "
        "registered validator name ('guardrails/regex_match', 'hub://guardrails/regex_match')"
    )
    args: list[Any] = Field(default_factory=list, description="Positional constructor arguments")
    kwargs: dict[str, Any] = Field(
        default_factory=dict, description="Keyword constructor arguments"
    )
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="The metadata passed to every validate() call"
    )
    fixes: Literal["exact", "suggestion", "off"] = Field(
        default="exact",
        description="exact: the validator's fix_value as exact fixes where it splits into one "
        "edit per finding and is the same twice; suggestion: only as suggestion text; off: none",
    )
    offline: bool = Field(
        default=False,
        description="Vouch that the validator runs offline with no model (skips the model check "
        "for a validator not on the allow-list)",
    )

    cost = 40
    # what it builds depends on the installed validator packages, not only on the files
    cacheable = False

    _instance: Any = PrivateAttr(default=None)
    _unavailable: str | None = PrivateAttr(default=None)
    _alias: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _build(self) -> GuardrailsRule:
        ref = self.validator.strip()
        if ":" in ref and not ref.startswith("hub://"):
            module, _, attr = ref.partition(":")
            if not module or not attr or not attr.isidentifier():
                raise ValueError(
                    f"validator {ref!r} is neither a registered name ('guardrails/regex_match') "
                    "nor an import path 'module:Class'"
                )
        elif not _NAME.match(ref.removeprefix("hub://")):
            raise ValueError(
                f"validator {ref!r} is neither a registered name ('guardrails/regex_match') "
                "nor an import path 'module:Class'"
            )
        try:
            cls = self._resolve(ref)
            self._check_offline(cls)
            self._instance = self._construct(cls)
        except _Unavailable as exc:
            self._unavailable = str(exc)
        return self

    # -- load time ----------------------------------------------------------------------------
    def _resolve(self, ref: str) -> type:
        try:
            base = _guardrails_base()
        except ImportError as exc:
            raise _Unavailable(
                f"guardrails-ai is not installed ({exc}); pip install 'brandguard[guardrails]'"
            ) from None
        if ":" in ref and not ref.startswith("hub://"):
            module_name, _, attr = ref.partition(":")
            module = self._import(module_name, ref)
            if not hasattr(module, attr):
                raise ValueError(f"module {module_name!r} has no {attr!r} (validator {ref!r})")
            cls = getattr(module, attr)
        else:
            cls = self._registered(base, ref.removeprefix("hub://"))
        if not (isinstance(cls, type) and issubclass(cls, base.Validator)):
            raise ValueError(f"validator {ref!r} is not a guardrails Validator subclass")
        self._alias = getattr(cls, "rail_alias", "") or ref
        return cls

    @staticmethod
    def _import(module_name: str, ref: str) -> ModuleType:
        try:
            return importlib.import_module(module_name)
        except ImportError as exc:
            package = module_name.split(".")[1] if module_name.startswith("guardrails_ai.") else ""
            hint = (
                f"; pip install guardrails-ai-{package.replace('_', '-')}"
                if package
                else "; install the package that provides it"
            )
            raise _Unavailable(f"cannot import {ref!r}: {exc}{hint}") from None
        except Exception as exc:  # an import that downloads or connects (post-install steps)
            if _network_failure(exc):
                raise _Unavailable(
                    f"importing {ref!r} wanted the network ({type(exc).__name__}: {exc})"
                ) from None
            raise ValueError(f"importing {ref!r} failed: {type(exc).__name__}: {exc}") from None

    def _registered(self, base: ModuleType, name: str) -> type:
        registry: dict[str, type] = base.validators_registry
        if name in registry:
            return registry[name]
        # the project's hub registry (written by `guardrails hub install`): a local file
        hub_file = Path.cwd() / ".guardrails" / "hub_registry.json"
        if hub_file.is_file():
            from guardrails.hub.registry import get_registry

            entry = get_registry().validators.get(name)
            if entry is not None and entry.import_path:
                self._import(entry.import_path, name)
                if name in registry:
                    return registry[name]
        # the package convention: guardrails/regex_match lives in guardrails_ai.regex_match
        package = name.split("/", 1)[1].replace("-", "_")
        try:
            importlib.import_module(f"guardrails_ai.{package}")
        except ImportError:
            pass
        except Exception as exc:
            if _network_failure(exc):
                raise _Unavailable(
                    f"importing guardrails_ai.{package} wanted the network "
                    f"({type(exc).__name__}: {exc})"
                ) from None
            raise
        if name in registry:
            return registry[name]
        raise _Unavailable(
            f"no guardrails validator is registered as {name!r} here "
            f"(pip install guardrails-ai-{package.replace('_', '-')}, or give 'module:Class')"
        )

    def _check_offline(self, cls: type) -> None:
        if self.offline or self._alias in OFFLINE_VALIDATORS:
            return
        from guardrails.validator_base import Validator

        for hook in ("_inference_local", "_inference_remote"):
            if getattr(cls, hook, None) is not getattr(Validator, hook):
                raise _Unavailable(
                    f"{self._alias} runs a model (it implements {hook}); brandguard runs no "
                    "model or remote inference for a guardrails validator (set `offline: true` "
                    "if it runs offline)"
                )
        libs = sorted(self._model_imports(cls))
        if libs:
            raise _Unavailable(
                f"{self._alias} imports {', '.join(libs)} (a model or the network); set "
                "`offline: true` if it runs offline without them"
            )

    @staticmethod
    def _model_imports(cls: type) -> set[str]:
        found: set[str] = set()
        for klass in cls.__mro__:
            module = sys.modules.get(klass.__module__)
            if module is None or klass.__module__.startswith("guardrails."):
                continue
            for value in vars(module).values():
                name = (
                    value.__name__
                    if isinstance(value, ModuleType)
                    else getattr(value, "__module__", None)
                )
                if isinstance(name, str) and name.split(".")[0] in _MODEL_LIBS:
                    found.add(name.split(".")[0])
        return found

    def _construct(self, cls: type) -> Any:
        missing = [k for k in getattr(cls, "required_metadata_keys", []) if k not in self.metadata]
        if missing:
            raise ValueError(
                f"{self._alias} needs metadata key(s) {', '.join(map(repr, missing))}: "
                "add them under `metadata:`"
            )
        try:
            instance = cls(*self.args, **self.kwargs)
        except Exception as exc:
            if _network_failure(exc):
                raise _Unavailable(
                    f"building {self._alias} wanted the network ({type(exc).__name__}: {exc})"
                ) from None
            raise ValueError(
                f"cannot build {self._alias} from args {self.args!r} and kwargs "
                f"{self.kwargs!r}: {type(exc).__name__}: {exc}"
            ) from None
        # never the guardrails hub's remote inference, whatever ~/.guardrailsrc says
        instance.use_local = True
        return instance

    @property
    def available(self) -> bool:
        """Whether the validator was built (otherwise every post gets ``.unavailable``)."""
        return self._instance is not None

    @property
    def unavailable_reason(self) -> str | None:
        return self._unavailable

    # -- per post -----------------------------------------------------------------------------
    def _unavailable_finding(self, ctx: RuleContext, reason: str) -> Finding:
        level = self.level if self.level.rank >= Severity.WARNING.rank else Severity.WARNING
        return self.finding(
            ctx,
            0,
            0,
            code="unavailable",
            level=level,
            message=f"The guardrails validator {self.validator} could not check this post: "
            f"{reason}. It needs a human review.",
            suggestion="Review the post by hand, or run the check where the validator's "
            "package (and any model it needs) is installed.",
            excerpt="",
            source=self._source(),
        )

    def _source(self) -> str:
        return self.source or f"guardrails-ai validator {self._alias or self.validator}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if self._instance is None:
            yield self._unavailable_finding(ctx, self._unavailable or "not built")
            return
        ctx.timeout()
        text = ctx.text
        fix = None
        try:
            result = self._instance.validate(text, dict(self.metadata))
            if getattr(result, "outcome", None) == "fail":
                fix = self._fix_value(result, text)
        except Exception as exc:
            if _network_failure(exc):
                yield self._unavailable_finding(
                    ctx, f"it wanted the network: {type(exc).__name__}: {exc}"
                )
                return
            raise  # the checker reports `<rule>.crashed`: a review, never a pass
        ctx.timeout()
        if result is None or getattr(result, "outcome", None) == "pass":
            return
        if getattr(result, "outcome", None) != "fail":
            raise TypeError(
                f"{self._alias}.validate returned {type(result).__name__}, not a PassResult "
                "or FailResult"
            )
        yield from self._findings(ctx, result, fix)

    def _fix_value(self, result: Any, text: str) -> tuple[str, bool] | None:
        """The validator's fixed text and whether it may become exact fixes."""
        fixed = getattr(result, "fix_value", None)
        if self.fixes == "off" or not isinstance(fixed, str) or fixed == text:
            return None
        if self.fixes == "suggestion":
            return fixed, False
        # a fix the validator does not give twice alike is made up, not a correction
        again = self._instance.validate(text, dict(self.metadata))
        return fixed, getattr(again, "fix_value", None) == fixed

    def _findings(
        self, ctx: RuleContext, result: Any, fix: tuple[str, bool] | None
    ) -> Iterator[Finding]:
        text = ctx.text
        n = len(text)
        error = str(getattr(result, "error_message", "") or f"{self._alias} failed")
        spans: list[tuple[int, int, str | None]] = []
        for span in getattr(result, "error_spans", None) or []:
            a = max(0, min(int(span.start), n))
            b = max(a, min(int(span.end), n))
            if a == b:
                a, b = 0, n
            spans.append((a, b, getattr(span, "reason", None)))
        if not spans:
            spans = [(0, n, None)]
        fixes: list[Fix | None] = [None] * len(spans)
        suggestion = None
        if fix is not None:
            fixed, exact = fix
            split = _split_fix(text, fixed, [(a, b) for a, b, _ in spans]) if exact else None
            if split is not None:
                fixes = split
            else:
                shown = fixed if len(fixed) <= 280 else fixed[:277] + "..."
                suggestion = f"The validator's fixed text: {shown!r}"
        for (a, b, reason), f in zip(spans, fixes, strict=True):
            detail = error
            if reason and reason != error and reason not in error:
                detail = f"{error} ({reason})"
            yield self.finding(
                ctx,
                a,
                b,
                args=(detail,),
                message=self.message or "%s",
                suggestion=self.suggestion or suggestion,
                fix=f,
                source=self._source(),
            )


def _split_fix(text: str, fixed: str, spans: list[tuple[int, int]]) -> list[Fix | None] | None:
    """Exact edits, one per span, that turn ``text`` into ``fixed``; None when the change does
    not fall into the spans one edit each (then it is offered as a suggestion)."""
    p = 0
    limit = min(len(text), len(fixed))
    while p < limit and text[p] == fixed[p]:
        p += 1
    s = 0
    while s < limit - p and text[len(text) - 1 - s] == fixed[len(fixed) - 1 - s]:
        s += 1
    a1, b1 = len(text) - s, len(fixed) - s
    if len(spans) == 1:
        out: list[Fix | None] = [Fix(start=p, end=a1, replacement=fixed[p:b1])]
        return out
    if a1 - p > _MAX_DIFF or b1 - p > _MAX_DIFF:
        return None
    matcher = difflib.SequenceMatcher(None, text[p:a1], fixed[p:b1], autojunk=False)
    hunks = [
        (p + i1, p + i2, p + j1, p + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    owned: dict[int, list[tuple[int, int, int, int]]] = {}
    for h in hunks:
        owner = next(
            (i for i, (a, b) in enumerate(spans) if a <= h[0] and h[1] <= b),
            None,
        )
        if owner is None:
            return None
        owned.setdefault(owner, []).append(h)
    out = [None] * len(spans)
    for i, hs in owned.items():
        start, end = hs[0][0], hs[-1][1]
        out[i] = Fix(start=start, end=end, replacement=fixed[hs[0][2] : hs[-1][3]])
    chosen = sorted((f for f in out if f is not None), key=lambda f: (f.start, f.end))
    if any(x.end > y.start for x, y in itertools.pairwise(chosen)):
        return None
    from ..verdict import apply_fixes

    if apply_fixes(text, chosen) != fixed:
        return None
    return out
