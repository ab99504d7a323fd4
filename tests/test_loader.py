"""Policy loading: extends layering, overrides, disable, and errors with file, line, field."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest

from brandguard.policy import PolicyError, lint_policy, load_policy, policy_from_dict
from brandguard.policy.loader import builtin_policies


def write(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(body), encoding="utf-8")
    return p


BASE = """\
name: base
version: "1"
rules:
  acme.words:
    kind: existence
    level: warning
    tokens: [synergy]
    message: "'%s' is jargon."
    source: https://example.com/style
    owner: brand
"""


def issues_of(path: Path) -> list[tuple[int | None, str, str]]:
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    return [(i.line, i.field, i.message) for i in exc.value.issues]


def test_default_policy_loads_and_every_rule_is_cited() -> None:
    policy = load_policy()
    assert policy.name == "brandguard-default"
    assert "default" in builtin_policies()
    assert len(policy.rules) >= 10
    for rule in policy.rules:
        assert rule.owner, rule.id
        assert rule.source or type(rule).cites_own_source, rule.id
    _, issues = lint_policy("builtin:default")
    assert issues == []


def test_rules_are_ordered_cheapest_first() -> None:
    costs = [type(r).cost for r in load_policy().rules]
    assert costs == sorted(costs)


def test_extends_override_and_disable(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        """\
        name: child
        version: "2"
        extends: [base.yaml, builtin:default]
        disable: [profanity.strong, "style.*"]
        rules:
          acme.words:
            level: error
          finance.promissory:
            level: warning
            owner: compliance-us
    """,
    )
    policy = load_policy(child)
    ids = {r.id for r in policy.rules}
    assert "acme.words" in ids and "ftc.disclosure" in ids
    assert "profanity.strong" not in ids and "style.shouting" not in ids
    words = policy.rule("acme.words")
    assert words.level == "error"
    assert words.tokens == ["synergy"]  # untouched fields come from the parent
    promissory = policy.rule("finance.promissory")
    assert promissory.level == "warning" and promissory.owner == "compliance-us"
    assert promissory.source.startswith("https://www.finra.org")
    # name and version belong to the file, not to what it extends
    assert (policy.name, policy.version) == ("child", "2")
    # every file, in the order applied: the default is itself composed from the packs
    assert policy.files[0] == str(tmp_path / "base.yaml")
    assert policy.files[-2:] == ["builtin:default", str(child)]
    assert "builtin:packs/us-ftc" in policy.files


def test_sha256_changes_with_content_and_is_stable(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", BASE)
    h1 = load_policy(a).sha256
    assert h1 == load_policy(a).sha256
    write(tmp_path, "a.yaml", BASE.replace("synergy", "leverage"))
    assert load_policy(a).sha256 != h1


def test_every_error_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    bad = write(
        tmp_path,
        "bad.yaml",
        """\
        name: bad
        extends: [base.yaml]
        rules:
          acme.bad:
            kind: existence
            level: critical
            tokens: [x]
            patterns: ["(unclosed"]
          acme.nokind:
            level: error
          acme.occ:
            kind: occurrence
            count: hashtags
            mx: 3
          acme.typo:
            kind: existance
    """,
    )
    found = issues_of(bad)
    assert (
        6,
        "rules.acme.bad.level",
        "Input should be 'suggestion', 'warning' or 'error'",
    ) in found
    assert any(
        line == 8 and field == "rules.acme.bad.patterns" and "regular expression" in msg
        for line, field, msg in found
    )
    assert any(
        line == 9 and field == "rules.acme.nokind" and "needs 'kind'" in msg
        for line, field, msg in found
    )
    assert any(
        line == 14 and field == "rules.acme.occ.mx" and "unknown field" in msg
        for line, field, msg in found
    )
    assert any(
        line == 16 and field == "rules.acme.typo.kind" and "existance" in msg
        for line, field, msg in found
    )


def test_error_string_names_file_and_line(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "p.yaml",
        """\
        name: p
        rules:
          r1:
            kind: occurrence
            count: hashtags
    """,
    )
    with pytest.raises(PolicyError) as exc:
        load_policy(bad)
    assert str(exc.value).startswith(f"{bad}:3: rules.r1")
    assert "set 'max' or 'min'" in str(exc.value)


def test_nested_field_error_points_at_its_line(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "p.yaml",
        """\
        name: p
        rules:
          blackout:
            kind: schedule
            windows:
              - name: quiet
                start: 2026-01-01T00:00:00Z
                end: 2026-01-02T00:00:00Z
              - name: broken
                tz: Mars/Olympus
                from: "22:00"
                to: "06:00"
    """,
    )
    found = issues_of(bad)
    assert any(
        line == 10 and field == "rules.blackout.windows[1].tz" for line, field, _ in found
    ), found


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    bad = write(tmp_path, "p.yaml", "name: p\nrules:\n  r1: {kind: existence, tokens: [a\n")
    found = issues_of(bad)
    assert found[0][0] is not None and "invalid YAML" in found[0][2]


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "p.yaml",
        """\
        name: p
        rules:
          r1: {kind: existence, tokens: [a]}
          r1: {kind: existence, tokens: [b]}
    """,
    )
    assert issues_of(bad) == [(4, "rules.r1", "duplicate key")]


def test_missing_and_circular_extends(tmp_path: Path) -> None:
    missing = write(tmp_path, "m.yaml", "name: m\nextends: [nope.yaml]\n")
    assert "policy file not found" in issues_of(missing)[0][2]
    write(tmp_path, "a.yaml", "name: a\nextends: [b.yaml]\n")
    b = write(tmp_path, "b.yaml", "name: b\nextends: [a.yaml]\n")
    found = issues_of(b)
    assert "circular extends" in found[0][2]
    unknown = write(tmp_path, "u.yaml", "name: u\nextends: [builtin:nope]\n")
    assert "no built-in policy 'nope'" in issues_of(unknown)[0][2]


def test_unknown_top_level_key_and_missing_name(tmp_path: Path) -> None:
    bad = write(tmp_path, "p.yaml", "rule:\n  x: {}\n")
    found = issues_of(bad)
    line, field, message = next(i for i in found if i[1] == "rule")
    assert (line, field) == (1, "rule")
    assert message.startswith("unknown top-level key (allowed: description, disable, extends, ")
    assert all(k in message for k in ("name", "rules", "summary", "voice", "judges"))
    assert any(field == "name" for _, field, _ in found)


def test_yaml_12_booleans_only(tmp_path: Path) -> None:
    # "no" and "on" stay strings (Norway's locale code, a token), true/false are booleans
    p = write(
        tmp_path,
        "p.yaml",
        """\
        name: p
        rules:
          r1:
            kind: existence
            tokens: [no, on, off]
            ignorecase: true
    """,
    )
    assert load_policy(p).rule("r1").tokens == ["no", "on", "off"]


def test_lint_warns_for_missing_source_owner_and_dead_disable(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "p.yaml",
        """\
        name: p
        disable: [ghost.*]
        rules:
          r1:
            kind: existence
            tokens: [a]
    """,
    )
    policy, issues = lint_policy(p)
    assert policy is not None
    got = {(i.level, i.line, i.field) for i in issues}
    assert ("warning", 2, "disable[0]") in got
    assert ("warning", 4, "rules.r1.source") in got
    assert ("warning", 4, "rules.r1.owner") in got


def test_policy_from_dict() -> None:
    policy = policy_from_dict(
        {
            "name": "inline",
            "extends": ["builtin:default"],
            "rules": {"x.words": {"kind": "existence", "tokens": ["foo"], "level": "error"}},
        }
    )
    assert policy.rule("x.words").level == "error"
    assert policy.rule("ftc.disclosure")


def test_redefining_a_rule_with_another_kind_replaces_it(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    p = write(
        tmp_path,
        "p.yaml",
        """\
        name: p
        extends: [base.yaml]
        rules:
          acme.words:
            kind: substitution
            swap: {synergy: teamwork}
    """,
    )
    rule = load_policy(p).rule("acme.words")
    assert rule.kind == "substitution" and rule.swap == {"synergy": "teamwork"}


def test_yaml_aliases_are_refused_before_they_expand(tmp_path: Path) -> None:
    # a "billion laughs" file: 9 levels of 9 aliases would expand to ~387 million strings
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for prev, cur in itertools.pairwise(names):
        levels.append(f"{cur}: &{cur} [" + ", ".join(f"*{prev}" for _ in range(9)) + "]")
    bomb = write(tmp_path, "bomb.yaml", "name: bomb\n" + "\n".join(levels) + "\n")
    (line, _field, message), *_ = issues_of(bomb)
    assert "YAML aliases" in message and line is not None
    small = write(
        tmp_path, "alias.yaml", "name: a\nx: &t [a]\nrules:\n  r: {kind: existence, tokens: *t}\n"
    )
    assert any("YAML aliases" in m for _, _, m in issues_of(small))


def test_extends_takes_regular_files_only(tmp_path: Path) -> None:
    p = write(tmp_path, "z.yaml", "name: z\nextends: [/dev/zero]\n")
    assert issues_of(p) == [(2, "extends[0]", "not a regular file: /dev/zero")]
    d = write(tmp_path, "d.yaml", f"name: d\nextends: [{tmp_path}]\n")
    assert issues_of(d)[0][2] == f"not a regular file: {tmp_path}"


def test_a_rule_layers_its_own_terms_on_a_shared_vocabulary() -> None:
    """``{lexicons: prefix, <key>: ...}``: the keys beside ``lexicons`` extend the lists it
    reads (no term twice) and add parts it lacks; the shared lexicons themselves are untouched,
    so another rule reading the same prefix sees only them."""
    from brandguard import Post

    def vocab(extra: dict | None) -> dict:
        return {"lexicons": "v.claims", **(extra or {})}

    base = {
        "name": "layered",
        "lexicons": {
            "v.claims.en.effects": {"source": "https://example.com/a", "terms": ["cures"]},
            "v.claims.en.target.disease": {"source": "https://example.com/a", "terms": ["colds"]},
        },
        "rules": {
            f"x.{n}": {
                "kind": "claim",
                "claims": vocab(extra),
                "classes": {"disease": "error"},
                "source": "https://example.com/rule",
                "owner": "legal",
                "markets": [m],
            }
            for n, extra, m in (
                ("shared", None, "GB"),
                (
                    "layered",
                    {"en": {"effects": ["cures", "ends"], "authorised": ["ends colds fast"]}},
                    "US",
                ),
            )
        },
    }
    policy = policy_from_dict(base)
    layered = policy.rule("x.layered").claims["en"]
    assert layered.effects == ["cures", "ends"] and layered.authorised == ["ends colds fast"]
    shared = policy.rule("x.shared").claims["en"]
    assert shared.effects == ["cures"] and shared.authorised == []
    from brandguard import Checker

    c = Checker(policy, judges=False)
    assert {f.rule for f in c.check(Post(text="It cures colds.", markets=["US"])).findings} == {
        "x.layered.disease"
    }
    assert c.check(Post(text="It ends colds fast.", markets=["US"])).findings == []
    assert (
        c.check(Post(text="It ends colds fast.", markets=["GB"])).findings == []
    )  # no 'ends' there
