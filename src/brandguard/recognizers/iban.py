"""``iban``: International Bank Account Numbers.

What it does
    Finds IBANs (ISO 13616: a country code, two check digits, up to 30 letters and digits,
    written whole or in groups of four) whose mod-97 check holds, via ``python-stdnum``.
    The candidate is cut back to the longest valid IBAN it starts with, so the words after
    it are never part of the finding.

Why is this bad?
    An account number in public invites fraud (direct-debit fraud needs only a name and an
    IBAN) and is personal data tied to a person (GDPR Art. 4(1)).

Example
    ``"IBAN DE89 3704 0044 0532 0130 00 please"`` -> ``DE89 3704 0044 0532 0130 00``

Use instead
    Confirm payment details in a private message.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .._lazyre import lazy_regex
from .base import Recognizer, Scan

IBAN = lazy_regex(r"(?i)(?<![\w])[a-z]{2}\d{2}(?:[ ]?[a-z0-9]){11,30}(?![\w])")
# An IBAN's country code and check digits at the start of a word, found from the digits back;
# an IBAN is looked for only there (the IBAN pattern tried at every letter cost 0.2 ms on a
# 2,500-character post)
IBAN_HINT = lazy_regex(r"\d\d(?<=\b[A-Za-z]{2}\d\d)")


def ibans(text: str) -> Iterator[regex.Match[str]]:
    """What ``IBAN.finditer(text)`` finds: every IBAN starts two letters before the digits of
    an ``IBAN_HINT``, so the pattern is tried only there (tests/test_fuzz.py)."""
    end = 0
    for h in IBAN_HINT.finditer(text):
        start = h.start() - 2
        if start < end:
            continue
        m = IBAN.match(text, start)
        if m is not None:
            end = m.end()
            yield m


def valid_prefix(value: str, is_valid) -> int | None:
    """The length of the longest valid IBAN ``value`` starts with, cut at a space: the
    candidate regex also swallows the words after an IBAN ("DE89 3704 ... 00 please")."""
    end = len(value)
    while end >= 15:
        if is_valid(value[:end]):
            return end
        cut = value.rfind(" ", 0, end)
        if cut < 0:
            return None
        end = cut
    return None


class IbanRecognizer(Recognizer):
    name = entity = "iban"
    label = "IBAN"
    score = 1.0
    redact_keep = 4
    priority = 20
    source = "https://www.iso.org/standard/81090.html"

    def candidates(self, scan: Scan) -> Iterator[tuple[int, int]]:
        if not scan.has_digit_run:
            return
        found = list(ibans(scan.text))
        if not found:
            return
        # imported once per post, before the loop
        from stdnum import iban

        for m in found:
            n = valid_prefix(m.group(), iban.is_valid)
            if n is not None:
                yield m.start(), m.start() + n
