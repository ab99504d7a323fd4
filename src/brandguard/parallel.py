"""Every core: map a function over chunks of work in worker processes, results in input order.

A checker is CPU-bound Python (one core per process), so a batch uses every core by running
one checker per worker process. :func:`ordered_map` keeps the contract a pipeline needs:

* results come back in input order, chunk by chunk, as soon as the next one is ready
  (streaming: the output of ``--jobs 4`` is the output of ``--jobs 1``, byte for byte);
* bounded memory: at most ``2 * jobs`` chunks are in flight, so a 10 GB input is read as it is
  checked, never loaded whole;
* nothing lost: when a worker dies (killed, out of memory), the chunks it held and every chunk
  after it are run in this process instead, with one warning on stderr;
* Ctrl-C stops the workers (they ignore SIGINT; the parent ends them) and reaches the caller as
  ``KeyboardInterrupt``.

Workers get the parent's checker by ``fork`` where the platform has it and this process runs
no other thread (the policy is already loaded: a worker starts in milliseconds); elsewhere they
are spawned and build their checker once from ``factory``, a picklable callable.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .checker import Checker

__all__ = ["cpu_count", "ordered_map"]

C = TypeVar("C")
R = TypeVar("R")

_WORKER: dict[str, Any] = {}


def cpu_count() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init(factory: Callable[[], Checker] | None) -> None:
    # Ctrl-C goes to the whole process group: the parent decides, the workers keep quiet
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if "checker" not in _WORKER:  # inherited through fork otherwise
        if factory is None:  # pragma: no cover - spawn always gets a factory
            raise RuntimeError("a spawned worker needs a checker factory")
        _WORKER["checker"] = factory()


def _run(fn: Callable[[Checker, C], R], chunk: C) -> R:
    return fn(_WORKER["checker"], chunk)


def _context(factory: Callable[[], Checker] | None) -> Any:
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    if factory is None:
        return None
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def ordered_map(
    fn: Callable[[Checker, C], R],
    chunks: Iterable[C],
    *,
    checker: Checker,
    jobs: int,
    factory: Callable[[], Checker] | None = None,
) -> Iterator[R]:
    """``fn(checker, chunk)`` for every chunk, in order; on ``jobs`` worker processes when
    ``jobs > 1`` and there is more than one chunk (a short input never starts a pool).

    ``fn`` must be a module-level function (it is sent to the workers by name) and its result
    picklable."""
    it = iter(chunks)
    first = next(it, _END)
    if first is _END:
        return
    second = next(it, _END) if jobs > 1 else _END
    if second is _END:  # one process: nothing to share
        yield fn(checker, first)  # type: ignore[arg-type]
        for chunk in it:
            yield fn(checker, chunk)
        return
    ctx = _context(factory)
    if ctx is None:  # threads are running and nothing can rebuild the checker: stay in-process
        for chunk in (first, second, *it):
            yield fn(checker, chunk)  # type: ignore[arg-type]
        return
    yield from _pooled(fn, _chain(first, second, it), checker, jobs, factory, ctx)


_END: Any = object()


def _chain(first: Any, second: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield second
    yield from rest


def _pooled(
    fn: Callable[[Checker, C], R],
    chunks: Iterator[C],
    checker: Checker,
    jobs: int,
    factory: Callable[[], Checker] | None,
    ctx: Any,
) -> Iterator[R]:
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    forked = ctx.get_start_method() == "fork"
    if forked:  # the pool forks its workers on demand, while it runs: they inherit this
        _WORKER["checker"] = checker
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init,
        initargs=(None if forked else factory,),
    )
    inflight: deque[tuple[C, Future[R]]] = deque()
    broken = False
    clean = False
    try:
        for chunk in chunks:
            if broken:  # in order: what was in flight first, then this chunk
                while inflight:
                    yield fn(checker, inflight.popleft()[0])
                yield fn(checker, chunk)
                continue
            try:
                inflight.append((chunk, pool.submit(_run, fn, chunk)))
            except (BrokenProcessPool, RuntimeError):
                broken = _lost_worker()
                while inflight:
                    yield fn(checker, inflight.popleft()[0])
                yield fn(checker, chunk)
                continue
            while len(inflight) >= 2 * jobs:
                got, broken = _take(fn, checker, inflight, broken)
                yield got
        while inflight:
            got, broken = _take(fn, checker, inflight, broken)
            yield got
        clean = True
    finally:
        _WORKER.pop("checker", None)
        if clean:
            pool.shutdown(wait=True)
        else:  # interrupted, or the consumer stopped early
            _stop(pool)


#: Seconds a worker gets to finish the chunk it holds when a batch stops early.
_GRACE = 2.0


def _stop(pool: Any) -> None:
    """End a pool whose consumer stopped early (closed pipe, full disk, Ctrl-C), never hanging.

    Pending chunks are cancelled and each worker is asked to exit after its current chunk; one
    still busy after ``_GRACE`` seconds is terminated. A worker killed while chunks sit in the
    call queue's pipe leaves that pipe's feeder thread blocked on a write nobody reads, and on
    Python 3.11 the pool's manager thread joins that feeder when it cleans up: the call queue's
    join is cancelled first, so neither the manager nor the interpreter's exit waits on it."""
    import time

    procs = list((getattr(pool, "_processes", None) or {}).values())
    call_queue = getattr(pool, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + _GRACE
    for proc in procs:
        proc.join(timeout=max(0.0, deadline - time.monotonic()))
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(timeout=5)


def _take(
    fn: Callable[[Checker, C], R],
    checker: Checker,
    inflight: deque[tuple[C, Any]],
    broken: bool,
) -> tuple[R, bool]:
    from concurrent.futures.process import BrokenProcessPool

    chunk, fut = inflight.popleft()
    if not broken:
        try:
            return fut.result(), False
        except BrokenProcessPool:
            broken = _lost_worker()
    return fn(checker, chunk), broken


def _lost_worker() -> bool:
    sys.stderr.write(
        "brandguard: a worker process died; checking the rest in this process (nothing is "
        "skipped)\n"
    )
    sys.stderr.flush()
    return True
