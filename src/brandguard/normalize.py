"""Text views that survive evasion, with offset maps back to the original text.

A rule never matches the raw post. It matches a *view*:

* ``folded``: NFKC, zero-width characters removed, diacritics stripped, homoglyphs
  (Cyrillic/Greek look-alikes) folded to Latin, whitespace runs collapsed to one space,
  lower-cased. Every default-ignorable code point of the Unicode standard is dropped (the
  ``Default_Ignorable_Code_Point`` property: U+034F, U+3164, U+115F, variation selectors,
  tags...) and so is the braille blank, HTML entities (``c&#117;res``) and URL escapes
  (``cu%72es``) are decoded, and a right-to-left override (U+202E) run is read in the order it
  is displayed. ``ｃｕｒｅ``, ``сure`` (Cyrillic с) and ``cu\u200bre`` all read ``cure``.
* ``cased``: the same without lower-casing, for case-sensitive rules.
* ``plain``: ``folded`` with decoration between words read as a space (emoji, ``#``, ``*``,
  ``_``, quotes, brackets) and a line break inside a word closed: ``cures ✨ #diabetes``,
  ``**guaranteed** returns`` and ``cu\nres`` read ``cures diabetes``, ``guaranteed returns``,
  ``cures``. ``None`` when identical to ``folded``.
* ``leet``: ``folded`` with separated letters joined (``c-u-r-e``, ``c.u.r.e``) and leetspeak
  inside words read as letters (``gu@rant33d`` -> ``guaranteed``). ``None`` when identical
  to ``folded``.

Every view maps any span back to ``(start, end)`` offsets in the original text, so a finding
always points at what the author wrote.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cached_property, lru_cache

import regex

from ._lazyre import lazy_re, lazy_regex

__all__ = ["DECORATION", "Normalized", "TextView", "fold_term"]

ZERO_WIDTH = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u2061\u2062\u2063\u2064"
)

# Latin look-alikes from the Cyrillic, Greek and other blocks (Unicode confusables, the
# subset that is used to dodge word filters). Upper and lower case are both listed so the
# cased view folds too.
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "ɡ": "g",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "Ѕ": "S",
    "І": "I",
    "Ј": "J",
    "Һ": "H",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    # Latin extensions and IPA that look like ASCII
    "ı": "i",
    "ȷ": "j",
    "ɑ": "a",
    "ℓ": "l",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "ł": "l",
    "Ł": "L",
    # Typographic punctuation that authors (and word processors) use for ASCII
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "“": '"',
    "”": '"',
    "′": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "−": "-",
}

# Leetspeak read inside words. Digits and @/$ are read when next to a letter; ! and | only
# between letters, so "cure!" stays "cure!".
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "€": "e",
}

# HTML entities and URL escapes: the only ASCII (besides whitespace) the fold rewrites
_ENCODING = r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,9});|%[0-9a-fA-F]{2}"
_ENCODED = lazy_re(_ENCODING)
#: What the fold rewrites (the definition; ``_SPECIALS`` finds the same spans faster): an
#: entity or escape, a non-ASCII character, a whitespace run, or a whitespace character other
#: than the space.
_SPECIAL_REFERENCE = _ENCODING + r"|[^\x00-\x7f]|[ \t\r\n\f\v]{2,}|[\t\r\n\f\v]"
# Where one of those can start, except a run of spaces (the space is too common to stop at)
_SPECIAL_START = lazy_re(r"[&%\t\n\r\f\v\x80-\U0010ffff]")
_WHITESPACE = frozenset(" \t\r\n\f\v")
# Single letters separated by the same kind of separator: c-u-r-e, c.u.r.e, c u r e, c*u*r*e
# Single letters separated by the same separator: c-u-r-e, c.u.r.e, c u r e, c*u*r*e.
# (stdlib re: these simple patterns run 2-3x faster there than in the regex module.)
_SPACED = lazy_re(r"(?<![\w@$])[a-z0-9@$]([-._*·~ ])[a-z0-9@$](?:\1[a-z0-9@$])+(?![\w@$])")
# Fast gate (no look-behind, so re scans quickly): letter, separator, letter, separator, letter.
_SPACED_HINT = lazy_re(r"[a-z0-9@$]([-._*·~ ])[a-z0-9@$]\1[a-z0-9@$]")
_DIGITS = "0123456789"
_LEET_CHARS = lazy_regex(r"[013457@$€]|(?<=[a-z])[!|](?=[a-z])")
# A leet character next to a letter: the only case where the leet view can differ.
_LEET_ANY = lazy_re(r"[013457@$€!|]")
_HAS_LETTER = lazy_re(r"[a-z]")


_MARKS = frozenset("™®©℠℗")
# Decoration between (or around) words: emoji and other symbols, hashtag signs, markdown
# emphasis, quotes, brackets; a run of it, with the spaces around it (or a run of spaces),
# reads as one space in the plain view. (Curly quotes fold to '"'; they are listed for
# unfolded text such as a lexicon's terms.)
_DECOR_ASCII = "#*_\"~^`|=<>\\[\\]{}"
_DECOR_CLASS = f"[{_DECOR_ASCII}“”\\p{{So}}\\p{{Sk}}\\p{{Cs}}\\p{{Co}}\\p{{Me}}\\ufe0f]"
_DECOR_CHARS = lazy_regex(_DECOR_CLASS + "+")
# Where decoration can be: a run of ASCII decoration, a run of non-ASCII characters (the
# decoration class is read only inside those), or two spaces and more
_DECOR_MAYBE = lazy_re(f"[{_DECOR_ASCII}\\x80-\\U0010ffff]+")
_SPACES = lazy_re("[ ]{2,}")
_DECOR_HINT = lazy_re(f"[{_DECOR_ASCII}]")
#: One character the plain view reads as a space, or two spaces: a term holding none finds in
#: the plain view every hit it has in the folded view.
DECORATION = lazy_regex(_DECOR_CLASS + "|  ")
# A line break between two letters (no space): a word broken across lines, "cu\nres" (the
# definition; _BROKEN_WORDS finds the same breaks faster)
_BROKEN_WORD = lazy_regex(r"(?<=\p{L})\r?\n(?=[\p{L}-])|(?<=-)\r?\n(?=\p{L})")
#: Invisible by the Unicode standard's own property (DerivedCoreProperties.txt), read from the
#: ``regex`` module's Unicode tables rather than listed by hand.
_IGNORABLE = lazy_regex(r"\p{Default_Ignorable_Code_Point}")
#: Rendered blank though neither whitespace nor default-ignorable: the braille pattern blank,
#: used to space out letters (c⠀u⠀r⠀e⠀s) and for blank lines; dropped like the invisible ones
_BLANKS = frozenset("\u2800")


@lru_cache(maxsize=4096)
def _fold_char(ch: str, lower: bool) -> str:
    if (
        ch in ZERO_WIDTH
        or ch in _BLANKS
        or unicodedata.category(ch) == "Cf"
        or _IGNORABLE.match(ch)
    ):
        return ""
    if ch in _MARKS:  # "cures diabetes™" must not read "diabetestm"
        return " "
    if ch.isspace():
        return " "
    out = []
    for c in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch)):
        if unicodedata.combining(c):
            continue
        out.append(_HOMOGLYPHS.get(c, c))
    s = "".join(out)
    return s.lower() if lower else s


class TextView:
    """One view of a text, with a map from view offsets back to original offsets.

    The map is a list of segments ``(view_start, orig_start, orig_end, identity)``; inside an
    identity segment offsets shift one to one, a replaced segment maps as a unit.
    """

    __slots__ = ("_ident", "_orig_end", "_orig_start", "_parent", "_view_starts", "text")

    def __init__(
        self,
        text: str,
        segments: list[tuple[int, int, int, bool]] | None = None,
        parent: TextView | None = None,
    ) -> None:
        self.text = text
        self._parent = parent
        if segments is None:
            self._view_starts: list[int] | None = None
        else:
            self._view_starts = [s[0] for s in segments]
            self._orig_start = [s[1] for s in segments]
            self._orig_end = [s[2] for s in segments]
            self._ident = [s[3] for s in segments]

    def _map(self, pos: int, *, is_end: bool) -> int:
        if self._view_starts is None:
            return pos
        starts = self._view_starts
        # An end offset belongs to the segment holding the character before it.
        key = pos - 1 if is_end and pos > 0 else pos
        i = bisect_right(starts, key) - 1
        if i < 0:
            return 0
        if self._ident[i]:
            return self._orig_start[i] + (pos - starts[i])
        return self._orig_end[i] if is_end else self._orig_start[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` of this view to the original text."""
        a = self._map(start, is_end=False)
        b = self._map(end, is_end=True) if end > start else a
        if self._parent is not None:
            return self._parent.span(a, b)
        return a, b


