"""``accessibility``: CamelCase multi-word hashtags and alt text on every media item."""

from __future__ import annotations

import pytest

from conftest import check, fixed


def a11y(text: str, **post):
    return check("accessibility", text, post=post or None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Join us #blacklivesmatter", "Join us #BlackLivesMatter"),
        ("Join us #BLACKLIVESMATTER", "Join us #BlackLivesMatter"),
        ("Join us ＃blacklivesmatter", "Join us ＃BlackLivesMatter"),
        ("#throwbackthursday and #mondaymotivation", "#ThrowbackThursday and #MondayMotivation"),
    ],
)
def test_hashtag_case_fix(text: str, expected: str) -> None:
    fs = a11y(text)
    assert fs and all(f.rule == "t.rule.hashtag-case" for f in fs)
    assert fixed(text, fs) == expected
    assert a11y(expected) == []


def test_hashtag_finding_fields() -> None:
    (f,) = a11y("😀 Join us #blacklivesmatter!")
    assert f.excerpt == "#blacklivesmatter"
    assert f.suggestion == "Write '#BlackLivesMatter'."
    assert "#blacklivesmatter" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "#BlackLivesMatter",  # already CamelCase
        "#blackLivesMatter",  # mixed case: the author chose
        "#love #sale #summer",  # short tags
        "#photography",  # one word
        "#日本語のハッシュタグ",  # not ASCII
    ],
)
def test_hashtags_that_do_not_fire(text: str) -> None:
    assert a11y(text) == []


def test_hashtag_case_only_for_listed_languages() -> None:
    assert a11y("Join us #blacklivesmatter", locale="de-DE") == []
    rule = {"languages": ["en", "de"]}
    assert check("accessibility", "#blacklivesmatter", post={"locale": "de-DE"}, **rule)


def test_min_hashtag_length() -> None:
    assert check("accessibility", "#icecream", min_hashtag_length=10) == []
    assert check("accessibility", "#icecreamday", min_hashtag_length=10)


def test_alt_text_missing() -> None:
    fs = a11y("Hi", alt_texts=["A cat on a sofa", "", "   "])
    assert [(f.rule, f.field, f.excerpt, f.start, f.end) for f in fs] == [
        ("t.rule.alt-text", "alt_texts[1]", "", 0, 0),
        ("t.rule.alt-text", "alt_texts[2]", "", 0, 0),
    ]
    assert fs[0].message == "Media item 2 has no alt text."


def test_alt_text_present_and_no_media() -> None:
    assert a11y("Hi", alt_texts=["A cat on a sofa"]) == []
    assert a11y("Hi") == []


def test_alt_text_too_long() -> None:
    long = "x" * 1501
    (f,) = check("accessibility", "Hi", post={"alt_texts": [long]}, alt_text_max=1500)
    assert (f.rule, f.field) == ("t.rule.alt-text-length", "alt_texts[0]")
    assert check("accessibility", "Hi", post={"alt_texts": [long]}) == []


def test_checks_select() -> None:
    text = "#blacklivesmatter"
    post = {"alt_texts": [""]}
    assert [f.rule for f in check("accessibility", text, post=post, checks=["alt-text"])] == [
        "t.rule.alt-text"
    ]
    assert [f.rule for f in check("accessibility", text, post=post, checks=["hashtag-case"])] == [
        "t.rule.hashtag-case"
    ]


@pytest.mark.parametrize("alt", ["IMG_4521.JPG", "image", "photo 2", "DSC_0001.jpeg", "screenshot"])
def test_file_name_or_placeholder_alt_text(alt: str) -> None:
    from conftest import check as run_kind

    f = run_kind("accessibility", "New in store", post={"alt_texts": [alt]}, checks=["alt-text"])
    assert [(x.rule, x.field, x.excerpt) for x in f] == [("t.rule.alt-text", "alt_texts[0]", alt)]


def test_real_description_passes() -> None:
    from conftest import check as run_kind

    assert (
        run_kind(
            "accessibility",
            "New",
            post={"alt_texts": ["A red bike by a brick wall"]},
            checks=["alt-text"],
        )
        == []
    )
