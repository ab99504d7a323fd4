"""``pii``: personal data that must not be posted.

What it does
    Finds email addresses, phone numbers (Google's libphonenumber via ``phonenumbers``, for
    the post's region and any ``regions`` listed; only numbers valid for their region),
    payment card numbers (Luhn-valid, with a known issuer prefix), IBANs (checksum-valid),
    and national identifiers that carry a checksum or a strict format (US SSN, UK National
    Insurance number, Spanish DNI/NIE, Italian codice fiscale, French NIR, Brazilian CPF),
    each validated with ``python-stdnum``; numbers with no distinctive shape (Polish PESEL,
    Dutch BSN, German Steuer-ID, unformatted CPF) count when their name stands just before
    them. Toll-free, premium and shared-cost numbers are business lines and do not count; the
    brand's own published contact details go in ``allow``. ``@user@instance`` fediverse
    handles are not emails.

Why is this bad?
    A customer's phone number or card in a public reply is a personal-data breach (GDPR
    Art. 5(1)(f), 32-34; the Belgian DPA fined a company for posting a customer's invoice on
    Facebook, decision 158/2022) and a fraud risk.

Example
    ```yaml
    privacy.pii:
      kind: pii
      level: error
      detectors: [email, phone, card, iban, national_id]
      allow: [support@acme.com, "+1 800 555 0100"]
    ```

Use instead
    Remove the data and move the conversation to a private channel ("We've sent you a DM").
    With ``redact: true`` the finding carries an exact fix that masks the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from ..normalize import _Piece  # a match-like span: a capture inside a larger match
from ..verdict import Finding, Fix, Severity
from .base import Rule, RuleContext

Detector = Literal["email", "phone", "card", "iban", "national_id"]

_EMAIL = regex.compile(
    # not preceded by "@": @user@instance.social is a fediverse handle, not an email
    r"(?<![\w.+@-])[\w.+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])"
)
# found from the "@" (a literal the scan jumps to), not from every word character
_EMAIL_HINT = re.compile(r"@(?<=[\w.+-]@)[A-Za-z0-9]")
_BUSINESS_LINES: frozenset[int] = frozenset()
_ANY_DIGIT = regex.compile(r"\d")
_PHONE_HINT = regex.compile(r"\d(?:[\s().\-/]{0,3}\d){6,}")
# Cheap gate for the national-id patterns: six digits in a row (spaces allowed), an SSN
# shape, or the digit-letter-digit core of a codice fiscale.
# (Each branch's first digit is taken out in front, so the scan jumps from digit to digit:
# 0.24 -> 0.02 ms on a 2,500-character post. The digit-first hints run on the ``regex``
# module, whose scan for a digit is 2-3x faster than the stdlib's.)
_ID_HINT = regex.compile(
    r"\d(?:\d ?\d\d ?\d\d|\d\d-\d\d-\d{4}|\d[A-Za-z]\d\d[A-Za-z]|\d\d\.\d{3}\.\d{3})"
)
# An IBAN's country code and check digits at the start of a word, found from the digits back;
# an IBAN is looked for only there (the IBAN pattern tried at every letter cost 0.2 ms on a
# 2,500-character post)
_IBAN_HINT = regex.compile(r"\d\d(?<=\b[A-Za-z]{2}\d\d)")
# A phone number is looked for only near a run of seven digits (_PHONE_HINT): in a window of
# this many characters either side, widened to the start (end) of a word of letters, so that
# a number is never cut (tests/test_fuzz.py: the windows find what the whole text finds)
_PHONE_MARGIN = 32
_CARD = regex.compile(r"(?<![\d.-])(?:\d[ .-]?){12,18}\d(?![\d-]|\.\d)")
_CARD_PREFIX = regex.compile(
    r"^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6(?:011|5|4[4-9])|35|3(?:0[0-5]|[689]))"
)
_IBAN = regex.compile(r"(?i)(?<![\w])[a-z]{2}\d{2}(?:[ ]?[a-z0-9]){11,30}(?![\w])")
_SSN = regex.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_NINO = regex.compile(
    r"(?i)(?<![\w])(?!bg|gb|kn|nk|nt|tn|zz)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[a-d](?![\w])"
)
_DNI = regex.compile(r"(?i)(?<![\w])(?:\d{8}|[xyz]\d{7})-?[a-z](?![\w])")
_CF = regex.compile(r"(?i)(?<![\w])[a-z]{6}\d{2}[a-z]\d{2}[a-z]\d{3}[a-z](?![\w])")
_NIR = regex.compile(r"(?<![\d])[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[ab]) ?\d{3} ?\d{3} ?\d{2}(?!\d)")

# Brazilian CPF in its written form (ddd.ddd.ddd-dd): distinctive enough on its own.
_CPF = regex.compile(r"(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d])")
# Numbers without a distinctive shape count only next to their name (Presidio-style context):
# "PESEL 44051401359", "BSN: 111222333", "Steuer-ID 12 345 678 901", "CPF 39053344705".
_CONTEXT_ID = regex.compile(
    r"(?i)\b(pesel|bsn|burgerservicenummer|steuer-?id|steuer-?identifikationsnummer|idnr|cpf)\b"
    r"[^\d\n]{0,25}(\d[\d .-]{7,16}\d)(?![\d])"
)
_CONTEXT_VALIDATORS = {
    "pesel": "stdnum.pl.pesel",
    "bsn": "stdnum.nl.bsn",
    "burgerservicenummer": "stdnum.nl.bsn",
    "steuer-id": "stdnum.de.idnr",
    "steuerid": "stdnum.de.idnr",
    "steuer-identifikationsnummer": "stdnum.de.idnr",
    "steueridentifikationsnummer": "stdnum.de.idnr",
    "idnr": "stdnum.de.idnr",
    "cpf": "stdnum.br.cpf",
}

_LABELS = {
    "email": "email address",
    "phone": "phone number",
    "card": "payment card number",
    "iban": "IBAN",
    "national_id": "national identification number",
}


def _valid_iban(m: regex.Match[str], is_valid) -> tuple[int, int] | None:
    """The longest valid IBAN the candidate starts with, cut at a space: the candidate regex
    also swallows the words after an IBAN ("DE89 3704 ... 00 please")."""
    value = m.group()
    end = len(value)
    while end >= 15:
        if is_valid(value[:end]):
            return m.start(), m.start() + end
        cut = value.rfind(" ", 0, end)
        if cut < 0:
            return None
        end = cut
    return None


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isalnum()).lower()


class PiiRule(Rule):
    """Personal data: a %s."""

    kind: Literal["pii"] = "pii"
    level: Severity = Severity.ERROR
    message: str = "Personal data in a public post: %s."
    detectors: list[Detector] = Field(
        default_factory=lambda: ["email", "phone", "card", "iban", "national_id"]
    )
    regions: list[str] = Field(
        default_factory=list,
        description="Extra phone regions (ISO 3166 alpha-2) besides the post locale's region",
    )
    allow: list[str] = Field(default_factory=list, description="Published contact details to allow")
    redact: bool = Field(default=False, description="Attach a fix that masks the value")

    cost = 30

    def _allowed(self, value: str) -> bool:
        key = _digits(value)
        # A phone number also matches with a country prefix (+1 800... vs 800...); any other
        # value must match whole, so "evil-support@acme.com" is not "support@acme.com".
        return any(
            key == _digits(a)
            or (key.isdigit() and key.endswith(_digits(a)) and len(_digits(a)) >= 7)
            for a in self.allow
        )

    def _emit(self, ctx: RuleContext, a: int, b: int, what: Detector) -> Finding:
        # (a, b): a span of the view the detectors read, mapped back to the original here
        a, b = ctx.norm.folded.span(a, b)
        value = ctx.text[a:b]
        label = _LABELS[what]
        fix = None
        if self.redact:
            keep = value[-4:] if what in ("card", "iban", "phone") else ""
            fix = Fix(start=a, end=b, replacement=f"[{label} removed{' …' + keep if keep else ''}]")
        return self.finding(
            ctx,
            a,
            b,
            args=(label,),
            code=what,
            fix=fix,
            suggestion=self.suggestion
            or f"Remove the {label}; continue with the customer in a private message.",
        )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        # The folded view (every detector here is case-insensitive): full-width digits and
        # at-signs, look-alike letters, no-break and thin spaces, dashes and invisible
        # characters all read as what they look like, so
        # "jane＠exаmple.com" (Cyrillic а) and "4111 1111 1111 1111" with no-break spaces are
        # found; spans map back to what the author wrote.
        text = ctx.norm.folded.text
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return not any(x < b and a < y for x, y in taken)

        found: list[Finding] = []
        det = set(self.detectors)
        if "email" in det and "@" in text and _EMAIL_HINT.search(text):
            for m in _EMAIL.finditer(text):
                if not self._allowed(m.group()):
                    taken.append(m.span())
                    found.append(self._emit(ctx, *m.span(), "email"))
        has_digits = _PHONE_HINT.search(text) is not None
        if has_digits or (det & {"national_id", "iban"}):
            candidates = list(_ibans(text)) if "iban" in det and has_digits else []
            if candidates:
                from stdnum import iban

                for m in candidates:
                    span = _valid_iban(m, iban.is_valid)
                    if (
                        span is not None
                        and free(*span)
                        and not self._allowed(text[span[0] : span[1]])
                    ):
                        taken.append(span)
                        found.append(self._emit(ctx, *span, "iban"))
            if "card" in det and has_digits:
                from stdnum import luhn

                for m in _CARD.finditer(text):
                    digits = _digits(m.group())
                    if (
                        13 <= len(digits) <= 19
                        and _CARD_PREFIX.match(digits)
                        and luhn.is_valid(digits)
                    ):
                        if free(*m.span()) and not self._allowed(m.group()):
                            taken.append(m.span())
                            found.append(self._emit(ctx, *m.span(), "card"))
            if "national_id" in det:
                for m, ok in self._national_ids(text):
                    if ok and free(*m.span()) and not self._allowed(m.group()):
                        taken.append(m.span())
                        found.append(self._emit(ctx, *m.span(), "national_id"))
            if "phone" in det and has_digits:
                for a, b in self._phones(ctx, text):
                    if free(a, b) and not self._allowed(text[a:b]):
                        taken.append((a, b))
                        found.append(self._emit(ctx, a, b, "phone"))
        yield from sorted(found, key=lambda f: f.start)

    def _national_ids(self, text: str) -> Iterator[tuple[regex.Match[str], bool]]:
        if _ID_HINT.search(text) is None:
            return
        if _SSN.search(text):
            from stdnum.us import ssn

            for m in _SSN.finditer(text):
                yield m, ssn.is_valid(m.group())
        for m in _NINO.finditer(text):
            yield m, True
        if _ANY_DIGIT.search(text):
            from stdnum.es import dni, nie
            from stdnum.fr import nir
            from stdnum.it import codicefiscale

            for m in _DNI.finditer(text):
                v = m.group()
                yield m, (nie.is_valid(v) if v[0].isalpha() else dni.is_valid(v))
            for m in _CF.finditer(text):
                yield m, codicefiscale.is_valid(m.group())
            for m in _NIR.finditer(text):
                yield m, nir.is_valid(m.group())
            if "." in text:
                from stdnum.br import cpf

                for m in _CPF.finditer(text):
                    yield m, cpf.is_valid(m.group())
            for m in _CONTEXT_ID.finditer(text):
                import importlib

                module = importlib.import_module(_CONTEXT_VALIDATORS[m.group(1).lower()])
                yield _Piece(m.start(2), m.end(2), m.group(2)), module.is_valid(m.group(2))

    def _phones(self, ctx: RuleContext, text: str) -> Iterator[tuple[int, int]]:
        import phonenumbers

        global _BUSINESS_LINES
        if not _BUSINESS_LINES:
            t = phonenumbers.PhoneNumberType
            _BUSINESS_LINES = frozenset({t.TOLL_FREE, t.PREMIUM_RATE, t.SHARED_COST, t.UAN})

        parts = ctx.post.locale.split("-")
        regions = [p for p in parts[1:] if len(p) == 2 and p.isalpha()]
        # the countries a post is aimed at (Post.markets; groups such as EU are too broad to try)
        regions += [m for m in ctx.post.markets or () if len(m) == 2 and m not in regions]
        regions += [r.upper() for r in self.regions if r.upper() not in regions]
        if not regions:
            regions = ["US"]
        seen: set[tuple[int, int]] = set()
        windows = phone_windows(text)
        for region in regions:
            for a, b in windows:
                for m in phonenumbers.PhoneNumberMatcher(
                    text[a:b], region, leniency=phonenumbers.Leniency.VALID
                ):
                    span = (a + m.start, a + m.end)
                    # Toll-free, premium-rate, shared-cost and universal access numbers are
                    # business lines a company publishes, not a person's number.
                    if phonenumbers.number_type(m.number) in _BUSINESS_LINES:
                        continue
                    if span not in seen:
                        seen.add(span)
                        yield span


def _ibans(text: str) -> Iterator[regex.Match[str]]:
    """What ``_IBAN.finditer(text)`` finds: every IBAN starts two letters before the digits of
    an ``_IBAN_HINT``, so the pattern is tried only there (tests/test_fuzz.py)."""
    end = 0
    for h in _IBAN_HINT.finditer(text):
        start = h.start() - 2
        if start < end:
            continue
        m = _IBAN.match(text, start)
        if m is not None:
            end = m.end()
            yield m


def phone_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` a phone number can be in: ``_PHONE_MARGIN`` characters either
    side of each run of seven digits, widened to a word of letters after a space (a number
    never holds one), merged where they overlap. Linear: no character is scanned twice."""
    n = len(text)
    wins: list[list[int]] = []
    for m in _PHONE_HINT.finditer(text):
        a = max(0, m.start() - _PHONE_MARGIN)
        b = min(n, m.end() + _PHONE_MARGIN)
        if wins and a <= wins[-1][1]:
            if b <= wins[-1][1]:
                continue
            a = wins[-1][0]
        else:
            floor = wins[-1][1] if wins else 0
            while a > floor and not (text[a - 1] == " " and text[a].isalpha()):
                a -= 1
        while b < n and not (text[b] == " " and text[b - 1].isalpha()):
            b += 1
        if wins and a == wins[-1][0]:
            wins[-1][1] = b
        else:
            wins.append([a, b])
    return [(a, b) for a, b in wins]
