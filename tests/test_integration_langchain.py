"""brandguard.integrations.langchain, against the installed LangChain: the publish gate in a
real ``create_agent`` graph driven by a scripted (fake) chat model, the review pause through
LangChain's ``HumanInTheLoopMiddleware``, the Runnable, the ``check_post`` tool and the
``PIIMiddleware`` detector. No network, no real model.

The three texts (default policy): CURE blocks (health.disease-claim), PROMO reviews
(ftc.disclosure.unknown: a discount code, no ad label), CLEAN passes.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain.agents.middleware import PIIDetectionError, PIIMiddleware
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatResult
from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.prebuilt.tool_node import ToolCallRequest
from langgraph.types import Command
from pydantic import Field

from brandguard import Checker, Decision, Post, Verdict
from brandguard.integrations.langchain import (
    BrandguardPublishGate,
    as_runnable,
    check_post_tool,
    pii_detector,
)

ROOT = Path(__file__).resolve().parents[1]

CURE = "Our tea cures cancer!"
PROMO = "Loving this tea from @acme, use code TEA20 for 20% off!"
CLEAN = "Our new oolong is here: smooth, floral and ready for autumn."


def test_the_three_texts_decide_as_the_tests_assume() -> None:
    checker = Checker()
    assert checker.check(CURE, platform="x").decision is Decision.BLOCK
    assert checker.check(PROMO, platform="x").decision is Decision.REVIEW
    assert checker.check(CLEAN, platform="x").decision is Decision.PASS


# -- a scripted tool-calling model ----------------------------------------------------------
class ScriptedModel(GenericFakeChatModel):
    """GenericFakeChatModel has no ``bind_tools`` (BaseChatModel's raises
    NotImplementedError) and ``create_agent`` calls it: accept and ignore the tools. Records
    the messages of every call, so a test sees what the model was shown."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedModel:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.seen.append(list(messages))
        return super()._generate(messages, *args, **kwargs)


def scripted(*replies: AIMessage | str) -> ScriptedModel:
    return ScriptedModel(messages=iter(replies))


def publish(text: str, call_id: str, **args: Any) -> AIMessage:
    return AIMessage(
        content="",
        tool_calls=[
            {"name": "publish_post", "args": {"text": text, "platform": "x", **args}, "id": call_id}
        ],
    )


class Publisher:
    """A publish_post tool that counts what it published."""

    def __init__(self) -> None:
        self.published: list[str] = []

        @tool
        def publish_post(text: str, platform: str = "x") -> str:
            """Publish a post."""
            self.published.append(text)
            return f"published: {text}"

        self.tool = publish_post


def agent_for(model: ScriptedModel, publisher: Publisher, middleware: list[Any]) -> Any:
    return create_agent(
        model, [publisher.tool], middleware=middleware, checkpointer=InMemorySaver()
    )


def ask(content: str = "Publish a post about our new oolong.") -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": content}]}


def thread(name: str = "t") -> Any:
    return {"configurable": {"thread_id": name}}


def tool_messages(result: dict[str, Any]) -> list[ToolMessage]:
    return [m for m in result["messages"] if isinstance(m, ToolMessage)]


