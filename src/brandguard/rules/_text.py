"""Shared text helpers for rule kinds: emoji, caps words, counting units."""

from __future__ import annotations

import unicodedata

from .._lazyre import lazy_regex

EMOJI = lazy_regex(
    # flags | keycaps (1️⃣ #️⃣) | pictographs; ©®™‼⁉ only in emoji presentation (with U+FE0F)
    r"(?:\p{Regional_Indicator}{2})|(?:[0-9#*]\uFE0F?\u20E3)"
    r"|(?:(?:(?![©®™‼⁉])\p{Extended_Pictographic}|[©®™‼⁉](?=\uFE0F))"
    r"(?:\p{EMod}|\uFE0F|\u20E3)*(?:\u200D\p{Extended_Pictographic}(?:\p{EMod}|\uFE0F)*)*"
    r"(?:[\U000E0020-\U000E007F]+)?)"
)
GRAPHEME = lazy_regex(r"\X")
CAPS_WORD = lazy_regex(r"(?<![\p{L}\p{N}])\p{Lu}{2,}(?:['’]\p{Lu}+)?(?![\p{L}\p{N}])")
LETTER = lazy_regex(r"\p{L}")
WORD = lazy_regex(r"[\p{L}\p{N}#@][\p{L}\p{N}\p{M}_'’-]*")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)
