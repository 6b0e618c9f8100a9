"""A header's columns and a region's words → column boundaries no word crosses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from followup.extract.header import Column
from followup.extract.layout import Word
from followup.extract.settings import Tolerances


def fit_columns(
    columns: Sequence[Column], words: Sequence[Word], tol: Tolerances
) -> tuple[Column, ...]:
    """Column boundaries that no word crosses, for tables without vertical rules.

    A header text may be centred over its column while the cells are left-aligned, so data can
    start left of its header. Between two headers' texts, a boundary that a word straddles moves
    to the free gutter nearest the right header; the first column reaches to the data's left edge.
    """
    x0s = [c.x0 for c in columns]
    x1s = [c.x1 for c in columns]
    for i in range(1, len(columns)):
        col, prev = columns[i], columns[i - 1]
        if col.ruled:
            continue
        lo, hi = prev.text_x1, col.text_x0
        crossing = [w for w in words if w.x0 < x0s[i] < w.x1]
        if not crossing or lo >= hi:
            continue
        gaps = _gutters(words, lo, hi)
        if gaps:
            x0s[i] = x1s[i - 1] = gaps[-1][1] - tol.gutter_pad
    if columns and not columns[0].ruled:
        left = min((w.x0 for w in words), default=0.0) - tol.gutter_pad
        x0s[0] = min(x0s[0], left)
    return tuple(replace(c, x0=x0, x1=x1) for c, x0, x1 in zip(columns, x0s, x1s, strict=True))


def _gutters(words: Sequence[Word], lo: float, hi: float) -> list[tuple[float, float]]:
    """Spans between ``lo`` and ``hi`` that no word covers, left to right."""
    covered = sorted((w.x0, w.x1) for w in words if w.x1 > lo and w.x0 < hi)
    gaps: list[tuple[float, float]] = []
    edge = lo
    for x0, x1 in covered:
        if x0 > edge:
            gaps.append((edge, x0))
        edge = max(edge, x1)
    if edge < hi:
        gaps.append((edge, hi))
    return gaps


def column_of(columns: Sequence[Column], word: Word) -> Column | None:
    """The column a word's centre lies in; but a word wider than its cell, overflowing across a
    ruled boundary, belongs to the column its first glyph lies wholly in (where it starts): a
    ruled cell's text never starts left of its rule."""
    centre = (word.x0 + word.x1) / 2
    found = next((col for col in columns if col.x0 <= centre < col.x1), None)
    if found is None or not found.ruled or not word.first_char_width or word.x0 >= found.x0:
        return found
    first_x1 = word.x0 + word.first_char_width
    return next((col for col in columns if col.x0 <= word.x0 and first_x1 <= col.x1), found)
