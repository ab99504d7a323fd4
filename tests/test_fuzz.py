"""Fuzz and property tests (issue 11): whatever the bytes of a JSONL line, the stream yields
exactly one record per line, in order; whatever a policy holds, it loads or fails with a
PolicyError naming the problem, in bounded time; and no checked post exceeds its budget.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from brandguard import Checker, Post
from brandguard.cli import app
from brandguard.policy import PolicyError, lint_policy, policy_from_dict

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
PLATFORMS = ["x", "instagram", "linkedin", "tiktok", "threads", "generic", "myspace", ""]
POST = st.fixed_dictionaries(
    {"text": st.text(max_size=200)},
    optional={
        "platform": st.sampled_from(PLATFORMS),
        "sponsored": st.none() | st.booleans() | st.text(max_size=3),
        "locale": st.sampled_from(["en-US", "de-DE", "fr", "xx-YY", "", "en_GB"]),
        "markets": st.lists(st.sampled_from(["US", "GB", "EU", "DE", "??"]), max_size=3),
        "metadata": JSON,
    },
)


def _line(kind: str, value) -> bytes:
    if kind == "bytes":
        return value.replace(b"\n", b"")
    if kind == "json":
        return json.dumps(value).encode()
    if kind == "surrogates":  # a post whose text holds a lone surrogate, raw (invalid UTF-8)
        return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return json.dumps(value).encode()  # "post": escapes keep it valid whatever the text


LINES = st.lists(
    st.one_of(
        st.tuples(st.just("bytes"), st.binary(max_size=60)),
        st.tuples(st.just("json"), JSON),
        st.tuples(st.just("post"), POST),
        st.tuples(st.just("surrogates"), POST),
    ),
    min_size=1,
    max_size=25,
)


def _expected(lines: list[bytes]) -> int:
    n = 0
    for i, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            n += 1
            continue
        if i == 1:
            text = text.removeprefix("\ufeff")
        n += bool(text.strip())
    return n


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_every_line_yields_one_record_in_order(tmp_path_factory, lines) -> None:
    raws = []
    ids = []
    for i, (kind, value) in enumerate(lines):
        if kind in ("post", "surrogates"):
            value = {**value, "id": f"p{i}"}
        raw = _line(kind, value)
        raws.append(raw)
        ids.append(f"p{i}" if kind in ("post", "surrogates") else None)
    path = tmp_path_factory.mktemp("fuzz") / "in.jsonl"
    path.write_bytes(b"\n".join(raws) + b"\n")
    result = CliRunner().invoke(
        app, ["check", "--input", str(path), "--format", "jsonl", "--no-judges"]
    )
    assert result.exit_code in (0, 1, 2), result.output
    records = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert len(records) == _expected(raws), (raws, result.stdout)
    # order: the records of posts with an id come in input order
    got = [r["id"] for r in records if r["id"] is not None]
    want = [
        i
        for i, raw in zip(ids, raws, strict=True)
        if i is not None and _expected([raw]) and r_is_valid_utf8(raw)
    ]
    assert got == want
    for r in records:
        assert (r["error"] is None) == (r["decision"] in ("pass", "review", "block"))


def r_is_valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


PATTERNS = st.one_of(
    st.sampled_from(
        [
            "(a+)+$",
            r"(\w+\s?)*$",
            "(a|aa)+$",
            "[",
            "(?P<x>",
            r"\p{L}+",
            "guaranteed",
            "(?<=a+)b",
            "",
        ]
    ),
    st.text(alphabet="ab()[]*+?|\\^$.{}0123,wsd", max_size=12),
)
RULE = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["existence", "occurrence", "claim", "pii", "length", "nonsense"]),
        "level": st.sampled_from(["error", "warning", "suggestion", "fatal"]),
        "message": st.text(max_size=20),
    },
    optional={
        "tokens": st.lists(st.text(max_size=10), max_size=4),
        "patterns": st.lists(PATTERNS, max_size=3),
        "prefilter": PATTERNS,
        "token": PATTERNS,
        "max": st.integers(-2, 5),
        "markets": st.lists(st.sampled_from(["US", "GB", "EU", "??", 3]), max_size=2),
        "source": st.text(max_size=10),
        "owner": st.text(max_size=5),
    },
)
POLICY = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=10)},
    optional={
        "version": st.text(max_size=5) | st.integers(),
        "extends": st.lists(
            st.sampled_from(["builtin:default", "builtin:nope", "/dev/zero"]), max_size=2
        ),
        "rules": st.dictionaries(
            st.sampled_from(["a.one", "b.two", "privacy.pii", "c"]), RULE, max_size=4
        ),
        "bogus": st.integers(),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(POLICY, st.text(max_size=2000))
def test_a_random_policy_loads_or_fails_cleanly_and_never_hangs_a_check(
    data: dict, text: str
) -> None:
    t0 = time.monotonic()
    try:
        policy = policy_from_dict(data)
    except PolicyError as exc:
        assert exc.issues and all(str(i) for i in exc.issues)
        return
    finally:
        assert time.monotonic() - t0 < 5.0
    checker = Checker(policy, judges=False, rule_budget=0.2, post_budget=0.6)
    t0 = time.monotonic()
    verdict = checker.check(Post(text=text * 3))
    # the budget plus one rule's overrun and the non-regex work around it
    assert time.monotonic() - t0 < 0.6 + 0.2 + 1.0
    assert verdict.decision.value in ("pass", "review", "block")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(POLICY)
def test_lint_reports_instead_of_raising(tmp_path_factory, data: dict) -> None:
    path = Path(tmp_path_factory.mktemp("lint")) / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    policy, issues = lint_policy(path)
    assert policy is not None or issues


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_is_checked_within_budget_by_the_all_markets_policy(text: str) -> None:
    checker = _all_markets()
    t0 = time.monotonic()
    verdict = checker.check(Post(text=text))
    assert time.monotonic() - t0 < checker.post_budget
    assert not [f for f in verdict.findings if f.rule == "rule.timeout"]
    for f in verdict.findings:
        assert 0 <= f.start <= f.end <= len(text) and f.excerpt == text[f.start : f.end]


_CHECKER: list[Checker] = []


def _all_markets() -> Checker:
    if not _CHECKER:
        _CHECKER.append(Checker("builtin:examples/global-brand-all-markets", judges=False))
    return _CHECKER[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab cz0123456789@$!|€.-#é", max_size=40))
def test_the_leet_view_reads_exactly_the_tokens_the_regex_would(text: str) -> None:
    """The fast token reader equals the plain regex substitution it replaced."""
    import re

    from brandguard import normalize

    tokens = re.compile(r"[a-z0-9@$!|€]+")
    assert normalize._read_leet_tokens(text) == tokens.sub(
        lambda m: normalize._read_token(m.group()), text
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab c#*_"~|✨🙌™é  .-д“', max_size=40))
def test_the_decoration_runs_equal_the_regex_that_defines_them(text: str) -> None:
    import regex

    from brandguard import normalize

    runs = regex.compile(
        r"[ ]*(?:[#*_\"~^`|=<>\[\]{}“”\p{So}\p{Sk}\p{Cs}\p{Co}\p{Me}\ufe0f]+[ ]*)+|[ ]{2,}"
    )
    want = [m.span() for m in runs.finditer(text)]
    assert [m.span() for m in normalize._DECOR_RUNS.finditer(text)] == want


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab A#&;%4f1x é✨\t\n\r\x0b  \u00a0", max_size=40))
def test_the_fold_finds_exactly_the_spans_of_the_alternation_that_defines_them(text: str) -> None:
    """The fold's one-class-first pattern equals the plain alternation it replaced."""
    import re

    from brandguard import normalize

    want = [m.span() for m in re.finditer(normalize._SPECIAL_REFERENCE, text)]
    assert [m.span() for m in normalize._SPECIALS.finditer(text)] == want