class CountingChecker(Checker):
    """Counts check and acheck calls."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checks = 0
        self.achecks = 0

    def check(self, post: Post | str, **fields: Any) -> Verdict:
        self.checks += 1
        return super().check(post, **fields)

    async def acheck(self, post: Post | str, **fields: Any) -> Verdict:
        self.achecks += 1
        return await super().acheck(post, **fields)


# -- block -> redraft -> publish ------------------------------------------------------------
def assert_blocked_then_redrafted(
    result: dict[str, Any], model: ScriptedModel, publisher: Publisher
) -> None:
    assert publisher.published == [CLEAN]  # the blocked draft never reached the tool
    blocked, done = tool_messages(result)
    assert blocked.status == "error" and blocked.tool_call_id == "c1"
    assert blocked.name == "publish_post"
    assert "did NOT run" in blocked.text
    assert "health.disease-claim" in blocked.text and '"cures cancer"' in blocked.text
    suggestion = Checker().check(CURE, platform="x").findings[0].suggestion
    assert suggestion and suggestion.strip() in blocked.text  # what to write instead
    assert blocked.artifact["decision"] == "block"
    assert blocked.artifact["id"] == "c1"
    assert Verdict.model_validate(blocked.artifact).blocked
    # the model's second turn was shown the error message, and redrafted from it
    shown = model.seen[1][-1]
    assert isinstance(shown, ToolMessage) and shown.status == "error"
    assert "health.disease-claim" in shown.text
    assert done.status == "success" and done.text == f"published: {CLEAN}"
    assert done.artifact["decision"] == "pass"
    assert done.response_metadata["brandguard"]["decision"] == "pass"
    assert result["messages"][-1].content == "Redrafted and published."


def block_script() -> ScriptedModel:
    return scripted(
        publish(CURE, "c1"), publish(CLEAN, "c2"), AIMessage(content="Redrafted and published.")
    )


def test_block_never_runs_the_tool_and_the_model_redrafts() -> None:
    model, publisher = block_script(), Publisher()
    gate = BrandguardPublishGate(tools=["publish_post"])
    agent = agent_for(model, publisher, [gate, gate.human_in_the_loop()])
    result = agent.invoke(ask(), thread())
    assert "__interrupt__" not in result  # a block is the gate's call, not a person's
    assert_blocked_then_redrafted(result, model, publisher)


async def test_async_block_never_runs_the_tool_and_the_model_redrafts() -> None:
    model, publisher = block_script(), Publisher()
    checker = CountingChecker()
    gate = BrandguardPublishGate(checker, tools=["publish_post"])
    agent = agent_for(model, publisher, [gate, gate.human_in_the_loop()])
    result = await agent.ainvoke(ask(), thread())
    assert "__interrupt__" not in result
    assert_blocked_then_redrafted(result, model, publisher)
    # checked with acheck as the model answered; the sync review predicate read the cache
    assert (checker.achecks, checker.checks) == (2, 0)


async def test_async_gate_checks_with_acheck() -> None:
    model, publisher = block_script(), Publisher()
    checker = CountingChecker()
    gate = BrandguardPublishGate(checker, on_review="block")  # no HITL: only the gate checks
    result = await agent_for(model, publisher, [gate]).ainvoke(ask(), thread())
    assert_blocked_then_redrafted(result, model, publisher)
    assert (checker.achecks, checker.checks) == (2, 0)


def test_sync_gate_checks_with_check() -> None:
    model, publisher = block_script(), Publisher()
    checker = CountingChecker()
    gate = BrandguardPublishGate(checker, on_review="block")
    result = agent_for(model, publisher, [gate]).invoke(ask(), thread())
    assert_blocked_then_redrafted(result, model, publisher)
    assert (checker.checks, checker.achecks) == (2, 0)


# -- pass -----------------------------------------------------------------------------------
def test_pass_runs_the_tool_and_attaches_the_verdict() -> None:
    model, publisher = scripted(publish(CLEAN, "c1"), AIMessage(content="Done.")), Publisher()
    gate = BrandguardPublishGate()
    result = agent_for(model, publisher, [gate, gate.human_in_the_loop()]).invoke(ask(), thread())
    assert "__interrupt__" not in result
    assert publisher.published == [CLEAN]
    (msg,) = tool_messages(result)
    assert msg.status == "success"
    assert msg.artifact == msg.response_metadata["brandguard"]
    assert msg.artifact["decision"] == "pass" and msg.artifact["id"] == "c1"


def test_a_tool_artifact_is_kept_and_the_verdict_goes_to_response_metadata() -> None:
    published: list[str] = []

    @tool(response_format="content_and_artifact")
    def publish_post(text: str, platform: str = "x") -> tuple[str, dict[str, str]]:
        """Publish a post."""
        published.append(text)
        return "published", {"url": "https://example.com/p/1"}

    model = scripted(publish(CLEAN, "c1"), AIMessage(content="Done."))
    agent = create_agent(model, [publish_post], middleware=[BrandguardPublishGate()])
    (msg,) = tool_messages(agent.invoke(ask()))
    assert published == [CLEAN]
    assert msg.artifact == {"url": "https://example.com/p/1"}
    assert msg.response_metadata["brandguard"]["decision"] == "pass"


def test_other_tools_are_not_gated() -> None:
    ran: list[str] = []

    @tool
    def draft_notes(text: str) -> str:
        """Save notes."""
        ran.append(text)
        return "saved"

    call = AIMessage(
        content="", tool_calls=[{"name": "draft_notes", "args": {"text": CURE}, "id": "n1"}]
    )
    model = scripted(call, AIMessage(content="Done."))
    agent = create_agent(model, [draft_notes], middleware=[BrandguardPublishGate()])
    (msg,) = tool_messages(agent.invoke(ask()))
    assert ran == [CURE] and msg.status == "success" and "brandguard" not in msg.response_metadata


# -- review ---------------------------------------------------------------------------------
def review_agent(*after: AIMessage) -> tuple[Any, Publisher, BrandguardPublishGate]:
    model = scripted(publish(PROMO, "c1"), *(after or [AIMessage(content="Done.")]))
    publisher = Publisher()
    gate = BrandguardPublishGate()
    return agent_for(model, publisher, [gate, gate.human_in_the_loop()]), publisher, gate


def test_review_pauses_and_approve_publishes() -> None:
    agent, publisher, _ = review_agent()
    config = thread()
    result = agent.invoke(ask(), config)
    (pause,) = result["__interrupt__"]
    (request,) = pause.value["action_requests"]
    assert request["name"] == "publish_post" and request["args"]["text"] == PROMO
    assert "ftc.disclosure.unknown" in request["description"]
    assert "#ad" in request["description"]  # the suggestion, for the reviewer
    assert pause.value["review_configs"] == [
        {"action_name": "publish_post", "allowed_decisions": ["approve", "edit", "reject"]}
    ]
    assert publisher.published == []
    state = agent.get_state(config)
    assert state.next and [i.id for i in state.interrupts] == [pause.id]  # pending interrupt

    result = agent.invoke(Command(resume={"decisions": [{"type": "approve"}]}), config)
    assert publisher.published == [PROMO]
    (msg,) = tool_messages(result)
    assert msg.status == "success" and msg.artifact["decision"] == "review"
    assert not agent.get_state(config).interrupts


def test_review_reject_does_not_publish() -> None:
    agent, publisher, _ = review_agent()
    config = thread()
    assert agent.invoke(ask(), config)["__interrupt__"]
    result = agent.invoke(
        Command(resume={"decisions": [{"type": "reject", "message": "No #ad label."}]}), config
    )
    assert publisher.published == []
    (msg,) = tool_messages(result)
    assert msg.status == "error" and "No #ad label." in msg.text


def edit(text: str) -> dict[str, Any]:
    return {
        "decisions": [
            {
                "type": "edit",
                "edited_action": {"name": "publish_post", "args": {"text": text, "platform": "x"}},
            }
        ]
    }


def test_a_reviewers_edit_is_checked_and_published_when_clean() -> None:
    agent, publisher, _ = review_agent()
    config = thread()
    agent.invoke(ask(), config)
    result = agent.invoke(Command(resume=edit("#ad " + PROMO)), config)
    assert publisher.published == ["#ad " + PROMO]
    (msg,) = tool_messages(result)
    assert msg.artifact["decision"] == "pass"  # the verdict on the text that ran


@pytest.mark.parametrize("hitl_first", [False, True])
def test_a_reviewers_edit_that_blocks_is_blocked(hitl_first: bool) -> None:
    model = scripted(publish(PROMO, "c1"), AIMessage(content="Done."))
    publisher, gate = Publisher(), BrandguardPublishGate()
    hitl = gate.human_in_the_loop()
    agent = agent_for(model, publisher, [hitl, gate] if hitl_first else [gate, hitl])
    config = thread()
    agent.invoke(ask(), config)
    result = agent.invoke(Command(resume=edit(CURE)), config)
    assert publisher.published == []
    (msg,) = tool_messages(result)
    assert msg.status == "error" and "reviewer's edit" in msg.text
    assert "health.disease-claim" in msg.text


def test_per_call_interrupt_mode_with_the_hitl_listed_first() -> None:
    model = scripted(publish(PROMO, "c1"), AIMessage(content="Done."))
    publisher, gate = Publisher(), BrandguardPublishGate()
    hitl = gate.human_in_the_loop(["approve", "reject"], interrupt_mode="per_call")
    agent = agent_for(model, publisher, [hitl, gate])
    config = thread()
    (pause,) = agent.invoke(ask(), config)["__interrupt__"]
    assert pause.value["type"] == "tool_approval" and pause.value["args"]["text"] == PROMO
    assert "ftc.disclosure.unknown" in pause.value["description"]
    assert publisher.published == []
    agent.invoke(Command(resume={pause.id: {"type": "approve"}}), config)
    assert publisher.published == [PROMO]


def test_review_without_a_reviewer_is_refused() -> None:
    model = scripted(publish(PROMO, "c1"), AIMessage(content="Done."))
    publisher = Publisher()
    result = agent_for(model, publisher, [BrandguardPublishGate()]).invoke(ask(), thread())
    assert "__interrupt__" not in result and publisher.published == []
    (msg,) = tool_messages(result)
    assert msg.status == "error" and "human_in_the_loop()" in msg.text
    assert msg.artifact["decision"] == "review"


async def test_async_review_pauses_and_approve_publishes() -> None:
    agent, publisher, _ = review_agent()
    config = thread()
    result = await agent.ainvoke(ask(), config)
    assert result["__interrupt__"] and publisher.published == []
    await agent.ainvoke(Command(resume={"decisions": [{"type": "approve"}]}), config)
    assert publisher.published == [PROMO]


@pytest.mark.parametrize(
    ("on_review", "published", "status"), [("block", [], "error"), ("allow", [PROMO], "success")]
)
def test_on_review_block_or_allow(on_review: Any, published: list[str], status: str) -> None:
    model = scripted(publish(PROMO, "c1"), AIMessage(content="Done."))
    publisher = Publisher()
    gate = BrandguardPublishGate(on_review=on_review)
    result = agent_for(model, publisher, [gate]).invoke(ask(), thread())
    assert publisher.published == published
    (msg,) = tool_messages(result)
    assert msg.status == status and msg.artifact["decision"] == "review"
    if on_review == "block":
        assert "ftc.disclosure.unknown" in msg.text and "did NOT run" in msg.text


# -- the review predicate -------------------------------------------------------------------
def request_for(text: str, call_id: str = "c1", **args: Any) -> ToolCallRequest:
    call = {"name": "publish_post", "args": {"text": text, **args}, "id": call_id}
    return ToolCallRequest(tool_call=call, tool=None, state={"messages": []}, runtime=None)  # type: ignore[arg-type]


def test_the_review_predicate_is_the_when_of_the_hitl_config() -> None:
    gate = BrandguardPublishGate(tools=["publish_post", "schedule_post"])
    config = gate.interrupt_on(["approve", "reject"])
    assert set(config) == {"publish_post", "schedule_post"}
    assert config["publish_post"]["when"] == gate.needs_review
    assert config["publish_post"]["allowed_decisions"] == ["approve", "reject"]
    assert gate.needs_review(request_for(PROMO))
    assert not gate.needs_review(request_for(CURE))  # the gate blocks it: no person needed
    assert not gate.needs_review(request_for(CLEAN))
    no_text = {"name": "publish_post", "args": {"body": PROMO}, "id": "c9"}
    assert not gate.needs_review(request_for(PROMO).override(tool_call=no_text))  # type: ignore[typeddict-item]
    other_tool = {"name": "draft_notes", "args": {"text": PROMO}, "id": "c8"}
    assert not gate.needs_review(request_for(PROMO).override(tool_call=other_tool))  # type: ignore[typeddict-item]


def test_the_review_predicate_is_deterministic() -> None:
    checker = CountingChecker()
    gate = BrandguardPublishGate(checker)
    answers = [gate.needs_review(request_for(PROMO, "c1", platform="x")) for _ in range(5)]
    answers += [gate.needs_review(request_for(PROMO, "c2", platform="twitter"))]  # same post
    assert answers == [True] * 6
    assert checker.checks == 1  # one check per distinct post, then the cache
    assert gate.needs_review(request_for(PROMO, "c3", sponsored=False)) is False  # another post
    assert checker.checks == 2


class FlakyChecker(Checker):
    """A checker whose answer changes on every call, like an unreliable LLM judge."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def check(self, post: Post | str, **fields: Any) -> Verdict:
        self.calls += 1
        verdict = super().check(post, **fields)
        flip = Decision.REVIEW if self.calls % 2 else Decision.PASS
        return verdict.model_copy(update={"decision": flip})


