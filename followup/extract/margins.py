"""Page layouts → their body words: page numbers, running headers and footers dropped.

A margin line is judged against the margins of the pages around it, so pages stream through
:func:`strip_margins` with one page of look-ahead: only three pages are ever held.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from followup.extract.header import is_header_line
from followup.extract.layout import Line, PageLayout, Word, line_text, words_to_lines
from followup.extract.settings import MIN_REPEATED_LETTERS, Tolerances

_PAGE_NUMBER = re.compile(r"^(?:(?:sida|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|/|of)\s*\d{1,4})?$", re.I)

MarginLine = tuple[str, Line]


def margin_lines(layout: PageLayout, tol: Tolerances) -> list[MarginLine]:
    """Lines in the top and bottom margin, each with its key (casefolded, digits as #).

    A line in the margin zone that follows the text next to it at the spacing of wrapped lines
    ("2021" ending a cell's text near the page foot) is part of that text, not a margin line.
    """
    out = []
    top, bottom = layout.height * tol.margin_share, layout.height * (1 - tol.margin_share)
    lines = words_to_lines(layout.words, tol)
    for i, line in enumerate(lines):
        upper, lower = line[0].top < top, line[0].bottom > bottom
        if not (upper or lower):
            continue
        height = max(w.bottom for w in line) - min(w.top for w in line)
        if upper and i + 1 < len(lines):
            gap = min(w.top for w in lines[i + 1]) - max(w.bottom for w in line)
        elif lower and i > 0:
            gap = min(w.top for w in line) - max(w.bottom for w in lines[i - 1])
        else:
            gap = height
        if gap < tol.margin_gap_ems * height:
            continue
        out.append((re.sub(r"\d+", "#", line_text(line).casefold()), line))
    return out


def margin_word_ids(
    margin: Sequence[MarginLine],
    neighbour_keys: Iterable[set[str]],
    header_threshold: int,
    tol: Tolerances,
) -> set[int]:
    """Ids of a page's words that are page numbers, running headers or footers.

    A margin line is dropped when it is a page number ("9", "Sida 3", "3 av 12") or when the same
    text (digits ignored, at least three letters) sits in the margin of a neighbouring page. A
    table header row repeated at the top of each page is never dropped.
    """
    near: set[str] = set().union(*neighbour_keys)
    ids: set[int] = set()
    for key, line in margin:
        text = line_text(line)
        letters = sum(ch.isalpha() for ch in text)
        repeated = (
            key in near
            and letters >= MIN_REPEATED_LETTERS
            and not is_header_line(line, header_threshold, tol)
        )
        if _PAGE_NUMBER.match(text) or repeated:
            ids.update(id(w) for w in line)
    return ids


def strip_margins(
    layouts: Iterable[PageLayout], header_threshold: int, tol: Tolerances
) -> Iterator[tuple[PageLayout, tuple[Word, ...]]]:
    """Each page with its body words, once the page after it has been read."""
    previous: set[str] = set()
    pending: tuple[PageLayout, list[MarginLine]] | None = None
    for layout in layouts:
        margin = margin_lines(layout, tol)
        if pending is not None:
            yield _body(*pending, [previous, {key for key, _ in margin}], header_threshold, tol)
            previous = {key for key, _ in pending[1]}
        pending = (layout, margin)
    if pending is not None:
        yield _body(*pending, [previous, set()], header_threshold, tol)


def _body(
    layout: PageLayout,
    margin: list[MarginLine],
    neighbours: list[set[str]],
    threshold: int,
    tol: Tolerances,
) -> tuple[PageLayout, tuple[Word, ...]]:
    drop = margin_word_ids(margin, neighbours, threshold, tol)
    return layout, tuple(w for w in layout.words if id(w) not in drop)