class _Piece:
    """A match-like span of a text (``span()``, ``group()``) found without a regex."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self) -> str:
        return self._text


class _DecorRuns:
    """The plain view's runs, as ``[ ]*(?:DECOR+[ ]*)+|[ ]{2,}`` would find them, in one cheap
    pass: the decoration characters are found with a plain class, then each run is widened
    over the spaces around it and merged with its neighbours (the regex's leading ``[ ]*``
    made it try every position)."""

    def finditer(self, text: str) -> list[_Piece]:
        out: list[_Piece] = []
        n = len(text)
        start = end = -1
        for a, b in _decor_chars(text):
            while a > 0 and text[a - 1] == " ":
                a -= 1
            while b < n and text[b] == " ":
                b += 1
            if a <= end:
                end = max(end, b)
                continue
            if end >= 0:
                out.append(_Piece(start, end, text[start:end]))
            start, end = a, b
        if end >= 0:
            out.append(_Piece(start, end, text[start:end]))
        return out


_DECOR_RUNS = _DecorRuns()


class _Specials:
    """What ``_SPECIAL_REFERENCE`` finds, in order: the places one can start are found with a
    plain class (and ``str.find`` for two spaces), and each is read from there. The alternation
    tried each branch at each position (0.16 ms on a 2,500-character post; this: 0.02)."""

    def finditer(self, text: str) -> list[_Piece]:
        starts = [m.start() for m in _SPECIAL_START.finditer(text)]
        if "  " in text:
            k = text.find("  ")
            more = []
            while k >= 0:
                more.append(k)
                k = text.find("  ", k + 2)
            starts = sorted(starts + more)
        out: list[_Piece] = []
        n = len(text)
        last = 0
        for i in starts:
            if i < last:
                continue
            c = text[i]
            if c == "&" or c == "%":
                m = _ENCODED.match(text, i)
                if m is not None:
                    out.append(_Piece(i, m.end(), m.group()))
                    last = m.end()
            elif c > "\x7f":
                out.append(_Piece(i, i + 1, c))
                last = i + 1
            else:
                a = i
                while a > last and text[a - 1] == " ":
                    a -= 1
                b = i + 1
                while b < n and text[b] in _WHITESPACE:
                    b += 1
                if b - a >= 2 or c != " ":
                    out.append(_Piece(a, b, text[a:b]))
                    last = b
        return out


_SPECIALS = _Specials()


class _BrokenWords:
    """What ``_BROKEN_WORD`` finds, from the line breaks (found with ``str.find``) instead of
    a look-behind tried at every character."""

    def finditer(self, text: str) -> list[_Piece]:
        out: list[_Piece] = []
        n = len(text)
        i = text.find("\n")
        while i >= 0:
            s = i - 1 if i and text[i - 1] == "\r" else i
            if s and i + 1 < n:
                p, q = text[s - 1], text[i + 1]
                if (p.isalpha() and (q.isalpha() or q == "-")) or (p == "-" and q.isalpha()):
                    out.append(_Piece(s, i + 1, text[s : i + 1]))
            i = text.find("\n", i + 1)
        return out


_BROKEN_WORDS = _BrokenWords()


def _decor_chars(text: str) -> list[tuple[int, int]]:
    """The spans ``_DECOR_CLASS+|[ ]{2,}`` finds, in order: the ``regex`` module's Unicode
    classes are read only inside runs of ASCII decoration and non-ASCII characters, and runs
    of spaces (rare in a folded text) are found apart (on a mostly-ASCII post, 0.14 -> 0.04
    ms; two plain classes, one for each kind of run, cost more than this one)."""
    spaces = [m.span() for m in _SPACES.finditer(text)] if "  " in text else []
    out: list[tuple[int, int]] = []
    k = 0
    for m in _DECOR_MAYBE.finditer(text):
        a, b = m.span()
        while k < len(spaces) and spaces[k][0] < a:
            out.append(spaces[k])
            k += 1
        if m.group().isascii():
            out.append((a, b))
        else:
            out += [d.span() for d in _DECOR_CHARS.finditer(text, a, b)]
    out += spaces[k:]
    return out


def _rebuild(
    text: str,
    pattern: regex.Pattern[str] | re.Pattern[str],
    repl,
    parent: TextView | None,
    *,
    lower: bool = False,
) -> TextView:
    """Build a view of ``text`` where each match of ``pattern`` is replaced by ``repl(m)``;
    with ``lower``, the text between matches is lower-cased (it must be ASCII, so that this
    keeps its length)."""
    pieces: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []
    vpos = 0
    last = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        if s > last:
            segments.append((vpos, last, s, True))
            pieces.append(text[last:s].lower() if lower else text[last:s])
            vpos += s - last
        r = repl(m)
        if r:
            segments.append((vpos, s, e, False))
            pieces.append(r)
            vpos += len(r)
        last = e
    if not segments:
        return TextView(text.lower() if lower else text, None, parent)
    if last < len(text):
        segments.append((vpos, last, len(text), True))
        pieces.append(text[last:].lower() if lower else text[last:])
    return TextView("".join(pieces), segments, parent)


def _fold_view(text: str, *, lower: bool) -> TextView:
    if text.isascii() and not _ascii_needs_work(text):
        return TextView(text.lower() if lower else text)
    shown = _displayed(text)
    if shown is not None:
        return _over(_fold_view(shown.text, lower=lower), shown)

    def repl(m: regex.Match[str]) -> str:
        s = m.group()
        if len(s) > 1:
            if s[0] == "&" or s[0] == "%":
                decoded = _decode(s)
                if decoded is None:
                    return s.lower() if lower else s
                return "".join(_fold_char(c, lower) for c in decoded)
            return " "
        if s.isspace():
            return " "
        return _fold_char(s, lower)

    # Every non-ASCII character is special, so the stretches between specials are ASCII and
    # are lowered as they are copied (one translate of the whole view cost 0.15 ms on a
    # 2,500-character post)
    return _rebuild(text, _SPECIALS, repl, None, lower=lower)


def _ascii_needs_work(text: str) -> bool:
    return (
        "  " in text
        or "\n" in text
        or "\t" in text
        or "\r" in text
        or "\f" in text
        or "\v" in text
        or (("&" in text or "%" in text) and _ENCODED.search(text) is not None)
    )


def _decode(s: str) -> str | None:
    """An HTML entity or a URL escape as the characters it stands for (``None``: leave it).
    A URL escape is read only when it stands for a printable ASCII character."""
    if s[0] == "%":
        c = chr(int(s[1:], 16))
        return c if " " <= c <= "~" else None
    import html

    out = html.unescape(s)
    return None if out == s else out


# A right-to-left override (or isolate) run: displayed in reverse order, so read reversed.
_RLO_RUN = lazy_re("[\u202e\u2067]([^\u202c\u2069\n]*)[\u202c\u2069]?")


def _displayed(text: str) -> TextView | None:
    if "\u202e" not in text and "\u2067" not in text:
        return None
    return _rebuild(text, _RLO_RUN, lambda m: m.group(1)[::-1], None)


def _over(view: TextView, parent: TextView) -> TextView:
    """``view`` (of ``parent.text``) re-rooted on ``parent``, so its spans map through it."""
    if view._view_starts is None:
        return TextView(view.text, [(0, 0, len(parent.text), True)], parent)
    segments = zip(view._view_starts, view._orig_start, view._orig_end, view._ident, strict=True)
    return TextView(view.text, list(segments), parent)


class Normalized:
    """All views of one original text; each is computed on first use."""

    __slots__ = ("__dict__", "original")

    def __init__(self, original: str) -> None:
        self.original = original

    @cached_property
    def folded(self) -> TextView:
        return _fold_view(self.original, lower=True)

    @cached_property
    def cased(self) -> TextView:
        return _fold_view(self.original, lower=False)

    @cached_property
    def unbroken(self) -> TextView | None:
        """``folded`` of the text with every line break between two letters closed
        (``cu\nres`` -> ``cures``); ``None`` when the post has no such break. An extra view:
        it would join two words a line break separates, so ``folded`` is read too."""
        original = self.original
        if "\n" not in original:
            return None
        closed = _rebuild(original, _BROKEN_WORDS, lambda m: "", None)
        if closed._view_starts is None:  # no break inside a word
            return None
        return _over(_fold_view(closed.text, lower=True), closed)

    @cached_property
    def plain(self) -> TextView | None:
        """``folded`` without decoration between words, and with a line break inside a word
        closed; ``None`` when that changes nothing."""
        base = self.unbroken or self.folded
        text = base.text
        if (
            self.unbroken is None
            and text.isascii()
            and "  " not in text
            and not _DECOR_HINT.search(text)
        ):
            return None
        view = _rebuild(text, _DECOR_RUNS, lambda m: " ", base)
        if view.text == self.folded.text:
            return None
        return view

    @cached_property
    def leet(self) -> TextView | None:
        base = self.folded
        text = base.text
        leety = _has_leet(text)
        spaced = _SPACED_HINT.search(text) is not None and _SPACED.search(text) is not None
        if not leety and not spaced:
            return None
        joined = _rebuild(text, _SPACED, _join_spaced, base)
        t = joined.text
        if _LEET_CHARS.search(t):
            t = _read_leet_tokens(t)
        if t == text:
            return None
        joined.text = t
        return joined


def _has_leet(text: str) -> bool:
    """Is there a leet character the leet view would read as a letter? (Checked around each
    candidate only: a look-behind regex over the whole text costs ten times more.)"""
    n = len(text)
    for m in _LEET_ANY.finditer(text):
        i = m.start()
        ch = text[i]
        p = text[i - 1] if i else " "
        q = text[i + 1] if i + 1 < n else " "
        if ch in "@$€" and (p in "@$€" or q in "@$€"):
            # a run of them ("a$$hole", "@$$"): what counts is the letters around the run
            a, b = i, i + 1
            while a > 0 and text[a - 1] in "@$€":
                a -= 1
            while b < n and text[b] in "@$€":
                b += 1
            p = text[a - 1] if a else " "
            q = text[b] if b < n else " "
        pl = "a" <= p <= "z"
        ql = "a" <= q <= "z"
        if ch in "!|":
            if pl and ql:
                return True
        elif (
            (pl and ql)
            or (ql and not (p.isalnum() or p in "@$€_"))
            or (pl and not (q.isalnum() or q in "@$€_"))
        ):
            return True
    return False


def _join_spaced(m: re.Match[str]) -> str:
    sep = m.group(1)
    return m.group().replace(sep, "")


_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|€")


def _read_leet_tokens(text: str) -> str:
    """Each token (a run of letters, digits and leet characters) that holds a leet character
    read by ``_read_token``; most words hold none and are not visited. Length-preserving and
    linear (a regex ``[...]*[a-z][...]*`` backtracked over every start of a digit run)."""
    out: list[str] = []
    last = 0
    n = len(text)
    for m in _LEET_ANY.finditer(text):
        i = m.start()
        if i < last:
            continue  # inside a token already read
        a = i
        while a > last and text[a - 1] in _TOKEN_CHARS:
            a -= 1
        b = i + 1
        while b < n and text[b] in _TOKEN_CHARS:
            b += 1
        out.append(text[last:a])
        out.append(_read_token(text[a:b]))
        last = b
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _read_token(tok: str) -> str:
    if tok.isalpha() or not _HAS_LETTER.search(tok):
        return tok
    # Keep numbers (two digits or more) at the edges of a token as numbers: glow20, 2024recap.
    n = len(tok)
    lead = n - len(tok.lstrip(_DIGITS))
    tail = n - len(tok.rstrip(_DIGITS))
    lo = lead if lead >= 2 else 0
    hi = n - tail if tail >= 2 else n
    out = []
    for i, ch in enumerate(tok):
        if ch in _LEET and lo <= i < hi:
            if ch in "!|" and not (
                0 < i < len(tok) - 1 and tok[i - 1].isalpha() and tok[i + 1].isalpha()
            ):
                out.append(ch)
                continue
            out.append(_LEET[ch])
        else:
            out.append(ch)
    return "".join(out)


def fold_term(term: str, *, lower: bool = True) -> str:
    """Fold a lexicon term exactly like the ``folded`` (or ``cased``) view folds a post."""
    return _fold_view(term.strip(), lower=lower).text
