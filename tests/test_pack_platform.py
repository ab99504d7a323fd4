"""builtin:packs/platform: each platform's documented limit at, and one past, the limit.

Sources: twitter-text v3 config (X), atproto app.bsky.feed.post (Bluesky), Threads API docs
(500 characters; more than 5 links fail from 2025-12-22), Instagram Graph API IG User Media
(30 hashtags, 20 @ tags) and the December 2025 announcement of 5 hashtags, Mastodon's
MediaAttachment::MAX_DESCRIPTION_LENGTH (1,500), YouTube Data API videos resource (title 100
characters, description 5,000 bytes, no < or >).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from brandguard import Checker, Post
from brandguard.cli import app
from conftest import checked


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker("builtin:packs/platform")


def verdict(checker: Checker, text: str, **fields):
    v = checked(checker, text, **fields)
    return v, [f.rule for f in v.findings]


def tags(n: int) -> str:
    return " ".join(f"#tag{i}" for i in range(n))


@pytest.mark.parametrize(
    ("text", "fields", "decision", "rule"),
    [
        ("a" * 280, {"platform": "x"}, "pass", None),
        ("a" * 281, {"platform": "x"}, "block", "platform.length"),
        ("新" * 141, {"platform": "x"}, "block", "platform.length"),  # CJK weighs 2
        ("a" * 300, {"platform": "bluesky"}, "pass", None),
        ("a" * 301, {"platform": "bluesky"}, "block", "platform.length"),
        ("👨‍👩‍👧‍👦" * 150, {"platform": "bluesky"}, "block", "platform.length.bytes"),
        ("a" * 500, {"platform": "threads"}, "pass", None),
        (
            "a" * 497 + "🎉",
            {"platform": "threads"},
            "block",
            "platform.length",
        ),  # emoji = 4 bytes: 501
        ("a" * 501, {"platform": "mastodon"}, "block", "platform.length"),
        ("a" * 2201, {"platform": "instagram"}, "block", "platform.length"),
        ("é" * 2600, {"platform": "youtube"}, "block", "platform.length"),  # 5,200 bytes
        (
            "a" * 101,
            {"platform": "youtube", "metadata": {"youtube_field": "title"}},
            "block",
            "youtube.title-length",
        ),
        ("a" * 100, {"platform": "youtube", "metadata": {"youtube_field": "title"}}, "pass", None),
        ("a" * 120, {"platform": "youtube"}, "pass", None),  # a description, not a title
        ("Top 5 <2026>", {"platform": "youtube"}, "block", "youtube.angle-brackets"),
        ("Drop " + tags(31), {"platform": "instagram"}, "block", "instagram.hashtag-cap"),
        ("Drop " + tags(6), {"platform": "instagram"}, "review", "instagram.hashtags"),
        ("Drop " + tags(5), {"platform": "instagram"}, "pass", None),
        (
            "Thanks " + " ".join(f"@u{i}" for i in range(21)),
            {"platform": "instagram"},
            "block",
            "instagram.mention-cap",
        ),
        (
            "Picks " + " ".join(f"https://ex.com/p/{i}" for i in range(6)),
            {"platform": "threads"},
            "block",
            "threads.links",
        ),
        (
            "Picks " + " ".join(f"https://ex.com/p/{i}" for i in range(5)) + " https://ex.com/p/0",
            {"platform": "threads"},
            "pass",
            None,
        ),
        ("Autumn #autumn #fashion", {"platform": "threads"}, "pass", "threads.topic-tag"),
        (
            "New store",
            {"platform": "instagram", "alt_texts": [""]},
            "review",
            "a11y.media.alt-text",
        ),
        (
            "New store",
            {"platform": "x", "alt_texts": ["IMG_4521.JPG"]},
            "review",
            "a11y.media.alt-text",
        ),
        (
            "Map",
            {"platform": "mastodon", "alt_texts": ["x" * 1501]},
            "review",
            "mastodon.alt-text-length.alt-text-length",
        ),
        ("Map", {"platform": "mastodon", "alt_texts": ["x" * 1500]}, "pass", None),
        ("Solidarity #blacklivesmatter", {"platform": "x"}, "pass", "a11y.hashtags.hashtag-case"),
        (
            "HUGE SALE THIS WEEKEND ONLY, EVERYTHING MUST GO",
            {"platform": "facebook"},
            "pass",
            "style.shouting",
        ),
    ],
)
def test_limits(checker, text, fields, decision, rule) -> None:
    v, rules = verdict(checker, text, **fields)
    assert v.decision.value == decision, rules
    if rule is not None:
        assert rule in rules, rules


def test_mastodon_missing_alt_text_reported_once(checker) -> None:
    _, rules = verdict(checker, "Map", platform="mastodon", alt_texts=[""])
    assert rules == ["mastodon.alt-text-length.alt-text"]


def test_length_findings_cite_the_platform(checker) -> None:
    v = checker.check(Post(text="a" * 301, platform="bluesky"))
    assert "atproto" in (v.findings[0].source or "")


def test_every_rule_cites_and_has_owner(checker) -> None:
    for rule in checker.policy.rules:
        assert rule.source and rule.source.startswith("https://"), rule.id
        assert rule.owner in {"social-ops", "brand"}, rule.id


def test_lint_strict() -> None:
    res = CliRunner().invoke(app, ["policy", "lint", "builtin:packs/platform", "--strict"])
    assert res.exit_code == 0, res.output
