"""The claim rule kind: an effect said of a target over the word view, in any decoration."""

from __future__ import annotations

import pytest

from brandguard import Checker, Post
from brandguard.lexicon import Lexicon
from brandguard.normalize import Normalized
from brandguard.policy import load_policy
from brandguard.rules.base import RuleContext
from brandguard.rules.claim import ClaimRule
from brandguard.words import segment_hashtag, term_words, word_stream

VOCAB = {
    "en": {
        "effects": ["cure", "less", "no more", "boost", "lose", "lost"],
        "after": ["relief", "is gone"],
        "question": ["suffer from", "suffer with"],
        "unless": ["help us", "research"],
        "exempt": ["always read the label"],
        "authorised": ["contributes to the normal function of the immune system"],
        "target": {
            "disease": ["diabetes", "anxiety", "ibs", "eczema", "cancer"],
            "function": ["immune system", "stress", "bloating"],
            "amount": ["0 kg", "0 kgs", "0 lbs"],
        },
        "alternatives": {"immune system": "Say 'contributes to the normal function of the immune system'."},
    },
    "de": {"effects": ["heil*", "gegen"], "target": {"disease": ["erkältung*"]}},
}


def rule(**kw) -> ClaimRule:
    base = {
        "id": "t.claim",
        "claims": VOCAB,
        "classes": {"disease": "error", "function": "warning", "amount": "error"},
    }
    return ClaimRule(**{**base, **kw})


def found(text: str, *, locale: str = "en-GB", r: ClaimRule | None = None) -> list[tuple[str, str]]:
    ctx = RuleContext(Post(text=text, locale=locale))
    return [(f.rule, f.excerpt) for f in (r or rule()).check(ctx)]


@pytest.mark.parametrize(
    "text",
    [
        "cures ✨ diabetes",
        "cures #diabetes",
        "Cures *diabetes*",
        'it "cures" "diabetes"',
        "CURES\nDIABETES",
        "cured my husband's diabetes",
        "cures diabetes™",
    ],
)
def test_decoration_between_effect_and_target_is_ignored(text: str) -> None:
    got = found(text)
    assert [r for r, _ in got] == ["t.claim.disease"], got


def test_each_class_reports_at_its_level_and_names_effect_and_target() -> None:
    r = rule()
    ctx = RuleContext(Post(text="Less Stress. Less Anxiety.", locale="en-GB"))
    fs = list(r.check(ctx))
    assert [(f.rule, f.severity.value, f.excerpt) for f in fs] == [
        ("t.claim.function", "warning", "Less Stress"),
        ("t.claim.disease", "error", "Less Anxiety"),
    ]
    assert "Less" in fs[1].message and "Anxiety" in fs[1].message


def test_effect_after_target_and_split_hashtags() -> None:
    assert found("#anxietyrelief") == [("t.claim.disease", "#anxietyrelief")]
    assert found("#AnxietyRelief") == [("t.claim.disease", "#AnxietyRelief")]
    assert found("Day 3: Bloating is GONE") == [("t.claim.function", "Bloating is GONE")]


def test_question_shape_needs_a_question() -> None:
    assert found("Do you suffer with IBS or bloating?? Try it!") == [
        ("t.claim.disease", "suffer with IBS")
    ]
    assert found("I used to suffer with IBS.") == []


def test_amounts_read_any_number() -> None:
    assert found("I lost 8kgs in a month") == [("t.claim.amount", "lost 8kgs")]
    assert found("lose up to 7lbs in 7 days") == [("t.claim.amount", "lose up to 7lbs")]


def test_window_sentence_unless_exempt_authorised() -> None:
    assert found("boost your mornings with great coffee for the whole family immune system") == []
    assert found("No more. Eczema season is here") == []  # a sentence lies between
    assert found("Help us cure cancer: donate today") == []
    assert found("Funding cancer research") == []
    assert found("Cures colds and eczema. Always read the label.") == []
    assert found("Vitamin C contributes to the normal function of the immune system.") == []


def test_suggestion_names_the_authorised_wording() -> None:
    ctx = RuleContext(Post(text="boost your immune system", locale="en-GB"))
    (f,) = rule().check(ctx)
    assert "contributes to the normal function" in (f.suggestion or "")


