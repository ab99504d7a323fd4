"""A publishing agent gated by brandguard, runnable offline.

    python examples/publish_agent.py                    # the reviewer edits the post (default)
    python examples/publish_agent.py --decision approve  # ... or approves / rejects it

A scripted chat model stands in for a real one (swap in ``init_chat_model("openai:gpt-4.1")``
or any tool-calling model): it drafts posts and calls ``publish_post``. brandguard's gate
checks every call before the tool runs:

1. a draft with a cure claim is blocked; the model reads the findings and redrafts, and the
   clean redraft is published;
2. a partner promo with a discount code but no ad label needs a person's review: the run
   pauses (LangGraph interrupt), the reviewer's decision resumes it.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from langchain.agents import create_agent
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from brandguard.integrations.langchain import BrandguardPublishGate

CURE = "Our new oolong cures cancer! Try it today."
REDRAFT = "Our new oolong is here: smooth, floral and ready for autumn."
PROMO = "Loving this tea from @acme, use code TEA20 for 20% off!"
PROMO_EDITED = "#ad " + PROMO


class ScriptedModel(GenericFakeChatModel):
    """GenericFakeChatModel replays its messages; it has no ``bind_tools``, which
    ``create_agent`` calls, so accept the tools and ignore them."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedModel:
        return self


def publish(text: str, call_id: str) -> AIMessage:
    return AIMessage(
        content="",
        tool_calls=[
            {"name": "publish_post", "args": {"text": text, "platform": "x"}, "id": call_id}
        ],
    )


published: list[str] = []


@tool
def publish_post(text: str, platform: str = "x") -> str:
    """Publish a post on a social platform."""
    published.append(text)
    return f"Published on {platform}: {text}"


def wrap(text: str, indent: str = "       ") -> str:
    return textwrap.indent(
        "\n".join(textwrap.fill(line, 92) or line for line in text.splitlines()), indent
    ).lstrip()


def show(messages: list[BaseMessage]) -> None:
    for m in messages:
        if isinstance(m, HumanMessage):
            print(f"user:  {m.content}")
        elif isinstance(m, AIMessage):
            for c in m.tool_calls:
                args = ", ".join(f"{k}={v!r}" for k, v in c["args"].items())
                print(f"model: {c['name']}({args})")
            if m.content:
                print(f"model: {m.content}")
        elif isinstance(m, ToolMessage):
            record = m.response_metadata.get("brandguard") or {}
            decision = record.get("decision")
            if m.status == "error" and decision == "block":
                print(
                    f"gate:  BLOCK, {m.name} did not run. The model reads:\n       {wrap(m.text)}"
                )
            elif m.status == "error":
                print(f"tool:  {m.name} did not run: {wrap(m.text)}")
            else:
                print(f"tool:  {wrap(m.text)}   [brandguard: {decision}]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decision", choices=["approve", "edit", "reject"], default="edit")
    decision = parser.parse_args().decision

    model = ScriptedModel(
        messages=iter(
            [
                publish(CURE, "call-1"),
                publish(REDRAFT, "call-2"),  # the redraft, after reading the findings
                AIMessage(content="The launch post is live."),
                publish(PROMO, "call-3"),
                AIMessage(content="That is all for the partner promo."),
            ]
        )
    )
    gate = BrandguardPublishGate("builtin:default", tools=["publish_post"])
    agent = create_agent(
        model,
        [publish_post],
        middleware=[gate, gate.human_in_the_loop(["approve", "edit", "reject"])],
        checkpointer=InMemorySaver(),  # a review pauses the run; the checkpointer keeps it
    )

    print("=== 1. A launch post: blocked, redrafted, published")
    config: Any = {"configurable": {"thread_id": "launch"}}
    result = agent.invoke(
        {"messages": [{"role": "user", "content": "Announce our new oolong on X."}]}, config
    )
    show(result["messages"])

    print("\n=== 2. A partner promo: paused for a person's review")
    config = {"configurable": {"thread_id": "promo"}}
    result = agent.invoke(
        {"messages": [{"role": "user", "content": "Post the @acme partner promo."}]}, config
    )
    show(result["messages"])
    (pause,) = result["__interrupt__"]
    (request,) = pause.value["action_requests"]
    print(f"PAUSED for review ({request['name']}):\n       {wrap(request['description'])}")
    answer: dict[str, Any] = {"type": decision}
    if decision == "edit":
        answer["edited_action"] = {
            "name": "publish_post",
            "args": {"text": PROMO_EDITED, "platform": "x"},
        }
        print(f"human: edit -> {PROMO_EDITED!r}")
    elif decision == "reject":
        answer["message"] = "We have no signed partnership with @acme yet."
        print(f"human: reject ({answer['message']})")
    else:
        print("human: approve")
    seen = len(result["messages"])
    result = agent.invoke(Command(resume={"decisions": [answer]}), config)
    show(result["messages"][seen:])

    print(f"\nPublished: {len(published)} post(s)")
    for text in published:
        print(f"  - {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
