"""The resolved policy: an ordered set of validated rules plus brand voice settings."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..judges.config import JudgesConfig
from ..rules.base import Rule
from ..verdict import PolicyRef
from .voice import Voice

__all__ = ["Policy"]


class Policy(BaseModel):
    """A policy after ``extends`` layering, overrides and ``disable`` have been applied."""

    model_config = ConfigDict(defer_build=True, extra="forbid", arbitrary_types_allowed=True)

    name: str
    version: str = "0"
    summary: str | None = Field(default=None, description="One line: what the policy is for")
    description: str | None = None
    rules: list[Rule] = Field(default_factory=list)
    voice: Voice | None = Field(default=None, description="How the brand sounds (judges read it)")
    judges: JudgesConfig | None = Field(default=None, description="Which LLM judges run, and how")
    lexicons: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Shared word lists the rules use, with their sources"
    )
    files: list[str] = Field(default_factory=list, description="Files this policy was built from")

    _sha256: str | None = PrivateAttr(default=None)
    _content_sha256: str | None = PrivateAttr(default=None)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def to_data(self) -> dict[str, Any]:
        """The fully resolved policy as plain data (what ``policy show`` prints)."""
        return {
            "name": self.name,
            "version": self.version,
            "summary": self.summary,
            "description": self.description,
            "sha256": self.sha256,
            "files": self.files,
            "voice": self._voice_data(),
            "judges": self._judges_data(),
            "lexicons": self.lexicons,
            "rules": {
                r.id: r.model_dump(mode="json", exclude={"id"}, exclude_none=True)
                for r in self.rules
            },
        }

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            body = {
                "name": self.name,
                "version": self.version,
                "voice": self._voice_data(),
                "judges": self._judges_data(),
                "rules": [r.model_dump(mode="json") for r in self.rules],
            }
            blob = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            self._sha256 = hashlib.sha256(blob.encode("utf-8")).hexdigest()
        return self._sha256

    @property
    def content_sha256(self) -> str:
        """The hash of what a judge's answer depends on: the rules and the voice, not the
        ``judges:`` run settings (concurrency, timeouts), so caches survive tuning those."""
        if self._content_sha256 is None:
            body = {
                "name": self.name,
                "voice": self._voice_data(),
                "rules": [r.model_dump(mode="json") for r in self.rules],
            }
            blob = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            self._content_sha256 = hashlib.sha256(blob.encode("utf-8")).hexdigest()
        return self._content_sha256

    def _voice_data(self) -> dict[str, Any] | None:
        return None if self.voice is None else self.voice.model_dump(mode="json")

    def _judges_data(self) -> dict[str, Any] | None:
        return None if self.judges is None else self.judges.model_dump(mode="json")

    @property
    def ref(self) -> PolicyRef:
        return PolicyRef(name=self.name, version=self.version, sha256=self.sha256)
