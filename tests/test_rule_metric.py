"""``metric``: caps, emoji and hashtag ratios."""

from __future__ import annotations

from conftest import check


def test_caps_ratio_fires() -> None:
    text = "THIS IS A HUGE SALE on everything today"
    (f,) = check("metric", text, measure="caps_ratio", max=0.3)
    assert f.excerpt == "THIS IS A HUGE SALE"
    assert f.message == "44% caps ratio (limit 30%)."


def test_caps_ratio_below_limit() -> None:
    assert (
        check(
            "metric", "Our BIG summer sale starts today for everyone", measure="caps_ratio", max=0.3
        )
        == []
    )


def test_allowed_acronyms_do_not_count() -> None:
    text = "NASA and ESG and the USA and NATO report on climate"
    assert (
        check("metric", text, measure="caps_ratio", max=0.3, allow=["nasa", "ESG", "USA", "NATO"])
        == []
    )
    (f,) = check("metric", text, measure="caps_ratio", max=0.3)
    assert f.excerpt == "NASA and ESG and the USA and NATO"


def test_too_short_to_judge() -> None:
    assert check("metric", "BUY NOW", measure="caps_ratio", max=0.1) == []
    assert check("metric", "BUY NOW", measure="caps_ratio", max=0.1, min_letters=0)


def test_caps_ratio_non_ascii() -> None:
    text = "ÜBERRASCHUNG für alle heute"
    (f,) = check("metric", text, measure="caps_ratio", max=0.3)
    assert f.excerpt == "ÜBERRASCHUNG"


def test_emoji_ratio() -> None:
    text = "Great day 😀😀😀😀😀😀 at the beach with everyone"
    (f,) = check("metric", text, measure="emoji_ratio", max=0.1)
    assert f.excerpt == "😀😀😀😀😀😀"
    assert (
        check(
            "metric", "Great day 😀 at the beach with everyone here", measure="emoji_ratio", max=0.1
        )
        == []
    )
    assert (
        check("metric", "plain ascii text without any emoji at all", measure="emoji_ratio", max=0.0)
        == []
    )


def test_hashtag_ratio() -> None:
    text = "Sale #a #b #c #d #e today only for you"
    (f,) = check("metric", text, measure="hashtag_ratio", max=0.3)
    assert f.excerpt == "#a #b #c #d #e"
    assert (
        check(
            "metric",
            "Sale #a today only for you and everyone else",
            measure="hashtag_ratio",
            max=0.3,
        )
        == []
    )
