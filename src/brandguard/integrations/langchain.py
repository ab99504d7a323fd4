"""brandguard inside LangChain agents (``pip install "brandguard[langchain]"``).

Four pieces, each usable alone:

* :class:`BrandguardPublishGate`, an agent middleware that checks the text of the publish
  tools' calls *before* they run. ``block``: the tool does not run and the model gets an error
  ``ToolMessage`` listing the findings and what to write instead, so it can redraft. ``pass``:
  the tool runs. ``review``: a person decides, through LangChain's own
  ``HumanInTheLoopMiddleware`` (``gate.human_in_the_loop()``)::

      from langchain.agents import create_agent
      from langgraph.checkpoint.memory import InMemorySaver
      from brandguard.integrations.langchain import BrandguardPublishGate

      gate = BrandguardPublishGate("builtin:default", tools=["publish_post"])
      agent = create_agent(
          model, [publish_post],
          middleware=[gate, gate.human_in_the_loop()],
          checkpointer=InMemorySaver(),  # a review pauses the run: it needs a checkpointer
      )

* :func:`as_runnable`: a checker as a ``Runnable`` (a ``Post``, a dict or a string in, a
  ``Verdict`` out; ``batch``/``abatch`` honour ``config={"max_concurrency": n}``).
* :func:`check_post_tool`: a ``check_post`` tool the agent calls to check its own draft.
* :func:`pii_detector`: brandguard's personal-data recognizers as a detector for
  LangChain's ``PIIMiddleware``::

      PIIMiddleware("pii", detector=pii_detector(["email", "phone", "card"]), strategy="redact")

Verdicts that go into the agent's messages (the ``artifact`` of a tool message, and
``response_metadata["brandguard"]``) are verdict *records* (``Verdict.to_record()``, plain
JSON): the agent's state is checkpointed, and LangGraph's checkpoint serializer warns about
(and in strict mode refuses) other classes. ``Verdict.model_validate(record)`` rebuilds one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, TypeAlias

from langchain.agents.middleware import HumanInTheLoopMiddleware, InterruptOnConfig
from langchain.agents.middleware.types import (
    AgentMiddleware,
    ExtendedModelResponse,
    ModelRequest,
    ModelResponse,
)
from langchain_core.messages import AIMessage, ToolCall, ToolMessage
from langchain_core.runnables import Runnable, RunnableLambda
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.prebuilt.tool_node import ToolCallRequest
from langgraph.types import Command
from pydantic import BaseModel, Field

from ..checker import Checker
from ..policy import Policy
from ..post import Platform, Post
from ..verdict import Decision, Verdict, error_record

__all__ = ["BrandguardPublishGate", "as_runnable", "check_post_tool", "pii_detector"]

log = logging.getLogger(__name__)

#: what the gate and the helpers accept as a checker: a Checker, or what ``Checker()`` takes
CheckerLike: TypeAlias = Checker | Policy | str | Path | None
#: a post as the Runnable accepts it
PostInput: TypeAlias = Post | Mapping[str, Any] | str
#: Post fields from a tool call's args: ``{post_field: arg_name}``, or
#: ``(tool_name, args) -> {post_field: value}``
PostFields: TypeAlias = Mapping[str, str] | Callable[[str, Mapping[str, Any]], Mapping[str, Any]]
#: what a person may answer to a review (``HumanInTheLoopMiddleware``'s decision types)
ReviewDecision: TypeAlias = Literal["approve", "edit", "reject", "respond"]

#: Post fields the gate reads from same-named tool args when ``post_fields`` is not given
DEFAULT_POST_FIELDS: tuple[str, ...] = (
    "platform",
    "locale",
    "markets",
    "sponsored",
    "ai_generated",
    "scheduled_at",
    "links",
    "alt_texts",
)
#: the state key where HumanInTheLoopMiddleware keeps a reviewer's edits (batched mode), read
#: so an edited text is checked whatever the middleware order
_HITL_EDITS_KEY = "hitl_edited_tool_calls"
#: at most this many findings in a message to the model
_MAX_FINDINGS = 20


def _as_checker(checker: CheckerLike) -> Checker:
    return checker if isinstance(checker, Checker) else Checker(checker)


def _as_post(value: PostInput) -> Post:
    if isinstance(value, Post):
        return value
    if isinstance(value, str):
        return Post(text=value)
    if isinstance(value, Mapping):
        return Post.model_validate(dict(value))
    raise TypeError(f"expected a Post, a dict or a str, got {type(value).__name__}")


def _summary(verdict: Verdict) -> str:
    """The findings, one per line, with what to write instead: what a model reads."""
    lines = []
    for i, f in enumerate(verdict.findings[:_MAX_FINDINGS], 1):
        where = f' at "{f.excerpt}"' if f.excerpt else ""
        if f.field != "text":
            where += f" (in {f.field})"
        line = f"{i}. [{f.severity.value}] {f.rule}{where}: {f.message.strip()}"
        if f.suggestion:
            line += f" Suggestion: {f.suggestion.strip()}"
        if f.fix is not None:
            line += f' Exact fix: replace with "{f.fix.replacement}".'
        lines.append(line)
    if len(verdict.findings) > _MAX_FINDINGS:
        lines.append(f"... and {len(verdict.findings) - _MAX_FINDINGS} more finding(s).")
    return "\n".join(lines)


def _policy_label(verdict: Verdict) -> str:
    return f"policy {verdict.policy.name} {verdict.policy.version}"


def _digest(post: Post) -> str:
    """The cache key of a post: sha256 of its text and fields (not its id)."""
    data = post.model_dump(mode="json", exclude={"id"})
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


class _Lru:
    """A small thread-safe LRU map."""

    def __init__(self, size: int) -> None:
        self._size = max(1, size)
        self._data: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._data:
                return None
            self._data.move_to_end(key)
            return self._data[key]

    def put(self, key: str, value: Any) -> Any:
        """Store ``value`` unless the key is already there; return the stored value (the
        first one wins, so two concurrent checks of one post agree)."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            self._data[key] = value
            while len(self._data) > self._size:
                self._data.popitem(last=False)
            return value

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._data


