"""Prometheus text exposition (format 0.0.4), written by hand: counters and one histogram."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

__all__ = ["LATENCY_BUCKETS", "Metrics"]

#: Upper bounds (seconds) of the check latency histogram: a rules-only check takes well under
#: a millisecond to a few; judges take hundreds of milliseconds to seconds.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _label(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _num(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


class Metrics:
    """The service's counters; every method is thread-safe (checks run in worker threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.checks: Counter[str] = Counter()
        self.rule_hits: Counter[str] = Counter()
        self.judge_failures = 0
        self.http: Counter[tuple[str, str]] = Counter()
        self.reloads = 0
        self.reload_failures = 0
        self.buckets = [0] * len(LATENCY_BUCKETS)
        self.latency_sum = 0.0
        self.latency_count = 0
        self.policy: tuple[str, str, str] = ("", "", "")

    def record(self, rec: dict[str, Any], seconds: float) -> None:
        """Count one checked post (its verdict record, or error record) and its latency."""
        decision = rec.get("decision") or "error"
        judges = rec.get("judges") or {}
        with self._lock:
            self.checks[decision] += 1
            for f in rec.get("findings") or ():
                self.rule_hits[f["rule"]] += 1
            self.judge_failures += len(judges.get("failed") or ())
            self.latency_sum += seconds
            self.latency_count += 1
            for i, bound in enumerate(LATENCY_BUCKETS):
                if seconds <= bound:
                    self.buckets[i] += 1
                    break

    def request(self, route: str, status: int) -> None:
        with self._lock:
            self.http[(route, str(status))] += 1

    def reloaded(self, ok: bool) -> None:
        with self._lock:
            if ok:
                self.reloads += 1
            else:
                self.reload_failures += 1

    def render(self) -> str:
        with self._lock:
            out: list[str] = []

            def family(name: str, kind: str, text: str) -> None:
                out.append(f"# HELP {name} {text}")
                out.append(f"# TYPE {name} {kind}")

            family("brandguard_checks_total", "counter", "Posts checked, by decision (error: not checked).")
            for decision in ("pass", "review", "block", "error"):
                out.append(f'brandguard_checks_total{{decision="{decision}"}} {self.checks[decision]}')
            family("brandguard_rule_hits_total", "counter", "Findings, by rule id.")
            for rule, n in sorted(self.rule_hits.items()):
                out.append(f'brandguard_rule_hits_total{{rule="{_label(rule)}"}} {n}')
            family(
                "brandguard_check_latency_seconds", "histogram", "Time to check one post (seconds)."
            )
            cumulative = 0
            for bound, n in zip(LATENCY_BUCKETS, self.buckets, strict=True):
                cumulative += n
                out.append(f'brandguard_check_latency_seconds_bucket{{le="{bound:g}"}} {cumulative}')
            out.append(f'brandguard_check_latency_seconds_bucket{{le="+Inf"}} {self.latency_count}')
            out.append(f"brandguard_check_latency_seconds_sum {_num(round(self.latency_sum, 9))}")
            out.append(f"brandguard_check_latency_seconds_count {self.latency_count}")
            family("brandguard_judge_failures_total", "counter", "Judge calls that did not answer.")
            out.append(f"brandguard_judge_failures_total {self.judge_failures}")
            family("brandguard_http_requests_total", "counter", "HTTP requests, by route and status.")
            for (route, status), n in sorted(self.http.items()):
                out.append(
                    f'brandguard_http_requests_total{{route="{_label(route)}",status="{status}"}} {n}'
                )
            family("brandguard_policy_info", "gauge", "The policy in force.")
            name, version, sha = self.policy
            out.append(
                f'brandguard_policy_info{{name="{_label(name)}",version="{_label(version)}",'
                f'sha256="{sha}"}} 1'
            )
            family("brandguard_policy_reloads_total", "counter", "Policy reloads that took effect.")
            out.append(f"brandguard_policy_reloads_total {self.reloads}")
            family(
                "brandguard_policy_reload_failures_total",
                "counter",
                "Policy reloads that failed (the previous policy stayed in force).",
            )
            out.append(f"brandguard_policy_reload_failures_total {self.reload_failures}")
        return "\n".join(out) + "\n"
