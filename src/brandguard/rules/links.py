"""``links``: where a post sends people.

What it does
    Checks every URL in the text and in ``Post.links``: domains on ``deny`` are flagged;
    with ``allow`` set, any other domain is flagged; URL shorteners (``bit.ly``, ``tinyurl.com``
    and the rest of ``shorteners``) are flagged because they hide the destination; links to
    ``utm_domains`` (your own sites) must carry every parameter in ``require_utm``.
    Subdomains match their parent (``shop.acme.com`` is ``acme.com``).

Why is this bad?
    A denied domain may be a competitor, a scam look-alike or an unapproved landing page; a
    shortener hides where a click goes and some platforms down-rank or block them; links
    without UTM parameters make a campaign unmeasurable.

Example
    ```yaml
    brand.links:
      kind: links
      level: warning
      deny: [competitor.com]
      shorteners: true
      utm_domains: [acme.com]
      require_utm: [utm_source, utm_medium, utm_campaign]
    ```

Use instead
    The full link to an approved domain, with the campaign's UTM parameters (the exact fix
    adds the missing ones with ``utm_defaults`` values, URL-encoded, where they are given).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from pydantic import Field

from ..verdict import Finding, Fix
from .base import URL_RE, Rule, RuleContext

Code = Literal["denied", "not-allowed", "shortener", "utm"]

DEFAULT_SHORTENERS = [
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "goo.gl",
    "ow.ly",
    "buff.ly",
    "is.gd",
    "t.ly",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "tiny.cc",
    "rb.gy",
    "v.gd",
    "s.id",
    "shorte.st",
    "adf.ly",
    "bl.ink",
    "short.io",
    "lnkd.in",
    "trib.al",
    "dlvr.it",
    "soo.gd",
    "qr.ae",
]


def _host(url: str) -> str:
    u = url if "://" in url else "http://" + url
    try:
        host = urlsplit(u).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _under(host: str, domains: list[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


class LinksRule(Rule):
    """Link problem: %s."""

    kind: Literal["links"] = "links"
    allow: list[str] | None = None
    deny: list[str] = Field(default_factory=list)
    shorteners: bool = True
    shortener_list: list[str] = Field(default_factory=lambda: list(DEFAULT_SHORTENERS))
    utm_domains: list[str] = Field(default_factory=list)
    require_utm: list[str] = Field(default_factory=list)
    utm_defaults: dict[str, str] = Field(default_factory=dict)

    cost = 12

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        text = ctx.text
        deny = [d.lower().removeprefix("www.") for d in self.deny]
        allow = (
            [d.lower().removeprefix("www.") for d in self.allow] if self.allow is not None else None
        )
        shorteners = [d.lower() for d in self.shortener_list]
        utm_domains = [d.lower().removeprefix("www.") for d in self.utm_domains]
        items: list[tuple[str, int, int, str]] = [(text[a:b], a, b, "text") for a, b in ctx.urls]
        in_text = {u.lower().rstrip("/") for u, *_ in items}
        for i, link in enumerate(ctx.post.links):
            if link.lower().rstrip("/") not in in_text:
                items.append((link, 0, 0, f"links[{i}]"))
        for url, a, b, field in items:
            host = _host(url)
            if not host:
                continue
            excerpt = None if field == "text" else url
            if _under(host, deny):
                yield self.finding(
                    ctx,
                    a,
                    b,
                    code="denied",
                    field=field,
                    excerpt=excerpt,
                    args=(f"{host} is on the deny list",),
                    suggestion="Link to an approved domain instead.",
                )
                continue
            if allow is not None and not _under(host, allow) and not _under(host, shorteners):
                yield self.finding(
                    ctx,
                    a,
                    b,
                    code="not-allowed",
                    field=field,
                    excerpt=excerpt,
                    args=(f"{host} is not on the allow list",),
                    suggestion="Link only to: " + ", ".join(allow) + ".",
                )
                continue
            if self.shorteners and _under(host, shorteners):
                yield self.finding(
                    ctx,
                    a,
                    b,
                    code="shortener",
                    field=field,
                    excerpt=excerpt,
                    args=(f"{host} is a URL shortener that hides the destination",),
                    suggestion="Use the full destination URL.",
                )
                continue
            if self.require_utm and _under(host, utm_domains):
                query = dict(parse_qsl(urlsplit(url if "://" in url else "http://" + url).query))
                missing = [p for p in self.require_utm if p not in query]
                if missing:
                    fix = None
                    if field == "text" and all(p in self.utm_defaults for p in missing):
                        add = urlencode({p: self.utm_defaults[p] for p in missing})
                        base, hash_, frag = url.partition("#")
                        sep = "" if base.endswith(("?", "&")) else "&" if "?" in base else "?"
                        fix = Fix(start=a, end=b, replacement=f"{base}{sep}{add}{hash_}{frag}")
                    yield self.finding(
                        ctx,
                        a,
                        b,
                        code="utm",
                        field=field,
                        excerpt=excerpt,
                        args=("missing " + ", ".join(missing),),
                        suggestion="Add " + ", ".join(missing) + " to the link.",
                        fix=fix,
                    )


__all__ = ["URL_RE", "LinksRule"]
