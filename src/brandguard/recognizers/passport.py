"""``passport``: passport numbers, by context.

What it does
    Finds a document number (six to twenty letters and digits, at least four digits; groups
    joined by a hyphen or slash, digit groups by a space) within a few characters after a passport word:
    "passport", "Reisepass", "Pass-Nr.", "passeport", "pasaporte", "passaporto",
    "paspoort", "paszport", "passaporte" (with "no.", "number", "Nr.", "n°", ":" or "#"
    between). Passport numbers have no checksum a post shows (ICAO 9303's check digits are
    in the machine-readable zone, not the printed number) and no shape of their own (nine
    digits in the US and UK, ``C01X00T47`` in Germany, ``12AB34567`` in France), so the word
    is what makes them one; a measure ("passport photos 35x45mm"), a price or a date after the
    word is not.

Why is this bad?
    A passport number is an identity document's key: with a name and a birth date it is
    enough to book travel or open accounts in another person's name (GDPR Art. 4(1)).

Example
    ``"my passport number is C01X00T47"`` -> ``C01X00T47``

Use instead
    Never ask for or repeat document numbers in public; use the secure upload link.
"""

from __future__ import annotations

from .base import DocumentRecognizer


class PassportRecognizer(DocumentRecognizer):
    name = entity = "passport"
    label = "passport number"
    score = 0.8
    cues = (
        "passport", "passport no", "passport number", "passport #", "reisepass",
        "reisepassnummer", "passnummer", "pass-nr", "passnr", "passeport", "numéro de passeport",
        "pasaporte", "número de pasaporte", "passaporto", "numero di passaporto", "paspoort",
        "paspoortnummer", "paszport", "paszportu", "numer paszportu", "passaporte",
        "número do passaporte",
    )  # fmt: skip
    gap = 22
    literals = ("pas",)
    priority = 35
    source = "https://www.icao.int/publications/pages/publication.aspx?docnum=9303"
