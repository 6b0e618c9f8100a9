"""What a document says besides its tables, observed page by page: the status legend, the
vocabulary, the title, the current perspective and the year.

:class:`DocumentContext` is a frozen record; ``observe_region`` and ``observe_page`` return the
context after a table region or a page has been read. A table takes its perspective from the
context when it is cut; the legend, vocabulary and year are read once the document is done.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz

from followup.errors import ExtractError
from followup.extract.document import NO_TEXT_REASON
from followup.extract.header import Header
from followup.extract.layout import PageLayout, Word, is_heading, line_text, words_to_lines
from followup.extract.regions import Region
from followup.extract.settings import (
    HEADING_LINES,
    NAME_SCORE,
    PERSPECTIVE_LINES,
    TITLE_LINES,
    TITLE_PAGES,
    Tolerances,
)
from followup.normalize.report import report_identity
from followup.normalize.status import LegendEntry, lines_to_legend
from followup.normalize.text import casefold_key, clean_text, word_key

PERSPECTIVES = ["Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"]
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
LOOKED_FOR = "Förvaltningsmål/Nämndmål, Aktivitet/Åtgärd, Slutdatum, Status/Bedömning, Kommentar"

LegendLine = tuple[str, str | None]  # a text line and the symbol drawn left of it, if any


@dataclass(frozen=True)
class DocumentContext:
    pages: int = 0  # pages read
    chars: int = 0  # characters on them
    vocabulary: Mapping[str, int] = field(default_factory=Counter)  # word_key → occurrences
    title_lines: tuple[str, ...] = ()  # the first lines of the first pages
    intro: tuple[LegendLine, ...] = ()  # the lines before the first table (the legend)
    intro_done: bool = False  # the first table has been seen
    perspective: str = ""  # the heading the next table stands under (unless it has its own)
    table_perspective: str = ""  # the heading the last table region read stands under
    floor: tuple[int, float] = (0, 0.0)  # page and bottom of the last table region
    open_header: Header | None = None  # the header of the table the last page ended in
    header_year: int | None = None  # from the first header row that names one
    closed: bool = False  # the last table region read ended at a heading: its table is over
    report: str = ""  # the report's name, from page 1 (see followup.normalize.report)
    organisation: str = ""  # the municipality or region page 1 names, if any

    def observe_region(
        self, region: Region, layout: PageLayout, tol: Tolerances
    ) -> DocumentContext:
        """The context once a table region of ``layout`` has been found."""
        intro = self.intro
        if not self.intro_done:
            intro += tuple(legend_lines(layout, tol, region.header.top))
        perspective = self.perspective
        if not region.continued:
            page, bottom = self.floor
            floor = bottom if page == region.page else 0.0
            perspective = _perspective(layout, region, floor, tol) or perspective
        table_perspective = perspective
        if region.heading:
            # a heading ends the table; the next table stands under it, even on the next page
            perspective = _heading_perspective(region.heading)
        return replace(
            self,
            intro=intro,
            intro_done=True,
            perspective=perspective,
            table_perspective=table_perspective,
            floor=(region.page, region.bottom),
            closed=bool(region.heading),
        )

    def observe_page(
        self, layout: PageLayout, headers: Sequence[Header], tol: Tolerances
    ) -> DocumentContext:
        """The context once ``layout`` (with the header rows found on it) has been read."""
        title = self.title_lines
        if self.pages < TITLE_PAGES:
            title += tuple(line_text(line) for line in words_to_lines(layout.words, tol))[
                :TITLE_LINES
            ]
        intro = self.intro
        if not self.intro_done:
            intro += tuple(legend_lines(layout, tol))
        vocabulary = Counter(self.vocabulary)
        vocabulary.update(word_key(w.text) for w in layout.words)
        header_year = self.header_year
        if header_year is None:
            header_year = next((h.year for h in headers if h.year), None)
        report, organisation = self.report, self.organisation
        if self.pages == 0:
            lines = [
                (line_text(ln), max(w.size for w in ln), min(w.top for w in ln))
                for ln in words_to_lines(layout.words, tol)
            ]
            report, organisation = report_identity(lines, layout.height)
        return replace(
            self,
            report=report,
            organisation=organisation,
            pages=self.pages + 1,
            chars=self.chars + layout.char_count,
            vocabulary=vocabulary,
            title_lines=title,
            intro=intro,
            open_header=None if self.closed else headers[-1] if headers else self.open_header,
            header_year=header_year,
            closed=False,
        )

    @property
    def year(self) -> int | None:
        """The report's year: from the first header row naming one, else from the title."""
        if self.header_year is not None:
            return self.header_year
        for text in self.title_lines:
            match = _YEAR.search(text)
            if match:
                return int(match.group(1))
        return None

    @property
    def legend(self) -> list[LegendEntry]:
        """The status legend printed before the first table."""
        return lines_to_legend([t for t, _ in self.intro], [s for _, s in self.intro])

    def check(self, path: Path, tables: Sequence[object]) -> None:
        """Raise the reason a document gave no rows: no text at all, or no table."""
        if not self.chars:
            raise ExtractError(path, NO_TEXT_REASON)
        if not tables:
            raise ExtractError(
                path, f"no follow-up table found (looked for header rows with {LOOKED_FOR})"
            )


def legend_lines(layout: PageLayout, tol: Tolerances, below: float = math.inf) -> list[LegendLine]:
    """A page's text lines above ``below``, each with the symbol drawn just left of it, if any."""
    out: list[LegendLine] = []
    for line in words_to_lines([w for w in layout.words if w.top < below], tol):
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        left = [
            s
            for s in layout.shapes
            if s.x1 <= line[0].x0 + tol.symbol_touch
            and s.top < bottom
            and s.bottom > top
            and line[0].x0 - s.x1 < tol.symbol_reach
        ]
        symbol = max(left, key=lambda s: s.x1).description if left else None
        out.append((line_text(line), symbol))
    return out


def perspective_name(text: str) -> str:
    """The known perspective a heading names, or ""."""
    key = casefold_key(clean_text(text))
    for name in PERSPECTIVES:
        if key and (
            fuzz.ratio(key, casefold_key(name)) >= NAME_SCORE or key.startswith(name.casefold())
        ):
            return name
    return ""


def _perspective(layout: PageLayout, region: Region, floor: float, tol: Tolerances) -> str:
    """The heading nearest above a header row: a known perspective, or a heading line."""
    limit = region.header.top + tol.perspective_slack
    lines = words_to_lines([w for w in layout.words if floor <= w.bottom <= limit], tol)
    for line in reversed(lines[-PERSPECTIVE_LINES:]):
        name = _perspective_name(line)
        if name:
            return name
    for line in reversed(lines[-HEADING_LINES:]):
        if is_heading(line, region.body_size, tol):
            return clean_text(line_text(line))
    return ""


def _heading_perspective(line: Sequence[Word]) -> str:
    """The perspective a heading line names: a known one, or the heading itself."""
    return _perspective_name(line) or clean_text(line_text(line))


def _perspective_name(line: Sequence[Word]) -> str:
    """The known perspective a line names ("Medborgare", "Ekonomi – resultat"), or ""."""
    return perspective_name(line_text(line))
