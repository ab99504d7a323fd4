"""The command-line options several commands share (``check``, ``eval``, ``serve``,
``audit-archive``): defined once, so their names, short forms and help stay the same."""

from __future__ import annotations

from typing import Annotated, Any

import typer

__all__ = [
    "BaseUrlOpt",
    "JudgeCacheOpt",
    "ModelOpt",
    "NoJudgesOpt",
    "PolicyOpt",
    "judge_cache",
    "print_policy_error",
]

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


def judge_cache(value: str | None) -> str | bool:
    """``--judge-cache``: the default cache (None), none ('off'), or that file."""
    return True if value is None else (False if value == "off" else value)


def print_policy_error(prefix: str, exc: Any) -> None:
    """An invalid policy on stderr: ``<prefix>: invalid policy:`` and one issue a line."""
    typer.echo(f"{prefix}: invalid policy:", err=True)
    for issue in exc.issues:
        typer.echo(f"  {issue}", err=True)
