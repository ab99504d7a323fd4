"""``phone``: phone numbers valid in their numbering plan, in any region.

What it does
    Finds phone numbers with Google's libphonenumber (``phonenumbers``), counting only those
    valid for their region: first for the post's own regions (its locale's, its
    ``markets``, the rule's ``regions``; US when there are none), where a number written in
    international ``+CC`` form is found whatever its country; then, next to a phone word
    ("call", "phone", "Handy", "téléphone", "móvil", "telefono", "bellen", ...), for each of
    the rule's ``fallback_regions``, so that "call me on 0612345678" in an English post is
    found as the Dutch mobile number it is. Toll-free, premium-rate, shared-cost and universal
    access numbers are business lines a company publishes, not a person's number; nor is a
    number after a product or release word ("Part no.", "SKU", "firmware", "Artikelnummer",
    "référence", "código do produto": a part number that happens to fit a numbering plan). Numbers are
    looked for only near a run of seven digits (``phone_windows``: libphonenumber is the
    costly part).

Why is this bad?
    A customer's phone number in a public reply is a personal-data breach (GDPR Art. 5(1)(f))
    and invites harassment and SIM-swap fraud.

Example
    ``"Call me at (415) 555-2671 tonight"`` -> ``(415) 555-2671``

Use instead
    "We've sent you a DM"; the brand's published service line goes in the rule's ``allow``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._lazyre import lazy_regex
from .base import Recognizer, Scan, Span, words_pattern

PHONE_HINT = lazy_regex(r"\d(?:[\s().\-/]{0,3}\d){6,}")
# A phone number is looked for only near a run of seven digits (PHONE_HINT): in a window of
# this many characters either side, widened to the start (end) of a word of letters, so that
# a number is never cut (tests/test_fuzz.py: the windows find what the whole text finds)
PHONE_MARGIN = 32
_BUSINESS_LINES: frozenset[Any] = frozenset()


def phone_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` a phone number can be in: ``PHONE_MARGIN`` characters either
    side of each run of seven digits, widened to a word of letters after a space (a number
    never holds one), merged where they overlap. Linear: no character is scanned twice."""
    n = len(text)
    wins: list[list[int]] = []
    for m in PHONE_HINT.finditer(text):
        a = max(0, m.start() - PHONE_MARGIN)
        b = min(n, m.end() + PHONE_MARGIN)
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


def post_regions(scan: Scan) -> list[str]:
    """The regions a post's numbers are read in first: its locale's, its markets', the rule's."""
    post = scan.ctx.post
    parts = post.locale.split("-")
    regions = [p for p in parts[1:] if len(p) == 2 and p.isalpha()]
    # the countries a post is aimed at (Post.markets; groups such as EU are too broad to try)
    regions += [m for m in post.markets or () if len(m) == 2 and m not in regions]
    regions += [r.upper() for r in getattr(scan.rule, "regions", ()) if r.upper() not in regions]
    return regions or ["US"]


