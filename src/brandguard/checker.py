"""The checker: runs a policy's rules over posts and decides."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .policy import Policy, load_policy
from .post import Post
from .rules.base import RuleContext
from .verdict import Decision, Finding, Severity, Verdict

__all__ = ["Checker", "check"]


class Checker:
    """Checks posts against one resolved policy.

    ``Checker()`` uses the built-in default policy; pass a :class:`Policy`, a path to a policy
    YAML file, or ``"builtin:NAME"``. A checker is immutable and safe to share across threads.
    """

    def __init__(self, policy: Policy | str | Path | None = None) -> None:
        self.policy: Policy = policy if isinstance(policy, Policy) else load_policy(policy)
        self._ref = self.policy.ref

    def check(self, post: Post | str, **fields: Any) -> Verdict:
        """Check one post. A plain string is the post text; ``fields`` fill the other Post fields."""
        if isinstance(post, str):
            post = Post(text=post, **fields)
        elif fields:
            post = post.model_copy(update=fields)
        t0 = time.perf_counter()
        ctx = RuleContext(post)
        findings: list[Finding] = []
        for rule in self.policy.rules:
            if not rule.applies(post):
                continue
            try:
                findings.extend(rule.check(ctx))
            except Exception as exc:  # a broken rule must never turn into a silent pass
                findings.append(
                    Finding(
                        rule=f"{rule.id}.crashed",
                        severity=Severity.WARNING,
                        message=f"Rule {rule.id} failed on this post ({type(exc).__name__}: {exc}); "
                        "the post needs a human review.",
                        start=0,
                        end=0,
                        excerpt="",
                        suggestion="Report this to the policy owner.",
                        source=rule.source,
                        owner=rule.owner,
                    )
                )
        t1 = time.perf_counter()
        findings = _dedupe(findings)
        return Verdict(
            id=post.id,
            decision=Decision.from_findings(findings),
            findings=findings,
            policy=self._ref,
            timings={
                "rules_ms": round((t1 - t0) * 1000, 3),
                "total_ms": round((time.perf_counter() - t0) * 1000, 3),
            },
        )

    async def acheck(self, post: Post | str, **fields: Any) -> Verdict:
        """Async variant of :meth:`check` (rules are CPU-bound and run inline)."""
        return self.check(post, **fields)

    def check_many(self, posts: Iterable[Post | str]) -> list[Verdict]:
        """Check posts in order; one verdict per post."""
        return [self.check(p) for p in posts]

    async def acheck_many(
        self, posts: Iterable[Post | str], *, concurrency: int = 8
    ) -> list[Verdict]:
        """Check posts concurrently (bounded), keeping input order."""
        sem = asyncio.Semaphore(concurrency)

        async def one(p: Post | str) -> Verdict:
            async with sem:
                return await self.acheck(p)

        return list(await asyncio.gather(*(one(p) for p in posts)))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.start, f.end, f.field)
        if key not in seen:
            seen.add(key)
            out.append(f)
    out.sort(key=lambda f: (f.field != "text", f.start, -f.severity.rank, f.end, f.rule))
    return out


_DEFAULT: Checker | None = None


def check(text: str, *, policy: Policy | str | Path | None = None, **fields: Any) -> Verdict:
    """One-off check: ``brandguard.check("text", platform="x", sponsored=True)``."""
    global _DEFAULT
    if policy is None:
        if _DEFAULT is None:
            _DEFAULT = Checker()
        checker = _DEFAULT
    else:
        checker = Checker(policy)
    return checker.check(Post(text=text, **fields))
