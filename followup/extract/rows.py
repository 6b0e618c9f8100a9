"""Tables of all pages → rows: rows broken by a page break joined, goals spread over their spans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from followup.extract.cells import Piece, line_break, pieces_to_text
from followup.extract.header import Column
from followup.extract.layout import Shape
from followup.extract.segments import Box, Segment, Table
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

    parts: list[str]

    @property
    def text(self) -> str:
        return " ".join(p for p in self.parts if p)


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
    for table in tables:
        if not table.continued:
            goal = None
        band_goals: dict[int, _Goal] = {}
        for index, band in enumerate(table.bands):
            text = pieces_to_text(band.pieces, vocabulary)
            if not text:
                continue
            leading = all(b.rows == 0 for b in table.bands[:index])  # no row above it here
            if leading and table.continued and goal is not None and text[0].islower():
                goal.parts.append(text)  # a goal cell's text continued over the page break
                band_goals[index] = goal
            else:
                band_goals[index] = _Goal([text])
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
    return tuple(_row(d, tol) for d in drafts)


def _continues_text(seg: Segment) -> bool:
    """A page's first segment whose activity starts in lower case goes on with the row above, even
    when a status word broken over the page break ("Pågåend" / "e") gives it a status."""
    part = seg.parts.get("activity")
    return part is not None and part.first.text[:1].islower()


def _row(draft: _Draft, tol: Tolerances) -> Row:
    segments = tuple(draft.segments)
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
        cells[role] = tuple(pieces)
    table = draft.table
    return Row(
        segments,
        table.header.columns,
        table.perspective,
        table.header.year,
        draft.goal.text if draft.goal is not None else "",
        draft.goal_note,
        cells,
    )
