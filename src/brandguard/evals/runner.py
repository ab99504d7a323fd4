"""Run a dataset through a checker: bounded concurrency, a progress bar, and results written
as they come, so an interrupted run continues where it stopped."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..checker import Checker, run_in_judge_loop
from .dataset import Case
from .metrics import ActualFinding, Labelled, Outcome, compute

__all__ = ["EvalConfig", "RunResult", "labelled_of", "run_eval"]

RESULTS = "results.jsonl"
RUN = "run.json"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class EvalConfig:
    dataset: str
    split: str | None = None
    tags: tuple[str, ...] = ()
    limit: int | None = None
    concurrency: int = 8
    model: str | None = None
    price_in: float = 0.0  # USD per million input tokens, for the cost estimate
    price_out: float = 0.0
    #: worker processes (rules are CPU-bound: one core each); not part of the run's identity
    jobs: int = 1

    def key(self, policy_sha: str) -> str:
        blob = json.dumps(
            [self.dataset, self.split, sorted(self.tags), self.limit, policy_sha, self.model],
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


@dataclass
class RunResult:
    result: dict[str, Any]
    out_dir: Path
    resumed: int  # cases taken from an earlier, interrupted run


def labelled_of(case: Case) -> Labelled:
    return Labelled(
        id=case.id,
        decision=case.expected.decision.value,
        rules=[f.rule for f in case.expected.findings],
        spans=[(f.rule, f.start, f.end) for f in case.expected.findings if f.has_span],  # type: ignore[misc]
        category=case.category,
    )


def _outcome_from_record(rec: dict[str, Any], prices: tuple[float, float] | None = None) -> Outcome:
    cost = rec.get("cost_usd")
    if cost is None and prices is not None and "input_tokens" in rec:
        cost = (rec["input_tokens"] * prices[0] + rec["output_tokens"] * prices[1]) / 1_000_000
    return Outcome(
        id=rec["id"],
        decision=rec.get("decision"),
        findings=[ActualFinding(**f) for f in rec.get("findings", [])],
        latency_ms=rec.get("latency_ms", 0.0),
        error=rec.get("error"),
        tokens=rec.get("tokens"),
        cost_usd=cost,
    )


def _read_results(path: Path) -> dict[str, dict[str, Any]]:
    done: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by an interruption: that case runs again
            if isinstance(rec, dict) and "id" in rec:
                done[rec["id"]] = rec
    return done


def _drop_partial_line(path: Path) -> None:
    """An interrupted write can leave a last line without its newline: cut it, so that the
    records appended next start on a line of their own (that case simply runs again)."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        path.write_bytes(data[: data.rfind(b"\n") + 1])


async def _check_one(checker: Checker, case: Case) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        verdict = await checker.acheck(case.post)
    except Exception as exc:  # a crash is recorded, never counted as a pass
        return {
            "id": case.id,
            "decision": None,
            "findings": [],
            "latency_ms": 0.0,
            "error": f"{type(exc).__name__}: {exc}",
        }
    latency = (time.perf_counter() - t0) * 1000
    j = verdict.judges
    usage: dict[str, Any] = {}
    if j is not None and j.model is not None:
        usage = {
            "tokens": j.input_tokens + j.output_tokens,
            "input_tokens": j.input_tokens,
            "output_tokens": j.output_tokens,
            "judges_status": j.status,
            "judges_cached": j.cached,
        }
    rec = verdict.to_record()
    return {
        "id": case.id,
        "decision": rec["decision"],
        "findings": [
            {k: f[k] for k in ("rule", "severity", "start", "end", "message", "field")}
            | {"also": [c["rule"] for c in f["citations"][1:]]}
            for f in rec["findings"]
        ],
        "latency_ms": round(latency, 3),
        "error": None,
        **usage,
    }


async def _run_pending(
    checker: Checker,
    pending: Sequence[Case],
    results_path: Path,
    concurrency: int,
    on_done: Callable[[], None],
) -> None:
    sem = asyncio.Semaphore(max(1, concurrency))
    with results_path.open("a", encoding="utf-8") as out:

        async def one(case: Case) -> None:
            async with sem:
                rec = await _check_one(checker, case)
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
            on_done()

        await asyncio.gather(*(one(c) for c in pending))


_CHUNK = 32


def _check_cases(checker: Checker, payload: tuple[list[Case], int]) -> list[dict[str, Any]]:
    """A worker's unit of ``eval --jobs N``: a chunk of cases to their records, in order."""
    cases, concurrency = payload

    async def all_of() -> list[dict[str, Any]]:
        sem = asyncio.Semaphore(max(1, concurrency))

        async def one(case: Case) -> dict[str, Any]:
            async with sem:
                return await _check_one(checker, case)

        return list(await asyncio.gather(*(one(c) for c in cases)))

    return run_in_judge_loop(all_of())  # type: ignore[no-any-return]


