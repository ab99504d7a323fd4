"""evals/scripts/judge_table.py: the README's rules vs rules+judges rows, from a real run."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from brandguard import Checker
from brandguard.evals import load_dataset
from brandguard.evals.runner import EvalConfig, run_eval

ROOT = Path(__file__).parents[1]


def _table():
    spec = importlib.util.spec_from_file_location(
        "judge_table", ROOT / "evals" / "scripts" / "judge_table.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_row_groups_categories_and_counts_them(tmp_path) -> None:
    cases = load_dataset(
        ROOT / "evals" / "datasets" / "examples" / "retail-bank.jsonl", split="dev"
    )
    run_eval(
        cases,
        Checker("builtin:examples/retail-bank"),
        EvalConfig(dataset="retail-bank", split="dev"),
        tmp_path,
        progress=False,
    )
    m = json.loads((tmp_path / "result.json").read_text())["metrics"]
    row = _table().row("rb dev", tmp_path)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[0] == "rb dev"
    assert cells[1] == f"{m['decision']['accuracy']:.0%}"
    cats = m["per_category"]

    def counts(names: set[str]) -> str:
        sel = [c for name, c in cats.items() if name in names]
        tp, fp, fn = (sum(c[k] for c in sel) for k in ("tp", "fp", "fn"))
        return f"({tp}/{fp}/{fn})"

    assert cells[5].endswith(counts({"voice"}))
    # retail-bank's regulated categories and the rest (brand terms, schedules, style)
    assert cells[6].endswith(counts({"disclosure", "finance", "rates", "pii"}))
    assert cells[7].endswith(counts({"brand", "schedule", "style"}))
    assert set(cats) <= {
        "voice",
        "disclosure",
        "finance",
        "rates",
        "pii",
        "brand",
        "schedule",
        "style",
    }
