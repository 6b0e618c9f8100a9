"""Row segments of all pages → table rows: page-broken rows joined, goals spread over spans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from followup.extract.header import Column
from followup.extract.layout import Shape
from followup.extract.segments import CellPart, GoalBand, RegionSegments, Segment
from followup.normalize.text import Piece, line_break, pieces_to_text


@dataclass
class Goal:
    """One goal cell; several rows share it, and text found on a later page extends it."""

    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(p for p in self.parts if p)


@dataclass
class Row:
    segments: list[Segment]
    columns: list[Column]
    perspective: str
    year: int | None
    goal: Goal | None = None
    goal_note: str = ""  # how the goal was found: "" (own cell), "merged", "carried"

    @property
    def first(self) -> Segment:
        return self.segments[0]

    @property
    def pages(self) -> tuple[int, int]:
        return self.segments[0].page, self.segments[-1].page

    @property
    def shapes(self) -> list[Shape]:
        return [s for seg in self.segments for s in seg.shapes]

    def extent(self, role: str) -> tuple[float, float, bool] | None:
        """Left and right text edge of the role's column in the row's first region."""
        return self.first.extents.get(role)

    def text(self, role: str, vocabulary: Mapping[str, int] | None = None) -> str:
        """The cell's text over all its page parts; a page break joins like a line break."""
        pieces: list[Piece] = []
        previous: CellPart | None = None
        for seg in self.segments:
            part = seg.parts.get(role)
            if part is None:
                continue
            if previous is not None:
                pieces.append(line_break(previous.last, part.first, self.extent(role)))
            pieces += part.pieces
            previous = part
        return pieces_to_text(pieces, vocabulary)

    def box(self) -> tuple[float, float, float, float]:
        seg = self.first
        return seg.box if seg.box is not None else (0.0, seg.top, 0.0, seg.bottom)


def _band_text(band: GoalBand, vocabulary: Mapping[str, int]) -> str:
    return pieces_to_text(band.pieces, vocabulary)


def segments_to_rows(
    regions: Sequence[RegionSegments],
    perspectives: Sequence[str],
    years: Sequence[int | None],
    vocabulary: Mapping[str, int],
) -> list[Row]:
    """Join segments into rows across pages and give every row its goal."""
    rows: list[Row] = []
    goal: Goal | None = None
    for rs, perspective, year in zip(regions, perspectives, years, strict=True):
        region = rs.region
        if not region.continued:
            goal = None
        band_goals: dict[int, Goal] = {}
        for index, band in enumerate(rs.bands):
            text = _band_text(band, vocabulary)
            if not text:
                continue
            if index == 0 and region.continued and goal is not None and text[0].islower():
                goal.parts.append(text)  # a goal cell's text continued over the page break
                band_goals[index] = goal
            else:
                band_goals[index] = Goal([text])
        for seg in rs.segments:
            continues = rows and not seg.anchored and seg.first_in_region and region.continued
            if continues:
                rows[-1].segments.append(seg)
                continue
            if (
                not seg.anchored
                and not seg.ruled
                and rows
                and rows[-1].segments[-1].page == seg.page
            ):
                rows[-1].segments.append(seg)  # stray wrapped lines below a row
                continue
            row = Row([seg], region.header.columns, perspective, year)
            band_index = seg.goal_band
            if band_index is not None and band_index in band_goals:
                row.goal = band_goals[band_index]
                band = rs.bands[band_index]
                if band.ruled:
                    row.goal_note = "merged" if band.rows > 1 else ""
                elif abs(seg.top - band.top) > 1.5:
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
            rows.append(row)
    return rows
