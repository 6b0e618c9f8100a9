"""Tables of all pages → rows: rows broken by a page break joined, goals spread over their spans."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from followup.extract.cells import Piece, close_pieces, line_break, pieces_to_text, without_breaks
from followup.extract.header import Column
from followup.extract.layout import Shape
from followup.extract.segments import Box, GoalBand, Segment, Table
from followup.extract.settings import Tolerances


@dataclass(frozen=True)
class Row:
    segments: tuple[Segment, ...]  # its parts, one per page
    columns: tuple[Column, ...]  # the columns of its table
    perspective: str
    year: int | None  # from its table's header row
    goal: str = ""  # the goal's whole text (over page breaks)
    goal_note: str = ""  # how the goal was found: "" (own cell), "merged", "carried"
    cells: Mapping[str, tuple[Piece, ...]] = field(default_factory=dict)  # text pieces by role

    @property
    def first(self) -> Segment:
        return self.segments[0]

    @property
    def pages(self) -> tuple[int, int]:
        return self.segments[0].page, self.segments[-1].page

    @property
    def shapes(self) -> list[Shape]:
        return [s for seg in self.segments for s in seg.shapes]

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


def tables_to_rows(
    tables: Sequence[Table], vocabulary: Mapping[str, int], tol: Tolerances
) -> tuple[Row, ...]:
    """Join segments into rows across pages and give every row its goal."""
    drafts: list[_Draft] = []
    goal: _Goal | None = None
    goal_band: GoalBand | None = None  # the band the goal's text was last read from
    for table in tables:
        if not table.continued:
            goal = None
        band_goals: dict[int, _Goal] = {}
        for index, band in enumerate(table.bands):
            text = pieces_to_text(band.pieces)
            if not text:
                continue
            leading = all(b.rows == 0 for b in table.bands[:index])  # no row above it here
            if leading and table.continued and goal is not None and text[0].islower():
                # a goal cell's text continued over the page break, joined like a wrapped line
                goal.pieces += [_band_break(goal_band, band, tol), *band.pieces]
                band_goals[index] = goal
            else:
                band_goals[index] = _Goal(list(band.pieces))
            goal_band = band
        for seg in table.segments:
            continues = (
                drafts
                and seg.first_in_region
                and table.continued
                and (not seg.anchored or _continues_text(seg))
            )
            if continues:
                drafts[-1].segments.append(seg)
                continue
            if (
                not seg.anchored
                and not seg.ruled
                and drafts
                and drafts[-1].segments[-1].page == seg.page
            ):
                drafts[-1].segments.append(seg)  # stray wrapped lines below a row
                continue
            row = _Draft([seg], table)
            band_index = seg.goal_band
            if band_index is not None and band_index in band_goals:
                row.goal = band_goals[band_index]
                band = table.bands[band_index]
                if band.ruled:
                    row.goal_note = "merged" if band.rows > 1 else ""
                elif abs(seg.top - band.top) > tol.carried_goal_offset:
                    row.goal_note = "carried"
            elif band_index is not None and goal is not None:
                row.goal, row.goal_note = goal, "carried"
            elif band_goals:
                # a goal cell centred over rows with no rules: the rows above its text share it
                later = [i for i in band_goals if band_index is None or i > band_index]
                if later:
                    row.goal, row.goal_note = band_goals[min(later)], "merged"
            if row.goal is not None:
                goal = row.goal
            drafts.append(row)
    cells = [_cells(d, tol) for d in drafts]
    goals = list({id(d.goal): d.goal for d in drafts if d.goal is not None}.values())
    vocabulary = without_breaks(vocabulary, [*(g.pieces for g in goals), *_values(cells)])
    texts = {id(g): pieces_to_text(g.pieces, vocabulary) for g in goals}
    return tuple(
        _row(d, texts[id(d.goal)] if d.goal is not None else "", c, vocabulary)
        for d, c in zip(drafts, cells, strict=True)
    )


def _values(cells: Sequence[Mapping[str, Sequence[Piece]]]) -> Iterator[Sequence[Piece]]:
    for row in cells:
        yield from row.values()


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


def _cells(draft: _Draft, tol: Tolerances) -> dict[str, list[Piece]]:
    """A row's cells as pieces, its parts on consecutive pages joined like wrapped lines."""
    segments = draft.segments
    extents = segments[0].extents
    roles = list(dict.fromkeys(role for seg in segments for role in seg.parts))
    cells: dict[str, list[Piece]] = {}
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
        cells[role] = pieces
    return cells


def _row(
    draft: _Draft,
    goal: str,
    cells: Mapping[str, Sequence[Piece]],
    vocabulary: Mapping[str, int],
) -> Row:
    """A row with its cells' open breaks closed by the document's vocabulary."""
    table = draft.table
    return Row(
        tuple(draft.segments),
        table.header.columns,
        table.perspective,
        table.header.year,
        goal,
        draft.goal_note,
        {role: close_pieces(pieces, vocabulary) for role, pieces in cells.items()},
    )
