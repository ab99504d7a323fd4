"""``brandguard serve``: the command (registered by brandguard.cli as ``app.command("serve")``).

Nothing here imports FastAPI or uvicorn until the command runs: ``import brandguard.cli`` stays
fast, and without the ``serve`` extra only this command fails, with a one-line hint.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import Annotated

import typer

from .._cliopts import (
    BaseUrlOpt,
    JudgeCacheOpt,
    ModelOpt,
    NoJudgesOpt,
    PolicyOpt,
    print_policy_error,
)
from .._cliopts import judge_cache as cache_arg

__all__ = ["EXIT_USAGE", "bind_problem", "is_loopback", "serve"]

EXIT_USAGE = 2
MISSING_EXTRA = "brandguard serve needs the serve extra: pip install 'brandguard[serve]'"


def is_loopback(host: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_problem(host: str, token: str | None) -> str | None:
    """Why the service must not start on ``host`` with ``token``, or None when it may."""
    if not token and not is_loopback(host):
        return (
            f"brandguard serve: refusing to listen on {host} without a token: set --token or "
            "BRANDGUARD_TOKEN (or bind to 127.0.0.1)"
        )
    return None


def _err(message: str) -> None:
    typer.echo(message, err=True)


def serve(
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; beyond loopback a --token is required."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8080,
    policy: PolicyOpt = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="BRANDGUARD_TOKEN",
            show_envvar=True,
            help="Bearer token required on every route but /healthz (prefer the env variable: "
            "a command line is visible to other users).",
        ),
    ] = None,
    max_body: Annotated[
        int,
        typer.Option("--max-body", min=1, help="Largest /v1/check request body, in bytes."),
    ] = 1 << 20,
    max_batch_body: Annotated[
        int,
        typer.Option(
            "--max-batch-body", min=1, help="Largest /v1/check/batch request body, in bytes."
        ),
    ] = 64 << 20,
    rate: Annotated[
        float,
        typer.Option(
            "--rate", min=0, help="Requests per second per client address (token bucket); 0 = off."
        ),
    ] = 0.0,
    burst: Annotated[
        float | None,
        typer.Option("--burst", min=1, help="Token bucket size (default: max(1, --rate))."),
    ] = None,
    no_judges: NoJudgesOpt = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    judge_cache: JudgeCacheOpt = None,
    max_chars: Annotated[
        int | None,
        typer.Option("--max-chars", min=1, help="Refuse posts longer than this (default 100,000)."),
    ] = None,
    reload_interval: Annotated[
        float,
        typer.Option(
            "--reload-interval",
            min=0,
            help="Seconds between checks of the policy files for changes (0 = only on SIGHUP).",
        ),
    ] = 2.0,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Threads that run checks (default: 2, or 32 with judges)."
        ),
    ] = None,
    log_level: Annotated[
        str, typer.Option("--log-level", help="uvicorn log level (info, warning, ...).")
    ] = "info",
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log each request.")
    ] = True,
) -> None:
    """Serve checks over HTTP (POST /v1/check, /v1/check/batch; GET /v1/policies, /healthz,
    /metrics) for schedulers, webhooks and non-Python backends."""
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        _err(MISSING_EXTRA)
        raise typer.Exit(EXIT_USAGE) from None
    problem = bind_problem(host, token)
    if problem:
        _err(problem)
        raise typer.Exit(EXIT_USAGE)

    from ..checker import MAX_CHARS
    from ..policy import PolicyError
    from .app import create_app

    options = {
        "model": model,
        "base_url": base_url,
        "judges": not no_judges,
        "cache": cache_arg(judge_cache),
        "max_chars": MAX_CHARS if max_chars is None else max_chars,
    }
    try:
        app = create_app(
            policy,
            token=token or None,
            max_body=max_body,
            max_batch_body=max_batch_body,
            rate=rate,
            burst=burst,
            reload_interval=reload_interval or None,
            checker_options=options,
            workers=workers,
        )
    except PolicyError as exc:
        print_policy_error("brandguard serve", exc)
        raise typer.Exit(EXIT_USAGE) from None
    except (OSError, ValueError) as exc:
        _err(f"brandguard serve: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    checker = app.state.service.checker
    ref = checker.policy.ref
    _err(
        f"brandguard serve: policy {ref.name} {ref.version} ({len(checker.policy.rules)} rules, "
        f"judges {'on' if checker.judges_active else 'off'}), auth "
        f"{'bearer token' if token else 'off (loopback only)'}, on http://"
        f"{'[' + host + ']' if ':' in host else host}:{port}"
    )
    sys.stderr.flush()
    _log_to_stderr(log_level)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        server_header=False,
        timeout_graceful_shutdown=10,
    )


def _log_to_stderr(level: str) -> None:
    """The service's own messages (policy reloads and their failures) on stderr, like uvicorn's;
    request headers (the token) are never logged."""
    import logging

    logger = logging.getLogger("brandguard.service")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s:     brandguard: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(getattr(logging, level.upper(), logging.INFO))


def main() -> None:
    """``python -m brandguard.service``: the serve command on its own."""
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    typer.run(serve)
