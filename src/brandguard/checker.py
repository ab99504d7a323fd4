"""The checker: runs a policy's rules, then its LLM judges where asked, merges, decides."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .policy import Policy, load_policy
from .post import Post
from .rules.base import Rule, RuleContext
from .verdict import Citation, Decision, Finding, JudgeReport, Severity, Verdict

if TYPE_CHECKING:
    import asyncio

__all__ = ["MAX_CHARS", "POST_BUDGET_S", "RULE_BUDGET_S", "Checker", "PostTooLarge", "check"]

#: The longest post text checked by default: far above every platform's limit (YouTube's
#: 5,000-character description is the longest), low enough that no post costs seconds.
MAX_CHARS = 100_000
#: Time one rule may take on one post before it stops with a ``rule.timeout`` finding (a
#: review): every shipped rule takes well under a millisecond on a typical post.
RULE_BUDGET_S = 0.5
#: Time all the rules together may take on one post; rules not reached by then are reported
#: in one ``rule.timeout`` finding (a review), never skipped silently.
POST_BUDGET_S = 3.0


class PostTooLarge(ValueError):
    """A post longer than the checker's ``max_chars``: refused, never passed unchecked."""


_LOOP_LOCK = threading.Lock()
_LOOP: asyncio.AbstractEventLoop | None = None
_LOOP_PID = 0


def run_in_judge_loop(coro: Any) -> Any:
    """Run a coroutine on brandguard's own event loop (one daemon thread per process) and wait.

    Chat-model clients keep async HTTP connections that belong to the loop they were first
    used on (langchain-openai even shares them between model objects), so every judge call
    from sync code goes through this one loop; it also works inside notebooks, whose loop is
    already running."""
    import asyncio
    import os

    global _LOOP, _LOOP_PID
    with _LOOP_LOCK:
        # a forked worker inherits the loop object but not its thread: it starts its own
        if _LOOP is None or _LOOP.is_closed() or os.getpid() != _LOOP_PID:
            _LOOP = asyncio.new_event_loop()
            _LOOP_PID = os.getpid()
            threading.Thread(
                target=_LOOP.run_forever, name="brandguard-judges", daemon=True
            ).start()
    return asyncio.run_coroutine_threadsafe(coro, _LOOP).result()


_BUILT: list[bool] = []


def _build_models() -> None:
    """Build the validators of the models every check creates, once per process. They are
    declared with ``defer_build`` (importing brandguard builds nothing), and building one is
    tens of milliseconds: done here, it is never charged to the first rule that reports a
    finding (a rule's time budget is for reading the post)."""
    if _BUILT:
        return
    from .verdict import Citation, Fix, PolicyRef

    for model in (Fix, Citation, Finding, PolicyRef, JudgeReport, Verdict, Post):
        model.model_rebuild()
    _BUILT.append(True)