_IBANISH = st.lists(
    st.sampled_from(
        ["de89", "gb82", "fr14", " ", "3704", "0044", "0532", "0130", "00", "x", "é1", "-"]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_IBANISH)
def test_the_iban_finder_equals_the_pattern_tried_everywhere(text: str) -> None:
    from brandguard.recognizers import iban

    assert [m.span() for m in iban.ibans(text)] == [m.span() for m in iban.IBAN.finditer(text)]


_PHONEISH = st.lists(
    st.sampled_from(
        [
            "+44 20 7946 0958",
            "020 7946 0958",
            "(415) 555-2671",
            "415.555.2671",
            "+1 415 555 2671 ext. 12",
            "06 12 34 56 78",
            "+49 30 901820",
            "0171 1234567",
            "call ",
            "me at ",
            "on ",
            " ",
            "12",
            "345",
            "-",
            "/",
            "(",
            ") ",
            "x",
            "ab",
            "at 12:30 ",
            "2024-01-05 ",
        ]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PHONEISH, st.sampled_from(["US", "GB", "FR", "DE"]))
def test_phone_windows_find_what_the_whole_text_finds(text: str, region: str) -> None:
    """Looking for phone numbers only near runs of seven digits finds every number that
    reading the whole text would find (the windows never cut one)."""
    import phonenumbers

    from brandguard.recognizers import phone

    assume(phone.PHONE_HINT.search(text) is not None)
    whole = [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    ]
    windowed = [
        (a + m.start, a + m.end)
        for a, b in phone.phone_windows(text)
        for m in phonenumbers.PhoneNumberMatcher(
            text[a:b], region, leniency=phonenumbers.Leniency.VALID
        )
    ]
    assert windowed == whole


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab-é д1\r\n\n ", max_size=30))
def test_the_broken_word_finder_equals_the_regex_that_defines_it(text: str) -> None:
    from brandguard import normalize

    want = [m.span() for m in normalize._BROKEN_WORD.finditer(text)]
    assert [m.span() for m in normalize._BROKEN_WORDS.finditer(text)] == want
