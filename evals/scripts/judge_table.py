"""Print the README's rules vs rules+judges rows from eval run folders.

    python evals/scripts/judge_table.py LABEL=RUN_DIR [LABEL=RUN_DIR ...]

Each RUN_DIR is an ``brandguard eval run --out`` folder (its result.json). Case categories
are grouped as voice, regulatory (what a regulator fines: disclosure, finance, rates,
health, evidence, reviews, pii, injection cases' categories) and other (brand terms,
schedules, style, platform); each group's cell is precision / recall (tp/fp/fn) over the
cases of that group, counting a case as positive when it needs action.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REGULATORY = {"disclosure", "finance", "rates", "health", "evidence", "reviews", "pii", "injection"}


def _cell(tp: int, fp: int, fn: int) -> str:
    if tp + fp + fn == 0:
        return "–"
    p = f"{tp / (tp + fp):.0%}" if tp + fp else "–"
    r = f"{tp / (tp + fn):.0%}" if tp + fn else "–"
    return f"{p} / {r} ({tp}/{fp}/{fn})"


def _pct(rate: dict | None) -> str:
    return "–" if not rate or rate.get("value") is None else f"{rate['value']:.0%}"


def row(label: str, run: Path) -> str:
    m = json.loads((run / "result.json").read_text())["metrics"]
    groups = {"voice": [0, 0, 0], "regulatory": [0, 0, 0], "other": [0, 0, 0]}
    for cat, c in m["per_category"].items():
        g = "voice" if cat == "voice" else "regulatory" if cat in REGULATORY else "other"
        for i, k in enumerate(("tp", "fp", "fn")):
            groups[g][i] += c.get(k, 0)
    r = m["rates"]
    acc = m["decision"]["accuracy"]
    return (
        f"| {label} | {acc:.0%} | {_pct(r.get('false_flag_rate'))} | {_pct(r.get('false_block_rate'))}"
        f" | {_pct(r.get('missed_violation_rate'))} | {_cell(*groups['voice'])}"
        f" | {_cell(*groups['regulatory'])} | {_cell(*groups['other'])} |"
    )


if __name__ == "__main__":
    print(
        "| run | accuracy | false flags | false blocks | missed violations | voice: P / R (tp/fp/fn)"
        " | regulatory: P / R | other: P / R |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for arg in sys.argv[1:]:
        label, _, path = arg.partition("=")
        print(row(label, Path(path)))
