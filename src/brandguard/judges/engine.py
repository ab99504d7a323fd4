"""Run the policy's LLM judges on a post: prompt -> model -> structured output -> findings.

Every answer is parsed into :class:`JudgeOutput`; each issue's quote is mapped back to offsets
in the post, and an issue whose quote is not in the post is rejected. A judge that times out,
is unreachable or answers garbage twice becomes a ``judge.unavailable`` review finding unless
the policy fails open: an LLM failure is never a silent pass.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import re
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..normalize import Normalized, fold_term
from ..policy.schema import Policy
from ..policy.voice import Voice
from ..post import Post
from ..verdict import Finding, Severity
from .cache import JudgeCache, cache_key
from .config import Example, JudgesConfig
from .grounding import grounded
from .models import ModelChoice
from .prompts import MarketSection, PromptFile, load_prompt, post_json
from .schema import JudgeIssue, JudgeOutput

__all__ = ["JudgeEngine", "JudgeRun", "locate_quote"]

_TRANSIENT_STATUS = {408, 409, 429, 500, 502, 503, 504}
_JSON_INSTRUCTIONS = (
    'Answer with one JSON object and nothing else: {"issues": [{"quote": "...", "category": "...", '
    '"severity": "minor|major|critical", "explanation": "...", "rewrite": "..."}]}.'
)
_SCHEMA_INSTRUCTIONS = "Answer through the provided output schema."


def locate_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: exactly, ignoring case, or after folding (width, quotes,
    diacritics, whitespace). None when it is not there: the judge made it up."""
    q = quote.strip().strip("\"'“”‘’«»").strip()
    if len(q) < 2:
        return None
    i = text.find(q)
    if i >= 0:
        return i, i + len(q)
    i = text.lower().find(q.lower())
    if i >= 0 and len(text.lower()) == len(text):
        return i, i + len(q)
    view = Normalized(text).folded
    fq = fold_term(q)
    if not fq:
        return None
    i = view.text.find(fq)
    if i < 0:
        return None
    return view.span(i, i + len(fq))


@dataclass
class JudgeRun:
    """What the judges did for one post."""

    findings: list[Finding] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    cached: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    rejected_quotes: int = 0
    off_topic: int = 0
    ungrounded: int = 0


class _Unparsable(Exception):
    pass


class CircuitOpen(Exception):
    """The judge failed too often in a row: fail fast instead of waiting out every timeout."""


class _Breaker:
    """Per judge: after ``threshold`` consecutive failures the circuit opens and calls fail at
    once (the post still gets ``judge.unavailable``: fail closed, only faster); every
    ``probe_s`` one call is let through to see whether the model is back."""

    def __init__(self, threshold: int = 3, probe_s: float = 30.0) -> None:
        self.threshold = threshold
        self.probe_s = probe_s
        self._fails: dict[str, int] = {}
        self._last: dict[str, str] = {}
        self._opened: dict[str, float] = {}

    def check(self, name: str) -> None:
        opened = self._opened.get(name)
        if opened is None:
            return
        if time.monotonic() - opened >= self.probe_s:
            self._opened[name] = time.monotonic()  # one probe; the others keep failing fast
            return
        raise CircuitOpen(
            f"not asked: the last {self._fails.get(name, 0)} calls failed in a row "
            f"(last: {self._last.get(name, '?')}); retried every {self.probe_s:g} s"
        )

    def failed(self, name: str, why: str) -> None:
        self._fails[name] = self._fails.get(name, 0) + 1
        self._last[name] = why
        if self._fails[name] >= self.threshold:
            self._opened.setdefault(name, time.monotonic())

    def succeeded(self, name: str) -> None:
        self._fails.pop(name, None)
        self._opened.pop(name, None)


_TRANSIENT_NAMES = frozenset(
    {
        # openai (APITimeoutError and any client's own subclasses derive from these)
        "APIConnectionError",
        "APITimeoutError",
        "RateLimitError",
        "InternalServerError",
        # httpx / httpcore transport errors (connect, read and write timeouts, resets)
        "TransportError",
        "TimeoutException",
        "NetworkError",
        "ConnectError",
        "ReadTimeout",
        "RemoteProtocolError",
    }
)