def test_language_picks_its_vocabulary_with_stems() -> None:
    assert found("Unser Tee heilt Erkältungen", locale="de-DE") == [
        ("t.claim.disease", "heilt Erkältungen")
    ]
    # the German vocabulary does not know English words; English is the fallback elsewhere
    assert found("cures diabetes", locale="de-DE") == []
    assert found("cures diabetes", locale="es-ES") == [("t.claim.disease", "cures diabetes")]
    assert found("cures diabetes", locale="es-ES", r=rule(fallback=None)) == []


def test_a_class_without_targets_is_an_error() -> None:
    with pytest.raises(ValueError, match="no targets"):
        rule(classes={"mystery": "error"})


def test_spans_map_to_the_original_text() -> None:
    text = "Ａ ｎｅｗ tea: it ｃｕｒｅｓ 🌿 diabetes!"
    ctx = RuleContext(Post(text=text, locale="en-GB"))
    (f,) = rule().check(ctx)
    assert text[f.start : f.end] == f.excerpt == "ｃｕｒｅｓ 🌿 diabetes"


def test_word_view() -> None:
    ws = word_stream(Normalized("l’eczéma? Lost 2.5lbs! #MounjaroJourney thegreatvape.com"))
    assert ws.view.text.startswith("l eczema lost 0 lbs")
    assert ws.questions == {0}
    assert term_words("covid-19") == "covid 0" and term_words("heil*") == "heil*"
    assert [w for _, _, w in segment_hashtag("vapebar")] == ["vape", "bar"]


def test_lexicon_stems_match_word_starts_only() -> None:
    lex = Lexicon(["heil*"])
    assert [(h.start, h.end) for h in lex.find("heilt heilung vorheilen")] == [(0, 5), (6, 13)]


def test_packs_load_their_vocabularies_from_lexicons() -> None:
    policy = load_policy("builtin:packs/uk-cap")
    claim = next(r for r in policy.rules if r.id == "cap.health-claim")
    assert isinstance(claim, ClaimRule)
    assert {"en", "de", "fr", "es", "it", "nl", "pl", "pt"} <= set(claim.claims)
    assert claim.claims["en"].target["disease"]


def test_the_gate_changes_no_result_on_any_shipped_case(monkeypatch) -> None:
    """Gate (skip the word view when none of a rule's words occurs) is a speed hint only: on
    every shipped case, with every pack, the findings are the same with it and without it."""
    import json
    from pathlib import Path

    from brandguard import Checker
    from brandguard.words import Gate

    root = Path(__file__).parents[1] / "evals" / "datasets"
    posts = []
    for f in sorted(root.rglob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                posts.append(Post(text=r["text"], locale=r.get("locale") or "en-US"))

    def findings() -> list[list[tuple[str, int, int]]]:
        c = Checker("builtin:examples/global-brand-all-markets", judges=False)
        return [sorted((f.rule, f.start, f.end) for f in c.check(p).findings) for p in posts]

    gated = findings()
    monkeypatch.setattr(Gate, "might_match", lambda self, text: True)
    assert findings() == gated


@pytest.mark.parametrize(
    ("text", "locale", "excerpt"),
    [
        ("Our balm relieves tendinitis in days", "en-GB", "relieves tendinitis"),
        ("Hilft bei Blasenentzündung und Harnwegsinfektionen", "de-DE", "Hilft bei Blasenentzündung"),
        ("Gegen Harnwegsinfektionen: unser Tee", "de-DE", "Gegen Harnwegsinfektionen"),
        ("Verlicht spierpijn na het sporten", "nl-NL", "Verlicht spierpijn"),
    ],
)
def test_disease_names_by_their_endings(text: str, locale: str, excerpt: str) -> None:
    v = Checker(policy="builtin:examples/global-brand-all-markets").check(
        Post(text=text, locale=locale)
    )
    assert [f.excerpt for f in v.findings if f.rule.endswith("disease")] == [excerpt]


def test_words_that_only_end_like_a_disease_are_not_one() -> None:
    c = Checker(policy="builtin:examples/global-brand-all-markets")
    for text in ("Pure nostalgia: relive the 90s with our retro range",
                 "Improve your diagnosis skills with our course",
                 "Our support team shows real empathy"):
        assert not [f for f in c.check(Post(text=text, locale="en-GB")).findings
                    if "claim" in f.rule], text


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("I haven't had a migraine since I started these drops", "haven't had a migraine"),
        ("No more sleepless nights with our magnesium gummies", "No more sleepless nights"),
    ],
)
def test_testimonials_of_a_condition_gone(text: str, excerpt: str) -> None:
    v = Checker(policy="builtin:examples/global-brand-all-markets").check(
        Post(text=text, locale="en-GB")
    )
    assert [f.excerpt for f in v.findings if f.rule.endswith("disease")] == [excerpt]
    holiday = "I haven't had a holiday in years, so this trip is special"
    assert not Checker(policy="builtin:examples/global-brand-all-markets").check(
        Post(text=holiday, locale="en-GB")
    ).findings


