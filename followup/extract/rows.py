"""Tables of all pages → rows: rows broken by a page break joined, goals spread over their spans."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from followup.extract.cells import (
    Extent,
    Pending,
    Piece,
    close_pieces,
    compact_pieces,
    line_break,
    pieces_to_text,
    without_breaks,
)
from followup.extract.header import Column
from followup.extract.layout import Shape
from followup.extract.segments import Box, GoalBand, Segment, Table
from followup.extract.settings import Tolerances


@dataclass(frozen=True, slots=True)
class Span:
    """A row's part on one page, as the later stages read it: provenance, status symbols and the
    cells' text areas (for OCR confidence). The segment's words and lines are not kept."""

    page: int
    top: float
    bottom: float
    box: Box  # the union of its words and symbols
    shapes: tuple[Shape, ...]  # status symbols
    extents: Mapping[str, Extent]  # text area per column role in its region (shared)

    @classmethod
    def of(cls, seg: Segment) -> Span:
        return cls(seg.page, seg.top, seg.bottom, seg.box, seg.shapes, seg.extents)


@dataclass(frozen=True, slots=True)
class Row:
    spans: tuple[Span, ...]  # its parts, one per page
    columns: tuple[Column, ...]  # the columns of its table
    perspective: str
    year: int | None  # from its table's header row
    goal: str = ""  # the goal's whole text (over page breaks)
    goal_note: str = ""  # how the goal was found: "" (own cell), "merged", "carried"
    cells: Mapping[str, tuple[Piece, ...]] = field(default_factory=dict)  # text pieces by role

    @property
    def first(self) -> Span:
        return self.spans[0]

    @property
    def pages(self) -> tuple[int, int]:
        return self.spans[0].page, self.spans[-1].page

    @property
    def shapes(self) -> list[Shape]:
        return [s for span in self.spans for s in span.shapes]

    def text(self, role: str, vocabulary: Mapping[str, int] | None = None) -> str:
        """The cell's text, its open line breaks closed with the document's vocabulary."""
        return pieces_to_text(self.cells.get(role, ()), vocabulary)

    def box(self) -> Box:
        return self.first.box


@dataclass
class _Goal:
    """One goal cell while rows are joined: text found on a later page extends it."""

    pieces: list[Piece]  # its text, open breaks included, over the pages it is printed on


@dataclass
class _Draft:
    segments: list[Segment]
    table: Table
    goal: _Goal | None = None
    goal_note: str = ""


@dataclass(frozen=True, slots=True)
class _Cut:
    """A row whose segments are all known: its cells as pieces (their open breaks wait for the
    document's vocabulary), its spans, and what it takes from its table."""

    spans: tuple[Span, ...]
    columns: tuple[Column, ...]
    perspective: str
    year: int | None
    goal: _Goal | None
    goal_note: str
    cells: dict[str, tuple[Piece, ...]]  # each run of strings between open breaks one string


#: What the document's list of tables keeps of a table once it is built.
Keep = Callable[[Table], Table]


def whole(table: Table) -> Table:
    """The table as it is: every segment and goal band kept."""
    return table


class RowJoiner:
    """Tables in document order, one at a time → rows: segments joined into rows across page
    breaks, every row given its goal. A row is cut (cells to pieces, segments to spans) as soon
    as the next row starts, so a long document holds its rows, never its tables."""

    def __init__(self, tol: Tolerances) -> None:
        self.tol = tol
        self._cut: list[_Cut] = []
        self._open: _Draft | None = None  # the last row: the next page may continue it
        self._goal: _Goal | None = None
        self._goal_band: GoalBand | None = None  # the band the goal's text was last read from
        #: one copy of each header's columns: a table repeated on every page shares them
        self._columns: dict[tuple[Column, ...], tuple[Column, ...]] = {}

    def add(self, table: Table) -> Table:
        """Join one table's segments to the rows so far; returns what the findings and the page
        count still read of it: the table without its segments and goal bands, its header row
        without its words (a :data:`Keep`)."""
        tol = self.tol
        columns = self._columns.setdefault(table.header.columns, table.header.columns)
        if columns is not table.header.columns:
            table = replace(table, header=replace(table.header, columns=columns))
        if not table.continued:
            self._goal = None
        band_goals: dict[int, _Goal] = {}
        for index, band in enumerate(table.bands):
            text = pieces_to_text(band.pieces)
            if not text:
                continue
            leading = all(b.rows == 0 for b in table.bands[:index])  # no row above it here
            goal = self._goal
            if leading and table.continued and goal is not None and text[0].islower():
                # a goal cell's text continued over the page break, joined like a wrapped line
                goal.pieces += [_band_break(self._goal_band, band, tol), *band.pieces]
                band_goals[index] = goal
            else:
                band_goals[index] = _Goal(list(band.pieces))
            self._goal_band = band
        for seg in table.segments:
            last = self._open
            continues = (
                last is not None
                and seg.first_in_region
                and table.continued
                and (not seg.anchored or _continues_text(seg))
            )
            if last is not None and continues:
                last.segments.append(seg)
                continue
            if (
                not seg.anchored
                and not seg.ruled
                and last is not None
                and last.segments[-1].page == seg.page
            ):
                last.segments.append(seg)  # stray wrapped lines below a row
                continue
            row = _Draft([seg], table)
            band_index = seg.goal_band
            if band_index is not None and band_index in band_goals:
                row.goal = band_goals[band_index]
                band = table.bands[band_index]
                if band.ruled or band.centred:
                    row.goal_note = "merged" if band.rows > 1 else ""
                elif abs(seg.top - band.top) > tol.carried_goal_offset:
                    row.goal_note = "carried"
            elif band_index is not None and self._goal is not None:
                row.goal, row.goal_note = self._goal, "carried"
            elif band_goals:
                # a goal cell centred over rows with no rules: the rows above its text share it
                later = [i for i in band_goals if band_index is None or i > band_index]
                if later:
                    row.goal, row.goal_note = band_goals[min(later)], "merged"
            if row.goal is not None:
                self._goal = row.goal
            self._close_open()
            self._open = row
        return replace(table, header=replace(table.header, words=()), segments=(), bands=())

    def _close_open(self) -> None:
        draft = self._open
        if draft is None:
            return
        table = draft.table
        self._cut.append(
            _Cut(
                tuple(Span.of(seg) for seg in draft.segments),
                table.header.columns,
                table.perspective,
                table.header.year,
                draft.goal,
                draft.goal_note,
                _cells(draft, self.tol),
            )
        )
        self._open = None

    def rows(self, vocabulary: Mapping[str, int]) -> tuple[Row, ...]:
        """Every row, its cells' and goal's open breaks closed with the document's vocabulary."""
        self._close_open()
        cuts, self._cut = self._cut, []  # the rows take their place
        goals = list({id(c.goal): c.goal for c in cuts if c.goal is not None}.values())
        cells = [c.cells for c in cuts]
        vocabulary = without_breaks(vocabulary, [*(g.pieces for g in goals), *_values(cells)])
        texts = {id(g): pieces_to_text(g.pieces, vocabulary) for g in goals}
        return tuple(
            Row(
                c.spans,
                c.columns,
                c.perspective,
                c.year,
                texts[id(c.goal)] if c.goal is not None else "",
                c.goal_note,
                _closed(c.cells, vocabulary),
            )
            for c in cuts
        )


def tables_to_rows(
    tables: Sequence[Table], vocabulary: Mapping[str, int], tol: Tolerances
) -> tuple[Row, ...]:
    """Join segments into rows across pages and give every row its goal."""
    joiner = RowJoiner(tol)
    for table in tables:
        joiner.add(table)
    return joiner.rows(vocabulary)


def _values(cells: Sequence[Mapping[str, Sequence[Piece]]]) -> Iterator[Sequence[Piece]]:
    for row in cells:
        yield from row.values()


def _closed(
    cells: dict[str, tuple[Piece, ...]], vocabulary: Mapping[str, int]
) -> Mapping[str, tuple[Piece, ...]]:
    """A cut row's cells, their open breaks closed with the vocabulary; the same cells when
    they have none (most rows), so the row holds them once."""
    if not any(isinstance(piece, Pending) for pieces in cells.values() for piece in pieces):
        return cells
    return {role: close_pieces(pieces, vocabulary) for role, pieces in cells.items()}


def _band_break(previous: GoalBand | None, band: GoalBand, tol: Tolerances) -> Piece:
    """What joins a goal's text on one page to its continuation on the next."""
    if previous is None or not previous.lines or not band.lines:
        return " "
    return line_break(previous.lines[-1], band.lines[0], previous.content, tol)


def _continues_text(seg: Segment) -> bool:
    """A page's first segment whose activity starts in lower case goes on with the row above, even
    when a status word broken over the page break ("Pågåend" / "e") gives it a status."""
    part = seg.parts.get("activity")
    return part is not None and part.first.text[:1].islower()


def _cells(draft: _Draft, tol: Tolerances) -> dict[str, tuple[Piece, ...]]:
    """A row's cells as pieces, its parts on consecutive pages joined like wrapped lines, each
    cell compacted (:func:`~followup.extract.cells.compact_pieces`): the pieces are held until
    the document's vocabulary is known."""
    segments = draft.segments
    extents = segments[0].extents
    roles = list(dict.fromkeys(role for seg in segments for role in seg.parts))
    cells: dict[str, tuple[Piece, ...]] = {}
    for role in roles:
        pieces: list[Piece] = []
        previous = None
        for seg in segments:
            part = seg.parts.get(role)
            if part is None:
                continue
            if previous is not None:
                pieces.append(line_break(previous.last, part.first, extents.get(role), tol))
            pieces += part.pieces
            previous = part
        cells[role] = compact_pieces(pieces)
    return cells