def test_the_predicate_and_the_gate_agree_even_when_the_checker_does_not() -> None:
    checker = FlakyChecker()
    gate = BrandguardPublishGate(checker)
    assert [gate.needs_review(request_for(CLEAN)) for _ in range(4)] == [True] * 4
    assert gate.verdict("publish_post", {"text": CLEAN}).decision is Decision.REVIEW
    assert checker.calls == 1


# -- configuration --------------------------------------------------------------------------
def test_text_arg_mapping_and_post_fields_mapping() -> None:
    long_text = (CLEAN + " ") * 5  # over X's 280 characters; fine on LinkedIn
    gate = BrandguardPublishGate(
        text_arg={"post_to_social": "body"}, post_fields={"platform": "channel"}
    )
    assert gate.gated_tools == ("post_to_social",)
    assert gate.verdict("post_to_social", {"body": long_text, "channel": "x"}).blocked
    assert not gate.verdict("post_to_social", {"body": long_text, "channel": "linkedin"}).blocked
    # the default reads same-named args; a mapping replaces it
    assert not gate.verdict("post_to_social", {"body": long_text, "platform": "x"}).blocked


def test_post_fields_callable() -> None:
    seen: list[tuple[str, dict[str, Any]]] = []

    def fields(tool_name: str, args: Any) -> dict[str, Any]:
        seen.append((tool_name, dict(args)))
        return {"platform": args["where"].split(":")[0]}

    gate = BrandguardPublishGate(tools=["publish_post"], post_fields=fields)
    long_text = (CLEAN + " ") * 5
    assert gate.verdict("publish_post", {"text": long_text, "where": "x:main"}).blocked
    assert seen == [("publish_post", {"text": long_text, "where": "x:main"})]
    assert gate.post_for("publish_post", {"text": "hi", "where": "linkedin:co"}).platform == (
        "linkedin"
    )


