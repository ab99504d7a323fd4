"""Batches of posts as JSONL lines: parse each line, check it, give one record per line.

The same machinery serves ``brandguard check --input`` (one process or ``--jobs N``), ``brandguard
serve``'s ``/v1/check/batch`` and the Dask archive audit, so that a line means the same thing
everywhere: a JSON object that is a :class:`~brandguard.post.Post` (``defaults`` fill the fields
it leaves out), checked into the verdict record (:meth:`Verdict.to_record`), or, when it cannot
be read or checked, an error record with the same keys, ``decision: null`` and the reason.
Nothing here raises for one bad line: a batch never ends early and never drops a line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checker import Checker
    from .post import Post
    from .verdict import Verdict

__all__ = [
    "Line",
    "Outcome",
    "check_lines",
    "check_posts",
    "json_text",
    "one_line",
    "read_line",
    "utf8_message",
    "validation_message",
]


@dataclass
class Line:
    """One input line: the post it holds, or why it holds none."""

    lineno: int
    post_id: str | None
    post: Post | None
    error: str | None


@dataclass
class Outcome:
    """What one line became: its record, and the error (also in ``record["error"]``) if any."""

    lineno: int
    record: dict[str, Any]
    error: str | None


def utf8_message(exc: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 (byte {exc.start + 1}: {exc.reason})"


def one_line(text: str) -> str:
    return " ".join(text.split())


def json_text(obj: Any, indent: int | None = None) -> str:
    """JSON as UTF-8 text; with ``\\uXXXX`` escapes when the data holds lone surrogates (a
    valid JSON escape such as ``"\\ud800"``, or undecodable argv bytes), which UTF-8 cannot
    carry: the record is still written, and reads back to the same string."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj, ensure_ascii=True, indent=indent)
    return text


def validation_message(exc: Exception) -> str:
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return str(exc)
    parts = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "record"
        parts.append(f"field {loc}: {e['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def read_line(lineno: int, raw: bytes | str, defaults: dict[str, Any] | None = None) -> Line | None:
    """Parse one JSONL line into a post (None for a blank line); never raises."""
    from pydantic import ValidationError

    from .post import Post

    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Line(lineno, None, None, f"line {lineno}: {utf8_message(exc)}")
    else:
        line = raw
    if lineno == 1:
        line = line.removeprefix("\ufeff")  # a byte-order mark is not part of the post
    if not line.strip():
        return None
    post_id = None
    try:
        data = json.loads(line)
        if not isinstance(data, dict):
            raise ValueError("a line must be a JSON object (a Post)")
        raw_id = data.get("id")
        post_id = None if raw_id is None else str(raw_id)
        fields = {**(defaults or {}), **data}
        if defaults and isinstance(defaults.get("metadata"), dict) and isinstance(data.get("metadata"), dict):
            # a line's metadata adds to the defaults' (--sector), key by key
            fields["metadata"] = {**defaults["metadata"], **data["metadata"]}
        return Line(lineno, post_id, Post(**fields), None)
    except json.JSONDecodeError as exc:
        error = f"line {lineno}: invalid JSON: {exc.msg} (column {exc.colno})"
    except ValidationError as exc:
        error = f"line {lineno}: {validation_message(exc)}"
    except (ValueError, TypeError) as exc:
        error = f"line {lineno}: {exc}"
    except RecursionError:
        error = f"line {lineno}: the JSON is nested too deeply to read"
    return Line(lineno, post_id, None, error)


def check_with_fix(checker: Checker, post: Post, fix: bool) -> tuple[Verdict, str | None]:
    """The post's verdict; with ``fix``, the text with every exact fix applied and the verdict
    of that text (what would be published)."""
    verdict = checker.check(post)
    if not fix:
        return verdict, None
    fixed = verdict.apply_fixes(post.text)
    if fixed != post.text:
        verdict = checker.check(post.model_copy(update={"text": fixed}))
    return verdict, fixed


def check_posts(
    checker: Checker, posts: list[Post], fix: bool
) -> list[tuple[Verdict, str | None] | BaseException]:
    """Each post's (verdict, fixed text), or the exception its check raised, in order; with
    judges, the posts are checked concurrently (the engine bounds the model calls)."""
    if len(posts) <= 1 or not checker.judges_active:
        out: list[tuple[Verdict, str | None] | BaseException] = []
        for post in posts:
            try:
                out.append(check_with_fix(checker, post, fix))
            except Exception as exc:  # one post's crash is its record, never the stream's end
                out.append(exc)
        return out
    import asyncio

    from .checker import run_in_judge_loop

    async def one(post: Post) -> tuple[Verdict, str | None]:
        verdict = await checker.acheck(post)
        if not fix:
            return verdict, None
        fixed = verdict.apply_fixes(post.text)
        if fixed != post.text:
            verdict = await checker.acheck(post.model_copy(update={"text": fixed}))
        return verdict, fixed

    async def all_of() -> list[Any]:
        return list(await asyncio.gather(*(one(p) for p in posts), return_exceptions=True))

    return run_in_judge_loop(all_of())  # type: ignore[no-any-return]


def outcomes(checker: Checker, items: list[Line], fix: bool) -> list[Outcome]:
    """One outcome per parsed line, in order."""
    from .checker import PostTooLarge
    from .verdict import error_record

    results = check_posts(checker, [item.post for item in items if item.post], fix)
    it = iter(results)
    ref = None
    out: list[Outcome] = []
    for item in items:
        error = item.error
        rec: dict[str, Any] | None = None
        if error is None:
            got = next(it)
            if isinstance(got, PostTooLarge):
                error = f"line {item.lineno}: {got}"
            elif isinstance(got, BaseException):
                error = f"line {item.lineno}: internal error: {type(got).__name__}: {got}"
            else:
                verdict, fixed = got
                rec = verdict.to_record(fixed_text=fixed)
        if error is not None:
            if ref is None:
                ref = checker.policy.ref
            rec = error_record(item.post_id, ref, one_line(error)[:500])
        assert rec is not None
        out.append(Outcome(item.lineno, rec, error))
    return out


def check_lines(
    checker: Checker,
    lines: Iterable[tuple[int, bytes | str]],
    defaults: dict[str, Any] | None = None,
    fix: bool = False,
) -> list[Outcome]:
    """Parse and check ``(lineno, raw)`` lines: one outcome per non-blank line, in order."""
    items = [got for n, raw in lines if (got := read_line(n, raw, defaults)) is not None]
    return outcomes(checker, items, fix)


def check_chunk(
    checker: Checker, payload: tuple[list[tuple[int, bytes]], dict[str, Any], bool]
) -> list[tuple[int, str, str | None, str | None]]:
    """A worker's unit of ``check --input --jobs N``: ``(lines, defaults, fix)`` to one
    ``(lineno, record as JSON text, decision, error)`` per non-blank line, in order (the text
    is what the parent writes, so it does little more than copy bytes)."""
    lines, defaults, fix = payload
    return [
        (o.lineno, json_text(o.record), o.record["decision"], o.error)
        for o in check_lines(checker, lines, defaults, fix)
    ]
