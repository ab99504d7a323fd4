"""``dob``: dates of birth, by context.

What it does
    Finds a calendar date (``12/03/1985``, ``1985-03-12``, ``12.03.1985``, ``12 March 1985``,
    ``March 12, 1985``, ``12. März 1985``, ``12 de marzo de 1985``, ...; month names in
    English, German, French, Spanish, Italian, Dutch, Polish, Portuguese) that stands within
    a few words after a birth word: "DOB", "date of birth", "born on",
    "Geburtsdatum", "geboren am", "né le", "date de naissance", "fecha de nacimiento",
    "nacido el", "data di nascita", "nato il", "geboortedatum", "geboren op", "data urodzenia",
    "urodzony", "data de nascimento", "nascido em". The date must exist and lie between 1900
    and five years ago (a customer is not a newborn; "born on 1 May" of a product launched
    this year is not a person's birth date). A date with no birth word is an event, a sale or a deadline, not personal data.

Why is this bad?
    A date of birth with a name is the classic identity-theft pair (knowledge-based
    authentication at banks and telcos); GDPR Art. 4(1).

Example
    ``"DOB: 04/07/1985, please update my account"`` -> ``04/07/1985``

Use instead
    Never repeat a customer's birth date; verify identity privately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import regex

from .._lazyre import lazy_regex
from .base import Recognizer, Scan, Span, after_cue, words_pattern

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan januar janvier enero gennaio januari stycznia styczen janeiro",
        "february feb februar fevrier febrero febbraio februari lutego luty fevereiro",
        "march mar marz maerz mars marzo maart marca marzec marco",
        "april apr avril abril aprile kwietnia kwiecien",
        "may mai mayo maggio mei maja maj maio",
        "june jun juni juin junio giugno czerwca czerwiec junho",
        "july jul juli juillet julio luglio lipca lipiec julho",
        "august aug aout agosto augustus sierpnia sierpien",
        "september sep sept septembre septiembre settembre wrzesnia wrzesien setembro",
        "october oct oktober octobre octubre ottobre oktober pazdziernika pazdziernik outubro",
        "november nov novembre noviembre listopada listopad novembro",
        "december dec dezember decembre diciembre dicembre grudnia grudzien dezembro",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _i

_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = lazy_regex(
    r"(?<![\w.])(?:"
    r"(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4}|\d{2})"
    r"|(?P<y2>\d{4})[./-](?P<m2>\d{1,2})[./-](?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th|er|o|º|\.)?(?: de)? (?P<mon3>{_MON})\.?,?(?: de)? (?P<y3>\d{{4}})"
    rf"|(?P<mon4>{_MON})\.? (?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y4>\d{{4}})"
    r")(?![\w]|\.\d)"
)


def parse_date(m: regex.Match[str], *, month_first: bool = False) -> dt.date | None:
    """The date a ``DATE`` match names, or None when it is not a real date."""
    g = m.groupdict()
    try:
        if g["d"] is not None:
            d, mo, y = int(g["d"]), int(g["m"]), int(g["y"])
            if month_first or mo > 12:
                d, mo = mo, d
            if y < 100:
                y += 1900 if y > dt.date.today().year % 100 else 2000
        elif g["y2"] is not None:
            y, mo, d = int(g["y2"]), int(g["m2"]), int(g["d2"])
        elif g["d3"] is not None:
            d, mo, y = int(g["d3"]), MONTHS[g["mon3"]], int(g["y3"])
        else:
            d, mo, y = int(g["d4"]), MONTHS[g["mon4"]], int(g["y4"])
        return dt.date(y, mo, d)
    except (ValueError, KeyError):
        return None


# every cue holds one of these (a gate of substring tests before the cue pattern)
_LITERALS = ("dob", "d.o.b", "birth", "born", "geb", "ne le", "nee le", "ne(e) le", "naissance",
             "nacimiento", "nacid", "nascita", "nato il", "nata il", "geboort", "geboren",
             "urodz", "nascimento", "nascid")  # fmt: skip


class DateOfBirthRecognizer(Recognizer):
    name = entity = "dob"
    label = "date of birth"
    score = 0.85
    cues = (
        "dob", "d.o.b", "date of birth", "birth date", "birthdate", "born on",
        "geburtsdatum", "geburtstag", "geboren am", "geb", "ne le", "nee le", "né(e) le",
        "date de naissance", "fecha de nacimiento", "nacido el", "nacida el", "nacimiento",
        "data di nascita", "nato il", "nata il", "nascita", "geboortedatum", "geboren op",
        "data urodzenia", "urodzony", "urodzona", "urodzin", "data de nascimento",
        "nascido em", "nascida em", "nascimento",
    )  # fmt: skip
    gap = 24
    priority = 50
    source = "https://gdpr-info.eu/art-4-gdpr/"

    _cue_re = words_pattern(cues)

    def find(self, scan: Scan, min_confidence: float) -> Iterator[Span]:
        text = scan.text
        if self.score < min_confidence or not any(w in text for w in _LITERALS):
            return
        today = dt.date.today()
        for a, b, m in after_cue(text, self._cue_re, DATE, self.gap):
            day = parse_date(m, month_first=scan.ctx.post.locale.lower() == "en-us")
            if day is None or not 1900 <= day.year <= today.year - 5:
                # "mm/dd" read the other way round, for an en-US date the locale misses
                day = parse_date(m, month_first=scan.ctx.post.locale.lower() != "en-us")
                if day is None or not 1900 <= day.year <= today.year - 5:
                    continue
            yield Span(*scan.span(a, b), self.entity, self.score)