def test_the_middleware_has_no_tools_attribute_of_its_own() -> None:
    gate = BrandguardPublishGate(tools=["publish_post"])
    assert "tools" not in vars(gate)  # AgentMiddleware.tools: tools a middleware adds
    create_agent(scripted("hi"), [Publisher().tool], middleware=[gate])  # builds


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ({"platform": "x"}, "no text"),
        ({"text": CLEAN, "platform": "myspace"}, "platform"),
        ({"text": CLEAN, "locale": "english please"}, "BCP 47"),
    ],
)
def test_a_call_that_cannot_be_checked_does_not_run(args: dict[str, Any], reason: str) -> None:
    ran: list[Any] = []

    @tool
    def publish_post(text: str = "", platform: str = "x", locale: str = "en-US") -> str:
        """Publish a post."""
        ran.append(text)
        return "published"

    call = AIMessage(content="", tool_calls=[{"name": "publish_post", "args": args, "id": "c1"}])
    model = scripted(call, AIMessage(content="Done."))
    result = create_agent(model, [publish_post], middleware=[BrandguardPublishGate()]).invoke(ask())
    (msg,) = tool_messages(result)
    assert ran == [] and msg.status == "error" and "could not check" in msg.text
    assert reason in msg.text and msg.artifact["decision"] is None