def _transient(exc: BaseException) -> bool:
    """Whether a failed judge call is worth retrying: a timeout, a dropped or refused
    connection, a rate limit or a server error, raised directly or wrapped by the client
    (the cause chain is read), matched by class hierarchy so subclasses count too."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, asyncio.TimeoutError | TimeoutError | ConnectionError):
            return True
        status = getattr(cur, "status_code", None) or getattr(
            getattr(cur, "response", None), "status_code", None
        )
        if status in _TRANSIENT_STATUS:
            return True
        if any(c.__name__ in _TRANSIENT_NAMES for c in type(cur).__mro__):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def _retry_after(exc: BaseException) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if not headers:
        return None
    try:
        return min(30.0, float(headers.get("retry-after")))
    except (TypeError, ValueError):
        return None


def _parse_json(content: Any) -> JudgeOutput:
    if isinstance(content, list):  # content blocks
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    text = str(content).strip()
    fence = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if fence:
        text = fence.group(1).strip()
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        raise _Unparsable(f"no JSON object in the answer: {text[:120]!r}")
    start = min(starts)
    end = text.rfind("}" if text[start] == "{" else "]")
    if end < start:
        raise _Unparsable(f"no JSON object in the answer: {text[:120]!r}")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise _Unparsable(f"invalid JSON: {exc.msg}") from None
    if isinstance(data, list):
        data = {"issues": data}
    elif isinstance(data, dict) and "issues" not in data and "quote" in data:
        data = {"issues": [data]}  # a weak model answering with one bare issue
    try:
        return JudgeOutput.model_validate(data)
    except ValidationError as exc:
        raise _Unparsable(f"does not match the schema: {exc.errors()[0]['msg']}") from None


class JudgeEngine:
    """Runs the enabled judges of one policy with one model."""

    def __init__(
        self,
        *,
        policy: Policy,
        config: JudgesConfig,
        model: ModelChoice,
        cache: JudgeCache | None,
    ) -> None:
        self.policy_name = policy.name
        self.voice: Voice | None = policy.voice
        self.config = config
        self.model = model
        self.cache = cache
        self._sems: dict[int, asyncio.Semaphore] = {}
        self._prompts = {name: load_prompt(name) for name in config.enabled()}
        self._chains: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
        self._templates: dict[str, Any] = {}
        self._breaker = _Breaker()

    # -- public ---------------------------------------------------------------------------
    def applicable(self, post: Post) -> list[str]:
        return [
            name
            for name, s in self.config.enabled().items()
            if s.platforms is None or post.platform in s.platforms
        ]

    async def arun(self, post: Post, rule_findings: list[Finding]) -> JudgeRun:
        run = JudgeRun()
        names = self.applicable(post)
        results = await asyncio.gather(
            *(self._judge(name, post, rule_findings) for name in names), return_exceptions=True
        )
        for name, res in zip(names, results, strict=True):
            if isinstance(res, BaseException):
                run.failed[name] = self._failure(res)[:300]
                continue
            output, usage, cached = res
            run.ran.append(name)
            run.cached += int(cached)
            run.input_tokens += usage.get("input_tokens", 0)
            run.output_tokens += usage.get("output_tokens", 0)
            for issue in output.issues:
                f = self._finding(name, post, issue, rule_findings)
                if f is None:
                    run.rejected_quotes += 1
                elif f is _OFF_TOPIC:
                    run.off_topic += 1
                elif f is _UNGROUNDED:
                    run.ungrounded += 1
                elif f is not _DROPPED:
                    run.findings.append(f)  # type: ignore[arg-type]
        return run

    def owner(self, name: str) -> str:
        """Who answers for judge ``name``'s findings (and for its being unavailable)."""
        prompt = self._prompts[name]
        if prompt.reads_voice and self.voice is not None and self.voice.owner:
            return self.voice.owner
        return prompt.owner

    def _failure(self, exc: BaseException) -> str:
        """What went wrong, naming the server and the time budget (a timeout's own text is
        empty)."""
        if isinstance(exc, CircuitOpen):
            return str(exc)
        where = self.model.base_url or self.model.id
        if isinstance(exc, asyncio.TimeoutError | TimeoutError) or type(exc).__name__ in (
            "APITimeoutError",
            "ReadTimeout",
        ):
            return (
                f"no answer from {where} within {self.config.timeout_s:g} s ({type(exc).__name__})"
            )
        text = str(exc).strip() or "no details"
        return f"{type(exc).__name__}: {text} ({where})"

    def _semaphore(self) -> asyncio.Semaphore:
        """One semaphore per event loop (a semaphore cannot be shared across loops)."""
        loop_id = id(asyncio.get_running_loop())
        sem = self._sems.get(loop_id)
        if sem is None:
            sem = self._sems[loop_id] = asyncio.Semaphore(self.config.concurrency)
        return sem

    # -- one judge ------------------------------------------------------------------------
    def _values(
        self,
        name: str,
        post: Post,
        rule_findings: list[Finding],
        prompt: PromptFile,
        sections: list[MarketSection],
    ) -> dict[str, str]:
        settings = self.config.settings(name)
        structured = self._mode()
        return {
            "brand": self.policy_name,
            "voice": _describe_voice(self.voice),
            "markets": prompt.markets_text(sections),
            "markets_named": ", ".join(post.markets or sorted(post.jurisdictions)) or "unknown",
            "categories": ", ".join(prompt.categories),
            "format_instructions": _JSON_INSTRUCTIONS
            if structured == "json"
            else _SCHEMA_INSTRUCTIONS,
            "platform": post.platform.value,
            "locale": post.locale,
            "sponsored": {True: "yes", False: "no", None: "unknown"}[post.sponsored],
            # the rules' excerpts are the post's words: quoted as JSON like the post itself
            "rule_findings": "; ".join(
                f"{f.rule} on {post_json(f.excerpt[:60])}" for f in rule_findings
            )
            or "none",
            "instructions": (settings.instructions or "") if settings else "",
            "post": post.text,
            "post_json": post_json(post.text),
        }

    def _mode(self) -> str:
        mode = self.config.structured
        if mode != "auto":
            return mode
        # decided from the configuration, never from the model object, so that it (and the
        # cache key it is part of) is the same before and after the model is created
        if self.model.spec is not None:
            kind = self.model.id.split(":", 1)[0]
            base = self.model.base_url or ""
        else:
            kind = type(self.model.model).__name__
            base = getattr(self.model.model, "openai_api_base", None) or ""
        if kind in ("ChatOpenAI", "AzureChatOpenAI"):
            return "json_schema" if not base or "api.openai.com" in base else "json"
        return "tools"

    def _key(self, name: str, prompt: PromptFile, messages: list[Any]) -> str:
        """The cache key: the judge, its prompt version, the model, the output mode and the
        exact messages the model is sent (post, policy summary, voice, rule findings,
        examples). Whatever changes what the model reads changes the key; nothing else does."""
        sent = [[m.type, m.content] for m in messages]
        blob = json.dumps(sent, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return cache_key(
            {
                "judge": name,
                "prompt_version": prompt.version,
                "model": self.model.id,
                "structured": self._mode(),
                "messages": hashlib.sha256(blob.encode("utf-8")).hexdigest(),
            }
        )

    async def _judge(
        self, name: str, post: Post, rule_findings: list[Finding]
    ) -> tuple[JudgeOutput, dict[str, int], bool]:
        prompt = self._prompts[name]
        settings = self.config.settings(name)
        examples: list[Example] = list(prompt.examples) + (
            list(settings.examples) if settings else []
        )
        sections = prompt.sections_for(post.jurisdictions)
        if not prompt.inline_examples:  # few-shot turns: the market's examples are turns too
            for section in sections:
                examples.extend(section.examples)
        values = self._values(name, post, rule_findings, prompt, sections)
        example_values = {**values, "rule_findings": "none", "instructions": ""}
        inputs = {
            **values,
            "examples": prompt.example_messages(examples, example_values),
            "examples_text": prompt.examples_text(examples) if prompt.inline_examples else "",
        }
        key = self._key(name, prompt, self._template(prompt).format_messages(**inputs))
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                try:
                    return JudgeOutput.model_validate(hit["output"]), {}, True
                except ValidationError:
                    pass  # a damaged answer is a miss: ask the model again
        self._breaker.check(name)
        async with self._semaphore():
            self._breaker.check(name)  # it may have opened while this call waited its turn
            try:
                output, usage = await self._ask(prompt, inputs)
            except Exception as exc:
                self._breaker.failed(name, self._failure(exc))
                raise
        self._breaker.succeeded(name)
        if self.cache is not None:
            self.cache.put(
                key,
                {
                    "judge": name,
                    "prompt_version": prompt.version,
                    "model": self.model.id,
                    "output": output.model_dump(),
                    "usage": usage,
                    "at": time.time(),
                },
            )
        return output, usage, False

    async def _ask(
        self, prompt: PromptFile, inputs: dict[str, Any]
    ) -> tuple[JudgeOutput, dict[str, int]]:
        """Run the chain; one repair round when the answer does not parse."""
        usage: dict[str, int] = {"input_tokens": 0, "output_tokens": 0}
        try:
            return await self._call(prompt, inputs, usage)
        except _Unparsable as first:
            from langchain_core.messages import HumanMessage

            repair = [
                HumanMessage(
                    f"Your previous answer could not be used ({first}). "
                    "Answer again, following the output format exactly."
                )
            ]
            try:
                return await self._call(prompt, {**inputs, "repair": repair}, usage)
            except _Unparsable as second:
                raise _Unparsable(f"invalid output twice: {second}") from None

    def _chain(self, prompt: PromptFile) -> Any:
        """prompt | model with structured output; built once per judge and event loop (the
        model's HTTP client belongs to one loop), not per post."""
        loop = asyncio.get_running_loop()
        chains = self._chains.get(loop)
        if chains is None:
            chains = self._chains[loop] = {}
        chain = chains.get(prompt.name)
        if chain is None:
            chain = chains[prompt.name] = self._build_chain(prompt)
        return chain

    def _build_chain(self, prompt: PromptFile) -> Any:
        mode = self._mode()
        model = self.model.get()
        if mode == "json":
            response_format = {"type": "json_object", "schema": JudgeOutput.model_json_schema()}
            try:
                if _is_chat_openai(model):
                    # The same request body, sent as extra_body: the openai SDK walks a
                    # response_format argument through its TypedDict transform on every call
                    # (~160 recursive steps for this schema, a third of the client's CPU per
                    # judge call), and this one is plain JSON already. The model's own
                    # extra_body is kept.
                    extra = dict(getattr(model, "extra_body", None) or {})
                    extra["response_format"] = response_format
                    runnable = model.bind(extra_body=extra)
                else:
                    runnable = model.bind(response_format=response_format)
            except Exception:  # no response_format: the prompt carries the format
                runnable = model
        else:
            method = "json_schema" if mode == "json_schema" else "function_calling"
            runnable = model.with_structured_output(JudgeOutput, method=method, include_raw=True)
        return self._template(prompt) | runnable

    def _template(self, prompt: PromptFile) -> Any:
        template = self._templates.get(prompt.name)
        if template is None:
            template = self._templates[prompt.name] = prompt.template()
        return template

    async def _call(
        self, prompt: PromptFile, inputs: dict[str, Any], usage: dict[str, int]
    ) -> tuple[JudgeOutput, dict[str, int]]:
        mode = self._mode()
        chain = self._chain(prompt)
        attempts = self.config.max_retries + 1
        for attempt in range(attempts):
            try:
                result = await asyncio.wait_for(
                    chain.ainvoke(inputs), timeout=self.config.timeout_s
                )
                break
            except Exception as exc:
                if attempt + 1 < attempts and _transient(exc):
                    delay = _retry_after(exc) or min(20.0, 0.5 * 2**attempt) * (
                        1 + random.random() * 0.25
                    )
                    await asyncio.sleep(delay)
                    continue
                raise
        raw = result if mode == "json" else result.get("raw")
        meta = getattr(raw, "usage_metadata", None) or {}
        usage["input_tokens"] += int(meta.get("input_tokens", 0) or 0)
        usage["output_tokens"] += int(meta.get("output_tokens", 0) or 0)
        if mode == "json":
            return _parse_json(raw.content), usage
        parsed = result.get("parsed")
        if isinstance(parsed, JudgeOutput):
            return parsed, usage
        if isinstance(parsed, dict):
            try:
                return JudgeOutput.model_validate(parsed), usage
            except ValidationError as exc:
                raise _Unparsable(f"does not match the schema: {exc.errors()[0]['msg']}") from None
        err = result.get("parsing_error")
        content = getattr(raw, "content", "")
        if content:  # some servers answer in plain text even when asked for a tool call
            try:
                return _parse_json(content), usage
            except _Unparsable:
                pass
        raise _Unparsable(str(err) if err else "no structured output in the answer")

    # -- findings -------------------------------------------------------------------------
    def _finding(
        self, name: str, post: Post, issue: JudgeIssue, rule_findings: list[Finding]
    ) -> Any:
        span = locate_quote(post.text, issue.quote)
        if span is None:
            return None
        a, b = span
        # the rules already said it: the judge does not re-litigate
        if any(
            f.field == "text"
            and f.severity.rank >= Severity.WARNING.rank
            and f.start < b
            and a < f.end
            for f in rule_findings
        ):
            return _DROPPED
        category = re.sub(r"[^a-z0-9-]+", "-", issue.category.lower()).strip("-") or "other"
        if category not in self._prompts[name].categories:
            # a judge reports only what it was asked about; small models echo the policy's
            # rule ids ("finance-performance-needs-risk"), re-litigating what the rules decide
            return _OFF_TOPIC
        if not grounded(category, post.text):
            # e.g. a "financial promise" in a post that never mentions money (grounding.py)
            return _UNGROUNDED
        prompt = self._prompts[name]
        settings = self.config.settings(name)
        severity = (settings.severity if settings else {}).get(issue.severity) or prompt.severity[
            issue.severity
        ]
        source = prompt.source.format(policy=self.policy_name, version=prompt.version)
        owner = prompt.owner
        if prompt.reads_voice and self.voice is not None:
            source = self.voice.source or source
            owner = self.voice.owner or owner
        return Finding(
            rule=f"judge.{name}.{category}",
            severity=severity,
            message=issue.explanation,
            start=a,
            end=b,
            excerpt=post.text[a:b],
            suggestion=f"For example: \u201c{issue.rewrite}\u201d" if issue.rewrite else None,
            source=source,
            owner=owner,
            engine="llm",
        )


_DROPPED = object()
_OFF_TOPIC = object()
_UNGROUNDED = object()


def _describe_voice(voice: Voice | None) -> str:
    if voice is None or not (
        voice.description
        or voice.traits
        or voice.do
        or voice.dont
        or voice.preferred_terms
        or voice.competitors
    ):
        return (
            "No voice guide is given: judge only clear tone problems (rude, sarcastic, shouting)."
        )
    parts = []
    if voice.description:
        parts.append(voice.description.strip())
    if voice.traits:
        parts.append("Traits: " + ", ".join(voice.traits) + ".")
    if voice.do:
        parts.append("Sounds right: " + " | ".join(voice.do))
    if voice.dont:
        parts.append("Sounds wrong: " + " | ".join(voice.dont))
    if voice.preferred_terms:
        parts.append(
            "Preferred terms: " + ", ".join(f"{k} -> {v}" for k, v in voice.preferred_terms.items())
        )
    if voice.competitors:
        parts.append("Competitors (never named): " + ", ".join(voice.competitors))
    return "\n".join(parts)


def _is_chat_openai(model: Any) -> bool:
    """A langchain-openai chat model (``ChatOpenAI``, ``AzureChatOpenAI`` or a subclass),
    known by its class names so that langchain-openai is not imported to ask."""
    return any(
        c.__name__ in ("ChatOpenAI", "AzureChatOpenAI", "BaseChatOpenAI")
        and c.__module__.startswith("langchain_openai")
        for c in type(model).__mro__
    )