def _execute(
    checker: Checker,
    pending: Sequence[Case],
    results_path: Path,
    config: EvalConfig,
    on_done: Callable[[], None],
) -> None:
    """Check the pending cases into ``results_path``: in this process, or with ``jobs > 1``
    in chunks on worker processes (results written in case order as chunks finish)."""
    from ..parallel import ordered_map

    if config.jobs <= 1 or len(pending) <= _CHUNK:
        run_in_judge_loop(
            _run_pending(checker, pending, results_path, config.concurrency, on_done)
        )
        return
    chunks = (
        (list(pending[i : i + _CHUNK]), config.concurrency) for i in range(0, len(pending), _CHUNK)
    )
    with results_path.open("a", encoding="utf-8") as out:
        for recs in ordered_map(_check_cases, chunks, checker=checker, jobs=config.jobs):
            for rec in recs:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                on_done()
            out.flush()


def run_eval(
    cases: Sequence[Case],
    checker: Checker,
    config: EvalConfig,
    out_dir: Path,
    *,
    fresh: bool = False,
    progress: bool = True,
) -> RunResult:
    """Check every case (skipping those an earlier run of the same configuration finished),
    then compute the metrics and write ``result.json`` next to ``results.jsonl``. One run at a
    time per folder: a second run on the same ``out_dir`` raises ``RuntimeError`` at once."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with _folder_lock(out_dir):
        return _run_eval(cases, checker, config, out_dir, fresh=fresh, progress=progress)


@contextlib.contextmanager
def _folder_lock(out_dir: Path) -> Iterator[None]:
    """An exclusive, non-blocking lock on ``out_dir/.lock`` (released when the process ends,
    however it ends): two evals writing one results file would both run every case."""
    import fcntl

    fh = (out_dir / ".lock").open("a")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(
                f"another eval is running in {out_dir}; wait for it, or use another --out"
            ) from None
        yield
    finally:
        fh.close()


def _run_eval(
    cases: Sequence[Case],
    checker: Checker,
    config: EvalConfig,
    out_dir: Path,
    *,
    fresh: bool,
    progress: bool,
) -> RunResult:
    results_path = out_dir / RESULTS
    run_path = out_dir / RUN
    policy = checker.policy.ref
    key = config.key(policy.sha256)
    meta = {
        "key": key,
        "dataset": config.dataset,
        "split": config.split,
        "tags": list(config.tags),
        "limit": config.limit,
        "policy": policy.model_dump(),
        "model": config.model,
    }
    if run_path.exists() and not fresh:
        old = json.loads(run_path.read_text(encoding="utf-8"))
        if old.get("key") != key:
            raise RuntimeError(
                f"{out_dir} holds a run of another configuration (dataset, split, tags, limit, "
                "policy or model differ); use another --out or --fresh to start over"
            )
        started = old.get("started_at")
    else:
        if results_path.exists():
            results_path.unlink()
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    meta["started_at"] = started
    run_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")

    _drop_partial_line(results_path)
    done = _read_results(results_path)
    wanted = {c.id for c in cases}
    done = {k: v for k, v in done.items() if k in wanted}
    pending = [c for c in cases if c.id not in done]
    resumed = len(done)

    if pending:
        if progress:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            # refreshed by hand, not by a thread: worker processes fork from a single thread
            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                transient=True,
                auto_refresh=config.jobs <= 1,
            ) as bar:
                task = bar.add_task("checking", total=len(cases), completed=resumed)

                def advance() -> None:
                    bar.advance(task)
                    if config.jobs > 1:
                        bar.refresh()

                _execute(checker, pending, results_path, config, advance)
        else:
            _execute(checker, pending, results_path, config, lambda: None)

    records = _read_results(results_path)
    prices = (config.price_in, config.price_out) if config.model else None
    outcomes = [_outcome_from_record(records[c.id], prices) for c in cases if c.id in records]
    labelled = [labelled_of(c) for c in cases]
    metrics = compute(labelled, outcomes, policy_rules=[r.id for r in checker.policy.rules])
    by_id = {o.id: o for o in outcomes}
    case_rows = []
    for c in cases:
        o = by_id.get(c.id)
        actual_decision = o.decision if o else None
        case_rows.append(
            {
                "id": c.id,
                "split": c.split,
                "category": c.category,
                "tags": sorted(c.tag_values()),
                "text": c.post.text,
                "platform": c.post.platform.value,
                "locale": c.post.locale,
                "sponsored": c.post.sponsored,
                "expected": {
                    "decision": c.expected.decision.value,
                    "rules": [f.rule for f in c.expected.findings],
                },
                "actual": {
                    "decision": actual_decision,
                    "findings": [
                        {
                            "rule": f.rule,
                            "severity": f.severity,
                            "start": f.start,
                            "end": f.end,
                            "message": f.message,
                        }
                        for f in (o.findings if o else [])
                    ],
                    "error": o.error if o else "not run",
                },
                "correct": actual_decision == c.expected.decision.value,
                "notes": c.notes,
                "file": f"{c.file}:{c.line}",
            }
        )
    result = {
        "schema_version": SCHEMA_VERSION,
        "run": {
            **{k: v for k, v in meta.items() if k != "key"},
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "brandguard_version": __version__,
            "engine": "rules" if config.model is None else "rules+judges",
        },
        "metrics": metrics,
        "cases": case_rows,
    }
    (out_dir / "result.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return RunResult(result, out_dir, resumed)
