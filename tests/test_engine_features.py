"""Engine features the policy packs build on: built-in sub-paths, metadata conditions,
requirements without a trigger, language-aware disclosure, voice word lists as rules."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from brandguard import Checker, PolicyError
from brandguard.policy import lint_policy, load_policy, policy_from_dict
from brandguard.policy.loader import builtin_policies


def test_builtin_names_include_sub_folders() -> None:
    names = builtin_policies()
    assert "default" in names
    assert all(not n.endswith(".yaml") for n in names)
    with pytest.raises(PolicyError, match="no built-in policy 'packs/nope'"):
        load_policy("builtin:packs/nope")
    with pytest.raises(PolicyError):
        load_policy("builtin:../default")


def _c(rules: dict) -> Checker:
    return Checker(policy_from_dict({"name": "t", "rules": rules}))


def test_when_metadata_values_lists_and_missing_keys() -> None:
    c = _c(
        {
            "r": {
                "kind": "existence",
                "level": "error",
                "tokens": ["vote"],
                "when": {"ai_generated": True, "metadata": {"human_reviewed": [False, None]}},
            }
        }
    )
    text = "Remember to vote on Sunday"
    assert c.check(text, ai_generated=True).decision.value == "block"  # key missing = null
    assert (
        c.check(text, ai_generated=True, metadata={"human_reviewed": False}).decision.value
        == "block"
    )
    assert (
        c.check(text, ai_generated=True, metadata={"human_reviewed": True}).decision.value == "pass"
    )
    assert c.check(text, ai_generated=False).decision.value == "pass"
    # 0 is not False: types must match
    assert c.check(text, ai_generated=True, metadata={"human_reviewed": 0}).decision.value == "pass"


def test_conditional_without_first_is_a_requirement_with_prepend_fix() -> None:
    c = _c(
        {
            "ai": {
                "kind": "conditional",
                "level": "warning",
                "when": {"ai_generated": True},
                "second": ["ai-generated", "created with ai"],
                "prepend": "AI-generated: ",
                "message": "AI-generated post without a label: '%s'",
            }
        }
    )
    v = c.check("Polls open at 8am. Bring ID.", ai_generated=True)
    (f,) = v.findings
    assert (f.rule, f.start, f.end, f.excerpt) == ("ai", 0, 18, "Polls open at 8am.")
    assert (
        v.apply_fixes("Polls open at 8am. Bring ID.")
        == "AI-generated: Polls open at 8am. Bring ID."
    )
    assert c.check("AI-generated: polls open at 8am.", ai_generated=True).findings == []
    assert c.check("Polls open at 8am.", ai_generated=False).findings == []


def test_disclosure_in_the_post_language() -> None:
    c = _c(
        {
            "d": {
                "kind": "disclosure",
                "require_post_language": True,
                "language_labels": {"de": ["Werbung", "Anzeige", "#werbung"], "en": ["#ad", "ad"]},
            }
        }
    )
    text = "#ad Mein Lieblingsmüsli von @kornfeld"
    v = c.check(text, sponsored=True, locale="de-DE")
    (f,) = v.findings
    assert (f.rule, f.excerpt, f.severity.value) == ("d.language", "#ad", "error")
    assert v.apply_fixes(text) == "Werbung | #ad Mein Lieblingsmüsli von @kornfeld"
    assert (
        c.check("Werbung | Mein Müsli von @kornfeld", sponsored=True, locale="de-DE").findings == []
    )
    assert c.check("#ad my muesli from @kornfeld", sponsored=True, locale="en-US").findings == []
    # a language without a list is not judged on language
    assert c.check("#ad Mon muesli @kornfeld", sponsored=True, locale="fr-FR").findings == []
    # without require_post_language, any label counts
    loose = _c(
        {"d": {"kind": "disclosure", "labels": ["#ad"], "language_labels": {"de": ["Werbung"]}}}
    )
    assert loose.check(text, sponsored=True, locale="de-DE").findings == []


def test_voice_word_lists_become_rules(tmp_path: Path) -> None:
    p = tmp_path / "brand.yaml"
    p.write_text(
        textwrap.dedent("""\
        name: acme
        voice:
          traits: [calm, plain]
          forbidden_terms: [synergy, game-changer]
          competitors: [Globex]
          preferred_terms: {utilize: use}
          source: https://brand.acme.example/voice
        rules:
          voice.forbidden:
            level: error
    """)
    )
    policy = load_policy(p)
    assert {"voice.forbidden", "voice.competitors", "voice.terminology"} <= {
        r.id for r in policy.rules
    }
    assert policy.rule("voice.forbidden").level == "error"  # overridable by id
    assert policy.rule("voice.competitors").source == "https://brand.acme.example/voice"
    text = "A game-changer: we utilized synergy, unlike Globex"
    v = Checker(policy).check(text)
    got = {(f.rule, f.excerpt) for f in v.findings}
    assert got == {
        ("voice.forbidden", "game-changer"),
        ("voice.forbidden", "synergy"),
        ("voice.competitors", "Globex"),
        ("voice.terminology", "utilized"),
    }
    assert v.apply_fixes(text) == "A game-changer: we used synergy, unlike Globex"
    _, issues = lint_policy(p)
    assert [i for i in issues if i.level == "error"] == []


def test_voice_lists_extend_across_layers_and_can_be_disabled(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("name: base\nvoice:\n  forbidden_terms: [synergy]\n")
    child = tmp_path / "child.yaml"
    child.write_text(
        "name: child\nextends: [base.yaml]\nvoice:\n  forbidden_terms: [synergy, leverage]\n"
        "rules:\n  voice.forbidden: {level: suggestion}\n"
    )
    rule = load_policy(child).rule("voice.forbidden")
    assert rule.tokens == ["synergy", "leverage"] and rule.level == "suggestion"
    off = tmp_path / "off.yaml"
    off.write_text("name: off\nextends: [base.yaml]\ndisable: [voice.*]\n")
    assert not [r for r in load_policy(off).rules if r.id.startswith("voice.")]


def test_voice_errors_have_lines(tmp_path: Path) -> None:
    p = tmp_path / "v.yaml"
    p.write_text("name: x\nvoice:\n  traits: [a]\n  trait: [b]\n  competitors: oops\n")
    with pytest.raises(PolicyError) as exc:
        load_policy(p)
    got = {(i.line, i.field) for i in exc.value.issues}
    assert (4, "voice.trait") in got
    assert (5, "voice.competitors") in got


def test_prefilter_skips_the_scan_but_not_a_match() -> None:
    c = _c(
        {
            "perf": {
                "kind": "conditional",
                "level": "warning",
                "first": {"prefilter": "%", "patterns": [r"returned \d+ ?%"]},
                "second": ["past performance"],
            }
        }
    )
    assert [f.excerpt for f in c.check("Our fund returned 18% last year").findings] == [
        "returned 18%"
    ]
    assert [f.excerpt for f in c.check("Our fund returned 18％ last year").findings] == [
        "returned 18％"
    ]
    assert c.check("Our fund returned plenty last year").findings == []
    with pytest.raises(PolicyError, match="prefilter"):
        _c({"p": {"kind": "existence", "tokens": ["a"], "prefilter": "(unclosed"}})
