"""Topic grounding for judge findings: a finding about money needs a post about money.

Small models slip on categories: measured on the example-brand dev splits, Qwen2.5-Coder-1.5B
called a discount code ("Code JANE15 for 15% off") and a skincare endorsement an
"implied-financial-promise". An investment promise cannot be made without talking about money,
returns or investing, so an ``implied-financial-promise`` issue on a post with none of those
words (in the languages the packs cover: en, de, fr, es, it, nl, pl, pt) or no currency amount
is dropped and counted in ``verdict.judges.ungrounded``. A rate, a price or a balance on its
own is not a promise either (the prompt says so; under compliance prompt v3 the 1.5B model
still called "our savings rate rises to 3.1% AER", "High Yield Savings now pays 4.25% APY",
"5% cash back" and "FDIC-insured up to $250,000" promises): the cues are words of investing,
gain, return, risk or guarantee, and a currency amount counts only per day, week or month, as
a return, or beside a second amount (money in, more money out). Interest, savings, yield, cash,
funds and bare amounts do not ground it. It only removes findings, never adds
one, and it does not touch the categories whose point is that no word list can see them
(implied health claims, careless replies, undisclosed endorsements).
"""

from __future__ import annotations

import re

from .._lazyre import lazy_re
from ..normalize import fold_term

__all__ = ["FINANCE_CUES", "grounded"]

#: Word starts (folded: lower case, no diacritics) that put a post on the topic of money.
FINANCE_CUES: tuple[str, ...] = (
    # en
    "invest", "portfolio", "return", "profit", "stock", "crypto", "bitcoin", "btc", "trading",
    "trader", "forex", "wealth", "make money", "making money", "made money", "income", "earn",
    "roi", "gain", "loss", "lose", "losing", "payout", "passive", "guarant", "risk", "rich",
    "millionaire", "worth", "double", "tripl", "quadrupl", "to the moon", "per cent",
    # de
    "geld", "rendite", "anlage", "anleg", "gewinn", "fonds", "aktie", "kapital", "vermogen",
    "ertrag", "verdien", "verlust", "garantiert", "risiko",
    # fr
    "argent", "rendement", "placement", "investi", "benefice", "bourse", "revenu", "perte",
    "gagn", "garanti", "risque",
    # es
    "dinero", "rentabilidad", "rendimiento", "inversi", "invert", "ganancia", "beneficio",
    "fondo", "perdida", "gana", "garantizad", "riesgo",
    # it
    "denaro", "soldi", "guadagn", "profitt", "capitale", "perdit", "garantit", "rischio",
    # nl
    "beleg", "winst", "kapitaal", "verdien", "gegarandeerd", "risico",
    # pl
    "pieniadz", "pieniedz", "zysk", "inwest", "zwrot", "fundusz", "zarob", "strat", "gwarant",
    "ryzyk",
    # pt
    "dinheiro", "lucro", "ganho", "fundo", "renda", "garantid", "risco",
)  # fmt: skip

_CUES = lazy_re(
    r"(?<![a-z0-9])(?:"
    + "|".join(sorted(map(re.escape, set(FINANCE_CUES)), key=len, reverse=True))
    + ")"
)
# a currency amount ("$1,000", "10 000 €", "50 zl")
_MONEY = r"(?:[$€£¥₹]\s?\d[\d,.]*k?|\d[\d,. ]*k?\s?(?:[$€£¥₹]|(?:eur|usd|gbp|chf|zl|pln)(?![a-z])))"
# an amount or a percentage per period or as a return: "$500 a week", "10% a month"
_AMOUNT = lazy_re(
    r"(?:" + _MONEY + r"|\d+(?:[.,]\d+)?\s?%)"
    r"\s?(?:(?:a|per|every)\s(?:day|week|month)|/\s?(?:day|week|month)|return)"
)
# money in, more money out: "put $1,000 in today, have $2,000 by Christmas"
_TWO_AMOUNTS = lazy_re(_MONEY + r"[^.!?\n]{1,80}?" + _MONEY)


def grounded(category: str, text: str) -> bool:
    """False when a finding of ``category`` cannot be about ``text`` (see the module doc)."""
    if category != "implied-financial-promise":
        return True
    folded = fold_term(text)
    return bool(_CUES.search(folded) or _AMOUNT.search(folded) or _TWO_AMOUNTS.search(folded))
