"""A persistent judge cache: one JSON line per answer, keyed by everything that can change it
(judge, prompt version, model, output mode, and the exact messages the model is sent: the
post, the policy's summary and voice, the rule findings, the examples). Re-runs and evals replay
from it at no cost; a committed cache file replays offline."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import warnings
from pathlib import Path
from typing import Any

__all__ = ["JudgeCache", "cache_key", "default_cache_path"]


def default_cache_path() -> Path:
    env = os.environ.get("BRANDGUARD_CACHE")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "brandguard" / "judge-cache.jsonl"


def cache_key(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class JudgeCache:
    """Append-only JSONL store; the last line for a key wins. Safe across threads.

    A best-effort accelerator, never a reason for a judge to fail: a line cut inside a
    character, not UTF-8, not JSON or of the wrong shape is skipped; a file that cannot be read
    or written warns once (``warnings``) and the cache goes on in memory.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, Any]] = {}
        self._warned = False
        self.skipped = 0
        try:
            raw = self.path.read_bytes() if self.path.exists() else b""
        except OSError as exc:
            self._warn(f"cannot read the judge cache {self.path}: {exc}; starting empty")
            raw = b""
        for line in raw.splitlines():
            try:
                rec = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                self.skipped += 1  # a line cut by an interruption, or damaged
                continue
            if isinstance(rec, dict) and isinstance(rec.get("key"), str):
                self._data[rec["key"]] = rec
            else:
                self.skipped += 1
        self.hits = 0
        self.misses = 0

    def _warn(self, message: str) -> None:
        if not self._warned:
            self._warned = True
            warnings.warn(message, RuntimeWarning, stacklevel=3)

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: str) -> dict[str, Any] | None:
        rec = self._data.get(key)
        if rec is None or not isinstance(rec.get("output"), dict):
            self.misses += 1
            return None
        self.hits += 1
        return rec

    def put(self, key: str, value: dict[str, Any]) -> None:
        rec = {"key": key, **value}
        with self._lock:
            self._data[key] = rec
            if self.read_only:
                return
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as fh:
                    # one write per record: a concurrent reader sees whole lines or none
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            except OSError as exc:
                self._warn(
                    f"cannot write the judge cache {self.path}: {exc}; answers stay in memory"
                )
