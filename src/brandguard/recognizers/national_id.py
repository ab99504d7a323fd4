"""``national_id``: national identification numbers with a checksum or a strict format.

What it does
    Finds, each validated with ``python-stdnum``: US Social Security numbers (``ddd-dd-dddd``,
    never-issued areas excluded), UK National Insurance numbers (allocated prefixes only),
    Spanish DNI/NIE (check letter), Italian codici fiscali (check character), French NIR
    (key), Brazilian CPF written ``ddd.ddd.ddd-dd`` (check digits). Numbers with no
    distinctive shape count only right after their name, as Presidio's context words do:
    Polish PESEL, Dutch BSN, German Steuer-ID, an unformatted CPF, a Portuguese NIF
    ("NIF", "contribuinte") and a Belgian national number ("rijksregisternummer",
    "numéro national", "INSZ", "NISS"), each with its check digits.

Why is this bad?
    A national identifier is the key to a person's tax, health and credit records; GDPR
    Art. 87 lets states restrict its processing further, and publishing it enables identity
    theft.

Example
    ``"My SSN is 123-45-6789"`` -> ``123-45-6789``; ``"PESEL 44051401359"`` -> ``44051401359``

Use instead
    Never repeat an identifier in public; verify identity in a private channel.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from .._lazyre import lazy_regex
from .base import Recognizer, Scan, Span

_ANY_DIGIT = lazy_regex(r"\d")
# Cheap gate for the patterns: six digits in a row (spaces allowed), an SSN shape, the
# digit-letter-digit core of a codice fiscale, a CPF's dots, or a Belgian national number's.
# (Each branch's first digit is taken out in front, so the scan jumps from digit to digit:
# 0.24 -> 0.02 ms on a 2,500-character post. The digit-first hints run on the ``regex``
# module, whose scan for a digit is 2-3x faster than the stdlib's.)
ID_HINT = lazy_regex(
    r"\d(?:\d ?\d\d ?\d\d|\d\d-\d\d-\d{4}|\d[A-Za-z]\d\d[A-Za-z]|\d\d\.\d{3}\.\d{3}"
    r"|\d\.\d\d\.\d\d-\d{3}|\d \d{3} \d{3})"
)
_SSN = lazy_regex(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_NINO = lazy_regex(
    r"(?i)(?<![\w])(?!bg|gb|kn|nk|nt|tn|zz)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[a-d](?![\w])"
)
_DNI = lazy_regex(r"(?i)(?<![\w])(?:\d{8}|[xyz]\d{7})-?[a-z](?![\w])")
_CF = lazy_regex(r"(?i)(?<![\w])[a-z]{6}\d{2}[a-z]\d{2}[a-z]\d{3}[a-z](?![\w])")
_NIR = lazy_regex(r"(?<![\d])[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[ab]) ?\d{3} ?\d{3} ?\d{2}(?!\d)")
# Brazilian CPF in its written form (ddd.ddd.ddd-dd): distinctive enough on its own.
_CPF = lazy_regex(r"(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d])")
# Numbers without a distinctive shape count only next to their name (Presidio-style context):
# "PESEL 44051401359", "BSN: 111222333", "Steuer-ID 12 345 678 901", "CPF 39053344705".
_CONTEXT_ID = lazy_regex(
    r"(?i)\b(pesel|bsn|burgerservicenummer|steuer-?id|steuer-?identifikationsnummer|idnr|cpf)\b"
    r"[^\d\n]{0,25}(\d[\d .-]{7,16}\d)(?![\d])"
)
# Portuguese NIF and Belgian national number, by their names (a second pass, so that the
# first finds exactly what it found before they were added)
_CONTEXT_ID_MORE = lazy_regex(
    r"(?i)\b(nif|contribuinte|rijksregisternummer|insz|niss|num[eé]ro national"
    r"|num[eé]ro de registre national|national number|national register number)\b"
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
    "nif": "stdnum.pt.nif",
    "contribuinte": "stdnum.pt.nif",
}


def _validator(name: str) -> str:
    return _CONTEXT_VALIDATORS.get(name.lower(), "stdnum.be.nn")


class NationalIdRecognizer(Recognizer):
    name = entity = "national_id"
    label = "national identification number"
    score = 0.9
    priority = 40
    source = "https://arthurdejong.org/python-stdnum/doc/"

    def find(self, scan: Scan, min_confidence: float) -> Iterator[Span]:
        if self.score < min_confidence:
            return
        for a, b, ok in self._ids(scan.text):
            if ok:
                yield Span(*scan.span(a, b), self.entity, self.score)

    def _ids(self, text: str) -> Iterator[tuple[int, int, bool]]:
        if ID_HINT.search(text) is None:
            return
        if _SSN.search(text):
            from stdnum.us import ssn

            for m in _SSN.finditer(text):
                yield *m.span(), ssn.is_valid(m.group())
        for m in _NINO.finditer(text):
            yield *m.span(), True
        if _ANY_DIGIT.search(text):
            from stdnum.es import dni, nie
            from stdnum.fr import nir
            from stdnum.it import codicefiscale

            for m in _DNI.finditer(text):
                v = m.group()
                yield *m.span(), (nie.is_valid(v) if v[0].isalpha() else dni.is_valid(v))
            for m in _CF.finditer(text):
                yield *m.span(), codicefiscale.is_valid(m.group())
            for m in _NIR.finditer(text):
                yield *m.span(), nir.is_valid(m.group())
            if "." in text:
                from stdnum.br import cpf

                for m in _CPF.finditer(text):
                    yield *m.span(), cpf.is_valid(m.group())
            for pattern in (_CONTEXT_ID, _CONTEXT_ID_MORE):
                for m in pattern.finditer(text):
                    module = importlib.import_module(_validator(m.group(1)))
                    yield m.start(2), m.end(2), module.is_valid(m.group(2))
