"""Eval dataset loading: validation errors name file, line and field; filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandguard.evals import DatasetError, load_dataset

SMALL = Path(__file__).parent / "data" / "eval_small.jsonl"


def test_small_dataset_loads_with_spans_resolved() -> None:
    cases = load_dataset(SMALL)
    assert [c.id for c in cases] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    f = cases[0].expected.findings[0]
    assert (f.start, f.end) == (8, 20) and cases[0].post.text[8:20] == "cures cancer"
    assert cases[2].post.sponsored is True and cases[2].post.platform.value == "instagram"


def test_filters() -> None:
    assert [c.id for c in load_dataset(SMALL, split="test")] == ["s2", "s4", "s6"]
    assert [c.id for c in load_dataset(SMALL, tags=["adversarial"])] == ["s6"]
    assert [c.id for c in load_dataset(SMALL, tags=["category=health"])] == ["s1", "s2", "s4"]
    assert [c.id for c in load_dataset(SMALL, tags=["language=de"])] == ["s4"]
    assert [c.id for c in load_dataset(SMALL, tags=["platform=instagram"])] == ["s3"]
    assert [c.id for c in load_dataset(SMALL, tags=["near_miss", "split=test"])] == ["s2"]
    assert len(load_dataset(SMALL, limit=2)) == 2


def _write(tmp_path: Path, rows: list[object]) -> Path:
    p = tmp_path / "d.jsonl"
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return p


def _good(i: str, **kw: object) -> dict[str, object]:
    base = {
        "id": i,
        "split": "dev",
        "text": "hello",
        "expected": {"decision": "pass", "findings": []},
        "tags": {"category": "compliant"},
    }
    base.update(kw)
    return base


def test_every_bad_line_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        [
            _good("a"),
            "{not json",
            _good("c", split="train"),
            _good("d", platform="myspace"),
            _good("e", expected={"decision": "block", "findings": []}),
            _good(
                "f",
                expected={"decision": "block", "findings": [{"rule": "r", "excerpt": "absent"}]},
            ),
            _good("a"),
            _good("h", tags={}),
            _good("i", extra_field=1),
            _good("j", expected={"decision": "block", "findings": [{"rule": "r", "start": 2}]}),
            [1, 2],
        ],
    )
    with pytest.raises(DatasetError) as exc:
        load_dataset(p)
    got = {(i.line, i.field) for i in exc.value.issues}
    f = str(p)
    assert (2, "") in got
    assert (3, "split") in got
    assert (4, "platform") in got
    assert (5, "expected") in got
    assert (6, "expected.findings[0].excerpt") in got
    assert (7, "id") in got  # duplicate
    assert (8, "tags.category") in got
    assert (9, "extra_field") in got
    assert (10, "expected.findings[0]") in got
    assert (11, "") in got
    assert str(exc.value).startswith(f"{f}:2: invalid JSON")


def test_folder_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.jsonl").write_text(json.dumps(_good("1")) + "\n")
    (tmp_path / "b" / "c.jsonl").write_text(json.dumps(_good("2")) + "\n// a comment line\n\n")
    assert [c.id for c in load_dataset(tmp_path)] == ["1", "2"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetError, match=r"no \.jsonl files"):
        load_dataset(tmp_path / "empty")
    with pytest.raises(DatasetError, match="no such file or folder"):
        load_dataset(tmp_path / "missing.jsonl")
