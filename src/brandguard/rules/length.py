"""``length``: the post fits the platform, counted the way the platform counts.

What it does
    Counts the post as its platform does and flags it when it is over the limit:

    * X: twitter-text v3 weighted length: NFC first; every URL (bare domains too) counts 23;
      an emoji sequence counts 2; code points in U+0000-10FF, U+2000-200D, U+2010-201F and
      U+2032-2037 count 1, every other code point 2; limit 280.
    * Bluesky: 300 graphemes and 3,000 UTF-8 bytes. Mastodon: 500 graphemes by default, each
      ``http(s)`` link counts 23, a mention counts only its username. Threads: 500 characters,
      emoji counted as their UTF-8 bytes. TikTok: 2,200 UTF-16 units. YouTube description:
      5,000 bytes. LinkedIn 3,000, Instagram 2,200, Facebook 63,206 characters.

    The span starts at the first character past the limit, so the author sees what will not fit.

Why is this bad?
    An over-long post is rejected by the API or cut mid-sentence by the scheduler; the cut
    can drop a disclosure or a risk warning.

Example
    ```yaml
    platform.length:
      kind: length
      level: error
      limits: {mastodon: 1000}   # this instance allows 1000
    ```

Use instead
    Cut the post by the number of characters the finding gives, or move detail to a thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from .._lazyre import lazy_re, lazy_regex
from ..platforms import Counting
from ..post import Platform
from ..verdict import Finding, Severity
from ._text import EMOJI, GRAPHEME, nfc
from .base import Rule, RuleContext

# twitter-text v3 light ranges (weight 1); everything else weighs 2.
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_X_URL_LEN = 23
# twitter-text extracts URLs with and without protocol; a single label + ccTLD with no path
# (foo.de) is not a URL except .co and .tv.
_X_URL = lazy_re(
    r"(?i)(?<![\w@/.\-])(?:https?://[^\s<>\"]+|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:[a-z]{2,24})(?::\d+)?(?:/[^\s<>\"]*)?)(?<![.,;:!?)\]'\"])"
)
# Top-level domains twitter-text recognises (abridged: every country code, and the generic
# TLDs seen in posts). A bare "name.tld" is a URL only with a known TLD; a single label with
# a country code and no path (foo.de) is not, except .co and .tv.
_CCTLDS = frozenset(
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br "
    "bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz "
    "ec ee eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu "
    "gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr "
    "kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt "
    "mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps "
    "pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz "
    "tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf "
    "ws ye yt za zm zw".split()
)
_GTLDS = frozenset(
    "com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs "
    "app dev io ai xyz online site store shop tech blog cloud page link live news media club "
    "design agency studio space website email digital art global world today life love fun "
    "group company solutions services network social video game games bank finance money "
    "health care fit beauty fashion style market ltd llc inc eco green city london berlin nyc "
    "paris tokyo amsterdam".split()
)


def _valid_tld(host: str) -> bool:
    tld = host.rsplit(".", 1)[-1].lower()
    return tld in _GTLDS or tld in _CCTLDS or tld.startswith("xn--")


_MASTODON_URL = lazy_regex(r"(?i)https?://[^\s<>\"]+(?<![.,;:!?)\]'\"])")
_MASTODON_MENTION = lazy_regex(r"(?<![\w@])(@[A-Za-z0-9_]+)(@[\w.-]+\.\w+)")


def _x_urls(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _X_URL.finditer(text):
        s = m.group()
        if "://" in s:
            out.append(m.span())
            continue
        host = s.split("/")[0].split(":")[0]
        if not _valid_tld(host):
            continue
        tld = host.rsplit(".", 1)[-1].lower()
        single_cc = host.count(".") == 1 and tld in _CCTLDS and tld not in ("co", "tv")
        if "/" in s or not single_cc:
            out.append(m.span())
    return out


def _x_char_weight(cluster: str) -> int:
    if EMOJI.match(cluster):
        return 2
    w = 0
    for ch in nfc(cluster):
        cp = ord(ch)
        w += 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2
    return w


def _units(text: str, counting: Counting) -> list[tuple[int, int]]:
    """(offset, weight) per counting unit, in order. Used to find where a limit is crossed."""
    special: list[tuple[int, int, int]] = []  # (start, end, weight) of units counted as a block
    if counting == "weighted":
        special = [(a, b, _X_URL_LEN) for a, b in _x_urls(text)]
    elif counting == "mastodon":
        special = [(m.start(), m.end(), _X_URL_LEN) for m in _MASTODON_URL.finditer(text)]
        special += [(m.start(), m.end(), len(m.group(1))) for m in _MASTODON_MENTION.finditer(text)]
        special.sort()
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b, w in [*special, (len(text), len(text), 0)]:
        if a < pos:
            continue
        for m in GRAPHEME.finditer(text, pos, a):
            c = m.group()
            out.append((m.start(), _unit_weight(c, counting)))
        if b > a:
            out.append((a, w))
        pos = b
    return out


def _unit_weight(cluster: str, counting: Counting) -> int:
    match counting:
        case "weighted":
            return _x_char_weight(cluster)
        case "graphemes" | "mastodon":
            return 1
        case "utf16":
            return len(cluster.encode("utf-16-le")) // 2
        case "bytes":
            return len(cluster.encode("utf-8"))
        case "threads":
            return len(cluster.encode("utf-8")) if EMOJI.match(cluster) else len(cluster)
        case _:
            return len(cluster)


_X_HEAVY = lazy_re("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")


def _x_weighted(text: str) -> int:
    """twitter-text v3 weighted length without walking graphemes: code points, plus one for
    each heavy code point, with URLs and emoji sequences replaced by their fixed weights."""
    t = nfc(text)
    heavy = _X_HEAVY.findall
    total = len(t) + len(heavy(t))
    for a, b in _x_urls(t):
        seg = t[a:b]
        total += _X_URL_LEN - len(seg) - len(heavy(seg))
    for m in EMOJI.finditer(t):
        seg = m.group()
        total += 2 - len(seg) - len(heavy(seg))
    return total


def count(text: str, counting: Counting) -> int:
    """Length of ``text`` as a platform counts it."""
    if text.isascii():
        if counting == "weighted":
            urls = _x_urls(text)
            return len(text) - sum(b - a for a, b in urls) + _X_URL_LEN * len(urls)
        if counting == "graphemes":
            # In ASCII the only cluster longer than one character is CR LF.
            return len(text) - text.count("\r\n")
        if counting != "mastodon":
            return len(text)
    elif counting == "chars":
        return len(text)
    elif counting == "weighted":
        return _x_weighted(text)
    elif counting == "graphemes" and len(text) <= 300:
        return len(GRAPHEME.findall(text))
    elif counting == "bytes":
        return len(text.encode("utf-8"))
    elif counting == "utf16":
        return len(text.encode("utf-16-le")) // 2
    return sum(w for _, w in _units(text, counting))


def _may_exceed(text: str, counting: Counting, limit: int) -> bool:
    """Cheap upper bound: False when the text cannot be over ``limit``."""
    n = len(text)
    if n <= limit // 4:
        return False
    match counting:
        case "weighted":
            if text.isascii():
                return n > limit or "." in text  # exact count decides; URLs can lengthen
            return 2 * n + _X_URL_LEN * text.count(".") > limit
        case "mastodon":
            return n + _X_URL_LEN * text.count("://") > limit
        case "threads" | "bytes":
            return len(text.encode("utf-8")) > limit
        case "utf16":
            return 2 * n > limit
        case _:
            return n > limit


def first_offset_over(text: str, counting: Counting, limit: int) -> int:
    total = 0
    for offset, weight in _units(text, counting):
        total += weight
        if total > limit:
            return offset
    return len(text)


_COUNTING_NAMES = {
    "weighted": "weighted characters",
    "graphemes": "characters",
    "chars": "characters",
    "utf16": "characters (UTF-16)",
    "bytes": "bytes",
    "mastodon": "characters",
    "threads": "characters",
}


class LengthRule(Rule):
    """%s is over %s's limit of %s."""

    kind: Literal["length"] = "length"
    level: Severity = Severity.ERROR
    message: str = "%s: over the %s limit of %s."
    max: int | None = Field(default=None, ge=1, description="Limit for every platform (overrides)")
    counting: Counting | None = None
    limits: dict[Platform, int] = Field(default_factory=dict, description="Per-platform limits")
    max_bytes: dict[Platform, int] = Field(
        default_factory=lambda: {Platform.BLUESKY: 3000},
        description="UTF-8 byte limits on top of the character limit (Bluesky: 3000)",
    )

    cost = 6
    cites_own_source = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        spec = ctx.platform
        platform = ctx.post.platform
        limit = self.limits.get(platform, self.max if self.max is not None else spec.limit)
        counting: Counting = self.counting or spec.counting
        text = ctx.text
        if limit is not None and _may_exceed(text, counting, limit):
            n = count(text, counting)
            if n > limit:
                start = first_offset_over(text, counting, limit)
                unit = _COUNTING_NAMES[counting]
                yield self.finding(
                    ctx,
                    start,
                    len(text),
                    args=(f"{n} {unit}", spec.name, str(limit)),
                    suggestion=f"Cut at least {n - limit} {unit} (everything from here on does not fit).",
                    source=spec.limit_source
                    if self.max is None and platform not in self.limits
                    else (self.source or spec.limit_source),
                )
        byte_limit = self.max_bytes.get(platform)
        if byte_limit is not None:
            nb = len(text.encode("utf-8"))
            if nb > byte_limit:
                start = first_offset_over(text, "bytes", byte_limit)
                yield self.finding(
                    ctx,
                    start,
                    len(text),
                    code="bytes",
                    args=(f"{nb} bytes", spec.name, f"{byte_limit} bytes"),
                    suggestion=f"Cut at least {nb - byte_limit} bytes.",
                    source=spec.limit_source
                    if self.max is None and platform not in self.limits
                    else (self.source or spec.limit_source),
                )