def test_a_post_over_max_chars_does_not_run() -> None:
    gate = BrandguardPublishGate(Checker(max_chars=10))
    publisher = Publisher()
    model = scripted(publish(CLEAN, "c1"), AIMessage(content="Done."))
    (msg,) = tool_messages(agent_for(model, publisher, [gate]).invoke(ask(), thread()))
    assert publisher.published == [] and msg.status == "error" and "limit" in msg.text


def test_bad_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="on_review"):
        BrandguardPublishGate(on_review="maybe")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no argument"):
        BrandguardPublishGate(tools=["a", "b"], text_arg={"a": "text"})
    with pytest.raises(ValueError, match="at least one decision"):
        BrandguardPublishGate().human_in_the_loop([])
    with pytest.raises(ValueError, match=r"no Post field \['channel'\]"):
        BrandguardPublishGate(post_fields={"channel": "platform"})
    with pytest.raises(ValueError, match="no Post field"):
        BrandguardPublishGate(post_fields={"text": "body"})


def test_a_post_fields_callable_that_fails_refuses_the_call() -> None:
    gate = BrandguardPublishGate(post_fields=lambda name, args: {"platform": args["where"]})
    publisher = Publisher()
    model = scripted(publish(CLEAN, "c1"), AIMessage(content="Done."))
    (msg,) = tool_messages(agent_for(model, publisher, [gate]).invoke(ask(), thread()))
    assert publisher.published == [] and msg.status == "error"
    assert "post_fields could not read" in msg.text and "'where'" in msg.text


