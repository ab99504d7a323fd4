"""The evasion corpus: each plain violation the default policy catches, rewritten by each
obfuscation family a hostile author (or a careless copy-paste) produces.

    python evals/evasion/corpus.py            # catch rate per family, default policy
    python evals/evasion/corpus.py --misses   # and every variant that got through

A variant counts as caught when the check still flags the same rule family (its finding's
rule id starts with the family's prefix) at review or block. The families are those of
issue 11: separators between words, invisible characters, encodings, markup, line breaks,
bidi reversal, look-alike letters, and personal data written with other spaces, dashes,
digits and at-signs.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

#: (rule prefix, text): plain violations, each caught by the default policy as written
BASE: list[tuple[str, str]] = [
    ("health", "This tea cures diabetes"),
    ("health", "Our drops treat anxiety naturally"),
    ("health", "It heals eczema in days"),
    ("health", "Gummies that prevent colds"),
    ("finance", "Get guaranteed returns on every deposit"),
    ("finance", "A risk-free investment that doubles"),
    ("finance", "Crypto with no risk and high returns"),
    ("privacy", "Email jane.doe@example.com for the refund"),
    ("privacy", "Call Mike on +44 7911 123456 about the order"),
    ("privacy", "Card 4111 1111 1111 1111 was charged"),
]

#: the same violations as people write them, with possessives, idioms and word order
#: (issue 11 found 15 of 34 such phrasings passing): a family of their own, measured as written
NATURAL: list[tuple[str, str]] = [
    ("health", "This tea cured my husband's diabetes"),
    ("health", "My mum's arthritis is gone thanks to these drops"),
    ("health", "Say goodbye to eczema with our balm"),
    ("health", "Our oil fights cancer"),
    ("health", "These gummies stop anxiety"),
    ("health", "It reverses type 2 diabetes"),
    ("health", "No more migraines with our tea"),
    ("health", "This serum heals acne overnight"),
    ("health", "Kiss your psoriasis goodbye"),
    ("health", "Beat the flu with our elderberry syrup"),
    ("health", "Protects against covid"),
    ("health", "Treats depression without drugs"),
    ("health", "The natural cure for insomnia"),
    ("health", "Helps with IBS and bloating"),
    ("health", "Clinically proven to relieve arthritis pain"),
    ("health", "Goodbye anxiety, hello calm"),
    ("health", "A remedy for colds and flu"),
    ("health", "My daughter's eczema cleared up in a week"),
    ("health", "Lowers your risk of heart disease"),
    ("health", "Our capsules eliminate candida"),
    ("finance", "Guaranteed 20% returns every month"),
    ("finance", "You can't lose with this investment"),
    ("finance", "Double your money in 30 days"),
    ("finance", "Zero risk, high returns"),
    ("finance", "Our fund never loses"),
    ("finance", "Make $5,000 a week from home"),
    ("finance", "Earn passive income while you sleep"),
    ("finance", "Your investment is 100% guaranteed"),
    ("finance", "This stock can only go up"),
    ("finance", "Risk-free crypto profits"),
    ("finance", "Returns are guaranteed"),
    ("finance", "A sure thing investment"),
    ("privacy", "Text me on +44 7911 123456 tonight"),
    ("privacy", "Reach Tom at tom.baker@gmail.com"),
]

#: the words the phrase families decorate: the claim's key words
KEYWORDS = {
    "cures",
    "diabetes",
    "treat",
    "anxiety",
    "heals",
    "eczema",
    "prevent",
    "colds",
    "guaranteed",
    "returns",
    "risk-free",
    "investment",
    "risk",
}

INVISIBLE = [
    "\u200b",
    "\u034f",
    "\u2800",
    "\u3164",
    "\u180e",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u115f",
    "\u17b4",
]


def _words(text: str, fn: Callable[[str], str]) -> str:
    return " ".join(fn(w) if w.lower() in KEYWORDS else w for w in text.split(" "))


def _between_keywords(text: str, sep: str) -> str:
    """``sep`` between every two words of the claim ("cures ✨ diabetes")."""
    words = text.split(" ")
    out = [words[0]]
    for prev, w in itertools.pairwise(words):
        if prev.lower() in KEYWORDS or w.lower() in KEYWORDS:
            out.append(sep)
        out.append(w)
    return " ".join(out)


def _in_letters(word: str, sep: str) -> str:
    return sep.join(word)


def _reverse_rlo(text: str) -> str:
    return "\u202e" + text[::-1] + "\u202c"


def _html(word: str) -> str:
    return "".join(f"&#{ord(c)};" if i % 2 else c for i, c in enumerate(word))


def _url(word: str) -> str:
    return "".join(f"%{ord(c):02X}" if i % 2 else c for i, c in enumerate(word))


_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "i": "і"})
_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789"}


def _pii_spaces(text: str, space: str) -> str:
    """Personal data with another space: between the digit groups of a number."""
    out = []
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            out.append(space)
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Family:
    name: str
    applies: Callable[[str, str], bool]  # (prefix, text) -> does this family rewrite it
    rewrite: Callable[[str], str]


def _phrase(prefix: str, _text: str) -> bool:
    return prefix in ("health", "finance")


def _numbers(prefix: str, text: str) -> bool:
    return prefix == "privacy" and any(c.isdigit() for c in text)


def _emails(prefix: str, text: str) -> bool:
    return prefix == "privacy" and "@" in text


def _any(_prefix: str, _text: str) -> bool:
    return True


FAMILIES: list[Family] = [
    Family("emoji between words", _phrase, lambda t: _between_keywords(t, "✨")),
    Family("hashtag on words", _phrase, lambda t: _words(t, lambda w: "#" + w)),
    Family("markdown emphasis", _phrase, lambda t: _words(t, lambda w: f"**{w}**")),
    Family("underscore emphasis", _phrase, lambda t: _words(t, lambda w: f"_{w}_")),
    Family("quotes around words", _phrase, lambda t: _words(t, lambda w: f"“{w}”")),
    Family("trademark signs", _phrase, lambda t: _words(t, lambda w: w + "™")),
    Family("asterisk between words", _phrase, lambda t: _between_keywords(t, "*")),
    *[
        Family(
            f"invisible U+{ord(ch):04X} in words",
            _any,
            lambda t, ch=ch: (
                _words(t, lambda w: _in_letters(w, ch))
                if any(w.lower() in KEYWORDS for w in t.split(" "))
                else t.replace("@", ch + "@" + ch)
                .replace(" 7911", ch + " 7911")
                .replace("4111 ", "41" + ch + "11 ")
            ),
        )
        for ch in INVISIBLE
    ],
    Family(
        "braille blank as space", _phrase, lambda t: _words(t, lambda w: _in_letters(w, "\u2800"))
    ),
    Family("html entities", _phrase, lambda t: _words(t, _html)),
    Family("url encoding", _phrase, lambda t: _words(t, _url)),
    Family(
        "line break inside a word",
        _phrase,
        lambda t: _words(t, lambda w: w[: len(w) // 2] + "\n" + w[len(w) // 2 :]),
    ),
    Family("line break between words", _phrase, lambda t: t.replace(" ", "\n")),
    Family("right-to-left override", _any, _reverse_rlo),
    Family("cyrillic look-alikes", _phrase, lambda t: _words(t, lambda w: w.translate(_CYRILLIC))),
    Family(
        "full-width letters",
        _phrase,
        lambda t: _words(
            t, lambda w: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in w)
        ),
    ),
    Family("no-break space in numbers", _numbers, lambda t: _pii_spaces(t, "\u00a0")),
    Family("thin space in numbers", _numbers, lambda t: _pii_spaces(t, "\u2009")),
    Family("narrow no-break space in numbers", _numbers, lambda t: _pii_spaces(t, "\u202f")),
    Family("dots in numbers", _numbers, lambda t: _pii_spaces(t, ".")),
    Family("en dashes in numbers", _numbers, lambda t: _pii_spaces(t, "–")),
    Family("full-width digits", _numbers, lambda t: "".join(_FULLWIDTH.get(c, c) for c in t)),
    Family("full-width at sign", _emails, lambda t: t.replace("@", "＠")),
    Family("cyrillic letter in the domain", _emails, lambda t: t.replace("example", "ехample")),
]


@dataclass(frozen=True)
class Variant:
    family: str
    prefix: str
    base: str
    text: str


def corpus() -> list[Variant]:
    out = [Variant("natural phrasings", prefix, text, text) for prefix, text in NATURAL]
    for family in FAMILIES:
        for prefix, text in BASE:
            if family.applies(prefix, text):
                new = family.rewrite(text)
                if new != text:
                    out.append(Variant(family.name, prefix, text, new))
    return out


def caught(checker, variant: Variant) -> bool:
    v = checker.check(variant.text)
    return any(
        f.rule.startswith(variant.prefix) and f.severity.value in ("warning", "error")
        for f in v.findings
    )


def measure(checker=None) -> dict[str, tuple[int, int, list[Variant]]]:
    from brandguard import Checker

    checker = checker or Checker(judges=False)
    out: dict[str, tuple[int, int, list[Variant]]] = {}
    for v in corpus():
        hit, total, missed = out.get(v.family, (0, 0, []))
        ok = caught(checker, v)
        out[v.family] = (hit + ok, total + 1, missed if ok else [*missed, v])
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--policy", default=None)
    args = ap.parse_args()
    from brandguard import Checker

    checker = Checker(args.policy, judges=False)
    base_missed = [t for p, t in BASE if not caught(checker, Variant("plain", p, t, t))]
    if base_missed:
        print(f"the policy misses plain cases: {base_missed}")
    results = measure(checker)
    total_hit = total = 0
    for name, (hit, n, missed) in results.items():
        total_hit += hit
        total += n
        print(f"{name:<36} {hit:>3}/{n:<3} {100 * hit / n:5.1f}%")
        if args.misses:
            for v in missed:
                shown = unicodedata.normalize("NFC", v.text).encode("unicode_escape").decode()
                print(f"    missed: {shown}")
    print(f"{'all families':<36} {total_hit:>3}/{total:<3} {100 * total_hit / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
