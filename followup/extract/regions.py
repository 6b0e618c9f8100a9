"""A page's body words and header rows → table regions: the part of the page a table occupies.

A region starts under a header row (or at the top of a page a table continues onto) and ends at the
next header, at a heading in a larger font, or at the page's end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from followup.extract.header import Header
from followup.extract.layout import (
    PageLayout,
    Rule,
    Shape,
    Word,
    body_size,
    is_heading,
    words_to_lines,
)
from followup.extract.settings import Tolerances


def middle(word: Word) -> float:
    """Vertical centre of a word (a rule through the upper half of its box lies above it)."""
    return (word.top + word.bottom) / 2


@dataclass(frozen=True)
class Region:
    header: Header  # the header row (on this page, or carried from a previous page)
    page: int
    top: float
    bottom: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...]
    shapes: tuple[Shape, ...]
    continued: bool  # True when the table continues from the previous page
    body_size: float  # the page's body text size (a larger short line is a heading)
    heading: tuple[Word, ...] = ()  # the heading line that ended it, if one did


def page_to_regions(
    layout: PageLayout,
    words: Sequence[Word],
    headers: Sequence[Header],
    open_header: Header | None,
    tol: Tolerances,
) -> tuple[Region, ...]:
    """Cut a page into table regions; a table open on the page before runs on at its top.

    ``words`` are the page's body words (margins dropped); ``open_header`` is the header of the
    table the previous page ended in, if any.
    """
    header_ids = {id(w) for h in headers for w in h.words}
    body = [w for w in words if id(w) not in header_ids]
    size = body_size(body, tol)
    starts: list[tuple[Header, float, bool]] = []
    if open_header is not None:
        first_top = headers[0].top if headers else layout.height
        if any(w.top < first_top for w in body):
            starts.append((open_header, 0.0, True))
    for h in headers:
        # a header repeated at the top of a page (nothing but margins above it) continues
        # the open table: same perspective, goals carry over
        repeated = (
            open_header is not None
            and not any(w.bottom <= h.top for w in body)
            and len(h.columns) == len(open_header.columns)
        )
        starts.append((h, h.bottom, repeated))
    out: list[Region] = []
    for i, (header, top, continued) in enumerate(starts):
        limit = starts[i + 1][0].top if i + 1 < len(starts) else layout.height
        inside = [
            w
            for w in body
            if top - tol.region_top_slack <= w.top < limit or top <= middle(w) < limit
        ]
        bottom = limit
        heading: tuple[Word, ...] = ()
        for line in words_to_lines(inside, tol):
            if is_heading(line, size, tol) and line[0].top > top + tol.heading_below_top:
                bottom, heading = min(bottom, line[0].top), tuple(line)
                break
        inside = [w for w in inside if w.top < bottom]
        if continued and top == 0.0:
            # a continuation starts at the first line under the running header
            if not inside:
                continue
            top = min(w.top for w in inside) - tol.continuation_pad
        slack = tol.region_rule_slack
        rules = tuple(
            r for r in layout.rules if top - slack <= r.top <= bottom + slack or not r.horizontal
        )
        shapes = tuple(s for s in layout.shapes if top <= s.top < bottom)
        out.append(
            Region(
                header,
                layout.number,
                top,
                bottom,
                tuple(inside),
                rules,
                shapes,
                continued,
                size,
                heading,
            )
        )
    return tuple(out)
