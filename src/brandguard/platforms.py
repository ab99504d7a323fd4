"""What each platform allows, how it counts, and where it folds a post behind "more".

Every number carries its source. Limits change: a policy can override any of them
(``length`` rule ``max:``, ``disclosure`` rule ``fold:``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .post import Platform

__all__ = ["PLATFORMS", "Counting", "PlatformSpec", "spec_for"]

Counting = Literal["weighted", "graphemes", "chars", "utf16", "bytes", "mastodon", "threads"]


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    name: str
    limit: int | None
    counting: Counting
    limit_source: str
    fold: int | None  # characters visible before "more"; None = no fold
    fold_source: str | None
    url_length: int | None = None  # a URL counts as this many characters, if the platform shortens


PLATFORMS: dict[Platform, PlatformSpec] = {
    Platform.X: PlatformSpec(
        "X",
        280,
        "weighted",
        "https://github.com/twitter/twitter-text/blob/master/config/v3.json "
        "(maxWeightedTweetLength 280, URLs 23, characters outside the light ranges weigh 2)",
        None,
        None,
        url_length=23,
    ),
    Platform.BLUESKY: PlatformSpec(
        "Bluesky",
        300,
        "graphemes",
        "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json "
        "(text maxGraphemes 300, maxLength 3000 bytes)",
        None,
        None,
    ),
    Platform.THREADS: PlatformSpec(
        "Threads",
        500,
        "threads",
        "https://developers.facebook.com/documentation/threads/posts (text posts are limited to 500 "
        "characters; emojis are counted as the number of UTF-8 bytes)",
        250,
        "Threads shows about 250 characters on mobile before truncating (2nd: posttruncate.com/en/platform-limits)",
    ),
    Platform.MASTODON: PlatformSpec(
        "Mastodon",
        500,
        "mastodon",
        "https://docs.joinmastodon.org/user/posting/ (default limit 500 characters, per instance; "
        "all links count as 23 characters; mentions count only the username)",
        None,
        None,
        url_length=23,
    ),
    Platform.LINKEDIN: PlatformSpec(
        "LinkedIn",
        3000,
        "chars",
        "LinkedIn post commentary up to 3,000 characters (2nd: ayrshare.com/docs/apis/post/social-networks/linkedin)",
        140,
        "LinkedIn shows about 140 characters on mobile, 210 on desktop, before '...see more' "
        "(2nd: posttruncate.com/en/platform-limits)",
    ),
    Platform.INSTAGRAM: PlatformSpec(
        "Instagram",
        2200,
        "chars",
        "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media "
        "(caption: maximum 2200 characters, 30 hashtags, 20 @ tags)",
        125,
        "https://help.instagram.com/1643471055915254 (feed shows the first three lines of a caption; "
        "captions of 125 characters or fewer show whole)",
    ),
    Platform.TIKTOK: PlatformSpec(
        "TikTok",
        2200,
        "utf16",
        "https://developers.tiktok.com/doc/content-posting-api-reference-direct-post "
        "(title/caption max 2200 UTF-16 runes)",
        150,
        "TikTok shows about 150 characters of a caption before 'more' (2nd: toolshake.xyz caption counter)",
    ),
    Platform.FACEBOOK: PlatformSpec(
        "Facebook",
        63206,
        "chars",
        "Facebook post text limit 63,206 characters (2nd: docs.upload-post.com/resources/character-limits)",
        125,
        "Facebook shows about 110-125 characters on mobile, 480 on desktop, before 'See more' "
        "(2nd: posttruncate.com/en/platform-limits)",
    ),
    Platform.YOUTUBE: PlatformSpec(
        "YouTube",
        5000,
        "bytes",
        "https://developers.google.com/youtube/v3/docs/videos#snippet.description "
        "(description max 5000 bytes; title max 100 characters)",
        100,
        "YouTube shows the first 100-150 characters of a description above 'Show more' "
        "(2nd: lifeandwork.blog, youtube description limits)",
    ),
    Platform.GENERIC: PlatformSpec(
        "generic",
        None,
        "chars",
        "no platform limit",
        None,
        None,
    ),
}


def spec_for(platform: Platform | str) -> PlatformSpec:
    return PLATFORMS[Platform(platform)]