class BrandguardPublishGate(AgentMiddleware):
    """Check the text of publish tool calls before they run.

    ``checker``: a :class:`~brandguard.Checker`, or what ``Checker()`` accepts (a
    ``Policy``, a path, ``"builtin:NAME"``, ``None`` for the default policy).
    ``tools``: the names of the tools to gate (default: the keys of ``text_arg`` when it is a
    mapping, else ``["publish_post"]``). ``text_arg``: the argument holding the post text, one
    name for every tool or ``{tool: arg}``. ``post_fields``: where the other Post fields come
    from, ``{post_field: arg_name}`` or a callable ``(tool_name, args) -> {field: value}``;
    default: the same-named args among :data:`DEFAULT_POST_FIELDS` that the call has.

    Decisions, per call:

    * ``block``: the tool does not run; the model gets ``ToolMessage(status="error")`` with
      the findings and their suggestions, the verdict record as its ``artifact``.
    * ``pass``: the tool runs. Its ``ToolMessage`` gets the verdict record in
      ``response_metadata["brandguard"]``, and as its ``artifact`` when the tool set none.
    * ``review``, by ``on_review``: ``"human"`` (default): a person decides, through the
      ``HumanInTheLoopMiddleware`` of :meth:`human_in_the_loop` (or a HITL built with
      :meth:`interrupt_on`); a review call no reviewer was asked about is refused, so a
      missing HITL middleware never publishes unreviewed posts. ``"block"``: returned to the
      model like a block. ``"allow"``: runs, with the verdict attached.

    A reviewer's ``edit`` is checked again: an edited text that blocks is blocked; warnings
    in it are the reviewer's call.

    Verdicts are cached per post (sha256 of the text and fields; ``cache_size`` entries), so
    the review predicate and the gate agree and a resumed run asks the same question again.
    """

    def __init__(
        self,
        checker: CheckerLike = None,
        *,
        tools: Sequence[str] | None = None,
        text_arg: str | Mapping[str, str] = "text",
        post_fields: PostFields | None = None,
        on_review: Literal["human", "block", "allow"] = "human",
        cache_size: int = 1024,
    ) -> None:
        super().__init__()
        if on_review not in ("human", "block", "allow"):
            raise ValueError(f"on_review must be 'human', 'block' or 'allow', not {on_review!r}")
        if tools is None:
            tools = list(text_arg) if isinstance(text_arg, Mapping) else ["publish_post"]
        if isinstance(tools, str):
            tools = [tools]
        if not tools:
            raise ValueError("give at least one tool to gate")
        # not ``self.tools``: AgentMiddleware.tools are the tools a middleware adds to the agent
        self.gated_tools: tuple[str, ...] = tuple(dict.fromkeys(tools))
        if isinstance(text_arg, Mapping):
            missing = [t for t in self.gated_tools if t not in text_arg]
            if missing:
                raise ValueError(f"text_arg names no argument for tool(s) {missing}")
            self._text_args: dict[str, str] = {t: text_arg[t] for t in self.gated_tools}
        else:
            self._text_args = dict.fromkeys(self.gated_tools, text_arg)
        self.checker: Checker = _as_checker(checker)
        if isinstance(post_fields, Mapping):
            settable = set(Post.model_fields) - {"text"}
            unknown = sorted(set(post_fields) - settable)
            if unknown:
                raise ValueError(f"post_fields maps no Post field {unknown} (the text is text_arg)")
        self.on_review = on_review
        self._post_fields = post_fields
        self._verdicts = _Lru(cache_size)
        self._asked = _Lru(max(cache_size, 64))
        self._has_reviewer = False

    # -- checking ---------------------------------------------------------------------------
    def post_for(self, tool_name: str, args: Mapping[str, Any]) -> Post:
        """The post a call of ``tool_name`` would publish.

        Raises ``ValueError`` when the call has no text or its fields are not valid."""
        arg = self._text_args.get(tool_name)
        if arg is None:
            raise ValueError(f"{tool_name!r} is not a gated tool ({', '.join(self.gated_tools)})")
        text = args.get(arg)
        if not isinstance(text, str):
            raise ValueError(
                f"the call has no text to check: argument {arg!r} is "
                f"{'missing' if text is None else type(text).__name__}"
            )
        if callable(self._post_fields):
            try:
                fields = dict(self._post_fields(tool_name, args))
            except (KeyError, IndexError, TypeError, AttributeError) as exc:
                raise ValueError(
                    f"post_fields could not read the call's arguments: {exc!r}"
                ) from exc
        else:
            mapping = self._post_fields or {f: f for f in DEFAULT_POST_FIELDS}
            fields = {f: args[a] for f, a in mapping.items() if args.get(a) is not None}
        fields.pop("text", None)
        return Post(text=text, **fields)

    def _cache(self, post: Post) -> tuple[str, Verdict | None]:
        key = _digest(post)
        return key, self._verdicts.get(key)

    def verdict(self, tool_name: str, args: Mapping[str, Any]) -> Verdict:
        """The verdict on a call (checked once per distinct post, then from the cache).

        Raises ``ValueError`` when the call cannot be checked (see :meth:`post_for`; a post
        over the checker's ``max_chars`` raises ``PostTooLarge``, a ``ValueError``)."""
        post = self.post_for(tool_name, args)
        key, cached = self._cache(post)
        return cached if cached is not None else self._verdicts.put(key, self.checker.check(post))

    async def averdict(self, tool_name: str, args: Mapping[str, Any]) -> Verdict:
        """Async :meth:`verdict` (``Checker.acheck``: judges run without blocking)."""
        post = self.post_for(tool_name, args)
        key, cached = self._cache(post)
        if cached is not None:
            return cached
        return self._verdicts.put(key, await self.checker.acheck(post))

    # -- human review -----------------------------------------------------------------------
    def needs_review(self, request: ToolCallRequest) -> bool:
        """The ``when`` predicate of the review: True when the call's verdict is ``review``.

        Deterministic for one call: the verdict comes from the cache after the first check.
        A call that cannot be checked, or blocks, is not sent to a person (the gate answers
        it)."""
        call = request.tool_call
        if call["name"] not in self._text_args or self.on_review != "human":
            return False
        try:
            verdict = self.verdict(call["name"], call["args"])
        except ValueError:
            return False
        if verdict.decision is not Decision.REVIEW:
            return False
        self._asked.put(_call_key(call), True)
        return True

    def describe(self, tool_call: ToolCall, state: Any = None, runtime: Any = None) -> str:
        """What the reviewer reads: why the post needs a review, and the post."""
        name, args = tool_call["name"], tool_call["args"]
        try:
            verdict = self.verdict(name, args)
        except ValueError as exc:
            return f"brandguard could not check this {name} call: {exc}"
        text = args.get(self._text_args[name], "")
        return (
            f"brandguard: this {name} call needs a person's review ({_policy_label(verdict)}).\n"
            f"{_summary(verdict)}\n\nPost:\n{text}"
        )

    def interrupt_on(
        self, allowed_decisions: Sequence[ReviewDecision] = ("approve", "edit", "reject")
    ) -> dict[str, InterruptOnConfig]:
        """``interrupt_on`` entries for ``HumanInTheLoopMiddleware``: one per gated tool,
        interrupting only when the verdict is ``review`` (merge them with your own)."""
        if not allowed_decisions:
            raise ValueError("allow the reviewer at least one decision")
        self._has_reviewer = True
        return {
            name: InterruptOnConfig(
                allowed_decisions=list(allowed_decisions),
                description=self.describe,
                when=self.needs_review,
            )
            for name in self.gated_tools
        }

    def human_in_the_loop(
        self,
        allowed_decisions: Sequence[ReviewDecision] = ("approve", "edit", "reject"),
        *,
        interrupt_mode: Literal["batched", "per_call"] = "batched",
    ) -> HumanInTheLoopMiddleware:
        """The ``HumanInTheLoopMiddleware`` that hands ``review`` calls to a person.

        ``batched`` (LangChain's default) pauses after the model's turn and works in either
        order with the gate. With ``per_call`` list it *before* the gate
        (``middleware=[gate.human_in_the_loop(interrupt_mode="per_call"), gate]``): it
        interrupts inside the tool-call chain, and the gate must see what the reviewer
        decided."""
        return HumanInTheLoopMiddleware(
            interrupt_on=dict(self.interrupt_on(allowed_decisions)),
            interrupt_mode=interrupt_mode,
        )

    # -- the middleware hooks ---------------------------------------------------------------
    def wrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], ModelResponse[Any]],
    ) -> ModelResponse[Any] | AIMessage | ExtendedModelResponse[Any]:
        """Nothing to do in sync runs (the review predicate checks with ``Checker.check``)."""
        return handler(request)

    async def awrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], Awaitable[ModelResponse[Any]]],
    ) -> ModelResponse[Any] | AIMessage | ExtendedModelResponse[Any]:
        """In async runs, check the model's publish calls with ``Checker.acheck`` as soon as
        the model answers: the review predicate (which LangChain calls synchronously, in
        ``after_model``) then reads the cache instead of blocking the event loop on
        ``Checker.check`` (and its LLM judges)."""
        response = await handler(request)
        messages: list[Any] = (
            [response]
            if isinstance(response, AIMessage)
            else response.model_response.result
            if isinstance(response, ExtendedModelResponse)
            else response.result
        )
        calls = [
            c
            for m in messages
            if isinstance(m, AIMessage)
            for c in m.tool_calls
            if c["name"] in self._text_args
        ]
        if calls:
            await asyncio.gather(*(self._prewarm(c) for c in calls))
        return response

    async def _prewarm(self, call: ToolCall) -> None:
        with contextlib.suppress(ValueError):  # the gate answers it when the tool is called
            await self.averdict(call["name"], call["args"])

    def wrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], ToolMessage | Command[Any]],
    ) -> ToolMessage | Command[Any]:
        """Check a gated call before it runs (sync: ``Checker.check``)."""
        call = request.tool_call
        if call["name"] not in self._text_args:
            return handler(request)
        args, edited = _effective_args(request)
        try:
            verdict = self.verdict(call["name"], args)
        except ValueError as exc:
            return self._refused(call, exc)
        refusal = self._decide(call, verdict, edited)
        if refusal is not None:
            return refusal
        return _attach(handler(request), call, verdict)

    async def awrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], Awaitable[ToolMessage | Command[Any]]],
    ) -> ToolMessage | Command[Any]:
        """Check a gated call before it runs (async: ``Checker.acheck``)."""
        call = request.tool_call
        if call["name"] not in self._text_args:
            return await handler(request)
        args, edited = _effective_args(request)
        try:
            verdict = await self.averdict(call["name"], args)
        except ValueError as exc:
            return self._refused(call, exc)
        refusal = self._decide(call, verdict, edited)
        if refusal is not None:
            return refusal
        return _attach(await handler(request), call, verdict)

    def _decide(self, call: ToolCall, verdict: Verdict, edited: bool) -> ToolMessage | None:
        """None to run the tool, else the message the model gets instead."""
        verdict = verdict.model_copy(update={"id": call.get("id")})
        if verdict.decision is Decision.BLOCK:
            what = "the reviewer's edit of this post" if edited else "this post"
            return _refusal(
                call,
                verdict,
                f"brandguard blocked {what} ({_policy_label(verdict)}): {call['name']} did NOT "
                "run and nothing was published. Redraft the text so that none of the errors "
                f"below remain, then call {call['name']} again.",
            )
        if verdict.decision is Decision.PASS or self.on_review == "allow":
            return None
        if self.on_review == "block":
            return _refusal(
                call,
                verdict,
                f"brandguard held this post for review ({_policy_label(verdict)}): "
                f"{call['name']} did NOT run. Redraft the text so that none of the warnings "
                f"below remain, then call {call['name']} again.",
            )
        if edited or _call_key(call) in self._asked:
            return None  # a person approved (or wrote) it
        hint = (
            "add gate.human_in_the_loop() to the agent's middleware"
            if not self._has_reviewer
            else "with interrupt_mode='per_call', list the HITL middleware before the gate"
        )
        log.warning(
            "brandguard: %s call %s needs a review but no reviewer was asked; refused (%s)",
            call["name"],
            call.get("id"),
            hint,
        )
        return _refusal(
            call,
            verdict,
            f"brandguard: this post needs a person's review ({_policy_label(verdict)}) and no "
            f"reviewer was asked, so {call['name']} did NOT run ({hint}). The warnings:",
        )

    def _refused(self, call: ToolCall, exc: Exception) -> ToolMessage:
        record = error_record(call.get("id"), self.checker.policy.ref, str(exc))
        return ToolMessage(
            content=f"brandguard could not check this {call['name']} call, so it did NOT run: "
            f"{exc}. Call {call['name']} again with valid arguments.",
            tool_call_id=call["id"] or "",
            name=call["name"],
            status="error",
            artifact=record,
            response_metadata={"brandguard": record},
        )


