"""``drivers_licence``: driving licence numbers, by context.

What it does
    Finds a document number (six to twenty letters and digits, at least four digits; groups
    joined by a hyphen or slash, digit groups by a space) within a few characters after a driving-licence word:
    "driver's licence/license", "driving licence", "licence/license number", "DL#",
    "Führerschein(nummer)", "permis de conduire", "carnet de conducir", "permiso de
    conducir", "patente (di guida)", "rijbewijs(nummer)", "prawo jazdy", "carta de condução",
    "carteira de motorista", "CNH". Formats differ by issuer (US states: ``D1234567``,
    ``S123-4567-8901``; UK DVLA: ``MORGA657054SM9IJ``; Germany: ``B072RRE2I55``) and carry no
    checksum a post shows, so the word is what makes them one; a date after it ("licence
    valid until 12/2028") is not.

Why is this bad?
    A licence number is an identity document's key, used for age and identity checks and
    car-rental fraud (GDPR Art. 4(1); in the US the Driver's Privacy Protection Act, 18
    U.S.C. 2721).

Example
    ``"Führerscheinnummer B072RRE2I55"`` -> ``B072RRE2I55``

Use instead
    Never repeat a document number in public; use the secure upload link.
"""

from __future__ import annotations

from .base import DocumentRecognizer

# every cue holds one of these (a gate of substring tests before the cue pattern)
_LITERALS = ("licen", "dl", "fuhrerschein", "permis", "carnet", "patente", "rijbewijs",
             "prawo", "prawa", "conducao", "motorista", "habilitacao", "cnh")  # fmt: skip


class DriversLicenceRecognizer(DocumentRecognizer):
    name = entity = "drivers_licence"
    label = "driving licence number"
    score = 0.8
    cues = (
        "driver's licence", "driver's license", "drivers licence", "drivers license",
        "driver licence", "driver license", "driving licence", "driving license",
        "licence number", "license number", "licence no", "license no", "dl", "dl no",
        "dl number", "fuhrerschein", "fuhrerscheinnummer", "fuhrerschein-nr",
        "permis de conduire", "numero de permis", "carnet de conducir", "permiso de conducir",
        "patente", "patente di guida", "numero patente", "rijbewijs", "rijbewijsnummer",
        "prawo jazdy", "prawa jazdy", "numer prawa jazdy", "carta de conducao",
        "carteira de motorista", "carteira de habilitacao", "cnh",
    )  # fmt: skip
    gap = 22
    literals = _LITERALS
    priority = 36
    source = "https://www.law.cornell.edu/uscode/text/18/2721"
