"""Fuzzy scores as the project reports them: RapidFuzz's 0-100 floats, rounded half up."""

from __future__ import annotations

import math

from rapidfuzz import fuzz

from followup.normalize.text import casefold_key


def round_half_up(value: float) -> int:
    """``floor(value + 0.5)``: 89.5 → 90, unlike Python's banker's ``round``."""
    return math.floor(value + 0.5)


def key_ratio(a: str, b: str) -> int:
    """Similarity 0-100 of two texts on their letters only, casefolded (:func:`casefold_key`)."""
    return round_half_up(fuzz.ratio(casefold_key(a), casefold_key(b)))
