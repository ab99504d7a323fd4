"""A persistent judge cache: one JSON line per answer, keyed by everything that can change it
(judge, prompt version, model, output mode, and the exact messages the model is sent: the
post, the policy's summary and voice, the rule findings, the examples). Re-runs and evals replay
from it at no cost; a committed cache file replays offline."""

from __future__ import annotations

import hashlib
import json
import os
import threading
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
    """Append-only JSONL store; the last line for a key wins. Safe across threads."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line cut by an interruption
                    if isinstance(rec, dict) and "key" in rec:
                        self._data[rec["key"]] = rec
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: str) -> dict[str, Any] | None:
        rec = self._data.get(key)
        if rec is None:
            self.misses += 1
        else:
            self.hits += 1
        return rec

    def put(self, key: str, value: dict[str, Any]) -> None:
        rec = {"key": key, **value}
        with self._lock:
            self._data[key] = rec
            if self.read_only:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
