"""Page layouts + header rows → table regions: the part of each page a table occupies.

A region starts under a header row (or at the top of a page a table continues onto) and ends at the
next header, at a heading in a larger font, or at the page's footer. Running headers, page numbers
and footers are removed before regions are cut.

Pages stream through a :class:`RegionCutter` one at a time: a page's margins are judged against
its neighbours, so only three pages are ever held, however long the document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from followup.extract.header import Header, find_headers, is_header_line, words_to_lines
from followup.extract.layout import PageLayout, Rule, Shape, Word

_PAGE_NUMBER = re.compile(r"^(?:(?:sida|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|/|of)\s*\d{1,4})?$", re.I)
MARGIN = 0.1  # top and bottom tenth of a page: where running headers and footers live


@dataclass
class Region:
    header: Header  # the header row (on this page, or carried from a previous page)
    page: int
    top: float
    bottom: float
    words: list[Word]
    rules: list[Rule]
    shapes: list[Shape]
    continued: bool  # True when the table continues from the previous page


def _margin_lines(layout: PageLayout) -> list[tuple[str, list[Word]]]:
    """Lines in the top and bottom margin, each with its key (casefolded, digits as #)."""
    out = []
    for line in words_to_lines(layout.words):
        if line[0].top < layout.height * MARGIN or line[0].bottom > layout.height * (1 - MARGIN):
            text = " ".join(w.text for w in line)
            out.append((re.sub(r"\d+", "#", text.casefold()), line))
    return out


def margin_word_ids(
    margin: Sequence[tuple[str, list[Word]]], neighbour_keys: Iterable[set[str]]
) -> set[int]:
    """Ids of a page's words that are page numbers, running headers or footers.

    A margin line is dropped when it is a page number ("9", "Sida 3", "3 av 12") or when the same
    text (digits ignored, at least three letters) sits in the margin of a neighbouring page. A
    table header row repeated at the top of each page is never dropped.
    """
    near: set[str] = set().union(*neighbour_keys)
    ids: set[int] = set()
    for key, line in margin:
        text = " ".join(w.text for w in line)
        letters = sum(ch.isalpha() for ch in text)
        repeated = key in near and letters >= 3 and not is_header_line(line)
        if _PAGE_NUMBER.match(text) or repeated:
            ids.update(id(w) for w in line)
    return ids


def _is_heading(line: Sequence[Word], body_size: float) -> bool:
    size = max(w.size for w in line)
    return size >= body_size * 1.15 and len(line) <= 8


class RegionCutter:
    """Cut pages into table regions; a table runs on over pages until a new header appears.

    ``feed`` one page layout at a time; it returns the regions of the page before (whose margins
    can now be judged against both neighbours), each with that page's layout. ``finish`` returns
    the last page's regions.
    """

    def __init__(self, header_threshold: int) -> None:
        self.header_threshold = header_threshold
        self.open_header: Header | None = None
        self.year: int | None = None  # from the first header row that names one
        self._prev_keys: set[str] = set()
        self._pending: tuple[PageLayout, list[tuple[str, list[Word]]]] | None = None

    def feed(self, layout: PageLayout) -> list[tuple[Region, PageLayout]]:
        margin = _margin_lines(layout)
        out: list[tuple[Region, PageLayout]] = []
        if self._pending is not None:
            out = self._cut(*self._pending, next_keys={key for key, _ in margin})
        self._pending = (layout, margin)
        return out

    def finish(self) -> list[tuple[Region, PageLayout]]:
        if self._pending is None:
            return []
        out = self._cut(*self._pending, next_keys=set())
        self._pending = None
        return out

    def _cut(
        self, layout: PageLayout, margin: list[tuple[str, list[Word]]], next_keys: set[str]
    ) -> list[tuple[Region, PageLayout]]:
        drop = margin_word_ids(margin, [self._prev_keys, next_keys])
        self._prev_keys = {key for key, _ in margin}
        words = [w for w in layout.words if id(w) not in drop]
        lines = words_to_lines(words)
        headers = find_headers(
            lines, layout.rules, layout.number, layout.width, self.header_threshold
        )
        if self.year is None:
            self.year = next((h.year for h in headers if h.year), None)
        header_ids = {id(w) for h in headers for w in h.words}
        body = [w for w in words if id(w) not in header_ids]
        sizes = Counter(round(w.size, 1) for w in body)
        body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        starts: list[tuple[Header, float, bool]] = []
        open_header = self.open_header
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
        out: list[tuple[Region, PageLayout]] = []
        for i, (header, top, continued) in enumerate(starts):
            limit = starts[i + 1][0].top if i + 1 < len(starts) else layout.height
            inside = [w for w in body if top - 0.5 <= w.top < limit]
            bottom = limit
            for line in words_to_lines(inside):
                if _is_heading(line, body_size) and line[0].top > top + 1:
                    bottom = min(bottom, line[0].top)
                    break
            inside = [w for w in inside if w.top < bottom]
            if continued and top == 0.0:
                # a continuation starts at the first line under the running header
                if not inside:
                    continue
                top = min(w.top for w in inside) - 1.0
            rules = [r for r in layout.rules if top - 2 <= r.top <= bottom + 2 or not r.horizontal]
            shapes = [s for s in layout.shapes if top <= s.top < bottom]
            region = Region(header, layout.number, top, bottom, inside, rules, shapes, continued)
            out.append((region, layout))
        if headers:
            self.open_header = headers[-1]
        return out
