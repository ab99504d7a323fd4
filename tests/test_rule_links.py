"""``links``: deny, allow, shorteners and UTM parameters, in the text and in Post.links."""

from __future__ import annotations

import pytest

from conftest import check, fixed

UTM = {"utm_domains": ["acme.com"], "require_utm": ["utm_source", "utm_medium"]}


def codes(fs) -> list[str]:
    return [f.rule.removeprefix("t.rule.") for f in fs]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Try https://competitor.com/deal now", "https://competitor.com/deal"),
        ("Try https://shop.competitor.com/deal now", "https://shop.competitor.com/deal"),
        ("Try competitor.com now", "competitor.com"),
        ("Try WWW.Competitor.COM now", "WWW.Competitor.COM"),
        ("Try (https://competitor.com/x).", "https://competitor.com/x"),
    ],
)
def test_denied(text: str, excerpt: str) -> None:
    (f,) = check("links", text, deny=["competitor.com"])
    assert f.rule == "t.rule.denied"
    assert f.excerpt == excerpt
    assert "competitor.com is on the deny list" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "Try https://notcompetitor.com/deal",
        "Try https://competitor.com.evil.io",
        "Mail me@competitor.com",  # an email address is not a link
        "Try https://acme.com/competitor.com",
    ],
)
def test_not_denied(text: str) -> None:
    assert check("links", text, deny=["competitor.com"]) == []


def test_allow_list() -> None:
    fs = check(
        "links", "https://acme.com, https://shop.acme.com and https://evil.io", allow=["acme.com"]
    )
    assert [(f.rule, f.excerpt) for f in fs] == [("t.rule.not-allowed", "https://evil.io")]


def test_shorteners() -> None:
    (f,) = check("links", "Try https://bit.ly/abc")
    assert (f.rule, f.excerpt) == ("t.rule.shortener", "https://bit.ly/abc")
    assert check("links", "Try https://bit.ly/abc", shorteners=False) == []
    # a shortener is reported as a shortener even with an allow list
    assert codes(check("links", "Try https://bit.ly/abc", allow=["acme.com"])) == ["shortener"]


def test_utm_required_without_defaults() -> None:
    (f,) = check("links", "Shop https://acme.com/sale", **UTM)
    assert f.rule == "t.rule.utm"
    assert f.message.endswith("missing utm_source, utm_medium.")
    assert f.fix is None


def test_utm_required_with_defaults_fix() -> None:
    rule = {**UTM, "utm_defaults": {"utm_source": "instagram", "utm_medium": "social media"}}
    text = "Shop https://acme.com/sale?x=1."
    (f,) = check("links", text, **rule)
    assert fixed(text, [f]) == (
        "Shop https://acme.com/sale?x=1&utm_source=instagram&utm_medium=social+media."
    )
    assert check("links", fixed(text, [f]), **rule) == []


def test_utm_fix_keeps_the_fragment() -> None:
    rule = {**UTM, "utm_defaults": {"utm_source": "x", "utm_medium": "y"}}
    text = "See https://acme.com/sale#top"
    (f,) = check("links", text, **rule)
    assert f.fix.replacement == "https://acme.com/sale?utm_source=x&utm_medium=y#top"


def test_utm_present_or_other_domain() -> None:
    assert check("links", "https://acme.com/?utm_source=a&utm_medium=b", **UTM) == []
    assert check("links", "https://example.org/sale", **UTM) == []


def test_post_links_entries() -> None:
    post = {"links": ["https://competitor.com/x", "https://acme.com"]}
    (f,) = check("links", "No link here", post=post, deny=["competitor.com"])
    assert (f.field, f.excerpt, f.start, f.end) == ("links[0]", "https://competitor.com/x", 0, 0)


def test_post_link_also_in_text_is_reported_once() -> None:
    post = {"links": ["https://competitor.com/x"]}
    fs = check("links", "See https://competitor.com/x", post=post, deny=["competitor.com"])
    assert [f.field for f in fs] == ["text"]


def test_post_links_utm_has_no_fix() -> None:
    rule = {**UTM, "utm_defaults": {"utm_source": "x", "utm_medium": "y"}}
    (f,) = check("links", "hi", post={"links": ["https://acme.com/a"]}, **rule)
    assert (f.field, f.fix) == ("links[0]", None)
