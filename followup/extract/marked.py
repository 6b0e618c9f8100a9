"""A tagged page's marked-content sequences: which glyphs each holds, and their words.

A tagged PDF wraps each table cell's text in a marked-content sequence of its own (``/TD
<</MCID 7>> BDC … EMC``). The page's words are cut with the sequence as an attribute, so
glyphs of two cells never make one word (:func:`marked_sequences`). The tag reader cuts each
cell's glyphs into words again, as if the cell were alone on the page; where a cell is one
sequence that holds exactly its glyphs, those are the words the page already has for that
sequence (:func:`marked_runs`), and the tag reader takes them instead of cutting them twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count, islice
from operator import itemgetter, ne
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followup.extract.layout import Word

#: Key of the marked-content sequence a glyph is printed in (see :func:`marked_sequences`).
SEQUENCE = "sequence"


def marked_sequences(chars: Sequence[dict[str, Any]]) -> Sequence[dict[str, Any]] | None:
    """The page's glyphs, each marked (in place) with the marked-content sequence it is printed
    in (``SEQUENCE``); None when the page has no marked content with ids.

    A tagged PDF wraps each table cell's text in a sequence of its own, so where text overflows
    its cell ("Bedömning" into "Kommentar", a long name into the status column), the glyphs of
    two cells touch or interleave on one line but never belong to one word. A glyph without an
    id belongs to the sequence it is nested in: a ligature's ``ActualText`` span inside a cell's
    sequence ends with the glyphs after it reported without an id.
    """
    if not any(c.get("mcid") is not None for c in chars):
        return None
    current = None
    for char in chars:  # content-stream order
        mcid = char.get("mcid")
        if mcid is not None:
            current = mcid
        char[SEQUENCE] = current
    return chars


def equal_runs(values: Sequence[Any]) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of equal neighbours in ``values``, in order (found in C:
    it runs over every glyph of a page)."""
    if not values:
        return []
    cuts = list(compress(count(1), map(ne, values, islice(values, 1, None))))
    return list(zip([0, *cuts], [*cuts, len(values)], strict=True))


@dataclass(frozen=True, slots=True)
class MarkedRun:
    """One marked-content sequence whose glyphs are one stretch of the page's glyphs
    (``page.chars[start:end]``), with the words those glyphs make on their own."""

    mcid: int
    start: int
    end: int
    words: tuple[Word, ...]


def marked_runs(
    marked: Sequence[dict[str, Any]],
    raw: Sequence[dict[str, Any]],
    split: Sequence[dict[str, Any]],
    cut: Sequence[tuple[dict[str, Any], Word]],
) -> tuple[MarkedRun, ...]:
    """The sequences of a page whose words, as the page has them, are the words their glyphs
    make alone.

    ``marked``: the page's glyphs from :func:`marked_sequences`; ``raw``: pdfplumber's words of
    them; ``split``: those words with interleaved ones rebuilt; ``cut``: each word kept (its
    text not empty) with the word of ``split`` it comes from. Words never span two sequences
    (the sequence is a word attribute), and a sequence that is one stretch of glyphs is one
    stretch of every run pdfplumber groups, so its words are the same whether cut on the page
    or alone, but for two things: a sequence printed in two stretches, or holding a word
    rebuilt because texts interleaved, is left out; and a word ending at the sequence's last
    glyph has no glyph after it when cut alone, so it is never followed by a space.
    """
    stretch: dict[int, tuple[int, int]] = {}
    broken: set[Any] = set()
    seqs = list(map(itemgetter(SEQUENCE), marked))
    for start, end in equal_runs(seqs):
        seq = seqs[start]
        if seq is not None:
            if seq in stretch:
                broken.add(seq)  # printed in two stretches
            stretch[seq] = (start, end)
    before, after = {id(w) for w in raw}, {id(w) for w in split}
    if before != after:  # words were rebuilt: their sequences and those of the words replaced
        for w in [*raw, *split]:
            if id(w) not in before or id(w) not in after:
                broken.update(c[SEQUENCE] for c in w.get("chars") or ())
    words: dict[Any, list[Word]] = {}
    for w, word in cut:
        glyphs = w.get("chars") or ()
        if not glyphs:
            continue
        seq = glyphs[0][SEQUENCE]
        if seq is None or seq in broken:
            continue
        start, end = stretch[seq]
        if word.space_after and glyphs[-1] is marked[end - 1]:
            word = dataclasses.replace(word, space_after=False)
        words.setdefault(seq, []).append(word)
    return tuple(
        MarkedRun(seq, start, end, tuple(words.get(seq, ())))
        for seq, (start, end) in stretch.items()
        if seq not in broken and isinstance(seq, int)
    )
