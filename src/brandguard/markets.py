"""Markets: where a post is published, and where a rule applies.

A market is an ISO 3166-1 alpha-2 country code (``US``, ``GB``, ``DE``; ``UK`` is read as
``GB``) or a group: ``EU`` (the 27 member states), ``EEA`` (the EU plus Iceland, Liechtenstein
and Norway). ``*`` means everywhere.

A post's markets are ``Post.markets`` when it names them (a post aimed at several countries),
else the region of its locale (``de-AT`` -> ``AT``). A post with neither (``locale: fr``, no
``markets``) has unknown markets and is checked against every rule: an unknown jurisdiction
never skips a check.

A rule applies to a post when the rule has no ``markets`` (everywhere), lists ``*``, or shares
at least one market with the post. Policy packs declare the markets of their rules at the top
of the file (``markets: [US]``); a policy can retarget a whole pack (``pack_markets:``) or one
rule (``rules: {ftc.disclosure: {markets: [US, CA]}}``).
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["EVERYWHERE", "GROUPS", "expand", "jurisdictions", "normalize", "region_of"]

EVERYWHERE = "*"

_EU = ("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK").split()
GROUPS: dict[str, frozenset[str]] = {
    "EU": frozenset(_EU),
    "EEA": frozenset([*_EU, "IS", "LI", "NO"]),
}
_ALIASES = {"UK": "GB", "EL": "GR"}


def normalize(code: str, *, allow_everywhere: bool = True) -> str:
    """``uk`` -> ``GB``, ``de`` -> ``DE``, ``eu`` -> ``EU``; ValueError for anything else."""
    if not isinstance(code, str):
        raise ValueError(f"a market is a string such as 'US', 'GB', 'DE' or 'EU', not {code!r}")
    c = code.strip().upper()
    if c == EVERYWHERE:
        if allow_everywhere:
            return c
        raise ValueError("'*' (everywhere) is for rules; a post names its countries")
    c = _ALIASES.get(c, c)
    if c in GROUPS or (len(c) == 2 and c.isascii() and c.isalpha()):
        return c
    raise ValueError(
        f"not a market: {code!r} (an ISO 3166-1 alpha-2 code such as 'US', 'GB', 'DE', "
        f"or a group: {', '.join(GROUPS)}{', or *' if allow_everywhere else ''})"
    )


def expand(codes: list[str] | tuple[str, ...]) -> frozenset[str] | None:
    """Country codes of a market list; None for everywhere."""
    out: set[str] = set()
    for code in codes:
        if code == EVERYWHERE:
            return None
        out |= GROUPS.get(code, frozenset((code,)))
    return frozenset(out)


def region_of(locale: str) -> str | None:
    """The country of a BCP 47 locale (``en-GB`` -> ``GB``, ``zh-Hant-TW`` -> ``TW``), or None
    (``fr``, ``es-419``)."""
    for part in locale.replace("_", "-").split("-")[1:]:
        if len(part) == 2 and part.isalpha():
            return _ALIASES.get(part.upper(), part.upper())
    return None


@lru_cache(maxsize=1024)
def jurisdictions(locale: str, markets: tuple[str, ...] | None) -> frozenset[str]:
    """The countries a post is published in (see ``Post.jurisdictions``); memoised, since every
    rule with markets asks it for every post."""
    if markets:
        return expand(markets) or frozenset()
    region = region_of(locale)
    return frozenset((region,)) if region else frozenset()
