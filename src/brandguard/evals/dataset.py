"""Eval datasets: JSONL, one labelled case per line, validated with errors naming the line
and the field.

A case is the Post fields, plus::

    "split":    "dev" | "test"
    "expected": {"decision": "pass" | "review" | "block",
                 "findings": [{"rule": "ftc.disclosure", "excerpt": "..."}, ...]}
    "tags":     {"category": "disclosure", "adversarial": false, "source": "FTC Disclosures 101",
                 "near_miss": false, ...}
    "notes":    why this label (optional)

``expected.findings[].rule`` matches an actual finding whose rule id equals it or starts
with it followed by a dot (``ftc.disclosure`` matches ``ftc.disclosure.missing``). A finding
may give its span as ``start``/``end`` or as an ``excerpt`` (its first occurrence in the
text); spans are optional.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..post import Post
from ..verdict import Decision

__all__ = ["Case", "DatasetError", "DatasetIssue", "ExpectedFinding", "load_dataset"]

_POST_FIELDS = set(Post.model_fields)


class ExpectedFinding(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    rule: str = Field(min_length=1)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    excerpt: str | None = None

    def matches_rule(self, actual_rule: str) -> bool:
        return actual_rule == self.rule or actual_rule.startswith(self.rule + ".")

    @property
    def has_span(self) -> bool:
        return self.start is not None and self.end is not None


class Expected(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    decision: Decision
    findings: list[ExpectedFinding] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Expected:
        if self.decision is Decision.PASS and self.findings:
            # suggestions may be expected on a passing post; that is fine
            pass
        if self.decision is not Decision.PASS and not self.findings:
            raise ValueError("a review or block label must name at least one expected finding")
        return self


class Tags(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="allow")

    category: str = Field(min_length=1)
    adversarial: bool = False
    near_miss: bool = False
    source: str | None = None


class Case(BaseModel):
    """One labelled post."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    id: str = Field(min_length=1)
    split: Literal["dev", "test"]
    post: Post
    expected: Expected
    tags: Tags
    notes: str | None = None
    file: str = ""
    line: int = 0

    @property
    def category(self) -> str:
        return self.tags.category

    def tag_values(self) -> set[str]:
        """Every tag as ``name`` (true booleans) and ``name=value``, plus platform/language."""
        out = {
            f"category={self.tags.category}",
            self.tags.category,
            f"platform={self.post.platform.value}",
            f"language={self.post.language}",
            f"split={self.split}",
        }
        for k, v in self.tags.model_dump().items():
            if v is True:
                out.add(k)
            elif isinstance(v, str):
                out.add(f"{k}={v}")
            elif isinstance(v, list):
                out.update(f"{k}={x}" for x in v)
        return out


@dataclass(frozen=True)
class DatasetIssue:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.field}: {self.message}"
            if self.field
            else (f"{self.file}:{self.line}: {self.message}")
        )


class DatasetError(ValueError):
    def __init__(self, issues: list[DatasetIssue]) -> None:
        self.issues = issues
        super().__init__(
            "\n".join(str(i) for i in issues[:50])
            + (f"\n... and {len(issues) - 50} more" if len(issues) > 50 else "")
        )


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
        if not files:
            raise DatasetError([DatasetIssue(str(path), 0, "", "no .jsonl files in this folder")])
        return files
    if not path.exists():
        raise DatasetError([DatasetIssue(str(path), 0, "", "no such file or folder")])
    return [path]


def _parse_case(raw: dict[str, Any], file: str, line: int) -> Case:
    post = {k: raw[k] for k in list(raw) if k in _POST_FIELDS}
    rest = {k: v for k, v in raw.items() if k not in _POST_FIELDS}
    rest["post"] = post
    rest.setdefault("id", post.get("id"))
    if "id" in post and post["id"] is not None:
        post["id"] = str(post["id"])
    case = Case.model_validate({**rest, "file": file, "line": line})
    text = case.post.text
    resolved = []
    for i, f in enumerate(case.expected.findings):
        if f.excerpt is not None and f.start is None:
            pos = text.find(f.excerpt)
            if pos < 0:
                raise _FieldError(
                    f"expected.findings[{i}].excerpt", f"{f.excerpt!r} is not in the text"
                )
            f = f.model_copy(update={"start": pos, "end": pos + len(f.excerpt)})
        if (f.start is None) != (f.end is None):
            raise _FieldError(f"expected.findings[{i}]", "give both start and end, or an excerpt")
        if f.has_span and not (0 <= f.start <= f.end <= len(text)):  # type: ignore[operator]
            raise _FieldError(
                f"expected.findings[{i}]", f"span {f.start}-{f.end} is outside the text"
            )
        resolved.append(f)
    case.expected.findings = resolved
    return case


class _FieldError(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message


def load_dataset(
    path: str | Path,
    *,
    split: str | None = None,
    tags: Iterable[str] = (),
    limit: int | None = None,
) -> list[Case]:
    """Load every case from a JSONL file or a folder of them (recursively, in name order).

    Raises :class:`DatasetError` listing every bad line (file, line, field) and duplicate ids.
    ``split`` keeps one split; ``tags`` keeps cases carrying all of them (``adversarial``,
    ``category=pii``, ``platform=x``, ``language=de``); ``limit`` keeps the first K.
    """
    issues: list[DatasetIssue] = []
    cases: list[Case] = []
    seen: dict[str, tuple[str, int]] = {}
    for file in _files(Path(path)):
        name = str(file)
        with file.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip() or line.lstrip().startswith("//"):
                    continue
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    issues.append(
                        DatasetIssue(
                            name, lineno, "", f"invalid JSON: {exc.msg} (column {exc.colno})"
                        )
                    )
                    continue
                if not isinstance(raw, dict):
                    issues.append(DatasetIssue(name, lineno, "", "a case must be a JSON object"))
                    continue
                try:
                    case = _parse_case(raw, name, lineno)
                except ValidationError as exc:
                    for err in exc.errors():
                        loc = [str(p) for p in err["loc"]]
                        if loc and loc[0] == "post":
                            loc = loc[1:]
                        issues.append(
                            DatasetIssue(
                                name,
                                lineno,
                                ".".join(loc),
                                err["msg"].removeprefix("Value error, "),
                            )
                        )
                    continue
                except _FieldError as exc:
                    issues.append(DatasetIssue(name, lineno, exc.field, exc.message))
                    continue
                if case.id in seen:
                    f, ln = seen[case.id]
                    issues.append(
                        DatasetIssue(
                            name, lineno, "id", f"duplicate id {case.id!r} (first at {f}:{ln})"
                        )
                    )
                    continue
                seen[case.id] = (name, lineno)
                cases.append(case)
    if issues:
        raise DatasetError(issues)
    wanted = set(tags)
    out = [c for c in cases if (split is None or c.split == split) and wanted <= c.tag_values()]
    return out[:limit] if limit is not None else out
