"""Measure a policy on regulator-judged real posts kept outside the project.

    python evals/scripts/realworld.py ../shared/data/realworld/realworld_dev.jsonl \
        --policy builtin:examples/global-brand-all-markets [--misses]

The file is read where it lies (its texts are not the project's to ship). Each post is checked
in its jurisdiction (``markets: [UK->GB, IE, FR, ...]``, locale ``language-REGION``); as the
set's README says, ``sponsored`` is passed only for disclosure items (a brand's own account
needs no ad label) and left unknown otherwise. Reported per category and jurisdiction: the
text-decidable violations caught (review or block) and the compliant items blocked.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from brandguard import Checker, Post

_REGION = {"UK": "GB"}


def post_of(item: dict) -> Post:
    region = _REGION.get(item["jurisdiction"], item["jurisdiction"])
    platform = item["platform"] if item["platform"] != "snapchat" else "generic"
    return Post(
        id=item["id"],
        text=item["text"],
        platform=platform,
        locale=f"{item['language']}-{region}",
        markets=[region],
        sponsored=True if item["category"] == "disclosure" and item["sponsored"] else None,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--policy", default="builtin:examples/global-brand-all-markets")
    ap.add_argument("--misses", action="store_true", help="list the ids of missed violations")
    args = ap.parse_args()
    checker = Checker(args.policy, judges=False)
    items = [
        json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line
    ]
    caught: dict[str, Counter[str]] = defaultdict(Counter)
    by_juris: dict[str, Counter[str]] = defaultdict(Counter)
    blocked_ok: list[str] = []
    missed: list[tuple[str, str]] = []
    for item in items:
        if not item.get("text_only_decidable", True):
            continue
        v = checker.check(post_of(item))
        flagged = v.decision.value != "pass"
        if item["verdict"] == "violation":
            for group, key in ((caught, item["category"]), (by_juris, item["jurisdiction"])):
                group[key]["n"] += 1
                group[key]["caught"] += flagged
            if not flagged:
                missed.append((item["id"], item["category"]))
        elif v.decision.value == "block":
            blocked_ok.append(item["id"])
    n = sum(c["n"] for c in caught.values())
    k = sum(c["caught"] for c in caught.values())
    print(
        f"policy {checker.policy.name}: {k}/{n} text-decidable violations caught ({k / max(n, 1):.0%}); "
        f"compliant items blocked: {len(blocked_ok)} {blocked_ok}"
    )
    for title, group in (("category", caught), ("jurisdiction", by_juris)):
        print(
            f"by {title}: "
            + ", ".join(f"{key} {c['caught']}/{c['n']}" for key, c in sorted(group.items()))
        )
    if args.misses:
        print("missed: " + ", ".join(f"{i} ({c})" for i, c in missed))


if __name__ == "__main__":
    main()
