"""``disclosure``: sponsored posts need a clear label up front.

Cases paraphrase the FTC's "Disclosures 101 for Social Media Influencers": use simple,
clear words ("#ad", "Ad:", "sponsored", "Thanks Brand for the free product"); not "sp",
"spon", "collab", "thanks" or "ambassador" alone; not behind "more"; not in a pile of hashtags.
"""

from __future__ import annotations

import pytest

from brandguard.policy import load_policy
from brandguard.verdict import Severity
from conftest import check as check_kind
from conftest import fixed

#: The kind has no word lists of its own: these tests run it as the built-in default policy
#: configures it (the us-ftc pack's labels and stand-ins, the shared endorsement signals, the
#: EU ad labels as extra labels), overriding single fields per test.
DEFAULT_CONFIG = (
    load_policy("builtin:default")
    .rule("ftc.disclosure")
    .model_dump(exclude={"id", "kind", "markets", "concern"}, exclude_none=True)
)


def check(kind: str, text, /, *, post=None, **config):
    assert kind == "disclosure"
    return check_kind(kind, text, post=post, **{**DEFAULT_CONFIG, **config})


def disclose(text: str, sponsored: bool | None = True, **post):
    return check("disclosure", text, post={"sponsored": sponsored, **post})


def test_the_kind_needs_labels_from_its_policy() -> None:
    import pydantic

    with pytest.raises(pydantic.ValidationError, match="give the adequate labels"):
        check_kind("disclosure", "#ad hi", post={"sponsored": True})


@pytest.mark.parametrize(
    "text",
    [
        "#ad Loving my new @acme serum",
        "#Ad: Loving my new @acme serum",
        "＃ａｄ Loving my new @acme serum",  # full-width
        "Ad: Loving my new @acme serum",
        "AD | Loving my new @acme serum",
        "[ad] Loving my new @acme serum",
        "Advertisement: my new @acme serum",
        "Sponsored: my new @acme serum",
        "Paid partnership with @acme. Loving my new serum",
        "Thanks to @acme for the free product! Loving it",
        "Thank you Acme for the free sample, it's great",
        "@acme partner here, loving the serum",
        "I'm an @acme ambassador and brand partner. @acme partner",
        "Loving the serum #AcmePartner",
        "This is an ad for @acme: loving the serum",
        "Loving my new @acme serum. #ad",  # at the end of a short post, not in a cluster
    ],
)
def test_adequate_labels_pass(text: str) -> None:
    assert disclose(text) == []


def test_missing_label() -> None:
    text = "Loving my new @acme serum. It glows!"
    (f,) = disclose(text)
    assert f.rule == "t.rule.missing"
    assert f.severity is Severity.ERROR
    assert f.excerpt == "Loving my new @acme serum."
    assert (f.fix.start, f.fix.end, f.fix.replacement) == (0, 0, "#ad ")
    assert fixed(text, [f]) == "#ad Loving my new @acme serum. It glows!"
    assert disclose(fixed(text, [f])) == []


def test_word_ad_in_a_sentence_is_not_a_label() -> None:
    (f,) = disclose("Check out the new ad campaign from @acme")
    assert f.rule == "t.rule.missing"
    (g,) = disclose("I got promoted! Celebrating with @acme")
    assert g.rule == "t.rule.missing"


@pytest.mark.parametrize(
    ("text", "stand_in"),
    [
        ("Loving my new @acme serum #spon", "#spon"),
        ("Loving my new @acme serum #sp", "#sp"),
        ("Loving my new @acme serum, collab!", "collab"),
        ("Loving my new @acme serum. Thanks @acme!", "Thanks"),
        ("Thanks @acme ❤️", "Thanks"),
        ("Loving my new @acme serum #ambassador", "#ambassador"),
    ],
)
def test_inadequate_stand_ins(text: str, stand_in: str) -> None:
    (f,) = disclose(text)
    assert f.rule == "t.rule.inadequate"
    assert f.excerpt == stand_in
    assert f.fix is not None
    assert disclose(fixed(text, [f])) == []


