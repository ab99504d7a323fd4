"""The HTTP service: ``create_app(...)`` builds the FastAPI app that ``brandguard serve`` runs.

Routes: ``POST /v1/check`` (one Post -> its verdict record), ``POST /v1/check/batch`` (JSONL or a
JSON array of Posts -> JSONL records, in input order, one per post), ``GET /v1/policies``,
``GET /healthz`` (no auth), ``GET /metrics`` (Prometheus text).

Records are exactly :meth:`Verdict.to_record` (what ``brandguard check --format json`` prints),
and a batch line means what it means for ``brandguard check --input`` (:mod:`brandguard.batch`).
Checks run in worker threads so the event loop keeps answering; the policy is rebuilt off the
request path (SIGHUP, or a policy file's change) and swapped in one assignment: a request holds
the checker it started with until it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import math
import os
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ..batch import Outcome, check_lines, check_with_fix, json_text, one_line
from ..checker import Checker, PostTooLarge
from ..policy import Policy, builtin_policies
from ..post import Post as _Post
from ..verdict import Decision, Finding, JudgeReport, PolicyRef, error_record
from .metrics import Metrics

__all__ = [
    "DEFAULT_MAX_BATCH_BODY",
    "DEFAULT_MAX_BODY",
    "CheckRecord",
    "ErrorBody",
    "Service",
    "TokenBucket",
    "create_app",
]

log = logging.getLogger("brandguard.service")

#: Largest request body of ``/v1/check`` (one post): 1 MiB, ten times the longest post checked.
DEFAULT_MAX_BODY = 1 << 20
#: Largest request body of ``/v1/check/batch``: 64 MiB.
DEFAULT_MAX_BATCH_BODY = 64 << 20
#: Lines checked per worker-thread hop in a batch (and written per chunk of the stream).
BATCH_CHUNK = 64

ROUTES = ("/v1/check", "/v1/check/batch", "/v1/policies", "/healthz", "/metrics", "/openapi.json",
          "/docs", "/docs/oauth2-redirect", "/redoc")  # fmt: skip


class Post(_Post):
    # The request body: brandguard's Post itself, its schema built at once (FastAPI wraps a
    # body model in Annotated[..., Field(alias=...)], which pydantic warns about for a model
    # whose build is deferred).
    __doc__ = _Post.__doc__
    model_config = ConfigDict(defer_build=False)


class CheckRecord(BaseModel):
    """The verdict record of one post, as ``Verdict.to_record()`` (and the CLI's JSON) gives it;
    an error record (a post that could not be checked) has ``decision: null`` and ``error``."""

    model_config = ConfigDict(title="CheckRecord")

    id: str | None = None
    decision: Decision | None = Field(description="pass, review or block; null when not checked")
    findings: list[Finding]
    policy: PolicyRef
    judges: JudgeReport | None = None
    error: str | None = Field(default=None, description="Why the post was not checked")
    fixed_text: str | None = Field(
        default=None, description="With fix=true: the text with every exact fix applied"
    )


class ErrorBody(BaseModel):
    """A refused request: ``error`` says why."""

    error: str


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json_text(data), status_code=status, media_type="application/json",
                    headers=headers)  # fmt: skip


class TokenBucket:
    """Per-client token buckets: ``rate`` requests/s sustained, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: float | None = None, max_clients: int = 10_000) -> None:
        self.rate = rate
        self.burst = max(1.0, burst if burst is not None else rate)
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None) -> float:
        """0 when the request may go ahead (a token taken), else seconds until a token is due."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                allowed = True
            else:
                self._buckets[key] = (tokens, now)
                allowed = False
            if len(self._buckets) > self.max_clients:  # forget clients whose bucket is full again
                full = self.burst / self.rate
                for k in [k for k, (_, t) in self._buckets.items() if now - t >= full]:
                    del self._buckets[k]
        return 0.0 if allowed else (1.0 - tokens) / self.rate


class Service:
    """The state behind the app: the checker in force, how to rebuild it, the counters."""

    def __init__(
        self,
        checker: Checker,
        factory: Callable[[], Checker] | None,
        metrics: Metrics,
    ) -> None:
        self.checker = checker
        self.factory = factory
        self.metrics = metrics
        self.last_reload_error: str | None = None
        self._reload_lock = threading.Lock()
        self._stamps = self._stat()
        self._set_info()

    def _set_info(self) -> None:
        ref = self.checker.policy.ref
        self.metrics.policy = (ref.name, ref.version, ref.sha256)

    def watched(self) -> list[str]:
        return sorted({f for f in self.checker.policy.files if not f.startswith("builtin:")})

    def _stat(self) -> dict[str, tuple[int, int] | None]:
        out: dict[str, tuple[int, int] | None] = {}
        for f in self.watched():
            try:
                st = os.stat(f)
                out[f] = (st.st_mtime_ns, st.st_size)
            except OSError:
                out[f] = None
        return out

    def changed(self) -> bool:
        return bool(self._stamps) and self._stat() != self._stamps

    def poll(self) -> bool | None:
        """Reload when a policy file changed: True (reloaded), False (failed), None (no change)."""
        if self.factory is None or not self.changed():
            return None
        return self.reload()

    def reload(self) -> bool:
        """Build a new checker and swap it in; on failure keep the old one (logged, counted)."""
        if self.factory is None:
            log.warning("policy reload asked for, but this policy cannot be reloaded")
            return False
        with self._reload_lock:
            stamps = self._stat()
            try:
                new = self.factory()
                new.policy.ref  # noqa: B018 (hash it here, not on a request)
            except Exception as exc:
                self._stamps = stamps  # retried when the files change again
                self.last_reload_error = one_line(f"{type(exc).__name__}: {exc}")[:2000]
                self.metrics.reloaded(False)
                log.error("policy reload failed, keeping %s %s: %s", self.checker.policy.name,
                          self.checker.policy.version, self.last_reload_error)  # fmt: skip
                return False
            old = self.checker.policy.ref
            self.checker = new  # the swap: one assignment; requests in flight keep the old one
            # a file that changed while the new checker was built keeps its old stamp, so the
            # next poll builds again
            self._stamps = {f: stamps.get(f, st) for f, st in self._stat().items()}
            self.last_reload_error = None
            self._set_info()
            self.metrics.reloaded(True)
            ref = new.policy.ref
            log.info("policy reloaded: %s %s (%s) -> %s %s (%s)", old.name, old.version,
                     old.sha256[:12], ref.name, ref.version, ref.sha256[:12])  # fmt: skip
            return True

    # -- checking (in worker threads) -------------------------------------------------------
    def check_one(self, checker: Checker, post: Post, fix: bool) -> tuple[int, dict[str, Any]]:
        t = time.perf_counter()
        try:
            verdict, fixed = check_with_fix(checker, post, fix)
            status, rec = 200, verdict.to_record(fixed_text=fixed)
        except PostTooLarge as exc:
            status, rec = 413, error_record(post.id, checker.policy.ref, str(exc))
        except Exception as exc:  # never a silent pass: an error record, and a 500
            log.exception("check failed")
            status = 500
            rec = error_record(post.id, checker.policy.ref,
                               one_line(f"internal error: {type(exc).__name__}: {exc}")[:500])  # fmt: skip
        self.metrics.record(rec, time.perf_counter() - t)
        return status, rec

    def check_chunk(
        self, checker: Checker, lines: list[tuple[int, bytes | str]], fix: bool
    ) -> list[Outcome]:
        if checker.judges_active:  # the judges run concurrently over the chunk
            t = time.perf_counter()
            outs = check_lines(checker, lines, fix=fix)
            each = (time.perf_counter() - t) / max(1, len(outs))
            for o in outs:
                self.metrics.record(o.record, each)
            return outs
        outs = []
        for line in lines:
            t = time.perf_counter()
            got = check_lines(checker, [line], fix=fix)
            for o in got:  # none for a blank line
                self.metrics.record(o.record, time.perf_counter() - t)
            outs.extend(got)
        return outs


def split_batch(body: bytes, content_type: str) -> list[tuple[int, bytes | str]]:
    """The batch body as numbered lines: JSONL split on newlines as a file is read, or the items
    of a JSON array, each re-encoded as one line. ``ValueError`` when a JSON body is not an
    array of objects that parses."""
    head = body.lstrip(b" \t\r\n\xef\xbb\xbf")[:1]
    if content_type == "application/json" or head == b"[":
        try:
            data = json.loads(body.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise ValueError(f"the body is not valid UTF-8 (byte {exc.start + 1})") from None
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}); send a JSON "
                "array of Posts, or JSONL (one Post per line) as application/x-ndjson"
            ) from None
        except RecursionError:
            raise ValueError("the JSON is nested too deeply to read") from None
        if not isinstance(data, list):
            raise ValueError("a JSON body must be an array of Posts (or send JSONL)")
        return [(i, json_text(item)) for i, item in enumerate(data, start=1)]
    parts = body.split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()
    return list(enumerate(parts, start=1))


def _bearer(scope: dict[str, Any]) -> bytes | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, cred = value.partition(b" ")
            if scheme.lower() == b"bearer":
                return cred.strip()
            return None
    return None


class _TooLarge(Exception):
    pass


class _Gone(Exception):
    pass


class GuardMiddleware:
    """Rate limit, bearer auth, body size limit (while reading), request counts."""

    def __init__(
        self,
        app: Any,
        *,
        service: Service,
        token: str | None,
        max_body: int,
        max_batch_body: int,
        limiter: TokenBucket | None,
    ) -> None:
        self.app = app
        self.service = service
        self.token = token.encode("utf-8") if token else None
        self.max_body = max_body
        self.max_batch_body = max_batch_body
        self.limiter = limiter

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        status_seen = [500]

        async def counting_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status_seen[0] = message["status"]
            await send(message)

        try:
            await self._handle(scope, receive, counting_send, path)
        finally:
            route = scope.get("route")
            label = getattr(route, "path", None) or (path if path in ROUTES else "other")
            self.service.metrics.request(label, status_seen[0])

    async def _refuse(self, send: Any, status: int, error: str, headers: dict[str, str] | None = None) -> None:  # fmt: skip
        body = json_text({"error": error}).encode("utf-8")
        hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        hdrs += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
        await send({"type": "http.response.start", "status": status, "headers": hdrs})
        await send({"type": "http.response.body", "body": body})

    async def _handle(self, scope: dict[str, Any], receive: Any, send: Any, path: str) -> None:
        if path == "/healthz":
            await self.app(scope, receive, send)
            return
        if self.limiter is not None:
            client = scope.get("client")
            wait = self.limiter.take(client[0] if client else "unknown")
            if wait > 0:
                retry = max(1, math.ceil(wait))
                await self._refuse(send, 429, f"rate limit: at most {self.limiter.rate:g} requests/s "
                                   f"per client; retry in {retry} s", {"Retry-After": str(retry)})  # fmt: skip
                return
        if self.token is not None:
            got = _bearer(scope)
            if got is None or not hmac.compare_digest(got, self.token):
                await self._refuse(send, 401, "missing or wrong bearer token (Authorization: "
                                   "Bearer TOKEN)", {"WWW-Authenticate": "Bearer"})  # fmt: skip
                return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            limit = self.max_batch_body if path == "/v1/check/batch" else self.max_body
            too_large = (
                f"request body over the limit of {limit:,} bytes for {path} "
                "(brandguard serve --max-body / --max-batch-body)"
            )
            for name, value in scope.get("headers", ()):
                if name == b"content-length":
                    try:
                        declared = int(value)
                    except ValueError:
                        await self._refuse(send, 400, "invalid Content-Length")
                        return
                    if declared > limit:
                        await self._refuse(send, 413, too_large)
                        return
            try:
                body = await self._read(receive, limit)
            except _TooLarge:
                await self._refuse(send, 413, too_large)
                return
            except _Gone:  # the client left before its body was read: nothing to answer
                return
            replayed = False

            async def replay() -> dict[str, Any]:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()  # the disconnect, for a streaming response

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _read(receive: Any, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Gone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _factory_for(
    source: Checker | Policy | str | Path | None, options: dict[str, Any]
) -> tuple[Checker, Callable[[], Checker] | None]:
    if isinstance(source, Checker):
        checker = source
        top = checker.policy.files[-1] if checker.policy.files else None
        if top is None or checker.judges_active:
            return checker, None  # pass checker_factory= to reload such a checker
        keep = {"max_chars": checker.max_chars, "rule_budget": checker.rule_budget,
                "post_budget": checker.post_budget, "judges": False}  # fmt: skip
        return checker, lambda: Checker(top, **{**keep, **options})
    if isinstance(source, Policy):
        checker = Checker(source, **options)
        top = source.files[-1] if source.files else None
        return checker, (None if top is None else lambda: Checker(top, **options))
    ref = None if source is None else str(source)
    return Checker(ref, **options), lambda: Checker(ref, **options)


def create_app(
    checker_or_policy: Checker | Policy | str | Path | None = None,
    *,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    max_batch_body: int = DEFAULT_MAX_BATCH_BODY,
    rate: float = 0.0,
    burst: float | None = None,
    reload_interval: float | None = 2.0,
    reload_on_sighup: bool = True,
    checker_factory: Callable[[], Checker] | None = None,
    checker_options: dict[str, Any] | None = None,
    workers: int | None = None,
) -> FastAPI:
    """The service as an ASGI app.

    ``checker_or_policy``: a :class:`Checker`, a :class:`Policy`, a policy path or
    ``builtin:NAME`` (``None``: the default policy). ``checker_options`` are passed to
    ``Checker(...)`` when one is built (at start and on each reload); ``checker_factory``
    replaces how a reload builds it. ``token``: bearer token required on every route but
    ``/healthz``. ``max_body`` / ``max_batch_body``: request size limits (bytes). ``rate``:
    requests/s per client address (token bucket of ``burst``, default ``max(1, rate)``; 0 = no
    limit). ``reload_interval``: seconds between polls of the policy files' mtimes (None or 0:
    no polling); ``reload_on_sighup``: reload on SIGHUP (when the app runs in the main thread).
    ``workers``: threads that run checks (default: 2 for rules only, which hold the GIL, so
    more threads only slow the event loop; 32 with judges, whose threads wait on the model)."""
    options = dict(checker_options or {})
    checker, factory = _factory_for(checker_or_policy, options)
    if checker_factory is not None:
        factory = checker_factory
    metrics = Metrics()
    service = Service(checker, factory, metrics)
    if workers is None:
        workers = 32 if checker.judges_active else 2
    limiter_threads = anyio.CapacityLimiter(workers)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        tasks: set[asyncio.Task[Any]] = set()

        async def reload_now() -> None:
            await anyio.to_thread.run_sync(service.reload)

        async def watch() -> None:
            while True:
                await asyncio.sleep(reload_interval or 2.0)
                try:
                    await anyio.to_thread.run_sync(service.poll)
                except Exception:  # the watcher must outlive a broken file system
                    log.exception("policy watch failed")

        if reload_interval and service.factory is not None:
            tasks.add(loop.create_task(watch()))
        hup = False
        if (
            reload_on_sighup
            and hasattr(signal, "SIGHUP")
            and threading.current_thread() is threading.main_thread()
        ):
            def on_hup() -> None:
                log.info("SIGHUP: reloading the policy")
                task = loop.create_task(reload_now())
                tasks.add(task)
                task.add_done_callback(tasks.discard)

            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal.SIGHUP, on_hup)
                hup = True
        try:
            yield
        finally:
            if hup:
                loop.remove_signal_handler(signal.SIGHUP)
            for task in list(tasks):
                task.cancel()
            for task in list(tasks):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    app = FastAPI(
        title="brandguard",
        summary="Brand-safety and compliance checks for social-media posts.",
        version=_version(),
        lifespan=lifespan,
    )
    app.state.service = service

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        parts = []
        for e in errors:
            loc = [str(p) for p in e.get("loc", ())]
            if loc and loc[0] == "body":
                loc = loc[1:]
            where = ".".join(loc) or "body"
            msg = str(e.get("msg", "")).removeprefix("Value error, ")
            parts.append(f"field {where}: {msg}")
        message = "invalid Post: " + "; ".join(parts)
        return _json({"error": message, "detail": jsonable_encoder(errors)}, 422)

    refusals: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
        413: {"model": ErrorBody, "description": "Request body over the size limit"},
        429: {"model": ErrorBody, "description": "Rate limit (see Retry-After)"},
    }

    @app.post(
        "/v1/check",
        response_model=None,
        summary="Check one post",
        responses={
            200: {"model": CheckRecord, "description": "The verdict record"},
            **refusals,
            413: {
                "model": CheckRecord,
                "description": "The post is over max_chars (an error record), or the body over "
                "the size limit",
            },
            422: {"model": ErrorBody, "description": "Not a valid Post"},
        },
    )
    async def check(
        post: Post,
        fix: bool = Query(False, description="Apply every exact fix; adds fixed_text"),
    ) -> Response:
        """One Post (JSON) to its verdict record, exactly as `brandguard check --format json`."""
        current = service.checker  # held for the whole request, whatever a reload does
        status, rec = await anyio.to_thread.run_sync(
            service.check_one, current, post, fix, limiter=limiter_threads
        )
        return _json(rec, status)

    @app.post(
        "/v1/check/batch",
        response_class=StreamingResponse,
        summary="Check a batch of posts (JSONL or a JSON array) into JSONL records",
        responses={
            200: {
                "description": "One record per input post, in input order (JSONL)",
                "content": {
                    "application/x-ndjson": {"schema": {"$ref": "#/components/schemas/CheckRecord"}}
                },
            },
            **refusals,
            422: {"model": ErrorBody, "description": "A JSON body that is not an array"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-ndjson": {
                        "schema": {"type": "string", "description": "One Post (JSON) per line"}
                    },
                    "text/plain": {"schema": {"type": "string"}},
                    "application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Post"}}
                    },
                },
            }
        },
    )
    async def batch(
        request: Request,
        fix: bool = Query(False, description="Apply every exact fix; adds fixed_text"),
    ) -> Response:
        """Posts as JSONL (`application/x-ndjson`, `text/plain`) or a JSON array: one record per
        post, in order; a line that is not a valid Post gets an error record, never dropped."""
        body = await request.body()
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            lines = await anyio.to_thread.run_sync(split_batch, body, ctype, limiter=limiter_threads)
        except ValueError as exc:
            return _json({"error": str(exc)}, 422)
        del body
        current = service.checker

        async def stream() -> AsyncIterator[bytes]:
            for i in range(0, len(lines), BATCH_CHUNK):
                outs = await anyio.to_thread.run_sync(
                    service.check_chunk, current, lines[i : i + BATCH_CHUNK], fix,
                    limiter=limiter_threads,
                )  # fmt: skip
                if outs:
                    yield "".join(json_text(o.record) + "\n" for o in outs).encode("utf-8")

        return StreamingResponse(stream(), media_type="application/x-ndjson")

    @app.get("/v1/policies", summary="The policy in force, and the built-in policies")
    async def policies() -> dict[str, Any]:
        pol = service.checker.policy
        ref = pol.ref
        return {
            "policy": {
                "name": ref.name,
                "version": ref.version,
                "sha256": ref.sha256,
                "files": list(pol.files),
                "rules": len(pol.rules),
                "rule_ids": [r.id for r in pol.rules],
                "judges": service.checker.judges_active,
            },
            "reloadable": service.factory is not None,
            "last_reload_error": service.last_reload_error,
            "builtin": builtin_policies(),
        }

    @app.get("/healthz", summary="Liveness (no auth)")
    async def healthz() -> dict[str, Any]:
        ref = service.checker.policy.ref
        return {"status": "ok", "policy": {"name": ref.name, "version": ref.version}}

    @app.get("/metrics", summary="Prometheus metrics (text exposition)", response_class=Response)
    async def metrics_route() -> Response:
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    app.add_middleware(
        GuardMiddleware,
        service=service,
        token=token,
        max_body=max_body,
        max_batch_body=max_batch_body,
        limiter=TokenBucket(rate, burst) if rate and rate > 0 else None,
    )
    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("brandguard")
    except Exception:
        return "0"
