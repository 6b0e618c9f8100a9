"""Page layouts + header rows → table regions: the part of each page a table occupies.

A region starts under a header row (or at the top of a page a table continues onto) and ends at the
next header, at a heading in a larger font, or at the page's footer. Running headers, page numbers
and footers are removed before regions are cut.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
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
    perspective: str = ""


def _margin_lines(layout: PageLayout) -> list[list[Word]]:
    lines = words_to_lines(layout.words)
    return [
        line
        for line in lines
        if line[0].top < layout.height * MARGIN or line[0].bottom > layout.height * (1 - MARGIN)
    ]


def strip_margins(layouts: Sequence[PageLayout]) -> list[set[int]]:
    """Per page, the ids of words that are page numbers, running headers or footers.

    A margin line is dropped when it is a page number ("9", "Sida 3", "3 av 12") or when the same
    text (digits ignored, at least three letters) sits in the margin of at least two pages. A table
    header row repeated at the top of each page is never dropped.
    """
    keyed: list[list[tuple[str, list[Word]]]] = []
    counts: Counter[str] = Counter()
    for layout in layouts:
        entries = []
        for line in _margin_lines(layout):
            text = " ".join(w.text for w in line)
            key = re.sub(r"\d+", "#", text.casefold())
            entries.append((key, line))
        keyed.append(entries)
        counts.update({key for key, _ in entries})
    dropped: list[set[int]] = []
    for entries in keyed:
        ids: set[int] = set()
        for key, line in entries:
            text = " ".join(w.text for w in line)
            letters = sum(ch.isalpha() for ch in text)
            repeated = counts[key] >= 2 and letters >= 3 and not is_header_line(line)
            if _PAGE_NUMBER.match(text) or repeated:
                ids.update(id(w) for w in line)
        dropped.append(ids)
    return dropped


def _is_heading(line: Sequence[Word], body_size: float) -> bool:
    size = max(w.size for w in line)
    return size >= body_size * 1.15 and len(line) <= 8


def layouts_to_regions(
    layouts: Sequence[PageLayout], header_threshold: int
) -> tuple[list[Region], list[list[Header]]]:
    """Cut every page into table regions; tables run on over pages until a new header appears."""
    dropped = strip_margins(layouts)
    regions: list[Region] = []
    all_headers: list[list[Header]] = []
    open_header: Header | None = None
    for layout, drop in zip(layouts, dropped, strict=True):
        words = [w for w in layout.words if id(w) not in drop]
        lines = words_to_lines(words)
        headers = find_headers(lines, layout.rules, layout.number, layout.width, header_threshold)
        all_headers.append(headers)
        header_ids = {id(w) for h in headers for w in h.words}
        body = [w for w in words if id(w) not in header_ids]
        sizes = Counter(round(w.size, 1) for w in body)
        body_size = sizes.most_common(1)[0][0] if sizes else 10.0
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
            regions.append(
                Region(header, layout.number, top, bottom, inside, rules, shapes, continued)
            )
        if headers:
            open_header = headers[-1]
    return regions, all_headers