def test_words_that_silence_only_after_the_target() -> None:
    """'cancer patients' and 'flu season' are not claims; 'patients' before an effect does not
    silence it ('... mild patients, especially in relieving fever')."""
    c = Checker(policy="builtin:examples/global-brand-all-markets")
    for quiet in ("Support cancer patients this Christmas", "Flu season is here: book your jab"):
        assert not c.check(Post(text=quiet, locale="en-GB")).findings, quiet
    v = c.check(Post(text="Curative in mild patients, especially in relieving fever", locale="en-US"))
    assert [f.excerpt for f in v.findings] == ["relieving fever"]


def test_medical_level_caps_a_claim_in_a_post_about_a_medical_service() -> None:
    vocab = {"en": {**VOCAB["en"], "medical": ["our hospital"]}}
    r = rule(claims=vocab, medical_level="warning")
    ctx = RuleContext(Post(text="Our hospital: less anxiety, less stress.", locale="en-GB"))
    assert [(f.rule, f.severity.value) for f in r.check(ctx)] == [
        ("t.claim.disease", "warning"),
        ("t.claim.function", "warning"),
    ]
    ctx = RuleContext(Post(text="Our tea: less anxiety.", locale="en-GB"))
    assert [f.severity.value for f in r.check(ctx)] == ["error"]
    r = rule(claims=vocab)  # no medical_level: no cap
    ctx = RuleContext(Post(text="Our hospital: less anxiety.", locale="en-GB"))
    assert [f.severity.value for f in r.check(ctx)] == ["error"]


def test_words_between_effect_and_target_make_it_no_product_claim() -> None:
    """A ``between`` term between the effect and its target ('fight the spread of COVID-19')
    silences that pair only: the same effect said of the disease directly is a claim."""
    vocab = {"en": {**VOCAB["en"], "effects": [*VOCAB["en"]["effects"], "fight"],
                    "between": ["the spread of"]}}
    r = rule(claims=vocab)
    assert found("Masks help fight the spread of cancer", r=r) == []
    assert found("Our tea helps fight cancer", r=r) == [("t.claim.disease", "fight cancer")]
    without = rule(claims={"en": {**vocab["en"], "between": []}})
    assert found("Masks help fight the spread of cancer", r=without) == [
        ("t.claim.disease", "fight the spread of cancer")
    ]


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Hilft bei Reizdarm. Medizinprodukt. Gebrauchsanweisung lesen.", "de-DE"),
        ("Hierbij helpt Kijimea Prikkelbare Darm. Medisch hulpmiddel. Lees voor gebruik de "
         "gebruiksaanwijzing.", "nl-NL"),
    ],
)
def test_a_medicine_or_device_ad_is_not_a_food_claim(text: str, locale: str) -> None:
    """Directive 2001/83/EC Art. 89(1)(b) (the package-leaflet invitation) and Regulation (EU)
    2017/745 mark a medicine's or a device's ad: Reg. 1924/2006 does not apply to it."""
    c = Checker(policy="builtin:packs/eu-nhcr")
    assert not c.check(Post(text=text, locale=locale)).findings
    food = text.split(".")[0] + "."
    assert c.check(Post(text=food, locale=locale)).blocked