# -- as_runnable ----------------------------------------------------------------------------
def test_runnable_takes_a_post_a_dict_or_a_string() -> None:
    runnable = as_runnable(Checker())
    assert runnable.invoke(CURE).decision is Decision.BLOCK
    assert runnable.invoke({"text": PROMO, "platform": "x"}).decision is Decision.REVIEW
    assert runnable.invoke(Post(text=CLEAN)).decision is Decision.PASS
    with pytest.raises(ValueError):
        runnable.invoke({"text": CLEAN, "platform": "myspace"})
    with pytest.raises(TypeError):
        runnable.invoke(42)  # type: ignore[arg-type]


async def test_runnable_ainvoke_uses_acheck() -> None:
    checker = CountingChecker()
    verdict = await as_runnable(checker).ainvoke(CURE)
    assert verdict.blocked and (checker.achecks, checker.checks) == (1, 0)


class SlowChecker(Checker):
    """Records the most checks running at once."""

    def __init__(self) -> None:
        super().__init__()
        self.running = self.peak = 0
        self._lock = threading.Lock()

    def _enter(self) -> None:
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)

    def _leave(self) -> None:
        with self._lock:
            self.running -= 1

    def check(self, post: Post | str, **fields: Any) -> Verdict:
        self._enter()
        try:
            time.sleep(0.03)
            return super().check(post, **fields)
        finally:
            self._leave()

    async def acheck(self, post: Post | str, **fields: Any) -> Verdict:
        self._enter()
        try:
            await asyncio.sleep(0.03)
            return await super().acheck(post, **fields)
        finally:
            self._leave()


POSTS = [CURE, PROMO, CLEAN] * 4


