"""Small helpers shared by the rule tests."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest

# The compiled-policy cache (brandguard.policy.cache) of this test run, never the user's;
# subprocesses (the CLI tests) inherit it.
os.environ.setdefault("BRANDGUARD_CACHE_DIR", tempfile.mkdtemp(prefix="brandguard-test-cache-"))

from brandguard.policy.registry import rule_class
from brandguard.post import Post
from brandguard.rules.base import Rule, RuleContext
from brandguard.verdict import Finding, Verdict, apply_fixes


def make_rule(kind: str, **config: Any) -> Rule:
    """Build a rule of ``kind`` the way the policy loader does."""
    return rule_class(kind).model_validate({"kind": kind, "id": "t.rule", **config})


def make_post(text: str | Post, **fields: Any) -> Post:
    if isinstance(text, Post):
        return text.model_copy(update=fields) if fields else text
    return Post(text=text, **fields)


def run(rule: Rule, text: str | Post, **fields: Any) -> list[Finding]:
    """Run ``rule`` on a post (respecting its scope) and check every span invariant."""
    post = make_post(text, **fields)
    if not rule.applies(post):
        return []
    findings = list(rule.check(RuleContext(post)))
    for f in findings:
        assert 0 <= f.start <= f.end, f
        if f.field == "text":
            assert f.end <= len(post.text), f
            assert post.text[f.start : f.end] == f.excerpt, (f, post.text[f.start : f.end])
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= len(post.text), f
    return findings


def check(kind: str, text: str | Post, /, *, post: dict[str, Any] | None = None, **config: Any):
    """Build a rule of ``kind`` from ``config`` and run it on ``text``."""
    return run(make_rule(kind, **config), text, **(post or {}))


def checked(checker: Any, text: str, /, *, every_field: bool = False, **fields: Any) -> Verdict:
    """Check a post with a whole policy and assert that each finding's span is its excerpt
    (findings about the text; with ``every_field``, all findings)."""
    post = Post(text=text, **fields)
    v = checker.check(post)
    for f in v.findings:
        if every_field or f.field == "text":
            assert post.text[f.start : f.end] == f.excerpt, f
    return v


_ALL_MARKETS: list[Any] = []


def decide_all_markets(text: str, locale: str, **fields: Any) -> tuple[str, set[str]]:
    """The decision and rule ids of ``builtin:examples/global-brand-all-markets`` (rules
    only) for an Instagram post aimed at its locale's market."""
    if not _ALL_MARKETS:
        from brandguard import Checker

        _ALL_MARKETS.append(Checker("builtin:examples/global-brand-all-markets", judges=False))
    market = locale.split("-")[1]
    fields = {"locale": locale, "markets": [market], "platform": "instagram", **fields}
    v = checked(_ALL_MARKETS[0], text, **fields)
    return v.decision.value, {f.rule for f in v.findings}


def excerpts(findings: list[Finding]) -> list[str]:
    return [f.excerpt for f in findings]


def fixed(text: str, findings: list[Finding]) -> str:
    return apply_fixes(text, [f.fix for f in findings if f.fix is not None])


@pytest.fixture
def rule_factory():
    return make_rule