def test_inadequate_hashtag_is_replaced_in_place() -> None:
    text = "#spon Loving my new @acme serum"
    (f,) = disclose(text)
    assert (f.fix.start, f.fix.end, f.fix.replacement) == (0, 5, "#ad")


def test_below_instagram_fold_by_characters() -> None:
    text = (
        "Loving my new serum from @acme, it makes my skin glow and I use it every single "
        "morning and night without fail. Seriously the best #ad"
    )
    assert text.index("#ad") > 125
    (f,) = disclose(text, platform="instagram")
    assert f.rule == "t.rule.below-fold"
    assert f.excerpt == "#ad"
    assert (f.fix.start, f.fix.replacement) == (0, "#ad ")
    # the same post on a platform without a fold is fine
    assert disclose(text, platform="x") == []


def test_label_cut_by_the_fold_is_below_it() -> None:
    text = "x" * 123 + " #ad and more"
    assert text.index("#ad") == 124  # "#" visible, "ad" behind "more"
    (f,) = disclose(text, platform="instagram")
    assert f.rule == "t.rule.below-fold"


def test_below_instagram_fold_after_third_line() -> None:
    text = "Loving my new serum\nfrom @acme\nit glows\n#ad so good"
    (f,) = disclose(text, platform="instagram")
    assert f.rule == "t.rule.below-fold"
    assert f.excerpt == "#ad"
    assert (
        disclose("#ad Loving my new serum\nfrom @acme\nit glows\nso good", platform="instagram")
        == []
    )


def test_fold_override() -> None:
    text = "Loving my new serum from @acme #ad"
    assert disclose(text, platform="x") == []
    check_rule = check(
        "disclosure", text, post={"sponsored": True, "platform": "x"}, fold={"x": 10}
    )
    assert [f.rule for f in check_rule] == ["t.rule.below-fold"]


@pytest.mark.parametrize(
    "text",
    [
        "Loving my new serum from @acme! #skincare #glow #ad #beauty",
        "Loving my new serum from @acme! #ad #skincare #glow #beauty",  # trailing cluster
        "#skincare #glow #ad Loving my new serum from @acme!",  # not first in the cluster
    ],
)
def test_buried_in_hashtag_cluster(text: str) -> None:
    (f,) = disclose(text)
    assert f.rule == "t.rule.buried"
    assert f.excerpt == "#ad"
    assert (f.fix.start, f.fix.end, f.fix.replacement) == (0, 0, "#ad ")


def test_label_first_in_mid_post_cluster_is_fine() -> None:
    assert disclose("#ad #skincare #glow Loving my new serum from @acme") == []


def test_one_clear_label_is_enough_even_with_a_buried_one() -> None:
    assert disclose("#ad Loving @acme! #skincare #glow #ad") == []


def test_unknown_sponsorship_with_endorsement_signals() -> None:
    text = "Loving my new @acme serum, use code GLOW20 for 20% off"
    (f,) = disclose(text, sponsored=None)
    assert f.rule == "t.rule.unknown"
    assert f.severity is Severity.WARNING
    assert f.excerpt == "use code GLOW20"
    assert f.fix is None


@pytest.mark.parametrize(
    "text",
    [
        "Loving my new @acme serum, link in bio",
        "Grab it at https://acme.com/serum?ref=jane @acme",
        "Shop now! My favourite @acme serum",
    ],
)
def test_unknown_other_signals(text: str) -> None:
    (f,) = disclose(text, sponsored=None)
    assert f.rule == "t.rule.unknown"


def test_unknown_brand_by_name() -> None:
    rule = {"brands": ["Acme"]}
    text = "Loving my Acme serum, use code GLOW20"
    assert [f.rule for f in check("disclosure", text, post={"sponsored": None}, **rule)] == [
        "t.rule.unknown"
    ]
    assert check("disclosure", text, post={"sponsored": None}) == []  # no brand, no mention