async def test_runnable_abatch_bounds_concurrency() -> None:
    checker = SlowChecker()
    verdicts = await as_runnable(checker).abatch(POSTS, config={"max_concurrency": 3})
    assert [v.decision for v in verdicts] == [
        Decision.BLOCK,
        Decision.REVIEW,
        Decision.PASS,
    ] * 4  # in input order
    assert checker.peak == 3  # parallel, and never more than asked


def test_runnable_batch_bounds_concurrency() -> None:
    checker = SlowChecker()
    verdicts = as_runnable(checker).batch(POSTS, config={"max_concurrency": 2})
    assert [v.decision for v in verdicts][:3] == [Decision.BLOCK, Decision.REVIEW, Decision.PASS]
    assert checker.peak == 2


# -- the check_post tool --------------------------------------------------------------------
def test_check_post_tool_returns_a_summary_and_the_verdict() -> None:
    check_post = check_post_tool(Checker())
    assert check_post.name == "check_post"
    assert set(check_post.args) == {"text", "platform", "locale", "markets", "sponsored"}
    msg = check_post.invoke(
        {
            "type": "tool_call",
            "name": "check_post",
            "id": "k1",
            "args": {"text": CURE, "platform": "x", "locale": "en-GB", "markets": ["GB"]},
        }
    )
    assert isinstance(msg, ToolMessage) and msg.tool_call_id == "k1"
    assert msg.text.startswith("decision: block (policy brandguard-default")
    assert "Do not publish" in msg.text
    assert 'health.disease-claim at "cures cancer"' in msg.text and "Suggestion:" in msg.text
    assert Verdict.model_validate(msg.artifact).blocked
    clean = check_post.invoke(
        {"type": "tool_call", "name": "check_post", "id": "k2", "args": {"text": CLEAN}}
    )
    assert "No findings" in clean.text and clean.artifact["decision"] == "pass"


async def test_check_post_tool_async_and_bad_args() -> None:
    checker = CountingChecker()
    check_post = check_post_tool(checker)
    msg = await check_post.ainvoke(
        {"type": "tool_call", "name": "check_post", "id": "k1", "args": {"text": PROMO}}
    )
    assert msg.text.startswith("decision: review") and checker.achecks == 1
    bad = await check_post.ainvoke(
        {
            "type": "tool_call",
            "name": "check_post",
            "id": "k2",
            "args": {"text": CLEAN, "locale": "english"},
        }
    )
    assert bad.text.startswith("could not check the draft") and bad.artifact is None


def test_an_agent_self_checks_with_check_post_then_publishes() -> None:
    check = AIMessage(
        content="", tool_calls=[{"name": "check_post", "args": {"text": CURE}, "id": "k1"}]
    )
    model = scripted(check, publish(CLEAN, "c1"), AIMessage(content="Done."))
    publisher = Publisher()
    gate = BrandguardPublishGate()
    agent = create_agent(
        model, [check_post_tool(), publisher.tool], middleware=[gate], checkpointer=InMemorySaver()
    )
    result = agent.invoke(ask(), thread())
    self_check = model.seen[1][-1]
    assert isinstance(self_check, ToolMessage) and self_check.text.startswith("decision: block")
    assert publisher.published == [CLEAN]
    assert [m.name for m in tool_messages(result)] == ["check_post", "publish_post"]


# -- PIIMiddleware detector -----------------------------------------------------------------
def test_pii_detector_finds_spans_in_the_original_text() -> None:
    detect = pii_detector(["email", "phone", "card"])
    text = "Reach Jane at jane.doe@example.com or (415) 555-2671; card 4111 1111 1111 1111."
    found = detect(text)
    assert [(m["type"], m["value"]) for m in found] == [
        ("email", "jane.doe@example.com"),
        ("phone", "(415) 555-2671"),
        ("credit_card", "4111 1111 1111 1111"),
    ]
    assert all(text[m["start"] : m["end"]] == m["value"] for m in found)
    assert detect("") == [] and detect("Our new oolong is here.") == []


