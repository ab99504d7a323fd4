"""``address``: street addresses in US, UK, German, French, Spanish, Italian and Dutch formats.

What it does
    Finds a house number with a street of a known type, in each country's order:
    US/UK "221B Baker Street", "Flat 3, 12 Elm Road" (USPS Publication 28 street suffixes,
    Royal Mail's thoroughfare types); FR "12 rue de la Paix"; DE "Hauptstraße 5",
    "Berliner Allee 12a"; NL/BE "Kalverstraat 92"; ES "Calle Mayor 10", "Avda. de la Paz,
    3"; IT "Via Roma 1", "Piazza Navona, 12"; then the optional unit and postcode with its
    town ("Apt 4", ", London NW1 6XE", ", 10115 Berlin", ", 75002 Paris", ", 1012 PH
    Amsterdam", ", 28013 Madrid", ", 00184 Roma"). The street and the number alone are
    weak evidence (headlines write "Our 5 Favourite Road Trips"): a value counts when a
    postcode or unit follows it, or an address word stands before it ("ship to", "my
    address", "I live at", "Lieferadresse", "j'habite", "dirección", "indirizzo",
    "afleveradres"). The brand's own places do not count: "visit us at", "our store",
    "flagship", "opening hours", "besuchen Sie uns", "notre boutique", "nuestra tienda",
    "il nostro negozio", "onze winkel" before the address lower it below the threshold.
    Polish and Portuguese addresses are not claimed (yet).

    ``usaddress`` (a US-only CRF parser, not a finder) and ``pyap`` (US, Canada, UK only)
    cover three of the seven formats and were not added.

Why is this bad?
    A customer's home address in public exposes them to stalking, burglary and parcel
    fraud (GDPR Art. 5(1)(c),(f); Belgian DPA decision 158/2022: an invoice with a customer's
    address posted on Facebook).

Example
    ``"please ship it to 221B Baker Street, London NW1 6XE"`` -> ``221B Baker Street, London NW1 6XE``

Use instead
    Confirm delivery details in a private message.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .._lazyre import lazy_regex
from .base import Recognizer, Scan, Span

_UP = r"A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ"
CAP = rf"[{_UP}][\w'’.-]*"
NUM = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"

# USPS Publication 28 Appendix C1 (common suffixes and abbreviations) and Royal Mail's
# thoroughfare types; the strong ones alone make a street, the others need more evidence
_STRONG_EN = (
    "street st avenue ave road rd lane ln drive dr boulevard blvd court ct place pl terrace "
    "crescent close way highway hwy parkway pkwy square sq circle cir trail mews gardens grove "
    "row plaza"
).split()
_WEAK_EN = (
    "alley annex arcade bayou beach bend bluff bluffs bottom branch bridge brook brooks burg "
    "burgs bypass camp canyon cape causeway center centre centers circles cliff cliffs club "
    "common commons corner corners course courts cove coves creek crest crossing crossroad "
    "curve dale dam divide drives estate estates expressway extension extensions fall falls "
    "ferry field fields flat flats ford fords forest forge forges fork forks fort freeway "
    "garden gateway glen glens green greens groves harbor harbors haven heights hill hills "
    "hollow inlet island islands isle junction junctions key keys knoll knolls lake lakes "
    "land landing light lights loaf lock locks lodge loop mall manor manors meadow meadows "
    "mill mills mission motorway mount mountain mountains neck orchard oval overpass park "
    "parks parkways pass passage path pike pine pines plain plains point points port ports "
    "prairie radial ramp ranch rapid rapids rest ridge ridges river roads route run shoal "
    "shoals shore shores skyway spring springs spur spurs squares station stravenue stream "
    "streets summit ter throughway trace track trafficway trailer tunnel turnpike underpass "
    "union unions valley valleys viaduct view views village villages ville vista walk walks "
    "wall ways well wells drove gate rise wynd chase parade"
).split()
_EN_SUFFIX = "|".join(sorted(_STRONG_EN + _WEAK_EN, key=len, reverse=True))
_UNIT = r"(?i:apt|apartment|unit|suite|ste|flat|floor|fl|room|rm|studio|#)\.?\s?#?[A-Za-z0-9-]{1,6}"
_US_TAIL = rf"(?:,? {CAP}(?: {CAP}){{0,2}})?,? [A-Z]{{2}} \d{{5}}(?:-\d{{4}})?"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
_UK_TAIL = rf"(?:,? {CAP}(?: {CAP}){{0,2}})?,? {_UK_POSTCODE}"

EN = lazy_regex(
    rf"(?P<num>{NUM}),? (?:[NSEW]\.? )?(?:{CAP} ){{1,3}}(?P<suffix>(?i:{_EN_SUFFIX}))\.?(?![\w'])"
    rf"(?P<unit>,? {_UNIT})?(?P<tail>{_US_TAIL}|{_UK_TAIL})?(?!\w)"
)
# "Flat 37, Bennett Mall", "Studio 87, Dawson Drive": a unit then a street without a number
EN_UNIT_FIRST = lazy_regex(
    rf"(?i:flat|studio|apartment|unit)\s[A-Za-z0-9]{{1,5}},\s(?:{CAP} ){{1,3}}(?P<suffix>(?i:{_EN_SUFFIX}))"
    rf"(?![\w'])(?P<tail>{_UK_TAIL})?(?!\w)"
)

_FR_TYPES = (
    "rue|avenue|av\\.|boulevard|bd|place|chemin|allée|allee|impasse|quai|route|cours|square|"
    "passage|voie|rond-point|cité|cite|sentier|villa|hameau|lieu-dit|faubourg|parvis|promenade"
)
_FR_TOKEN = rf"(?:(?:[dl]['’])?{CAP}|de|du|des|la|le|les|et|sur|aux|au|en|[dl]['’]{CAP})"
FR = lazy_regex(
    rf"(?P<num>\d{{1,4}})(?: ?(?:bis|ter|[ab]))?,? (?i:{_FR_TYPES}) "
    rf"(?:{_FR_TOKEN}[ ]){{0,5}}(?:[dl]['’])?{CAP}"
    rf"(?P<tail>,? \d{{5}} {CAP}(?:[ -]{CAP}){{0,2}})?(?!\w)"
)

_DE_SUFFIX = (
    "straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|"
    "hof|berg|graben|kamp|tor|wall|stieg|garten|park|brücke|zeile|promenade|anger|siedlung|"
    "winkel|feld|"
    # Dutch and Flemish
    "straat|laan|plein|gracht|kade|singel|dijk|steeg|dreef|baan|plantsoen|erf|boulevard|"
    "straatweg|hoven|wijk|veld|pad"
)
_DE_WORD = r"(?:Straße|Strasse|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee|Markt|Straat|Laan|Plein|Gracht|Kade)"
_DE_TAIL = rf",? (?:\d{{5}} {CAP}(?:[ -]{CAP}){{0,2}}|\d{{4}} ?[A-Z]{{2}}(?: {CAP}(?:[ -]{CAP}){{0,2}})?|\d{{4}} {CAP}(?:[ -]{CAP}){{0,2}})"
DE_NL = lazy_regex(
    rf"(?:{CAP}[ -](?:(?:van|von|de|den|der|ten|ter|am|an|im)[ -])?){{0,3}}"
    rf"(?:[{_UP}][\w'’-]*(?i:{_DE_SUFFIX})|{_DE_WORD}) "
    rf"(?P<num>(?!(?:19|20)\d\d\b)\d{{1,4}}(?:\s?[a-zA-Z](?![\w]))?(?:[-/]\d{{1,4}}[a-z]?)?)"
    rf"(?P<tail>{_DE_TAIL})?(?![\w/-])"
)

_ES_TYPES = (
    "calle|c/|avenida|avda\\.?|av\\.|paseo|plaza|pza\\.?|camino|carretera|ctra\\.?|ronda|"
    "travesía|travesia|vía|glorieta|callejón|callejon|pasaje|rambla|acceso|alameda|bajada|"
    "barranco|cañada|canada|carrer|cuesta|pasadizo|plazuela|rúa|sector|urbanización|"
    "urbanizacion|vial|ruta|senda|bulevar|costanilla|partida|polígono|poligono|"
    # Italian
    "via|viale|piazza|piazzale|corso|largo|vicolo|strada|contrada|borgo|lungomare|"
    "lungotevere|salita|rotonda|stretto|canale|incrocio|piazzetta|vico|traversa|galleria|"
    "campo|rione|località|localita"
)
_ES_TOKEN = (
    rf"(?:{CAP}|de|del|la|las|los|el|y|di|dei|degli|della|delle|del|da|d['’]{CAP}|san|santa)"
)
_ES_UNIT = r"(?:,? (?i:piso|puerta|apt|apto|esc|escalera|bajo|planta|appartamento|piano|int|interno|scala)\.? ?\w{1,4}|,? \d{1,2}[º°ª] ?[A-Za-z]?)"
_ES_TAIL = rf",? \d{{5}},? {CAP}(?:[ -]{CAP}){{0,2}}(?: \([A-Z]{{2}}\))?"
ES_IT = lazy_regex(
    rf"(?=[{_UP}])(?i:{_ES_TYPES}) (?:{_ES_TOKEN} ){{0,4}}{CAP},? (?:(?i:n\.?º|nº|n\.|no\.?) ?)?"
    rf"(?P<num>\d{{1,4}}(?:/?[A-Za-z](?![\w]))?)"
    rf"(?P<unit>{_ES_UNIT}{{0,2}})(?P<tail>{_ES_TAIL})?(?![\w/])"
)

_CAPITAL = lazy_regex(rf"[{_UP}]")
_NUMBER = lazy_regex(r"(?<![\w.,:/+-])\d{1,5}(?![\d.,:]\d)")


class AddressRecognizer(Recognizer):
    name = entity = "address"
    label = "postal address"
    #: a street of a strong type and a number (or a French, German, Dutch, Spanish or
    #: Italian street), before postcode and context
    score = 0.4
    weak_score = 0.25
    #: what a postcode, a unit or a town after the street adds
    tail_boost = 0.3
    context = (
        "address", "my address", "home address", "ship to", "ship it to", "shipping address",
        "deliver to", "deliver it to", "delivery address", "delivered to", "send it to",
        "send to", "sent to", "mail it to", "live at", "i live", "we live", "lives at",
        "moved to", "parcel", "package", "billing address", "postal address",
        "adresse", "meine adresse", "lieferadresse", "lieferung an", "liefern an",
        "wohne", "wohnen", "schicken sie", "rechnungsadresse", "j'habite", "habite",
        "livrez", "livraison", "adresse de livraison", "envoyez", "direccion", "mi direccion",
        "vivo en", "enviadlo", "enviar a", "entregad", "entrega", "indirizzo", "abito",
        "spedite", "spedire", "consegnate", "consegna", "adres", "mijn adres", "woon",
        "bezorg", "bezorgen", "afleveradres", "stuur het naar", "morada", "endereco",
    )  # fmt: skip
    context_window = 50
    invalidate = (
        "visit us", "visit our", "our store", "our shop", "our new", "our flagship", "flagship",
        "showroom", "opening hours", "we're located", "we are located", "now open", "find us",
        "join us", "meet us", "come see us", "stand", "booth", "messe", "salon", "feria", "fiera",
        "beurs", "see you at", "pop-up", "pop up", "head office",
        "headquarters", "registered office", "hq", "our office", "our offices", "our cafe",
        "our restaurant", "our studio", "store", "boutique", "event", "our returns",
        "returns centre", "returns center", "return address", "returns address",
        "our warehouse", "our depot", "our clinic", "our branch",
        "besuchen sie uns", "besuche uns", "unser laden", "unsere filiale", "unser geschaft",
        "unser store", "offnungszeiten", "neueroffnung", "notre boutique", "notre magasin",
        "venez nous voir", "nos bureaux", "notre atelier", "nuestra tienda", "visitanos",
        "ven a vernos", "nueva tienda", "horario", "il nostro negozio", "vieni a trovarci",
        "venite a trovarci", "orari", "nuovo negozio", "onze winkel", "kom langs",
        "openingstijden", "bezoek ons", "nieuwe winkel", "tienda", "negozio", "winkel",
    )  # fmt: skip
    invalidate_penalty = 0.6
    priority = 70
    source = "https://pe.usps.com/text/pub28/28apc_002.htm"

    def find(self, scan: Scan, min_confidence: float) -> Iterator[Span]:
        view = scan.ctx.norm.cased
        text = view.text
        if not any(c.isdigit() for c in text):
            return
        folded = scan.text
        end = 0
        for nm in _NUMBER.finditer(text):
            i = nm.start()
            if i < end:
                continue
            m, weak = self._at(text, i, nm.end())
            if m is None:
                continue
            a, b = m.span()
            end = b
            s = self.weak_score if weak else self.score
            g = m.groupdict()
            if g.get("tail") or g.get("unit"):
                s += self.tail_boost
            # context is read on the folded view: same offsets for ASCII, and a view the
            # context words are folded for; near enough for a window of words
            if self.has_context(folded, a, b):
                s += self.context_boost
            if self.is_invalidated(folded, a, b):
                s -= self.invalidate_penalty
            s = round(min(1.0, s), 2)
            if s >= min_confidence:
                yield Span(*view.span(a, b), self.entity, s)

    def _at(self, text: str, i: int, j: int) -> tuple[regex.Match[str] | None, bool]:
        """The address the number at ``text[i:j]`` is part of, and whether its street type
        is a weak one."""
        n = len(text)
        if j < n and text[j] in " ,abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
            m = EN.match(text, i)
            if m is not None:
                return m, m.group("suffix").lower() not in _STRONG
            m = FR.match(text, i)
            if m is not None:
                return m, False
        if i >= 2 and text[i - 1] in " ,":
            lo = max(0, i - 70)
            # the street's name starts with a capital within the words before the number
            if _CAPITAL.search(text, lo, i) is not None:
                for pat in (DE_NL, ES_IT):
                    for m in pat.finditer(text, lo, min(n, j + 90)):
                        if m.start("num") == i:
                            return m, False
                        if m.start() > i:
                            break
            if text[i - 1] == " " and i >= 2:
                m = EN_UNIT_FIRST.search(text, lo, min(n, j + 60))
                if m is not None and m.start() <= i < m.end():
                    return m, m.group("suffix").lower() not in _STRONG
        return None, False


_STRONG = frozenset(_STRONG_EN)
