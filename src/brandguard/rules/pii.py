"""``pii``: personal data that must not be posted.

What it does
    Runs the personal-data recognizers its ``detectors:`` list names, one unit per kind of
    data in :mod:`brandguard.recognizers` (Presidio's design: candidates, a validation step,
    a confidence, context words that raise it): ``email``, ``phone`` (libphonenumber, any
    region), ``card`` (every major network, Luhn), ``iban`` (mod 97), ``national_id``
    (python-stdnum checksums), ``ip`` (public IPv4/IPv6), ``address`` (street addresses in
    US, UK, DE, FR, ES, IT, NL formats), ``dob``, ``passport`` and ``drivers_licence`` (by
    context words, multilingual). A team's own recognizers join by import path
    (``recognizers: ["pkg.mod:Class"]``) or by name once registered in Python. A value counts
    when its confidence reaches ``min_confidence``; each finding carries it, and its code is
    the data's type (``privacy.pii.phone``). Where two recognizers claim the same characters
    the one that runs first (``priority``) keeps them. The brand's own published contact
    details go in ``allow``.

Why is this bad?
    A customer's phone number or card in a public reply is a personal-data breach (GDPR
    Art. 5(1)(f), 32-34; the Belgian DPA fined a company for posting a customer's invoice on
    Facebook, decision 158/2022) and a fraud risk.

Example
    ```yaml
    privacy.pii:
      kind: pii
      level: error
      detectors: [email, phone, card, iban, national_id, ip, passport, drivers_licence, dob]
      recognizers: ["acme_privacy.recognizers:EmployeeId"]
      allow: [support@acme.com, "+1 800 555 0100"]
    ```

Use instead
    Remove the data and move the conversation to a private channel ("We've sent you a DM").
    With ``redact: true`` the finding carries an exact fix that masks the value.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, PrivateAttr, field_validator

from ..verdict import Finding, Fix, Severity
from .base import Rule, RuleContext


def _digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isalnum()).lower()


class PiiRule(Rule):
    """Personal data: a %s."""

    kind: Literal["pii"] = "pii"
    level: Severity = Severity.ERROR
    message: str = "Personal data in a public post: %s."
    detectors: list[str] = Field(
        default_factory=lambda: ["email", "phone", "card", "iban", "national_id"],
        description="Recognizers to run, by name (brandguard.recognizers.names())",
    )
    recognizers: list[str] = Field(
        default_factory=list,
        description="More recognizers, by import path 'pkg.module:Class' (a Recognizer subclass)",
    )
    regions: list[str] = Field(
        default_factory=list,
        description="Extra phone regions (ISO 3166 alpha-2) besides the post locale's region",
    )
    fallback_regions: list[str] = Field(
        default_factory=list,
        description="Phone regions (ISO 3166 alpha-2) tried, in order, for a number next to a "
        "phone word that the post's own regions do not read as valid",
    )
    min_confidence: float = Field(
        default=0.5, ge=0, le=1, description="The confidence a value needs to count (0-1)"
    )
    allow: list[str] = Field(default_factory=list, description="Published contact details to allow")
    redact: bool = Field(default=False, description="Attach a fix that masks the value")

    cost = 30

    _units: list[Any] | None = PrivateAttr(default=None)

    @field_validator("detectors")
    @classmethod
    def _known_detectors(cls, value: list[str]) -> list[str]:
        from ..recognizers import names

        known = names()
        unknown = [d for d in value if d not in known]
        if unknown:
            raise ValueError(
                f"unknown detector(s) {', '.join(map(repr, unknown))}; known: {', '.join(known)}"
                " (or add one with `recognizers: ['pkg.mod:Class']`)"
            )
        return value

    @field_validator("recognizers")
    @classmethod
    def _importable(cls, value: list[str]) -> list[str]:
        from ..recognizers import load

        for ref in value:
            load(ref)  # a ValueError names what is wrong with it
        return value

    def units(self) -> list[Any]:
        """The recognizer instances this rule runs, in the order they claim text."""
        if self._units is None:
            from ..recognizers import load

            classes = [load(n) for n in dict.fromkeys([*self.detectors, *self.recognizers])]
            # sorted() is stable: recognizers of one priority keep the order they are listed in
            self._units = [c() for c in sorted(classes, key=lambda c: c.priority)]
        return self._units

    def _allowed(self, value: str) -> bool:
        key = _digits(value)
        # A phone number also matches with a country prefix (+1 800... vs 800...); any other
        # value must match whole, so "evil-support@acme.com" is not "support@acme.com".
        return any(
            key == _digits(a)
            or (key.isdigit() and key.endswith(_digits(a)) and len(_digits(a)) >= 7)
            for a in self.allow
        )

    def _emit(self, ctx: RuleContext, a: int, b: int, unit: Any, score: float) -> Finding:
        value = ctx.text[a:b]
        label = unit.label or unit.entity
        fix = None
        if self.redact:
            keep = value[-unit.redact_keep :] if unit.redact_keep else ""
            fix = Fix(start=a, end=b, replacement=f"[{label} removed{' …' + keep if keep else ''}]")
        return self.finding(
            ctx,
            a,
            b,
            args=(label,),
            code=unit.entity,
            fix=fix,
            suggestion=self.suggestion
            or f"Remove the {label}; continue with the customer in a private message.",
            confidence=score,
        )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        # Recognizers read the folded view (every one is case-insensitive): full-width digits
        # and at-signs, look-alike letters, no-break and thin spaces, dashes and invisible
        # characters all read as what they look like, so "jane＠exаmple.com" (Cyrillic а) and
        # "4111 1111 1111 1111" with no-break spaces are found; spans map back to what the
        # author wrote.
        from ..recognizers.base import Scan

        scan = Scan(ctx, self)
        taken: list[tuple[int, int]] = []
        found: list[Finding] = []
        for unit in self.units():
            for span in unit.find(scan, self.min_confidence):
                a, b = span.start, span.end
                if any(x < b and a < y for x, y in taken) or self._allowed(ctx.text[a:b]):
                    continue
                taken.append((a, b))
                found.append(self._emit(ctx, a, b, unit, span.score))
        yield from sorted(found, key=lambda f: f.start)
