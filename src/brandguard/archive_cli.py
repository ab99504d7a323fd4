"""``brandguard audit-archive``: check an archive of posts (Parquet or JSONL) on Dask.

The command is registered by :mod:`brandguard.cli` (``app.command("audit-archive")``); this
module imports neither Dask nor pandas until the command runs, so ``brandguard --help`` and
every other command stay as fast as without the extra.

Exit status: 0 when every post was checked and the output written; 2 on any error, with a
one-line reason on stderr: the ``dask`` extra is missing, an invalid policy, an unreadable
input, an unusable output, an unreachable scheduler, or some rows that could not be checked
(malformed lines, posts that are not valid Posts: their rows are still written, with the reason
in ``error``, and every other post is still checked). There is no exit 1: an audit reports, it
does not gate. A one-line summary (posts, decisions, errors, seconds, posts/s) goes to stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._cliopts import BaseUrlOpt, ModelOpt, PolicyOpt

__all__ = ["audit_archive"]

EXIT_ERROR = 2
NEEDS_EXTRA = "brandguard audit-archive needs the dask extra: pip install 'brandguard[dask]'"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def audit_archive(
    input: Annotated[
        Path,
        typer.Argument(
            help="The archive: a .parquet file or directory, or a .jsonl file (one Post per line)."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Output Parquet directory (part.00000.parquet, ... in input order): one row per "
            "post with id, decision, findings (JSON), rules, policy_sha256, error.",
        ),
    ],
    policy: PolicyOpt = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="A Dask scheduler address (tcp://host:8786), or 'synchronous' / 'threads' / "
            "'processes' (Dask's local schedulers). Default: a local cluster, one worker "
            "process per core.",
        ),
    ] = None,
    partition_size: Annotated[
        int,
        typer.Option(
            "--partition-size", min=1, help="At most this many posts per partition (a task)."
        ),
    ] = 2000,
    blocksize: Annotated[
        str,
        typer.Option("--blocksize", help="JSONL input: bytes read per block (e.g. 16MiB)."),
    ] = "16MiB",
    judges: Annotated[
        bool,
        typer.Option(
            "--judges/--no-judges",
            help="Run the policy's LLM judges too (needs --model or BRANDGUARD_MODEL). "
            "Default: rules only.",
        ),
    ] = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
) -> None:
    """Check every post of an archive on Dask and write the verdicts as Parquet."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        _err(NEEDS_EXTRA)
        raise typer.Exit(EXIT_ERROR) from None

    from .batch import one_line
    from .integrations.dask import audit_archive as run
    from .policy import PolicyError

    options: dict[str, object] = {}
    if judges:
        options.update(model=model, base_url=base_url)
    try:
        summary = run(
            input,
            out,
            policy,
            scheduler,
            partition_size=partition_size,
            blocksize=blocksize,
            judges=judges,
            **options,
        )
    except PolicyError as exc:
        first = exc.issues[0] if exc.issues else exc
        _err(one_line(f"brandguard audit-archive: invalid policy: {first}")[:1000])
        raise typer.Exit(EXIT_ERROR) from None
    except (OSError, ValueError, TimeoutError) as exc:
        _err(one_line(f"brandguard audit-archive: {exc}")[:1000])
        raise typer.Exit(EXIT_ERROR) from None
    except ImportError as exc:  # e.g. fsspec's s3fs for an s3:// path
        _err(one_line(f"brandguard audit-archive: {exc}")[:1000])
        raise typer.Exit(EXIT_ERROR) from None
    d = summary["decisions"]
    rate = summary["posts_per_s"]
    _err(
        f"brandguard audit-archive: {summary['posts']:,} posts: {d['pass']:,} pass, "
        f"{d['review']:,} review, {d['block']:,} block, {summary['errors']:,} errors; "
        f"{summary['seconds']:.1f} s, {rate or 0:,.0f} posts/s -> {summary['out']}"
    )
    if summary["errors"]:
        _err(
            f"brandguard audit-archive: {summary['errors']:,} post(s) could not be checked "
            f"(their rows in {summary['out']} give the reason in 'error')"
        )
        raise typer.Exit(EXIT_ERROR)