def _call_key(call: ToolCall) -> str:
    return (
        call.get("id")
        or "args:"
        + hashlib.sha256(
            json.dumps(call["args"], sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()
    )


def _effective_args(request: ToolCallRequest) -> tuple[Mapping[str, Any], bool]:
    """The args the tool will run with: a reviewer's edit (HumanInTheLoopMiddleware,
    batched mode, keeps it in the state until the tool runs) else the model's."""
    call = request.tool_call
    state = request.state
    edits = state.get(_HITL_EDITS_KEY) if isinstance(state, Mapping) else None
    edit = edits.get(call.get("id") or "") if isinstance(edits, Mapping) else None
    if isinstance(edit, Mapping) and edit.get("name") == call["name"]:
        return edit.get("args") or {}, True
    return call["args"], False


def _refusal(call: ToolCall, verdict: Verdict, head: str) -> ToolMessage:
    record = verdict.to_record()
    return ToolMessage(
        content=f"{head}\n{_summary(verdict)}",
        tool_call_id=call["id"] or "",
        name=call["name"],
        status="error",
        artifact=record,
        response_metadata={"brandguard": record},
    )


def _attach(
    result: ToolMessage | Command[Any], call: ToolCall, verdict: Verdict
) -> ToolMessage | Command[Any]:
    """Put the verdict record on the tool's message (a Command's message for this call)."""
    record = verdict.model_copy(update={"id": call.get("id")}).to_record()

    def on(message: ToolMessage) -> ToolMessage:
        update: dict[str, Any] = {
            "response_metadata": {**message.response_metadata, "brandguard": record}
        }
        if message.artifact is None:
            update["artifact"] = record
        return message.model_copy(update=update)

    if isinstance(result, ToolMessage):
        return on(result)
    if isinstance(result, Command) and isinstance(result.update, dict):
        messages = result.update.get("messages")
        if isinstance(messages, list):
            new = [
                on(m) if isinstance(m, ToolMessage) and m.tool_call_id == call.get("id") else m
                for m in messages
            ]
            return replace(result, update={**result.update, "messages": new})
    return result


# -- the Runnable ---------------------------------------------------------------------------
def as_runnable(checker: CheckerLike = None) -> Runnable[PostInput, Verdict]:
    """The checker as a Runnable: a ``Post``, a dict of Post fields or a string (the text)
    in, a :class:`~brandguard.Verdict` out. ``invoke`` uses ``Checker.check``, ``ainvoke``
    ``Checker.acheck``; ``batch``/``abatch`` run them in parallel, at most
    ``config["max_concurrency"]`` at a time."""
    checker_ = _as_checker(checker)

    def check(post: PostInput) -> Verdict:
        return checker_.check(_as_post(post))

    async def acheck(post: PostInput) -> Verdict:
        return await checker_.acheck(_as_post(post))

    runnable: RunnableLambda[PostInput, Verdict] = RunnableLambda(
        check, afunc=acheck, name="brandguard_check"
    )
    return runnable


# -- the self-check tool --------------------------------------------------------------------
class CheckPostArgs(BaseModel):
    """The arguments of the ``check_post`` tool."""

    text: str = Field(description="The draft post, exactly as it would be published.")
    platform: Platform = Field(default=Platform.GENERIC, description="Where it will be published.")
    locale: str = Field(default="en-US", description="The post's language, e.g. en-US, de-DE.")
    markets: list[str] | None = Field(
        default=None,
        description="Countries it is aimed at (ISO 3166-1 alpha-2, or EU); default: the "
        "locale's region.",
    )
    sponsored: bool | None = Field(
        default=None,
        description="True for a paid partnership or any material connection, false for none, "
        "null when unknown.",
    )


def _tool_summary(verdict: Verdict) -> str:
    head = f"decision: {verdict.decision.value} ({_policy_label(verdict)})"
    if not verdict.findings:
        return f"{head}\nNo findings: the draft can be published as is."
    advice = {
        Decision.BLOCK: "Do not publish: redraft so that no error remains.",
        Decision.REVIEW: "A person must review this before it is published, or redraft so "
        "that no warning remains.",
        Decision.PASS: "It can be published; the suggestions are optional.",
    }[verdict.decision]
    return f"{head}\n{advice}\n{_summary(verdict)}"


def check_post_tool(checker: CheckerLike = None, *, name: str = "check_post") -> BaseTool:
    """A tool an agent calls to check its own draft before publishing it.

    Arguments (:class:`CheckPostArgs`): ``text``, ``platform``, ``locale``, ``markets``,
    ``sponsored``. Returns a compact summary for the model (the decision, then each finding's
    rule, excerpt, message and suggestion) and the verdict record as the artifact
    (``response_format="content_and_artifact"``)."""
    checker_ = _as_checker(checker)

    def _post(fields: dict[str, Any]) -> Post:
        return Post(**{k: v for k, v in fields.items() if v is not None})

    def run(**fields: Any) -> tuple[str, dict[str, Any] | None]:
        try:
            verdict = checker_.check(_post(fields))
        except ValueError as exc:
            return f"could not check the draft: {exc}", None
        return _tool_summary(verdict), verdict.to_record()

    async def arun(**fields: Any) -> tuple[str, dict[str, Any] | None]:
        try:
            verdict = await checker_.acheck(_post(fields))
        except ValueError as exc:
            return f"could not check the draft: {exc}", None
        return _tool_summary(verdict), verdict.to_record()

    return StructuredTool.from_function(
        func=run,
        coroutine=arun,
        name=name,
        description=(
            "Check a draft social-media post against the brand's and the regulators' rules "
            "before publishing it. Returns the decision (pass, review or block) and each "
            "problem with what to write instead."
        ),
        args_schema=CheckPostArgs,
        response_format="content_and_artifact",
    )


# -- PIIMiddleware detector -----------------------------------------------------------------
#: brandguard entity -> the type name LangChain's strategies know (``mask`` keeps a card's
#: last four digits only for ``credit_card``)
_LANGCHAIN_TYPES = {"card": "credit_card"}


def pii_detector(
    kinds: Iterable[str] | None = None,
    *,
    locale: str = "en-US",
    markets: Sequence[str] | None = None,
    min_confidence: float = 0.5,
    allow: Sequence[str] = (),
) -> Callable[[str], list[dict[str, Any]]]:
    """A ``detector`` for LangChain's ``PIIMiddleware``, backed by brandguard's recognizers.

    ``kinds``: recognizer names (``brandguard.recognizers.names()``: ``email``, ``phone``,
    ``card``, ``iban``, ``national_id``, ``ip``, ``passport``, ``drivers_licence``, ``dob``,
    ``address``; default: the ``pii`` rule's ``email, phone, card, iban, national_id``).
    ``locale``/``markets`` choose the phone regions and ID formats; ``allow`` lists published
    contact details to leave alone. The callable returns ``[{"type", "value", "start",
    "end"}]`` (LangChain's ``PIIMatch``), with spans in the original text; ``type`` is the
    recognizer's entity, except ``card``, reported as LangChain's ``credit_card``."""
    from ..rules.base import RuleContext
    from ..rules.pii import PiiRule

    config: dict[str, Any] = {
        "kind": "pii",
        "id": "pii",
        "min_confidence": min_confidence,
        "allow": list(allow),
    }
    if kinds is not None:
        config["detectors"] = list(kinds)
    rule = PiiRule.model_validate(config)  # unknown kinds raise here, not on first use
    Post(text="", locale=locale, markets=list(markets) if markets else None)  # validate early

    def detect(content: str) -> list[dict[str, Any]]:
        if not content:
            return []
        post = Post(text=content, locale=locale, markets=list(markets) if markets else None)
        out = []
        for f in rule.check(RuleContext(post)):
            entity = f.rule.removeprefix("pii.")
            out.append(
                {
                    "type": _LANGCHAIN_TYPES.get(entity, entity),
                    "value": content[f.start : f.end],
                    "start": f.start,
                    "end": f.end,
                }
            )
        return out

    return detect