@pytest.mark.parametrize(
    "text",
    [
        "Loving my new @acme serum",  # a mention, but no code / affiliate link / buy call
        "Had coffee with @bob, the code is clean",
        "Loving my new @acme serum, use code GLOW20 #ad",  # labelled
        "Sunny day at the beach",
    ],
)
def test_unknown_without_signals_or_with_label(text: str) -> None:
    assert disclose(text, sponsored=None) == []


def test_not_sponsored_is_never_flagged() -> None:
    assert disclose("Loving my new @acme serum, use code GLOW20", sponsored=False) == []
    assert disclose("Loving my new @acme serum #spon", sponsored=False) == []


def test_custom_label_and_fix_label() -> None:
    rule = {"labels": ["werbung", "#werbung"], "fix_label": "#Werbung"}
    assert check("disclosure", "#Werbung Mein neues Serum", post={"sponsored": True}, **rule) == []
    (f,) = check("disclosure", "Mein neues Serum", post={"sponsored": True}, **rule)
    assert f.fix.replacement == "#Werbung "


def test_levels_per_code() -> None:
    rule = {"levels": {"missing": "warning"}}
    (f,) = check("disclosure", "Loving it", post={"sponsored": True}, **rule)
    assert f.severity is Severity.WARNING


def test_empty_sponsored_post() -> None:
    (f,) = disclose("")
    assert f.rule == "t.rule.missing"
    assert (f.start, f.end) == (0, 0)


def test_negated_and_ad_free_are_not_labels() -> None:

    f = check(
        "disclosure",
        "Not an ad, just obsessed with @glowco serum, code EMMA20 for 20% off",
        post={"sponsored": None},
    )
    assert [x.rule for x in f] == ["t.rule.unknown"]
    assert f[0].excerpt == "code EMMA20"
    f = check("disclosure", "Ad-free streaming all weekend with @acme", post={"sponsored": True})
    assert [x.rule for x in f] == ["t.rule.missing"]


def test_superscript_label_is_inadequate() -> None:

    f = check(
        "disclosure", "Loving my @glowco night serum ✨ code GLOW20 ᵃᵈ", post={"sponsored": True}
    )
    assert [(x.rule, x.excerpt) for x in f] == [("t.rule.inadequate", "ᵃᵈ")]


@pytest.mark.parametrize(
    "text",
    [
        "Anzeige: Dieses Video wird von @nordwind unterstützt.",
        "Collaboration commerciale avec @velocity_fr : une semaine de test.",
        "#pubblicità Finalmente ho provato la macchina da caffè @caffebrio",
        "#advertentie Mijn nieuwe favoriete sneakers van @loopwerk",
        "Publicidad | Mi nueva crema favorita de @aguaviva",
        "რეკლამა | ჩემი ახალი საყვარელი ყავა @kavalab-ისგან",
    ],
)
def test_local_language_labels(text: str) -> None:

    assert check("disclosure", text, post={"sponsored": True}) == []


def test_local_word_inside_a_sentence_is_no_label() -> None:

    f = check(
        "disclosure",
        "La publicité est partout, mais j'adore @velocity_fr",
        post={"sponsored": True},
    )
    assert [x.rule for x in f] == ["t.rule.missing"]


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        (
            "La borraccia @acquapura mi accompagna. Con il codice SARA10 avete il 10% di sconto!",
            "codice SARA10",
        ),
        ("El sérum de @aguaviva me encanta. Enlace en la bio para comprarlo.", "Enlace en la bio"),
        ("Mein Müsli von @kornfeld, mit dem Rabattcode LENA10 spart ihr.", "Rabattcode LENA10"),
    ],
)
def test_endorsement_signals_in_other_languages(text: str, signal: str) -> None:

    f = check("disclosure", text, post={"sponsored": None})
    assert [(x.rule, x.excerpt) for x in f] == [("t.rule.unknown", signal)]
