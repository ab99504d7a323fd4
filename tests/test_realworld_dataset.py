"""evals/datasets/realworld: regulator-judged posts the project ships, each with its authority,
jurisdiction, date, verdict basis and source; the rules' numbers on it may not fall below what
the issue note reported (evals/README.md, "Real-world posts")."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from brandguard import Checker
from brandguard.evals import load_dataset

ROOT = Path(__file__).parents[1]
FOLDER = ROOT / "evals" / "datasets" / "realworld"
BASES = {
    "ruling",
    "not_upheld_ruling",
    "warning_letter",
    "settlement_order",
    "court_decision",
    "guidance_example",
    "enforcement_action",
}


def _script():
    spec = importlib.util.spec_from_file_location("realworld", ROOT / "evals/scripts/realworld.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["realworld"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_every_case_is_sourced_and_tagged() -> None:
    cases = load_dataset(FOLDER)
    assert len(cases) >= 150
    for c in cases:
        t = c.tags.model_dump()
        assert t["verdict"] in ("violation", "compliant"), c.id
        assert (t["verdict"] == "compliant") == (c.expected.decision.value == "pass"), c.id
        assert t.get("authority") and t.get("jurisdiction"), c.id
        assert "date" in t, c.id
        assert t.get("verdict_basis") in BASES, (c.id, t.get("verdict_basis"))
        assert str(t.get("source", "")).startswith("http"), c.id
        # the post as published: editorial marks belong in the notes
        assert not re.search(r"\[sic\]|\[[a-z ]*emoji\]", c.post.text), c.id
    splits = {c.split for c in cases}
    assert splits == {"dev", "test"}
    compliant = [c for c in cases if c.expected.decision.value == "pass"]
    assert len(compliant) >= 30


def test_no_case_comes_from_the_shared_development_set() -> None:
    import json

    shared = ROOT.parent / "shared" / "data" / "realworld" / "realworld_dev.jsonl"
    if not shared.exists():
        pytest.skip("the shared development set is not beside this checkout (CI clones main alone)")
    theirs = [json.loads(x) for x in shared.read_text(encoding="utf-8").splitlines() if x.strip()]
    urls = {r["source"] for r in theirs}
    texts = {r["text"].strip().lower() for r in theirs}
    for c in load_dataset(FOLDER):
        assert c.tags.model_dump()["source"] not in urls, c.id
        assert c.post.text.strip().lower() not in texts, c.id


FIRST = ("uk", "eu-intl", "us", "extra-dev")
SECOND = ("extra-dev-us", "extra-dev-wh", "extra-dev-eu")  # dev data added 2026-12-01
THIRD = ("extra-dev-us2", "extra-dev-dnl")  # dev data added 2026-12-02
FOURTH = ("extra-dev-us3", "extra-dev-eu3")  # dev data added 2026-12-02, second round
FIFTH = ("extra-dev-us4", "extra-dev-eu4")  # dev data added 2026-12-02, third round
SIXTH = ("extra-dev-us5", "extra-dev-eu5")  # dev data added 2026-12-03
SEVENTH = ("extra-dev-us6", "extra-dev-eu6")  # dev data added 2026-12-03, second round
EIGHTH = ("extra-dev-us7", "extra-dev-eu7")  # dev data added 2026-12-03, third round
NINTH = ("extra-dev-us8", "extra-dev-eu8")  # dev data added 2026-12-03, fourth round
TENTH = ("extra-dev-us9",)  # dev data added 2026-12-03, fifth round: US compliant near-misses
ELEVENTH = ("extra-dev-us10",)  # dev data added 2026-12-04: US public health, devices, disclosures
TWELFTH = ("extra-dev-us11",)  # dev data added 2026-12-04: FDA and state health messages, services
THIRTEENTH = ("extra-dev-us12",)  # dev data added 2026-12-04: FTC and NAD disclosure cases
FOURTEENTH = ("extra-dev-us13",)  # dev data added 2026-12-04: CDC messages, OTC labels, NAD, FTC
FIFTEENTH = ("extra-dev-us14",)  # dev data added 2026-12-04: pharma, vets, charities, pharmacies
SIXTEENTH = ("extra-dev-us15",)  # dev data added 2026-12-04: FTC disclosure cases, varied wordings


@pytest.mark.parametrize(
    ("split", "files", "caught", "blocked"),
    [
        ("dev", FIRST, 0.92, 0),
        # posts the rules had not seen when they were added: 49/96 before the vocabulary work
        # on them, 73/96 after; the one block is a 2015 Dutch ruling under a superseded code
        ("dev", SECOND, 0.86, 1),
        # US health and money, German, Dutch, alcohol and gambling: 27/61 (4 blocked) before
        # the work on them, 44/61 after; the block is a Dutch vlog's spoken disclosure
        ("dev", THIRD, 0.86, 1),
        # US near-misses (OTC labels, FDA health claims, regulators' warnings) and EU/UK
        # alcohol, gambling and health: 21/58 (6 blocked) before the work on them; the block
        # left is an OTC acne label in its monograph wording ("For the treatment of acne")
        ("dev", FOURTH, 0.79, 0),
        # FDA/FTC/NAD/FINRA and EU courts, RCC, IAP, JEP, ASA: 18/45 (3 blocked: OTC antifungal
        # and antiemetic labels, a Dutch medical device) before the work on them, 29/45 after
        ("dev", FIFTH, 0.8, 0),
        # FDA OTC labels and qualified claims, FTC/SEC/CFTC money cases, ASA alcohol and prize
        # rulings, EU register wordings: 12/30 (5 blocked: OTC labels in their monograph
        # wording, a qualified claim) before the work on them, 27/30 after
        ("dev", SIXTH, 0.88, 0),
        # NAD/NARB/ERSP (supported and unsupported claims), OTC brand lines, FDA model health
        # claims, DSSRC income posts; ASA, ABAC, IAP, Rada Reklamy, RCC: 15/44 (3 blocked: an
        # OTC nasal spray's and an OTC heartburn pill's labelled use, an FDA model health claim)
        # before the work on them, 26/44 after
        ("dev", SEVENTH, 0.59, 0),
        # NAD/NARB (disclosures and claims, both outcomes), FDA sample Rx ads and OTC labels, FDA
        # and FTC COVID/CBD letters, SEC token touting; ASA/ASAI/CAP advice, JEP, JDP, AGCM,
        # Autocontrol, Reclame Code, Ad Standards: 23/41 (1 blocked: TikTok Shop's automated
        # 'Creator earns commission') before the work on them, 28/41 after
        ("dev", EIGHTH, 0.68, 0),
        # DSSRC/NAD/ERSP supplement and weight-loss decisions, FDA warning and OPDP letters, FTC
        # orders; RCC/KOAG, JEP, FSMA, German and Austrian courts in nl, de and fr: 36/57 before
        # the work on them, 41/57 after
        ("dev", NINTH, 0.71, 0),
        # FTC Endorsement Guides and .com Disclosures examples, NAD disclosure decisions, OTC
        # labels and an FDA sample ad (22 of 30 compliant): 3/8 caught and 4 of 22 compliant
        # blocked before the work on them (a blogger's free-of-charge disclosure, docosanol's
        # and miconazole's labels, and a clinic's own ad marked sponsored), 4/8 and 0 after
        ("dev", TENTH, 0.5, 0),
        # CDC/HHS flu and screening messages, hospital heart-failure programmes, FDA-cleared
        # devices, NAD-supported cosmetic claims, Endorsement Guides disclosures; FTC, FDA and
        # NAD cases (26 of 38 compliant): 9/12 caught and 9 of 28 compliant blocked before the
        # work on them (vaccination and screening messages, a time clause read as a result, a
        # device's new indication, plain-words disclosures, a cosmetics review's non-cash
        # compensation read by the SEC testimonial rule; two cases from a creator platform's
        # help page were dropped as not a regulator's), 10/12 and 0 after
        ("dev", ELEVENTH, 0.83, 0),
        # the FDA's and state health departments' own posts (ivermectin, flu), an FDA qualified
        # claim, pharmacy flu shots, OTC hearing aids and glucose monitors, cancer charities and
        # proton-therapy centres; FDA depression letters, NAD and FTC cases (28 of 38 compliant):
        # 6/10 caught and 6 blocked before the work on them (regulators' denials, "may interfere
        # with some prescription medicines", radiation oncology), 8/10 and 0 after
        ("dev", TWELFTH, 0.8, 0),
        # FTC closing letters, orders, the 2017 influencer letters, the Endorsement Guides and
        # their FAQ, the Consumer Reviews rule, NAD (Kevin Hart): 9/9 caught and 5 of 28
        # compliant blocked before the work on them (a store credit for a review, an
        # investor's interest, "paying me to", a contest entry said as one, and a business's
        # "customer reviews" read by the SEC's testimonial rule), 9/9 and 0 after
        ("dev", THIRTEENTH, 0.88, 0),
        # CDC, HHS and SAMHSA messages (quitting, diabetes prevention, sun, heat, Lyme, 988),
        # OTC toothpaste and allergy labels, NAD-supported claims with the DSHEA disclaimer,
        # FDA-cleared devices and a digital therapeutic; FTC device and weight cases, NAD
        # dry-mouth and "non-toxic" decisions: 5/12 caught and 3 of 28 compliant blocked before
        # the work on them (a diabetes prevention programme, "isn't treated to kill bacteria",
        # a web announcement marked as an X post), 6/12 and 0 after
        ("dev", FOURTEENTH, 0.5, 0),
        # drug and veterinary-drug makers' regulatory news, health charities' walks and services,
        # pharmacies' vaccines, insurers, trial recruitment, study results; FDA veterinary and
        # COVID letters, FTC, telehealth GLP-1 letters, NAD/NARB: 7/9 caught and 6 of 32 compliant
        # blocked before the work on them (an approval, an advisory committee's vote, a Heart
        # Walk's statistics, rides to cancer treatment, a campaign's name, a vaccine's approved
        # population), 7/9 and 0 after
        ("dev", FIFTEENTH, 0.77, 0),
        # FTC v. ADT, Reverb, UrthBox, Devumi, Sitejabber, Fashion Nova, the LOFT and Hyundai
        # closing letters, the 2023 Guides: 8/9 caught and 6 of 20 compliant blocked before the
        # work on them (a paid spokesperson named with the brand, a client of the speaker's
        # employer, a PR firm's staff, "gave me a gift bag", a gift certificate for the post,
        # "Gifted by LOFT"), 8/9 and 0 after; four cases whose deception is not in the text dropped
        ("dev", SIXTEENTH, 0.88, 0),
        ("test", FIRST, 0.80, 1),
    ],
)
def test_rules_hold_their_measured_numbers(
    split: str, files: tuple[str, ...], caught: float, blocked: int
) -> None:
    rw = _script()
    items = [i for f in files for i in rw.load(FOLDER / f"{f}.jsonl") if i.split == split]
    assert items
    m = rw.measure(Checker("builtin:examples/global-brand-all-markets", judges=False), items)
    assert m["caught"] / m["violations"] >= caught, m["missed"]
    assert len(m["blocked_compliant"]) <= blocked, m["blocked_compliant"]


def test_every_file_is_measured() -> None:
    assert {p.stem for p in FOLDER.glob("*.jsonl")} == (
        set(FIRST) | set(SECOND) | set(THIRD) | set(FOURTH) | set(FIFTH) | set(SIXTH)
        | set(SEVENTH) | set(EIGHTH) | set(NINTH) | set(TENTH) | set(ELEVENTH) | set(TWELFTH) | set(THIRTEENTH) | set(FOURTEENTH) | set(FIFTEENTH) | set(SIXTEENTH)
    )


def test_rules_and_judges_replay_offline_from_the_shipped_cache(tmp_path) -> None:
    """evals/README's rules+judges row for the test split replays from the committed judge
    cache (answers are keyed by the model's address, as recorded: the local llama.cpp
    server); in CI no server listens there, so a missing answer shows as judge.unavailable."""
    rw = _script()
    cache = tmp_path / "cache.jsonl"
    cache.write_bytes((ROOT / "evals" / "judge-cache" / "qwen2.5-coder-1.5b.jsonl").read_bytes())
    checker = Checker(
        "builtin:examples/global-brand-all-markets",
        model="qwen2.5-coder-1.5b",
        base_url="http://127.0.0.1:8765/v1",
        cache=cache,
        judges=["compliance"],
    )
    items = [i for i in rw.load(FOLDER) if i.split == "test"]
    m = rw.measure(checker, items)
    assert m["judge_unavailable"] == []
    assert m["caught"] / m["violations"] >= 0.93, m["missed"]  # 77/82, compliance v3
    assert len(m["blocked_compliant"]) <= 1
