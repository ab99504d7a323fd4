"""``ip``: IP addresses (IPv4 and IPv6).

What it does
    Finds dotted-quad IPv4 and colon-hex IPv6 addresses that Python's ``ipaddress`` accepts
    (no leading zeros, octets up to 255, one ``::`` at most). A public (globally routable)
    address counts on its own; a private, loopback, link-local, shared or documentation one
    (192.168.1.1, 10.0.0.7, 127.0.0.1, ::1) only next to an IP or login word ("IP", "your
    address", "IP-Adresse", "adresse IP", "dirección IP", "indirizzo IP", "login came from",
    "connexion", "acceso"): those are the same for
    millions of home routers and name no one, and a router brand writes "open 192.168.0.1 in
    your browser". Version strings are not addresses: a dotted number after "v", "version",
    "firmware", "build", "update", "release" (and their German, French, Spanish, Italian,
    Dutch words) does not count, nor one inside a longer dotted run (10.0.19045.2965) or
    with a leading ``v`` (v2.3.1.4); dates and prices have too few parts.

Why is this bad?
    A public IP address is personal data (CJEU C-582/14 Breyer; GDPR Recital 30): it locates
    a customer's home connection.

Example
    ``"Your login came from 81.2.69.160"`` -> ``81.2.69.160``

Use instead
    Say "from an unrecognised device" and send details privately.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._lazyre import lazy_regex
from .base import Recognizer, Scan, Span

# digit first (the scan jumps from digit to digit); no dot or word character around it
_IPV4 = lazy_regex(r"(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\w|\.\w)")
# candidates: hex groups and colons with at least two colons; ipaddress decides
_IPV6_HINT = lazy_regex(r"[0-9a-f]{0,4}::?[0-9a-f]{0,4}:")
_IPV6 = lazy_regex(
    r"(?<![\w:.])(?:[0-9a-f]{1,4}:|::?)(?:[0-9a-f]{0,4}:){1,7}[0-9a-f]{0,4}"
    r"(?:(?<=:)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})?(?![\w:]|\.\w)"
)


class IpRecognizer(Recognizer):
    name = entity = "ip"
    label = "IP address"
    score = 0.8
    #: a private, loopback or documentation address needs an IP word before it
    private_score = 0.3
    context = (
        "ip", "ip address", "ipv4", "ipv6", "your address", "address", "ip-adresse",
        "adresse ip", "dirección ip", "direccion ip", "indirizzo ip", "ip-adres",
        "adres ip", "endereço ip", "endereco ip", "logged in from", "login from", "from ip",
        # a connection: someone's, not a router's manual
        "login", "log-in", "logged in", "sign-in", "signed in", "connecting from",
        "connected from", "connection from", "connexion", "acceso", "acesso", "accesso",
        "zugriff", "anmeldung", "logowanie", "inloggen", "inlog",
    )  # fmt: skip
    invalidate = (
        "v", "ver", "version", "versions", "firmware", "build", "release", "update", "updated",
        "upgrade", "patch", "app", "ios", "android", "sdk", "api", "driver", "os",
        "versión", "version", "versione", "versie", "wersja", "versão", "aktualisierung",
        "mise à jour", "actualización", "aggiornamento", "release notes", "changelog",
    )  # fmt: skip
    context_window = 30
    invalidate_penalty = 1.0
    priority = 55
    source = "https://docs.python.org/3/library/ipaddress.html"

    def find(self, scan: Scan, min_confidence: float) -> Iterator[Span]:
        import ipaddress

        text = scan.text
        cands: list[tuple[int, int]] = []
        if "." in text:
            cands += [m.span() for m in _IPV4.finditer(text)]
        if "::" in text or (text.count(":") >= 3 and _IPV6_HINT.search(text)):
            cands += [m.span() for m in _IPV6.finditer(text) if m.group().count(":") >= 2]
        for a, b in cands:
            try:
                ip = ipaddress.ip_address(text[a:b])
            except ValueError:
                continue
            base = self.score if ip.is_global else self.private_score
            s = self.confidence(text, a, b, base=base)
            if s >= min_confidence:
                yield Span(*scan.span(a, b), self.entity, s)
