"""Measure offensive-language detection on a labelled tweet set, brandguard beside its peers.

    python evals/scripts/offensive.py ../shared/data/olid_train            # brandguard's tiers
    python evals/scripts/offensive.py ../shared/data/olid_train --peers    # + alt-profanity-check, better-profanity
    python evals/scripts/offensive.py ../shared/data/olid_train --misses 40 --tiers strong,insult

The folder holds ``train_text.txt`` (one text per line) and ``train_labels.txt`` (``1``
offensive, ``0`` not), the TweetEval layout of OLID (read where it lies: its tweets are not
the project's to ship). A text counts as flagged when a finding of the chosen ``profanity.*``
tiers is present. Reported: precision, recall and F1 of the offensive class, and µs per text,
for each configuration side by side in one run:

* ``brandguard (default)``: the default policy's tiers as it ships them (slur, strong, insult,
  and mild raised to a warning);
* ``brandguard (slur+strong+insult)``: without the mild tier;
* with ``--peers``: ``alt-profanity-check`` (a linear SVM over a bag of words, the weights in its
  wheel) and ``better-profanity`` (a word list with character variants), where installed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from brandguard import Checker, Post


def load(folder: Path) -> tuple[list[str], list[int]]:
    texts = (folder / "train_text.txt").read_text(encoding="utf-8").splitlines()
    labels = [int(x) for x in (folder / "train_labels.txt").read_text().split()]
    if len(texts) != len(labels):
        raise SystemExit(f"{folder}: {len(texts)} texts but {len(labels)} labels")
    return texts, labels


def score(pred: Sequence[bool], labels: Sequence[int]) -> tuple[float, float, float]:
    tp = sum(1 for p, y in zip(pred, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(pred, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(pred, labels, strict=True) if not p and y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def brandguard_predictor(tiers: set[str] | None) -> Callable[[list[str]], list[bool]]:
    checker = Checker()

    def predict(texts: list[str]) -> list[bool]:
        out = []
        for t in texts:
            rules = {
                r
                for f in checker.check(Post(text=t, platform="x")).findings
                for r in ([f.rule] + [c.rule for c in f.citations or []])
                if r.startswith("profanity.")
            }
            out.append(any(tiers is None or r.split(".")[1] in tiers for r in rules))
        return out

    return predict


def peers() -> dict[str, Callable[[list[str]], list[bool]]]:
    found: dict[str, Callable[[list[str]], list[bool]]] = {}
    try:
        from profanity_check import predict as apc

        found["alt-profanity-check"] = lambda texts: [bool(x) for x in apc(texts)]
    except ImportError:
        pass
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        found["better-profanity"] = lambda texts: [profanity.contains_profanity(t) for t in texts]
    except ImportError:
        pass
    return found


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--peers", action="store_true", help="also run the peer tools")
    ap.add_argument("--limit", type=int, default=0, help="only the first N texts")
    ap.add_argument("--misses", type=int, default=0, help="print N missed offensive texts")
    ap.add_argument("--false", type=int, default=0, help="print N false flags")
    ap.add_argument("--tiers", default="", help="tiers for --misses/--false (default: all)")
    args = ap.parse_args(argv)
    texts, labels = load(args.folder)
    if args.limit:
        texts, labels = texts[: args.limit], labels[: args.limit]
    configs: dict[str, Callable[[list[str]], list[bool]]] = {
        "brandguard (default)": brandguard_predictor(None),
        "brandguard (slur+strong+insult)": brandguard_predictor({"slur", "strong", "insult"}),
    }
    if args.peers:
        configs.update(peers())
    print(f"{len(texts)} texts, {sum(labels)} offensive")
    print(f"| {'tool':34} | precision | recall |   F1  | µs/text |")
    print(f"|{'-' * 36}|-----------|--------|-------|---------|")
    for name, predict in configs.items():
        predict(texts[:50])  # warm: lazy builds are not what is measured
        t0 = time.perf_counter()
        pred = predict(texts)
        dt = time.perf_counter() - t0
        p, r, f = score(pred, labels)
        print(f"| {name:34} |   {p:.3f}   | {r:.3f}  | {f:.3f} | {dt / len(texts) * 1e6:7.0f} |")
    if args.misses or args.false:
        tiers = set(args.tiers.split(",")) if args.tiers else None
        pred = brandguard_predictor(tiers)(texts)
        shown_m = shown_f = 0
        for t, y, p in zip(texts, labels, pred, strict=True):
            if y and not p and shown_m < args.misses:
                print("MISS ", t[:160])
                shown_m += 1
            elif p and not y and shown_f < args.false:
                print("FALSE", t[:160])
                shown_f += 1


if __name__ == "__main__":
    main()
