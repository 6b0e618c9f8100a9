"""Status words: the document's legend, fuzzy matching of printed variants, symbol legends."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from followup.normalize.fuzzy import key_ratio, round_half_up
from followup.normalize.text import casefold_key, clean_text
from followup.schema import BUILTIN_STATUSES

_WORD = r"(?P<word>[A-ZÅÄÖ][a-zåäöéA-ZÅÄÖ]+(?: [a-zåäö]+)?)"
# "Klar = genomförd enligt plan", "Pågår – arbetet pågår", "Klar: genomförd", "Ej påbörjad = ..."
_LEGEND_LINE = re.compile(rf"^{_WORD}\s*(?:=|–|—|:|\s-)\s*(?P<rest>\S.*)$")
# after a symbol drawn left of the line: "= Klar genomförd" ("symbol = Word") or, with no
# separator at all, "Genomförd aktiviteten är slutförd" ("● Word meaning")
_SYMBOL_LEGEND_LINE = re.compile(
    rf"^(?:(?:=|–|—|:)\s*)?{_WORD}(?:\s*(?:=|–|—|:|\s-))?(?P<rest>.*)$"
)


@dataclass(frozen=True)
class StatusMatch:
    status: str  # canonical word, '' when below the threshold
    raw: str  # as printed (joined), or the symbol's description
    score: int  # 0-100


@dataclass(frozen=True)
class LegendEntry:
    word: str
    definition: str
    symbol: str | None = None  # "circle #2e7d32" when the legend draws a symbol


def score(raw: str, word: str) -> int:
    """Fuzzy score of a printed status against a vocabulary word, on letters only."""
    return key_ratio(raw, word)


def lines_to_legend(
    lines: Sequence[str], symbols: Sequence[str | None] | None = None
) -> list[LegendEntry]:
    """Legend entries among text lines: "Word = meaning", "Word – meaning", "Word: meaning", and
    after a symbol drawn left of the line also "= Word meaning" and "Word meaning".

    ``symbols`` gives, per line, the description of a symbol drawn just left of it.
    A legend is at least two entries; anything less is not a legend.
    """
    entries: list[LegendEntry] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        symbol = symbols[index] if symbols is not None else None
        match = _LEGEND_LINE.match(clean_text(line))
        if not match and symbol is not None:
            match = _SYMBOL_LEGEND_LINE.match(clean_text(line))
        if not match:
            continue
        word = match.group("word")
        # "Ej påbörjad" is a word pair; "Klar genomförd" is a word and its definition
        if " " in word and casefold_key(word.split(" ")[0]) not in {"ej", "inte", "ej."}:
            word = word.split(" ")[0]
        if casefold_key(word) in seen:
            continue
        seen.add(casefold_key(word))
        definition = clean_text(match.group("rest"))
        entries.append(LegendEntry(word=word, definition=definition, symbol=symbol))
    return entries if len(entries) >= 2 else []


def match_status(raw: str, vocabulary: Sequence[str], threshold: int) -> StatusMatch:
    """Best vocabulary word for a printed status; nothing is forced below ``threshold``."""
    raw = clean_text(raw)
    words = list(vocabulary) or BUILTIN_STATUSES
    if not casefold_key(raw):
        return StatusMatch("", raw, 0)
    best_word, best_score = "", -1
    for word in words:
        s = score(raw, word)
        if s > best_score:
            best_word, best_score = word, s
    if best_score < threshold:
        return StatusMatch("", raw, max(best_score, 0))
    return StatusMatch(best_word, raw, best_score)


def _rgb(symbol: str) -> tuple[int, int, int] | None:
    match = re.search(r"#([0-9a-f]{6})$", symbol)
    if not match:
        return None
    value = match.group(1)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def match_symbol(symbol: str, legend: Sequence[LegendEntry], threshold: int) -> StatusMatch:
    """Status for a symbol ("circle #2e7d32") from the legend's symbols: same shape, and the
    nearest colour; the score falls with the colour distance (100 for the very same colour)."""
    shape, colour = symbol.split(" ", 1)[0], _rgb(symbol)
    best_word, best_score = "", 0
    for entry in legend:
        if entry.symbol is None or entry.symbol.split(" ", 1)[0] != shape:
            continue
        other = _rgb(entry.symbol)
        if colour is None or other is None:
            continue
        distance = math.dist(colour, other)  # 0 .. 441 in RGB space
        s = max(0, round_half_up(100 - distance / 2))
        if s > best_score:
            best_word, best_score = entry.word, s
    if best_score < threshold:
        return StatusMatch("", symbol, best_score)
    return StatusMatch(best_word, symbol, best_score)
