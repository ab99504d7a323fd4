"""Verdict records in the formats CI systems render: SARIF 2.1.0 and JUnit XML.

``brandguard check --format sarif`` gives a SARIF log a code-scanning view (GitHub code
scanning, Azure DevOps, GitLab, SonarQube) shows as annotations: one result per finding, its
rule with the clause it cites (``helpUri``) and its owner, the post's line in the JSONL input
(or, for one post, the finding's line and column in the text), the excerpt and the suggestion.
``--format junit`` gives one test case per post (failed when its decision is at or above
``--fail-on``, an error when it could not be checked), which every CI server renders.

Both are built from the same records ``--format json`` prints (:meth:`Verdict.to_record`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

if TYPE_CHECKING:
    from .policy import Policy

__all__ = ["junit_xml", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
_URL = re.compile(r"https?://\S+")
_RANK = {"pass": 0, "review": 1, "block": 2}
# characters XML 1.0 cannot carry at all (a post may hold them): shown as U+FFFD
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    return _escape(_NOT_XML.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_NOT_XML.sub("\ufffd", text))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (columns count characters)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _message(f: dict[str, Any]) -> str:
    msg = f["message"]
    if f.get("suggestion"):
        msg += f" Suggestion: {f['suggestion']}"
    return msg


def sarif_log(
    records: Sequence[dict[str, Any]],
    policy: Policy,
    source: str,
    *,
    lines: Sequence[int] | None = None,
    texts: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of ``records``. ``lines``: each record's line in the JSONL input;
    ``texts``: each record's post text (regions then point at the finding itself)."""
    from . import __version__

    known = {r.id: r for r in policy.rules}
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def rule_index(rule_id: str, f: dict[str, Any] | None) -> int:
        if rule_id not in index:
            index[rule_id] = len(rules)
            r = known.get(rule_id)
            desc = (r.description if r is not None else None) or (f or {}).get("message") or (
                "A post brandguard could not check (see the message): never a pass"
                if rule_id == "brandguard.error"
                else rule_id
            )
            entry: dict[str, Any] = {
                "id": rule_id,
                "shortDescription": {"text": desc.split("\n")[0][:200]},
                "properties": {},
            }
            src = (r.source if r is not None else None) or (f or {}).get("source")
            if src:
                entry["properties"]["source"] = src
                url = _URL.search(src)
                if url:
                    entry["helpUri"] = url.group(0).rstrip(").,;")
            owner = (r.owner if r is not None else None) or (f or {}).get("owner")
            if owner:
                entry["properties"]["owner"] = owner
            rules.append(entry)
        return index[rule_id]

    results: list[dict[str, Any]] = []
    for i, rec in enumerate(records):
        line = lines[i] if lines is not None and i < len(lines) else None
        text = texts[i] if texts is not None and i < len(texts) else None
        logical = [{"name": str(rec["id"]), "kind": "object"}] if rec.get("id") is not None else []

        def location(
            f: dict[str, Any] | None,
            text: str | None = text,
            line: int | None = line,
            logical: list[dict[str, Any]] = logical,
        ) -> dict[str, Any]:
            region: dict[str, Any] = {}
            if f is not None and text is not None and f.get("field", "text") == "text":
                sl, sc = _line_col(text, f["start"])
                el, ec = _line_col(text, f["end"])
                region = {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}
            elif line is not None:
                region = {"startLine": line}
            if f is not None and f.get("excerpt"):
                region["snippet"] = {"text": f["excerpt"]}
            phys: dict[str, Any] = {"artifactLocation": {"uri": source}}
            if region:
                phys["region"] = region
            loc: dict[str, Any] = {"physicalLocation": phys}
            if logical:
                loc["logicalLocations"] = logical
            return loc

        if rec.get("error"):
            results.append(
                {
                    "ruleId": "brandguard.error",
                    "ruleIndex": rule_index("brandguard.error", None),
                    "level": "error",
                    "message": {"text": f"Not checked: {rec['error']}"},
                    "locations": [location(None)],
                }
            )
            continue
        for f in rec["findings"]:
            result: dict[str, Any] = {
                "ruleId": f["rule"],
                "ruleIndex": rule_index(f["rule"], f),
                "level": _LEVEL.get(f["severity"], "warning"),
                "message": {"text": _message(f)},
                "locations": [location(f)],
                "properties": {
                    "decision": rec["decision"],
                    "field": f.get("field", "text"),
                    "span": [f["start"], f["end"]],
                },
            }
            if f.get("owner"):
                result["properties"]["owner"] = f["owner"]
            also = [c["rule"] for c in f.get("citations", [])[1:]]
            if also:
                result["properties"]["alsoCitedBy"] = also
            results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "brandguard",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/brandguard/",
                        "rules": rules,
                    }
                },
                "properties": {
                    "policy": {
                        "name": policy.name,
                        "version": policy.version,
                        "sha256": policy.sha256,
                    }
                },
                "results": results,
            }
        ],
    }


def junit_xml(
    records: Sequence[dict[str, Any]],
    policy: Policy,
    source: str,
    *,
    fail_on: str = "block",
    lines: Sequence[int] | None = None,
) -> str:
    """A JUnit XML report: one test case per post, failed at or above ``fail_on`` (``never``:
    no failures), an error when the post could not be checked."""
    limit = _RANK.get(fail_on)
    cases: list[str] = []
    failures = errors = 0
    for i, rec in enumerate(records):
        line = lines[i] if lines is not None and i < len(lines) else None
        name = str(rec["id"]) if rec.get("id") is not None else (
            f"line {line}" if line is not None else f"post {i + 1}"
        )
        body = "\n".join(
            f"[{f['severity']}] {f['rule']} at {f['start']}-{f['end']} {f['excerpt']!r}: "
            f"{_message(f)}"
            for f in rec.get("findings", [])
        )
        head = f"<testcase classname={quoteattr('brandguard.' + policy.name)} name={quoteattr(name)}"
        head += f" file={quoteattr(source)}" + (f' line="{line}"' if line is not None else "")
        if rec.get("error"):
            errors += 1
            inner = f"<error message={quoteattr(rec['error'])} type=\"not-checked\"/>"
        elif limit is not None and _RANK.get(rec["decision"], 0) >= limit:
            failures += 1
            n = len(rec["findings"])
            msg = f"{rec['decision']}: {n} finding(s)"
            inner = f"<failure message={quoteattr(msg)} type={quoteattr(rec['decision'])}>"
            inner += f"{escape(body)}</failure>"
        else:
            inner = f"<system-out>{escape(body)}</system-out>" if body else ""
        cases.append(f"    {head}>{inner}</testcase>" if inner else f"    {head}/>")
    suite = (
        f'  <testsuite name={quoteattr("brandguard " + policy.name + " " + policy.version)}'
        f' tests="{len(records)}" failures="{failures}" errors="{errors}" skipped="0">'
    )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<testsuites tests="{len(records)}" failures="{failures}" errors="{errors}">',
            suite,
            *cases,
            "  </testsuite>",
            "</testsuites>",
        ]
    )
