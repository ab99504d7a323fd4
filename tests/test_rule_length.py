"""``length``: each platform counted its own way; the span starts at the first unit over."""

from __future__ import annotations

import pytest

from brandguard.rules.length import count
from conftest import check

FAMILY = "👨‍👩‍👧‍👦"  # 7 code points, 11 UTF-16 units, 25 bytes, 1 grapheme


def length(text: str, platform: str, **config):
    return check("length", text, post={"platform": platform}, **config)


# --- X (twitter-text v3) ---------------------------------------------------------------


def test_x_280_ascii_is_ok_281_is_not() -> None:
    assert length("a" * 280, "x") == []
    (f,) = length("a" * 281, "x")
    assert (f.start, f.end, f.excerpt) == (280, 281, "a")
    assert f.message == "281 weighted characters: over the X limit of 280."
    assert "twitter-text" in f.source


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("hello", 5),
        ("see example.com now", 4 + 23 + 4),  # bare domain
        ("see https://example.com/a/very/long/path?x=1 now", 4 + 23 + 4),
        ("www.foo.de", 23),
        ("foo.co", 23),  # .co is linked without a path
        ("foo.de", 6),  # a single label + ccTLD without path is not a URL
        ("node.js", 7),
        ("mail x@y.com", 12),  # an email address is not a URL
        ("😀", 2),
        ("👍🏽", 2),
        ("🇩🇪", 2),
        ("1️⃣", 2),  # keycap sequence
        (FAMILY, 2),
        ("日本", 4),  # CJK weighs 2
        ("café", 4),
        ("cafe\u0301", 4),  # NFC first
        ("“quotes”—dash", 13),  # U+2010-201F weigh 1
        ("…", 2),  # U+2026 is outside the light ranges
        ("€", 2),
    ],
)
def test_x_weights(text: str, weight: int) -> None:
    assert count(text, "weighted") == weight


def test_x_140_family_emoji_fit_141_do_not() -> None:
    assert length(FAMILY * 140, "x") == []
    text = FAMILY * 141
    (f,) = length(text, "x")
    assert f.excerpt == FAMILY
    assert f.start == 140 * len(FAMILY)
    assert f.message.startswith("282 weighted")


def test_x_cjk_over_the_limit() -> None:
    assert length("日" * 140, "x") == []
    text = "a" * 279 + "日"
    (f,) = length(text, "x")
    assert (f.start, f.excerpt) == (279, "日")


def test_x_url_crossing_the_limit_is_the_span_start() -> None:
    text = "a" * 270 + " https://example.com/" + "x" * 40
    (f,) = length(text, "x")
    assert f.start == 271
    assert f.excerpt == text[271:]


# --- Bluesky -----------------------------------------------------------------------------


def test_bluesky_graphemes() -> None:
    assert length("a" * 300, "bluesky") == []
    (f,) = length("a" * 301, "bluesky")
    assert (f.start, f.excerpt) == (300, "a")
    assert length("e\u0301" * 300, "bluesky") == []  # 300 graphemes, 600 code points


def test_bluesky_crlf_is_one_grapheme() -> None:
    assert count("\r\n" * 5, "graphemes") == 5
    assert length("\r\n" * 200, "bluesky") == []
    (f,) = length("\r\n" * 301, "bluesky")
    assert f.start == 600


def test_bluesky_bytes() -> None:
    text = FAMILY * 300  # 300 graphemes is fine, 7500 bytes is not
    (f,) = length(text, "bluesky")
    assert f.rule == "t.rule.bytes"
    assert f.start == 120 * len(FAMILY)  # 120 families = 3000 bytes
    assert f.message.startswith("7500 bytes")


# --- Mastodon ----------------------------------------------------------------------------


def test_mastodon_urls_count_23() -> None:
    url = "https://example.com/" + "x" * 100
    assert count(url, "mastodon") == 23
    assert length(url + " " + "a" * 476, "mastodon") == []
    (f,) = length(url + " " + "a" * 477, "mastodon")
    assert f.excerpt == "a"


def test_mastodon_remote_mention_counts_only_the_user() -> None:
    assert count("@alice@mastodon.social hi", "mastodon") == len("@alice hi")
    text = "@alice@mastodon.social " + "a" * 493
    assert length(text, "mastodon") == []
    assert length(text + "a", "mastodon")


def test_mastodon_instance_limit_override() -> None:
    text = "a" * 800
    assert length(text, "mastodon")
    assert length(text, "mastodon", limits={"mastodon": 1000}) == []


# --- TikTok, YouTube, others ------------------------------------------------------------------


def test_tiktok_utf16() -> None:
    assert count("😀", "utf16") == 2
    assert count(FAMILY, "utf16") == 11
    assert length("😀" * 1100, "tiktok") == []
    (f,) = length("😀" * 1100 + "a", "tiktok")
    assert f.excerpt == "a"


def test_youtube_bytes() -> None:
    assert length("é" * 2500, "youtube") == []
    (f,) = length("é" * 2501, "youtube")
    assert (f.start, f.excerpt) == (2500, "é")
    assert f.message.startswith("5002 bytes")


def test_threads_counts_emoji_bytes() -> None:
    assert count("😀 hi", "threads") == 7
    assert length("a" * 500, "threads") == []
    assert length("😀" * 126, "threads")


@pytest.mark.parametrize(("platform", "limit"), [("instagram", 2200), ("linkedin", 3000)])
def test_character_platforms(platform: str, limit: int) -> None:
    assert length("a" * limit, platform) == []
    (f,) = length("a" * (limit + 1), platform)
    assert f.start == limit


def test_generic_has_no_limit_but_max_applies() -> None:
    assert length("a" * 100_000, "generic") == []
    (f,) = length("a" * 11, "generic", max=10)
    assert f.start == 10


def test_per_platform_limit_override() -> None:
    assert length("a" * 250, "x", limits={"x": 200})
    assert length("a" * 250, "linkedin", limits={"x": 200}) == []
    (f,) = length("a" * 201, "x", limits={"x": 200})
    assert f.message.endswith("limit of 200.")


def test_counting_override() -> None:
    # count X posts as plain characters (e.g. a premium account with a higher limit)
    assert length("日" * 200, "x", counting="chars") == []


def test_x_bare_domains_need_a_known_tld() -> None:
    from brandguard.rules.length import count

    assert count("test.com", "weighted") == 23
    assert count("x.co", "weighted") == 23
    assert count("foo.de", "weighted") == 6  # single label + country code, no path
    assert count("foo.de/x", "weighted") == 23
    assert count("file.tar.gz", "weighted") == 11  # .gz is no TLD
    assert count("see readme.txt/now", "weighted") == 18
