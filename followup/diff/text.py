"""Text normalisation and the activity similarity reported by the diff."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from followup.normalize.fuzzy import round_half_up

#: A run of exactly four digits that looks like a year (19xx or 20xx).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SPACES = re.compile(r"\s+")


def norm(text: object) -> str:
    """Normalise ``text`` for comparison.

    NFC, casefold, every four-digit run starting with 19 or 20 replaced by ``#`` (so "Budget 2020"
    and "Budget 2021" compare equal), every other non-alphanumeric character replaced by a space,
    whitespace collapsed and stripped. Missing values normalise to ``""``.
    """
    if not isinstance(text, str):
        return ""
    s = unicodedata.normalize("NFC", text).casefold()
    s = _YEAR.sub("#", s)
    s = "".join(ch if ch.isalnum() or ch == "#" else " " for ch in s)
    return _SPACES.sub(" ", s).strip()


def similarity(a: object, b: object) -> int:
    """``floor(token_sort_ratio(norm(a), norm(b)) + 0.5)``: the similarity the diff reports."""
    return round_half_up(fuzz.token_sort_ratio(norm(a), norm(b)))