class Checker:
    """Checks posts against one resolved policy.

    ``Checker()`` uses the built-in default policy; pass a :class:`Policy`, a path to a policy
    YAML file, or ``"builtin:NAME"``.

    LLM judges run when the policy has a ``judges:`` section and a model is configured:
    ``model`` is a LangChain chat model, or an ``init_chat_model`` spec (``"openai:gpt-4.1-mini"``)
    with an optional ``base_url`` for any OpenAI-compatible server; without one,
    ``BRANDGUARD_MODEL`` / ``BRANDGUARD_BASE_URL`` are read. With no model the check runs rules
    only, says so in ``verdict.judges``, and makes no network call. ``cache`` is a path to the
    judge cache (JSONL), ``True`` for the default (``~/.cache/brandguard``), ``False`` for none.
    """

    def __init__(
        self,
        policy: Policy | str | Path | None = None,
        *,
        model: Any = None,
        base_url: str | None = None,
        api_key: str | None = None,
        cache: str | Path | bool = True,
        judges: bool | list[str] = True,
        max_chars: int | None = MAX_CHARS,
        rule_budget: float | None = RULE_BUDGET_S,
        post_budget: float | None = POST_BUDGET_S,
    ) -> None:
        self.policy: Policy = policy if isinstance(policy, Policy) else load_policy(policy)
        self.max_chars = max_chars
        for name, value in (("rule_budget", rule_budget), ("post_budget", post_budget)):
            if value is not None and not value > 0:
                raise ValueError(f"{name} must be a positive number of seconds, or None")
        self.rule_budget = rule_budget
        self.post_budget = post_budget
        self._ref = self.policy.ref
        self._engine: Any = None
        self._skip_reason: str | None = None
        self._model_id: str | None = None
        self._skipped: JudgeReport | None = None
        self._setup_judges(model, base_url, api_key, cache, judges)
        _build_models()

    # -- judges -----------------------------------------------------------------------------
    def _setup_judges(
        self,
        model: Any,
        base_url: str | None,
        api_key: str | None,
        cache: str | Path | bool,
        enabled: bool | list[str],
    ) -> None:
        config = self.policy.judges
        if config is None or not config.enabled():
            self._skip_reason = "the policy runs no judges"
            return
        if not enabled:
            self._skip_reason = "judges turned off"
            return
        if isinstance(enabled, list):  # run only these judges (e.g. one at a time in evals)
            unknown = set(enabled) - set(config.enabled())
            if unknown:
                raise ValueError(
                    f"the policy has no judge {sorted(unknown)} (has: {sorted(config.enabled())})"
                )
            config = config.only(enabled)
        from .judges.models import choose_model

        choice = choose_model(model, base_url=base_url, api_key=api_key, timeout_s=config.timeout_s)
        if choice is None:
            self._skip_reason = (
                "no model configured (set --model, BRANDGUARD_MODEL or Checker(model=...))"
            )
            return
        from .judges.cache import JudgeCache, default_cache_path
        from .judges.engine import JudgeEngine

        store = None
        if cache is not False:
            store = JudgeCache(default_cache_path() if cache is True else Path(cache))
        self._model_id = choice.id
        self._engine = JudgeEngine(
            policy=self.policy,
            config=config,
            model=choice,
            cache=store,
        )
        self._judges_config = config

    @property
    def judges_active(self) -> bool:
        return self._engine is not None

    # -- checking ---------------------------------------------------------------------------
    def _rules(self, post: Post) -> list[Finding]:
        ctx = RuleContext(post)
        findings: list[Finding] = []
        concerns: list[tuple[str, Finding]] = []
        rules = self.policy.rules
        from ._lazyre import stall_seconds

        # Compiling a pattern on its first use and garbage collection are the process's cost,
        # not the post's: the post's clock leaves them out (the rule's too: RuleContext.deadline).
        compiled0 = stall_seconds()
        now = time.monotonic()
        post_deadline = None if self.post_budget is None else now + self.post_budget
        for i, rule in enumerate(rules):
            if not rule.applies(post):
                continue
            now = time.monotonic()
            shift = stall_seconds() - compiled0
            if post_deadline is not None and now - shift >= post_deadline:
                findings.append(self._not_reached([r for r in rules[i:] if r.applies(post)]))
                break
            deadline = None if post_deadline is None else post_deadline + shift
            if self.rule_budget is not None:
                deadline = (
                    now + self.rule_budget
                    if deadline is None
                    else min(deadline, now + self.rule_budget)
                )
            ctx.deadline = deadline
            try:
                found = list(rule.check(ctx))
                if rule.concern is None:
                    findings.extend(found)
                else:
                    concerns.extend((rule.concern, f) for f in found)
            except TimeoutError:
                findings.append(self._timed_out(rule, time.monotonic() - now))
            except Exception as exc:  # a broken rule must never turn into a silent pass
                findings.append(_crashed(rule, exc))
        if concerns:
            findings.extend(_merge_concerns(concerns))
        return findings

    def _timed_out(self, rule: Rule, spent: float) -> Finding:
        budget = "its" if self.rule_budget is None else f"its {self.rule_budget:g} s"
        return _post_finding(
            "rule.timeout",
            f"Rule {rule.id} did not finish within {budget} budget on this post "
            f"(stopped after {spent:.2f} s), so the post was not fully checked; it needs a "
            "human review.",
            f"Review the post by hand; ask the owner of {rule.id} to make its "
            "patterns linear (brandguard policy lint names nested quantifiers).",
            source=rule.source,
            owner=rule.owner,
        )

    def _not_reached(self, rules: list[Rule]) -> Finding:
        names = ", ".join(r.id for r in rules[:10]) + (
            f" and {len(rules) - 10} more" if len(rules) > 10 else ""
        )
        owners = sorted({r.owner for r in rules if r.owner})
        return _post_finding(
            "rule.timeout",
            f"The rules' {self.post_budget:g} s budget for this post ran out before "
            f"{len(rules)} rule(s) ran ({names}), so the post was not fully checked; it needs "
            "a human review.",
            "Review the post by hand, or raise the budget "
            "(Checker(post_budget=...), --time-budget) for very long posts.",
            owner=", ".join(owners) or None,
        )

    def _post(self, post: Post | str, fields: dict[str, Any]) -> Post:
        if isinstance(post, str):
            post = Post(text=post, **fields)
        elif fields:
            post = post.model_copy(update=fields)
        if self.max_chars is not None and len(post.text) > self.max_chars:
            raise PostTooLarge(
                f"the post is {len(post.text):,} characters; the limit is {self.max_chars:,} "
                "(Checker(max_chars=...), --max-chars): it is not checked, so it must not be "
                "published as is"
            )
        return post

    def check(self, post: Post | str, **fields: Any) -> Verdict:
        """Check one post. A plain string is the post text; ``fields`` fill the other Post fields."""
        post = self._post(post, fields)
        if self._engine is None:
            return self._verdict(post, *self._timed_rules(post), None, 0.0)
        return self._run_sync(self.acheck(post))

    def _run_sync(self, coro: Any) -> Any:
        return run_in_judge_loop(coro)

    async def acheck(self, post: Post | str, **fields: Any) -> Verdict:
        """Check one post; the judges (if any) run concurrently and without blocking."""
        post = self._post(post, fields)
        findings, t0, t_rules = self._timed_rules(post)
        if self._engine is None:
            return self._verdict(post, findings, t0, t_rules, None, 0.0)
        report, judge_findings, t_j = await self._run_judges(post, findings)
        return self._verdict(post, findings + judge_findings, t0, t_rules, report, t_j)

    def _timed_rules(self, post: Post) -> tuple[list[Finding], float, float]:
        t0 = time.perf_counter()
        findings = self._rules(post)
        return findings, t0, time.perf_counter()

    async def _run_judges(
        self, post: Post, findings: list[Finding]
    ) -> tuple[JudgeReport, list[Finding], float]:
        engine = self._engine
        config = self._judges_config
        t = time.perf_counter()
        names = engine.applicable(post)
        if not names:
            return (
                JudgeReport(
                    status="skipped",
                    reason="no judge applies to this platform",
                    model=self._model_id,
                ),
                [],
                0.0,
            )
        if config.cascade and Decision.from_findings(findings) is Decision.BLOCK:
            return (
                JudgeReport(
                    status="skipped",
                    reason="the rules already block (cascade)",
                    model=self._model_id,
                ),
                [],
                0.0,
            )
        run = await engine.arun(post, findings)
        extra: list[Finding] = list(run.findings)
        if run.failed and config.fail == "closed":
            for name, error in run.failed.items():
                extra.append(
                    _post_finding(
                        "judge.unavailable",
                        f"The {name} judge could not answer ({error}); a human should review "
                        "what it would have checked.",
                        "Review the post by hand, or re-run when the model is reachable.",
                        engine="llm",
                        source=f"policy {self.policy.name}: judges.fail = closed",
                        owner=engine.owner(name),
                    )
                )
        status = "ran" if not run.failed else ("partial" if run.ran else "unavailable")
        report = JudgeReport(
            status=status,
            model=self._model_id,
            judges=run.ran,
            failed=run.failed,
            cached=run.cached,
            input_tokens=run.input_tokens,
            output_tokens=run.output_tokens,
            rejected_quotes=run.rejected_quotes,
            off_topic=run.off_topic,
            ungrounded=run.ungrounded,
            reason=None
            if status == "ran"
            else "; ".join(f"{k}: {v}" for k, v in run.failed.items()),
        )
        return report, extra, (time.perf_counter() - t) * 1000

    def _verdict(
        self,
        post: Post,
        findings: list[Finding],
        t0: float,
        t_rules: float,
        report: JudgeReport | None,
        judges_ms: float,
    ) -> Verdict:
        findings = _dedupe(findings)
        if report is None:
            if self._skipped is None:
                self._skipped = JudgeReport(status="skipped", reason=self._skip_reason)
            report = self._skipped
        timings = {"rules_ms": round((t_rules - t0) * 1000, 3)}
        if judges_ms:
            timings["judges_ms"] = round(judges_ms, 3)
        timings["total_ms"] = round((time.perf_counter() - t0) * 1000, 3)
        return Verdict(
            id=post.id,
            decision=Decision.from_findings(findings),
            findings=findings,
            policy=self._ref,
            judges=report,
            timings=timings,
        )

    def check_many(self, posts: Iterable[Post | str]) -> list[Verdict]:
        """Check posts in order; one verdict per post (judges run concurrently, bounded)."""
        if self._engine is None:
            return [self.check(p) for p in posts]
        return self._run_sync(
            self.acheck_many(list(posts), concurrency=self._judges_config.concurrency)
        )

    async def acheck_many(
        self, posts: Iterable[Post | str], *, concurrency: int = 8
    ) -> list[Verdict]:
        """Check posts concurrently (bounded), keeping input order."""
        import asyncio

        sem = asyncio.Semaphore(concurrency)

        async def one(p: Post | str) -> Verdict:
            async with sem:
                return await self.acheck(p)

        return list(await asyncio.gather(*(one(p) for p in posts)))


