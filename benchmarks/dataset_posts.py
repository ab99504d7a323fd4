"""Posts for the pipeline benchmarks (bench_jobs, bench_dask, bench_service): the default eval
dataset's posts (their Post fields only), drawn with a fixed seed; ``unique`` gives each an id
and a numbered text, so no cache can answer a repeat."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEYS = ("text", "platform", "locale", "sponsored", "markets", "links", "alt_texts")


def dataset_posts(n: int, *, unique: bool = True, seed: int = 14) -> list[dict[str, Any]]:
    base = []
    for f in sorted((ROOT / "evals" / "datasets" / "default").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            base.append({k: d[k] for k in KEYS if k in d})
    if not base:
        base = [{"text": "Hello from the team! Our autumn collection lands on Friday."}]
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        p = dict(rnd.choice(base))
        if unique:
            p["id"] = f"p{i}"
            p["text"] = f"{p['text']} ({i})"
        out.append(p)
    return out
