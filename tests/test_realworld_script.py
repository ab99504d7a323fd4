"""evals/scripts/realworld.py measures a policy on regulator-judged posts kept outside the
project; run here on three posts of our own in the same schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_counts_caught_violations_and_blocked_compliant_items(tmp_path: Path) -> None:
    rows = [
        {
            "id": "t1",
            "text": "Loving this serum from @glowco, use code GLOW10",
            "platform": "instagram",
            "language": "en",
            "jurisdiction": "UK",
            "sponsored": True,
            "category": "disclosure",
            "verdict": "violation",
            "text_only_decidable": True,
        },
        {
            "id": "t2",
            "text": "Our tea cures cancer!",
            "platform": "x",
            "language": "en",
            "jurisdiction": "US",
            "sponsored": True,
            "category": "health_claim",
            "verdict": "violation",
            "text_only_decidable": True,
        },
        {
            "id": "t3",
            "text": "Sunny walk with the dog today",
            "platform": "x",
            "language": "en",
            "jurisdiction": "IE",
            "sponsored": None,
            "category": "other",
            "verdict": "compliant",
            "text_only_decidable": True,
        },
        {
            "id": "t4",
            "text": "(image only)",
            "platform": "x",
            "language": "en",
            "jurisdiction": "UK",
            "sponsored": None,
            "category": "other",
            "verdict": "violation",
            "text_only_decidable": False,
        },
    ]
    f = tmp_path / "rw.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = subprocess.run(
        [sys.executable, str(ROOT / "evals/scripts/realworld.py"), str(f), "--misses"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "2/2 text-decidable violations caught (100%)" in out
    assert "compliant items blocked: 0" in out
    assert "disclosure 1/1" in out and "health_claim 1/1" in out
    assert "UK 1/1" in out and "US 1/1" in out
