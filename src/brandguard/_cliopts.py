"""The command-line options several commands share (``check``, ``eval``, ``serve``,
``audit-archive``): defined once, so their names, short forms and help stay the same."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["BaseUrlOpt", "JudgeCacheOpt", "ModelOpt", "NoJudgesOpt", "PolicyOpt"]

PolicyOpt = Annotated[
    str | None,
    typer.Option(
        "--policy", "-p", help="Policy YAML file or builtin:NAME (default: builtin:default)."
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help="Chat model for the policy's judges: an init_chat_model spec such as "
        "openai:gpt-4.1-mini (default: $BRANDGUARD_MODEL; rules only without one).",
    ),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url", help="OpenAI-compatible server for --model (default: $BRANDGUARD_BASE_URL)."
    ),
]
JudgeCacheOpt = Annotated[
    str | None,
    typer.Option(
        "--judge-cache",
        help="Judge cache (JSONL) to replay and extend, or 'off' (default: "
        "$BRANDGUARD_CACHE or ~/.cache/brandguard/judge-cache.jsonl).",
    ),
]
NoJudgesOpt = Annotated[
    bool, typer.Option("--no-judges", help="Rules only, even when a model is configured.")
]
