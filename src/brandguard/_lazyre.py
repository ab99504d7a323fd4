"""Regular expressions compiled on first use, not at import.

brandguard's modules hold a few hundred patterns (recognizers, views, rule kinds); compiling
them all at import, most of them with the ``regex`` module's pure-Python parser, was most of
the cost of starting a check. :func:`lazy_regex` and :func:`lazy_re` return a stand-in that
compiles on the first attribute read and then keeps each attribute it was asked for
(``search``, ``finditer``, ...) as its own, so later calls cost what a compiled pattern's do.
``pattern`` and ``flags`` are known without compiling.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Any

__all__ = [
    "LazyPattern",
    "compile_seconds",
    "lazy_re",
    "lazy_regex",
    "stall_seconds",
    "timed_compile",
]

_SPENT = threading.local()


def compile_seconds() -> float:
    """Seconds this thread has spent compiling patterns on first use, so far. A rule's time
    budget is for checking the post: the checker moves its deadlines by what compiling took
    (a one-time cost of the process, not of the post)."""
    return getattr(_SPENT, "s", 0.0)


_GC = [0.0, 0.0]  # seconds spent in the garbage collector so far; start of the current pass


def _on_gc(phase: str, info: dict[str, int]) -> None:
    now = time.perf_counter()
    if phase == "start":
        _GC[1] = now
    elif _GC[1]:
        _GC[0] += now - _GC[1]
        _GC[1] = 0.0


gc.callbacks.append(_on_gc)


def stall_seconds() -> float:
    """Seconds this thread lost so far to costs that are not the post's: compiling patterns on
    first use (:func:`compile_seconds`) and the interpreter's garbage collector, which stops
    every thread and, in a process holding millions of objects (a test suite, a notebook with
    pandas and LangChain loaded), can take longer than a rule's whole budget. Rule and post
    deadlines move by this much."""
    return compile_seconds() + _GC[0]


def timed_compile(compile: Any, *args: Any) -> Any:
    t = time.perf_counter()
    try:
        return compile(*args)
    finally:
        _SPENT.s = compile_seconds() + (time.perf_counter() - t)


class LazyPattern:
    """A compiled pattern's stand-in: ``engine.compile(pattern, flags)`` on first use."""

    def __init__(self, engine: str, pattern: str, flags: int = 0) -> None:
        self.__dict__["_engine"] = engine
        self.__dict__["pattern"] = pattern
        self.__dict__["flags"] = flags

    def compiled(self) -> Any:
        got = self.__dict__.get("_compiled")
        if got is None:
            if self._engine == "re":
                import re

                got = timed_compile(re.compile, self.pattern, self.flags)
            else:
                import regex

                got = timed_compile(regex.compile, self.pattern, self.flags)
            self.__dict__["_compiled"] = got
        return got

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value  # the next read finds it here, without this method
        return value

    def __getstate__(self) -> dict[str, Any]:
        return {"_engine": self._engine, "pattern": self.pattern, "flags": self.flags}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"lazy_{self._engine}({self.pattern!r}, {self.flags})"


def lazy_regex(pattern: str, flags: int = 0) -> Any:
    """``regex.compile(pattern, flags)``, on first use."""
    return LazyPattern("regex", pattern, flags)


def lazy_re(pattern: str, flags: int = 0) -> Any:
    """``re.compile(pattern, flags)``, on first use."""
    return LazyPattern("re", pattern, flags)
