"""``occurrence``: counts of hashtags, mentions, links, emoji... against max and min."""

from __future__ import annotations

import pytest

from conftest import check


def test_hashtags_over_max_span_starts_past_the_limit() -> None:
    text = "Summer 😀 #one #two #three #four"
    (f,) = check("occurrence", text, count="hashtags", max=2)
    assert f.excerpt == "#three #four"
    assert f.message == "4 hashtags found; the limit is 2."
    assert "cut 2" in f.suggestion


def test_hashtags_at_max_do_not_fire() -> None:
    assert check("occurrence", "Hi #one #two", count="hashtags", max=2) == []


def test_what_counts_as_a_hashtag() -> None:
    # numbers-only tags, HTML entities and c#-style words are not hashtags
    text = "#1 on c#sharp &#39; ok #real ＃wide #naïve"
    (f,) = check("occurrence", text, count="hashtags", max=0)
    assert f.excerpt == "#real ＃wide #naïve"
    assert f.message.startswith("3 hashtags")


def test_unique_links() -> None:
    text = "https://acme.com/x and https://acme.com/x/ and www.acme.com/x and https://b.com"
    assert check("occurrence", text, count="links", unique=True, max=2) == []
    (f,) = check("occurrence", text, count="links", max=2)
    assert f.message.startswith("4 links")
    assert f.excerpt == "www.acme.com/x and https://b.com"


def test_post_links_count_too() -> None:
    post = {"links": ["https://b.com", "https://acme.com/"]}
    (f,) = check("occurrence", "see https://acme.com", post=post, count="links", max=1)
    assert f.message.startswith("2 links")
    dupes = {"links": ["https://b.com", "https://b.com/"]}
    assert check("occurrence", "none", post=dupes, count="links", unique=True, max=1) == []


def test_min_links() -> None:
    (f,) = check("occurrence", "no links here", count="links", min=1)
    assert (f.start, f.end, f.excerpt) == (13, 13, "")
    assert "at least 1" in f.message
    assert check("occurrence", "see acme.com", count="links", min=1) == []
    assert (
        check("occurrence", "none", post={"links": ["https://acme.com"]}, count="links", min=1)
        == []
    )


def test_exclamations() -> None:
    (f,) = check("occurrence", "Wow! Great!! ¡Hola!", count="exclamations", max=1)
    assert f.message.startswith("5 exclamations")
    assert f.excerpt == "!! ¡Hola!"
    assert check("occurrence", "Wow!", count="exclamations", max=1) == []


def test_questions() -> None:
    (f,) = check("occurrence", "Ready? Sure? ¿Qué?", count="questions", max=2)
    assert f.excerpt == "¿Qué?"


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("😀", 1),
        ("👍🏽", 1),  # skin tone
        ("🇩🇪", 1),  # flag
        ("👨‍👩‍👧‍👦", 1),  # ZWJ family
        ("❤️", 1),
        ("1️⃣", 1),  # keycap
        ("©️", 1),  # copyright sign in emoji presentation
        ("© ™ ®", 0),  # plain symbols
        ("plain text 123 #1", 0),
    ],
)
def test_emoji_units(text: str, n: int) -> None:
    fs = check("occurrence", text, count="emoji", max=0)
    if n == 0:
        assert fs == []
    else:
        (f,) = fs
        assert f.message.startswith(f"{n} emoji")
        assert f.excerpt == text


def test_emoji_over_max() -> None:
    text = "Sale 🎉🎉 today 🔥 now 💥"
    (f,) = check("occurrence", text, count="emoji", max=2)
    assert f.excerpt == "🔥 now 💥"


def test_mentions() -> None:
    text = "@a and @b.c and @d@mastodon.social, mail me@x.com"
    (f,) = check("occurrence", text, count="mentions", max=1)
    assert f.message.startswith("3 mentions")
    assert f.excerpt == "@b.c and @d@mastodon.social"


def test_caps_words() -> None:
    (f,) = check("occurrence", "BIG SALE today I A ok", count="caps_words", max=1)
    assert f.excerpt == "SALE"


def test_token_regex() -> None:
    (f,) = check("occurrence", "free FREE Free", count="token", token="free", max=1)
    assert f.excerpt == "FREE Free"
    assert f.message.startswith("3 occurrences")
    assert (
        check("occurrence", "free FREE Free", count="token", token="free", max=1, ignorecase=False)
        == []
    )


def test_configuration_errors() -> None:
    with pytest.raises(ValueError, match="max"):
        check("occurrence", "x", count="hashtags")
    with pytest.raises(ValueError, match="token"):
        check("occurrence", "x", count="token", max=1)
    with pytest.raises(ValueError, match="regular expression"):
        check("occurrence", "x", count="token", token="(", max=1)
