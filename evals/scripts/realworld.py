"""Measure a policy on regulator-judged real posts: caught violations and blocked compliant posts.

    python evals/scripts/realworld.py evals/datasets/realworld --split test
    python evals/scripts/realworld.py ../shared/data/realworld/realworld_dev.jsonl --misses
    python evals/scripts/realworld.py evals/datasets/realworld --split test \\
        --model qwen2.5-coder-1.5b --base-url http://127.0.0.1:8765/v1 \\
        --judge-cache evals/judge-cache/qwen2.5-coder-1.5b.jsonl      # rules + judges, replayed

Two formats are read: the project's eval cases (``evals/datasets/realworld/*.jsonl``: a
violation is a case whose ``tags.verdict`` is ``violation``) and the shared development set's
rows (``text``, ``verdict``, ``category``, ``jurisdiction``; read where it lies, its texts are
not the project's to ship). Each post is checked in its jurisdiction (``markets: [UK->GB, IE,
FR, ...]``, locale ``language-REGION``); ``sponsored`` is passed only for disclosure items (a
brand's own account needs no ad label). Reported per category and jurisdiction: violations
caught (review or block) and compliant posts blocked.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from brandguard import Checker, Post
from brandguard.evals import load_dataset
from brandguard.evals.dataset import Case

_REGION = {"UK": "GB", "EU": "BE"}


@dataclass
class Item:
    id: str
    post: Post
    violation: bool
    category: str
    jurisdiction: str
    split: str


def _shared_row(row: dict) -> Item | None:
    if not row.get("text_only_decidable", True):
        return None
    region = _REGION.get(row["jurisdiction"], row["jurisdiction"])
    platform = row["platform"] if row["platform"] != "snapchat" else "generic"
    post = Post(
        id=row["id"],
        text=row["text"],
        platform=platform,
        locale=f"{row['language']}-{region}",
        markets=[region],
        sponsored=True if row["category"] == "disclosure" and row["sponsored"] else None,
    )
    return Item(
        row["id"], post, row["verdict"] == "violation", row["category"], row["jurisdiction"], "dev"
    )


def _case_item(case: Case) -> Item:
    tags = case.tags.model_dump()
    verdict = tags.get("verdict") or (
        "compliant" if case.expected.decision.value == "pass" else "violation"
    )
    return Item(
        case.id,
        case.post,
        verdict == "violation",
        case.category,
        tags.get("jurisdiction", "?"),
        case.split,
    )


def load(path: Path) -> list[Item]:
    """The project's eval cases (read and validated by the eval harness), or the shared set's
    rows (their own schema), whichever the file holds."""
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    items: list[Item] = []
    for f in files:
        lines = [x for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
        if lines and "expected" in json.loads(lines[0]):
            items.extend(_case_item(c) for c in load_dataset(f))
            continue
        items.extend(i for i in (_shared_row(json.loads(x)) for x in lines) if i is not None)
    return items


def measure(checker: Checker, items: list[Item]) -> dict:
    caught: dict[str, Counter[str]] = defaultdict(Counter)
    by_juris: dict[str, Counter[str]] = defaultdict(Counter)
    blocked_ok: list[str] = []
    reviewed_ok: list[str] = []
    missed: list[tuple[str, str]] = []
    unavailable: list[str] = []
    for item in items:
        v = checker.check(item.post)
        decision = v.decision.value
        if any(f.rule == "judge.unavailable" for f in v.findings):
            # a judge that could not answer sends the post to review (fail closed); that is no
            # catch: count the post on what the rest found
            unavailable.append(item.id)
            rest = [f for f in v.findings if f.rule != "judge.unavailable"]
            decision = (
                "block"
                if any(f.severity.value == "error" for f in rest)
                else "review"
                if any(f.severity.value == "warning" for f in rest)
                else "pass"
            )
        if item.violation:
            for group, key in ((caught, item.category), (by_juris, item.jurisdiction)):
                group[key]["n"] += 1
                group[key]["caught"] += decision != "pass"
            if decision == "pass":
                missed.append((item.id, item.category))
        elif decision == "block":
            blocked_ok.append(item.id)
        elif decision == "review":
            reviewed_ok.append(item.id)
    n = sum(c["n"] for c in caught.values())
    k = sum(c["caught"] for c in caught.values())
    return {
        "violations": n,
        "caught": k,
        "compliant": sum(not i.violation for i in items),
        "blocked_compliant": blocked_ok,
        "reviewed_compliant": reviewed_ok,
        "by_category": {key: dict(c) for key, c in sorted(caught.items())},
        "by_jurisdiction": {key: dict(c) for key, c in sorted(by_juris.items())},
        "missed": missed,
        "judge_unavailable": unavailable,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("path", type=Path, help="a JSONL file or a folder of them")
    ap.add_argument("--policy", default="builtin:examples/global-brand-all-markets")
    ap.add_argument("--split", choices=["dev", "test", "all"], default="all")
    ap.add_argument("--misses", action="store_true", help="list the ids of missed violations")
    ap.add_argument("--json", action="store_true", help="print the measures as JSON")
    ap.add_argument("--model", help="judge model (rules + judges); without it, rules only")
    ap.add_argument("--base-url")
    ap.add_argument("--judge-cache", default=None)
    ap.add_argument("--judge", action="append", help="run only this judge (repeatable)")
    args = ap.parse_args()
    if args.model:
        checker = Checker(
            args.policy,
            model=args.model,
            base_url=args.base_url,
            cache=args.judge_cache or True,
            judges=args.judge or True,
        )
    else:
        checker = Checker(args.policy, judges=False)
    items = [i for i in load(args.path) if args.split in ("all", i.split)]
    m = measure(checker, items)
    if args.json:
        print(json.dumps(m, indent=2))
        return
    n, k = m["violations"], m["caught"]
    print(
        f"policy {checker.policy.name}: {k}/{n} text-decidable violations caught ({k / max(n, 1):.0%}); "
        f"compliant items blocked: {len(m['blocked_compliant'])} {m['blocked_compliant']}; "
        f"reviewed: {len(m['reviewed_compliant'])} of {m['compliant']}"
        + (f"; judge unavailable on {len(m['judge_unavailable'])}" if m["judge_unavailable"] else "")
    )
    for title, group in (("category", m["by_category"]), ("jurisdiction", m["by_jurisdiction"])):
        print(
            f"by {title}: "
            + ", ".join(f"{key} {c.get('caught', 0)}/{c['n']}" for key, c in group.items())
        )
    if args.misses:
        print("missed: " + ", ".join(f"{i} ({c})" for i, c in m["missed"]))


if __name__ == "__main__":
    main()