def _merge_concerns(found: list[tuple[str, Finding]]) -> list[Finding]:
    """One finding per concern and place: when rules that share a ``concern`` (the ad
    disclosure rules of the FTC, CAP and EU packs) flag overlapping words, the most severe
    finding leads (the first, on a tie) and cites every rule that agreed."""
    groups: list[tuple[str, list[Finding]]] = []
    for concern, f in found:
        for c, members in groups:
            if c == concern and any(
                m.field == f.field and _overlap((m.start, m.end), (f.start, f.end)) for m in members
            ):
                members.append(f)
                break
        else:
            groups.append((concern, [f]))
    out = []
    for _, members in groups:
        lead = max(members, key=lambda f: f.severity.rank)  # max keeps the first of equals
        if len(members) == 1:
            out.append(lead)
            continue
        cites = [_citation(lead)]
        for m in members:
            if m is not lead and all(c.rule != m.rule for c in cites):
                cites.append(_citation(m))
        out.append(lead.model_copy(update={"citations": cites}))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] == b[0] or (a[0] < b[1] and b[0] < a[1])
    return a[0] < b[1] and b[0] < a[1]


def _citation(f: Finding) -> Citation:
    return Citation(rule=f.rule, source=f.source, owner=f.owner)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int, str, str]] = set()
    out = []
    for f in findings:
        # a zero-width finding speaks of the whole post (a crashed rule, an unavailable
        # judge): its message is what it says, so two of them with one rule id stay two
        key = (f.rule, f.start, f.end, f.field, f.message if f.start == f.end else "")
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


def _crashed(rule: Rule, exc: BaseException) -> Finding:
    return _post_finding(
        f"{rule.id}.crashed",
        f"Rule {rule.id} failed on this post ({type(exc).__name__}: {exc}); "
        "the post needs a human review.",
        "Report this to the policy owner.",
        source=rule.source,
        owner=rule.owner,
    )


def _post_finding(rule: str, message: str, suggestion: str, **fields: Any) -> Finding:
    """A review finding about the whole post (nothing to point at: the check itself fell
    short), never a pass."""
    return Finding(
        rule=rule,
        severity=Severity.WARNING,
        message=message,
        start=0,
        end=0,
        excerpt="",
        suggestion=suggestion,
        **fields,
    )