def test_pii_detector_options() -> None:
    # look-alike characters read as what they look like (LangChain's own regex misses this)
    tricky = "write to jane＠exаmple.com"
    assert [m["type"] for m in pii_detector(["email"])(tricky)] == ["email"]
    assert pii_detector(["email"], allow=["support@acme.com"])("support@acme.com") == []
    assert pii_detector(["phone"], locale="en-GB")("Ring 07911 123456 today")[0]["value"] == (
        "07911 123456"
    )
    with pytest.raises(ValueError, match="unknown detector"):
        pii_detector(["fingerprint"])
    with pytest.raises(ValueError):
        pii_detector(locale="not a locale")


USER_PII = "My email is jane.doe@example.com and my number is (415) 555-2671, please call."


def test_pii_middleware_redacts_with_the_brandguard_detector() -> None:
    model = scripted(AIMessage(content="Thanks, we will DM you."))
    middleware = PIIMiddleware(
        "brandguard_pii", detector=pii_detector(["email", "phone"]), strategy="redact"
    )
    result = create_agent(model, [], middleware=[middleware]).invoke(ask(USER_PII))
    shown = model.seen[0][-1]
    assert isinstance(shown, HumanMessage)
    assert shown.content == (
        "My email is [REDACTED_EMAIL] and my number is [REDACTED_PHONE], please call."
    )
    assert result["messages"][0].content == shown.content  # redacted in the state too


def test_pii_middleware_masks_a_card() -> None:
    model = scripted(AIMessage(content="ok"))
    middleware = PIIMiddleware("card", detector=pii_detector(["card"]), strategy="mask")
    create_agent(model, [], middleware=[middleware]).invoke(ask("card 4111-1111-1111-1111 ok"))
    assert model.seen[0][-1].content == "card ****-****-****-1111 ok"


def test_pii_middleware_blocks_with_the_brandguard_detector() -> None:
    model = scripted(AIMessage(content="never"))
    middleware = PIIMiddleware("phone", detector=pii_detector(["phone"]), strategy="block")
    with pytest.raises(PIIDetectionError) as err:
        create_agent(model, [], middleware=[middleware]).invoke(ask(USER_PII))
    assert err.value.matches[0]["value"] == "(415) 555-2671"
    assert model.seen == []  # the model never saw the number


# -- imports and the example ----------------------------------------------------------------
def test_brandguard_and_its_integrations_package_do_not_import_langchain() -> None:
    code = (
        "import sys, brandguard, brandguard.integrations\n"
        "from brandguard import Checker\n"
        "Checker().check('hello')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('langchain', 'langchain_core', 'langgraph'))\n"
        "assert not bad, bad\n"
        "import brandguard.integrations.langchain\n"
        "assert 'langchain' in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def run_example(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / "publish_agent.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_the_example_blocks_redrafts_publishes_and_pauses() -> None:
    out = run_example()
    assert out.returncode == 0, out.stderr
    text = out.stdout
    order = [
        "publish_post(text='Our new oolong cures cancer!",
        "gate:  BLOCK, publish_post did not run",
        "health.disease-claim",
        "publish_post(text='Our new oolong is here",
        "tool:  Published on x: Our new oolong is here",
        "PAUSED for review (publish_post)",
        "ftc.disclosure.unknown",
        "human: edit",
        "Published on x: #ad Loving this tea",
        "Published: 2 post(s)",
    ]
    positions = [text.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions), text
    assert "Traceback" not in out.stderr


def test_the_example_with_a_rejecting_reviewer_publishes_only_the_redraft() -> None:
    out = run_example("--decision", "reject")
    assert out.returncode == 0, out.stderr
    assert "human: reject" in out.stdout and "publish_post did not run: User rejected" in out.stdout
    assert out.stdout.rstrip().endswith(
        "Published: 1 post(s)\n  - Our new oolong is here: smooth, floral and ready for autumn."
    )
