"""``card``: payment card numbers.

What it does
    Finds 12 to 19 digits (written whole or in groups, spaces, dots or hyphens between) that
    pass the Luhn check (ISO/IEC 7812-1) and start with an issuer prefix of a major network
    at one of its lengths: Visa (4; 13, 16, 19), Mastercard (51-55, 2221-2720; 16), American
    Express (34, 37; 15), Discover (6011, 644-649, 65, 622126-622925; 16-19), Diners Club
    (300-305, 36, 38, 39; 14-19), JCB (3528-3589; 16-19, and 2131, 1800; 15), Maestro (50,
    56-69, 0604; 12-19), UnionPay (62; 16-19), Mir (2200-2204; 16-19). A 12-digit number
    (Maestro's shortest) counts only next to a card or payment word ("card", "Karte",
    "tarjeta", "paid with", "bezahlt mit"...):
    one random number in ten passes Luhn, and order numbers have that length too.

Why is this bad?
    A card number in public is a fraud risk and payment data that PCI DSS (req. 3.4) says
    must never be shown unmasked.

Example
    ``"Card 4111 1111 1111 1111 exp 12/27"`` -> ``4111 1111 1111 1111``

Use instead
    Never repeat a card number; ask the customer to contact the bank's card line.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._lazyre import lazy_regex
from .base import Recognizer, Scan

CARD = lazy_regex(r"(?<![\d.-])(?:\d[ .-]?){11,18}\d(?![\d-]|\.\d)")
# the prefixes of the first card pattern (any length 13-19): what it found, it still finds
_CARD_PREFIX = lazy_regex(
    r"^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6(?:011|5|4[4-9])|35|3(?:0[0-5]|[689]))"
)
# (network, IIN prefix range as (low, high) of equal width, lengths)
NETWORKS: tuple[tuple[str, int, int, tuple[int, ...]], ...] = (
    ("visa", 4, 4, (13, 16, 19)),
    ("mastercard", 51, 55, (16,)),
    ("mastercard", 2221, 2720, (16,)),
    ("amex", 34, 34, (15,)),
    ("amex", 37, 37, (15,)),
    ("discover", 6011, 6011, (16, 17, 18, 19)),
    ("discover", 644, 649, (16, 17, 18, 19)),
    ("discover", 65, 65, (16, 17, 18, 19)),
    ("discover", 622126, 622925, (16, 17, 18, 19)),
    ("diners", 300, 305, (14, 15, 16, 17, 18, 19)),
    ("diners", 36, 36, (14, 15, 16, 17, 18, 19)),
    ("diners", 38, 39, (14, 15, 16, 17, 18, 19)),
    ("jcb", 3528, 3589, (16, 17, 18, 19)),
    ("jcb", 2131, 2131, (15,)),
    ("jcb", 1800, 1800, (15,)),
    ("maestro", 50, 50, tuple(range(12, 20))),
    ("maestro", 56, 69, tuple(range(12, 20))),
    ("maestro", 604, 604, tuple(range(12, 20))),  # "0604", Maestro UK (read with its zero)
    ("unionpay", 62, 62, (16, 17, 18, 19)),
    ("mir", 2200, 2204, (16, 17, 18, 19)),
)


def network(digits: str) -> str | None:
    """The network whose prefix and length ``digits`` has, or None."""
    n = len(digits)
    for name, low, high, lengths in NETWORKS:
        if n not in lengths:
            continue
        w = len(str(low))
        if name == "maestro" and low == 604:
            if digits.startswith("0604"):
                return name
            continue
        if low <= int(digits[:w]) <= high:
            return name
    return None


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = ord(c) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class CardRecognizer(Recognizer):
    name = entity = "card"
    label = "payment card number"
    score = 0.9
    context = (
        "card", "credit card", "debit card", "cc", "visa", "mastercard", "amex", "maestro",
        "karte", "kreditkarte", "kartennummer", "carte", "carte bancaire", "cb", "tarjeta",
        "carta", "kaart", "pinpas", "karta", "karty", "cartão", "cartao",
        # paying with it
        "paid with", "pay with", "charge it to", "charged", "bezahlt mit", "betaald met",
        "payé avec", "pagué con", "pagado con", "pagato con", "ho pagato con", "paguei com",
        "zapłaciłem kartą", "zaplacilem", "kartą",
    )  # fmt: skip
    redact_keep = 4
    priority = 30
    source = "https://www.iso.org/standard/70484.html"

    def candidates(self, scan: Scan) -> Iterator[tuple[int, int]]:
        if not scan.has_digit_run:
            return
        text = scan.text
        for m in CARD.finditer(text):
            digits = "".join(c for c in m.group() if c.isdigit())
            if not luhn_valid(digits):
                continue
            if (13 <= len(digits) <= 19 and _CARD_PREFIX.match(digits)) or (
                network(digits) is not None
                and (len(digits) > 12 or self.has_context(text, *m.span()))
            ):
                yield m.span()
