"""The post being checked: the input contract of brandguard."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["Platform", "Post"]


class Platform(StrEnum):
    """Where the post will be published. Limits and folds differ per platform."""

    X = "x"
    LINKEDIN = "linkedin"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    THREADS = "threads"
    BLUESKY = "bluesky"
    MASTODON = "mastodon"
    FACEBOOK = "facebook"
    YOUTUBE = "youtube"
    GENERIC = "generic"


_PLATFORM_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram", "yt": "youtube"}


class Post(BaseModel):
    """A draft social-media post.

    ``sponsored`` is ``True`` for a paid partnership or any other material connection
    (free product, affiliate commission, employment), ``False`` when there is none and
    ``None`` when unknown. ``markets`` names the countries a post is aimed at (``["US", "GB"]``);
    without it, the region of ``locale`` is the market. ``alt_texts`` holds one entry per attached media item; an empty
    string means the media item has no alt text. ``metadata`` carries what the pipeline knows
    about the post; brandguard reads ``sector`` (what the account sells: ``"gambling"``,
    ``"alcohol"``; see :attr:`sectors`) and the governance keys ``account``, ``author``,
    ``team`` and ``region``.
    """

    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=False)

    id: str | None = None
    text: str
    platform: Platform = Platform.GENERIC
    locale: str = "en-US"
    sponsored: bool | None = None
    ai_generated: bool | None = None
    scheduled_at: _dt.datetime | None = None
    markets: list[str] | None = Field(
        default=None,
        description="Countries the post is aimed at (ISO 3166-1 alpha-2, or EU/EEA); default: the "
        "region of locale",
    )
    links: list[str] = Field(default_factory=list)
    alt_texts: list[str] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id", mode="before")
    @classmethod
    def _id_to_str(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("platform", mode="before")
    @classmethod
    def _platform_alias(cls, value: Any) -> Any:
        if isinstance(value, str):
            low = value.strip().lower()
            return _PLATFORM_ALIASES.get(low, low)
        return value

    @field_validator("locale")
    @classmethod
    def _check_locale(cls, value: str) -> str:
        # BCP 47 shape: a 2-3 letter language, then optional subtags of 1-8 alphanumerics.
        parts = value.replace("_", "-").split("-")
        lang = parts[0]
        if not (2 <= len(lang) <= 3 and lang.isalpha()) or not all(
            1 <= len(p) <= 8 and p.isalnum() for p in parts[1:]
        ):
            raise ValueError(f"not a BCP 47 language tag: {value!r} (expected e.g. 'en-US', 'de')")
        canonical = [lang.lower()]
        for p in parts[1:]:
            canonical.append(p.upper() if len(p) == 2 and p.isalpha() else p)
        return "-".join(canonical)

    @field_validator("markets")
    @classmethod
    def _check_markets(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        from .markets import normalize

        return list(dict.fromkeys(normalize(v, allow_everywhere=False) for v in value))

    @field_validator("scheduled_at")
    @classmethod
    def _aware(cls, value: _dt.datetime | None) -> _dt.datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError(
                "scheduled_at must be timezone-aware (e.g. '2026-05-01T09:00:00+02:00')"
            )
        return value

    @property
    def jurisdictions(self) -> frozenset[str]:
        """The countries the post is published in: ``markets`` (groups expanded), else the
        region of ``locale``; empty when unknown (then every rule applies)."""
        from .markets import jurisdictions

        return jurisdictions(self.locale, tuple(self.markets) if self.markets else None)

    @property
    def sectors(self) -> frozenset[str]:
        """What the posting account sells, from ``metadata["sector"]`` (a string or a list:
        ``"gambling"``, ``["alcohol", "hospitality"]``), lower-cased; empty when not given.
        Rules whose meaning depends on the advertiser read it: a bookmaker's post about a
        footballer is a gambling ad though it never says "bet"."""
        value = self.metadata.get("sector")
        if isinstance(value, str):
            return frozenset({value.strip().lower()}) if value.strip() else frozenset()
        if isinstance(value, (list, tuple, set, frozenset)):
            return frozenset(v.strip().lower() for v in value if isinstance(v, str) and v.strip())
        return frozenset()

    @property
    def language(self) -> str:
        """The primary language subtag of ``locale`` (``de`` for ``de-AT``)."""
        return self.locale.split("-")[0]