class PhoneRecognizer(Recognizer):
    name = entity = "phone"
    label = "phone number"
    score = 0.85
    #: a number valid only in a fallback region needs a phone word before it
    fallback_score = 0.4
    context = (
        "phone", "telephone", "tel", "mobile", "cell", "cellphone", "call", "ring", "text",
        "text me", "sms", "whatsapp", "fax", "number", "reach me", "contact", "landline",
        "telefon", "telefonnummer", "handy", "handynummer", "mobilnummer", "rufnummer", "ruf",
        "anrufen", "erreichbar", "nummer", "téléphone", "telephone", "portable", "numéro",
        "appelez", "appeler", "appelle", "joindre", "teléfono", "telefono", "móvil", "movil",
        "llamar", "llámame", "llama", "número", "numero", "celular", "cellulare", "chiamare",
        "chiamami", "chiama", "telefoon", "telefoonnummer", "mobiel", "bellen", "bel",
        "telefonu", "komórka", "komórkowy", "zadzwoń", "zadzwon", "numer", "telemóvel",
        "telemovel", "ligue", "ligar", "liga", "liguem", "contacto", "contato", "kontakt", "rufen",
        "rufen sie mich an", "ruft mich an", "joignable", "bereikbaar", "telefone", "fone",
        "zadzwoncie", "zadzwon", "chiamatemi", "llamadme", "bel me", "reach", "reachable",
    )  # fmt: skip
    #: a product's or a release's number, not a person's
    invalidate = (
        "part no", "part number", "part", "sku", "item", "item no", "model", "product code",
        "product no", "firmware", "version", "build", "release", "batch", "serial",
        "serial number", "isbn", "ean", "gtin", "artikelnummer", "art.-nr", "art-nr",
        "artikel", "modell", "seriennummer", "reference", "ref", "référence", "modèle",
        "referencia", "modelo", "codigo do produto", "código do produto", "codice prodotto",
        "codice articolo", "modello", "artikelnummer", "kod produktu", "numer seryjny",
        "tracking", "sendungsnummer", "suivi", "seguimiento",
        # a registration, a licence or a lot, printed on labels and in compliance posts
        "reg no", "reg. no", "registration", "registration number", "registration no",
        "ndc", "lot", "lot no", "patent", "patent no", "license", "licence", "license no",
        "licence no", "fei", "duns", "fca number", "frn", "crd", "sec file", "cik",
    )  # fmt: skip
    invalidate_penalty = 0.6
    #: the brand's own line: a number read only in a fallback region after these is not a
    #: customer's ("Call us on 0800 123 4567")
    brand_words = (
        "call us", "ring us", "text us", "contact us", "reach us", "our number", "our hotline",
        "hotline", "helpline", "service line", "customer service", "rufen sie uns an",
        "ruf uns an", "appelez-nous", "contactez-nous", "llamanos", "llámanos", "chiamaci",
        "bel ons", "zadzwon do nas", "ligue para nos", "ligue-nos", "free from", "freephone",
        # the company's own desks: "Contact our investor relations team at ... or +1 212 ..."
        "call our", "contact our", "our office", "our offices", "our store", "our stores",
        "our team", "our nurse line", "our helpline", "investor relations", "press office",
        "media line", "media enquiries", "media inquiries", "press enquiries", "press inquiries",
        "reservations",
    )  # fmt: skip
    redact_keep = 4
    priority = 60
    source = "https://github.com/google/libphonenumber"

    def find(self, scan: Scan, min_confidence: float) -> Iterator[Span]:
        if not scan.has_digit_run:
            return
        import phonenumbers

        global _BUSINESS_LINES
        if not _BUSINESS_LINES:
            t = phonenumbers.PhoneNumberType
            _BUSINESS_LINES = frozenset({t.TOLL_FREE, t.PREMIUM_RATE, t.SHARED_COST, t.UAN})

        text = scan.text
        regions = post_regions(scan)
        seen: list[tuple[int, int]] = []
        windows = phone_windows(text)
        valid = phonenumbers.Leniency.VALID
        for region in regions:
            for a, b in windows:
                for m in phonenumbers.PhoneNumberMatcher(text[a:b], region, leniency=valid):
                    span = (a + m.start, a + m.end)
                    if span in seen:
                        continue
                    # read (so no fallback region reads it again), but a business line a
                    # company publishes is not a person's number
                    seen.append(span)
                    # (nor is the number the post gives as its own: "Call us on 020 7946 0000")
                    if phonenumbers.number_type(m.number) not in _BUSINESS_LINES and not _brand_re.search(
                        text, max(0, span[0] - self.context_window), span[0]
                    ):
                        s = self.confidence(text, *span)
                        if s >= min_confidence:
                            yield Span(*scan.span(*span), self.entity, s)
        fallback = [
            r.upper()
            for r in getattr(scan.rule, "fallback_regions", ())
            if r.upper() not in regions
        ]
        if not fallback or self.fallback_score + self.context_boost < min_confidence:
            return
        pat = self._context_re
        for a, b in windows:
            # only where a run of digits is left that the post's own regions did not read
            # (libphonenumber per region is the costly part: ~0.1 ms a window)
            if not any(
                not any(x < h.end() and h.start() < y for x, y in seen)
                for h in PHONE_HINT.finditer(text, a, b)
            ):
                continue
            if pat is None or pat.search(text, a, b) is None:
                continue
            for region in fallback:
                for m in phonenumbers.PhoneNumberMatcher(text[a:b], region, leniency=valid):
                    span = (a + m.start, a + m.end)
                    if any(x < span[1] and span[0] < y for x, y in seen):
                        continue
                    if phonenumbers.number_type(m.number) in _BUSINESS_LINES:
                        continue
                    if _brand_re.search(text, max(0, span[0] - self.context_window), span[0]):
                        continue
                    s = self.confidence(text, *span, base=self.fallback_score)
                    if s >= min_confidence:
                        seen.append(span)
                        yield Span(*scan.span(*span), self.entity, s)


_brand_re = words_pattern(PhoneRecognizer.brand_words)
