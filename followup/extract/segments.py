"""Table regions → row segments: the part of one table row that lies on one page.

Rows come from horizontal rules that cross the activity column where a table has them, and from
the text's geometry otherwise: every row has a deadline or a status, so each block of text that
starts in those columns starts a row. A goal cell is cut into bands by the rules that cross the goal
column; without such rules a goal printed on a row applies to that row and carries down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from followup.extract.header import Column, words_to_lines
from followup.extract.layout import Shape, Word
from followup.extract.regions import Region
from followup.normalize.text import Line, Piece, lines_to_pieces

Box = tuple[float, float, float, float]


def words_to_cell_lines(words: Sequence[Word]) -> list[Line]:
    """A cell's words → its printed lines, top to bottom, with what joining them needs."""
    lines: list[Line] = []
    for line in words_to_lines(words):
        lines.append(
            Line(
                text=" ".join(w.text for w in line),
                x0=line[0].x0,
                x1=line[-1].x1,
                top=min(w.top for w in line),
                bottom=max(w.bottom for w in line),
                first_word_width=line[0].x1 - line[0].x0,
                last_word_width=line[-1].x1 - line[-1].x0,
                size=max(w.size for w in line),
                first_char_width=line[0].first_char_width,
            )
        )
    return lines


@dataclass
class CellPart:
    """A cell's text on one page, joined but for breaks the vocabulary decides; its first and
    last line stay, to join it to the cell's part on the next page."""

    pieces: list[Piece]
    first: Line
    last: Line


@dataclass
class Segment:
    page: int
    top: float
    bottom: float
    cells: dict[str, list[Word]] = field(default_factory=dict)
    shapes: list[Shape] = field(default_factory=list)
    goal_band: int | None = None  # index of the goal band (merged goal cell) it lies in
    first_in_region: bool = False
    ruled: bool = False  # bounded by row rules above and below: a row even without deadline/status
    # text area per column: left, right, and whether the right edge is exact (from rules)
    extents: dict[str, tuple[float, float, bool]] = field(default_factory=dict)
    parts: dict[str, CellPart] = field(default_factory=dict)  # set by compact()
    box: Box | None = None  # set by compact()
    _anchored: bool | None = None

    @property
    def anchored(self) -> bool:
        """True when the segment has a deadline or a status: it starts a row."""
        if self._anchored is not None:
            return self._anchored
        return bool(self.cells.get("deadline") or self.cells.get("status") or self.shapes)

    def compact(self) -> None:
        """Keep lines instead of words: a long document holds its rows, not its pages."""
        self._anchored = self.anchored
        items: list[Word | Shape] = [w for ws in self.cells.values() for w in ws]
        items += self.shapes
        if items:
            self.box = (
                min(i.x0 for i in items),
                min(i.top for i in items),
                max(i.x1 for i in items),
                max(i.bottom for i in items),
            )
        else:
            self.box = (0.0, self.top, 0.0, self.bottom)
        for role, words in self.cells.items():
            lines = words_to_cell_lines(words)
            if lines:
                pieces = lines_to_pieces(lines, self.extents.get(role))
                self.parts[role] = CellPart(pieces, lines[0], lines[-1])
        self.cells = {}


@dataclass
class GoalBand:
    page: int
    top: float
    bottom: float
    words: list[Word]
    right: float = 0.0  # right text edge of the goal column
    exact: bool = False  # right edge known from rules
    rows: int = 0  # row segments it spans
    ruled: bool = False  # bounded by rules (a merged cell), not inferred from text
    pieces: list[Piece] = field(default_factory=list)  # set by compact()

    def compact(self) -> None:
        if self.words:
            left = min(w.x0 for w in self.words)
            content = (left, self.right, self.exact)
            self.pieces = lines_to_pieces(words_to_cell_lines(self.words), content)
        self.words = []


@dataclass
class RegionSegments:
    region: Region
    segments: list[Segment]
    bands: list[GoalBand]
    uncovered: list[Word]

    def compact(self) -> None:
        """Drop the page's words, rules and shapes once rows and findings have what they need."""
        for seg in self.segments:
            seg.compact()
        for band in self.bands:
            band.compact()
        self.uncovered = []
        self.region.words, self.region.rules, self.region.shapes = [], [], []
        self.region.header.words = []


def _column_of(columns: Sequence[Column], word: Word) -> Column | None:
    centre = (word.x0 + word.x1) / 2
    for col in columns:
        if col.x0 <= centre < col.x1:
            return col
    return None


def _merge_close(values: Sequence[float], tolerance: float) -> list[float]:
    merged: list[float] = []
    for v in sorted(values):
        if not merged or v - merged[-1] > tolerance:
            merged.append(v)
    return merged


def _line_gap(words: Sequence[Word]) -> float:
    """Typical vertical gap between wrapped lines of one cell (from the region's own text)."""
    lines = words_to_lines(words)
    gaps = sorted(
        b[0].top - a[0].bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if 0 <= b[0].top - a[0].bottom < a[0].size
    )
    return gaps[len(gaps) // 4] if gaps else 2.0


def _block_starts(words: Sequence[Word], gap: float) -> list[float]:
    """Tops of the first lines of text blocks (lines further apart than a wrap starts a block)."""
    starts: list[float] = []
    prev_bottom: float | None = None
    for line in words_to_lines(words):
        top = min(w.top for w in line)
        if prev_bottom is None or top - prev_bottom > gap:
            starts.append(top)
        prev_bottom = max(w.bottom for w in line)
    return starts


def fit_columns(columns: Sequence[Column], words: Sequence[Word]) -> list[Column]:
    """Column boundaries that no word crosses, for tables without vertical rules.

    A header text may be centred over its column while the cells are left-aligned, so data can
    start left of its header. Between two headers' texts, a boundary that a word straddles moves
    to the free gutter nearest the right header; the first column reaches to the page's left edge.
    """
    fitted = [replace(c) for c in columns]
    for i in range(1, len(fitted)):
        col, prev = fitted[i], fitted[i - 1]
        if col.ruled:
            continue
        lo, hi = prev.text_x1, col.text_x0
        crossing = [w for w in words if w.x0 < col.x0 < w.x1]
        if not crossing or lo >= hi:
            continue
        covered = sorted((w.x0, w.x1) for w in words if w.x1 > lo and w.x0 < hi)
        gaps: list[tuple[float, float]] = []
        edge = lo
        for x0, x1 in covered:
            if x0 > edge:
                gaps.append((edge, x0))
            edge = max(edge, x1)
        if edge < hi:
            gaps.append((edge, hi))
        if gaps:
            boundary = gaps[-1][1] - 0.5
            col.x0 = boundary
            prev.x1 = boundary
    if fitted and not fitted[0].ruled:
        fitted[0].x0 = min(fitted[0].x0, min((w.x0 for w in words), default=0.0) - 0.5)
    return fitted


def region_to_segments(region: Region) -> RegionSegments:
    """Split a region into row segments and goal bands."""
    columns = fit_columns(region.header.columns, region.words)
    act = next((c for c in columns if c.role == "activity"), columns[min(1, len(columns) - 1)])
    goal = next((c for c in columns if c.role == "goal"), None)
    by_role: dict[str, list[Word]] = {}
    uncovered: list[Word] = []
    for word in region.words:
        col = _column_of(columns, word)
        if col is None:
            uncovered.append(word)
        else:
            by_role.setdefault(col.role, []).append(word)
    status_col = next((c for c in columns if c.role == "status"), None)
    shapes = [
        s
        for s in region.shapes
        if status_col is not None and status_col.x0 <= (s.x0 + s.x1) / 2 < status_col.x1
    ]
    non_goal = [w for role, ws in by_role.items() if role != "goal" for w in ws]
    gap = _line_gap(non_goal) + 1.5
    # boundaries from rules crossing the activity column
    row_rules = _merge_close(
        [
            r.top
            for r in region.rules
            if r.horizontal
            and r.x0 <= act.x0 + 3
            and r.x1 >= act.x1 - 3
            and region.top - 2 <= r.top <= region.bottom + 2
        ],
        1.5,
    )
    anchors = _merge_close(
        _block_starts(by_role.get("deadline", []), gap)
        + _block_starts(by_role.get("status", []), gap)
        + [s.top for s in shapes],
        4.0,
    )
    cuts = set(row_rules)
    bands = list(zip([region.top, *row_rules], [*row_rules, region.bottom], strict=True))
    for band_top, band_bottom in bands:
        inside = [a for a in anchors if band_top <= a < band_bottom]
        # unruled: every anchor starts a row; ruled: only a second anchor in one band does
        cuts.update(a - 1.0 for a in (inside[1:] if row_rules else inside))
    edges = sorted({region.top, region.bottom, *cuts})
    closing = set(row_rules)
    segments: list[Segment] = []
    for seg_top, seg_bottom in zip(edges, edges[1:], strict=False):
        cells = {
            role: [w for w in ws if seg_top <= w.top < seg_bottom]
            for role, ws in by_role.items()
            if role != "goal"
        }
        cells = {role: ws for role, ws in cells.items() if ws}
        seg_shapes = [s for s in shapes if seg_top <= s.top < seg_bottom]
        if not cells and not seg_shapes:
            continue
        seg = Segment(region.page, seg_top, seg_bottom, cells, seg_shapes)
        seg.ruled = bool(row_rules) and any(abs(seg_bottom - y) < 0.01 for y in closing)
        segments.append(seg)
    extents: dict[str, tuple[float, float, bool]] = {}
    for col in columns:
        ws = by_role.get(col.role)
        if ws:
            exact = col.content_right()
            right = max(w.x1 for w in ws)
            if exact is None:
                extents[col.role] = (min(w.x0 for w in ws), right, False)
            else:
                extents[col.role] = (min(w.x0 for w in ws), max(exact, right), True)
    for seg in segments:
        seg.extents = extents
    if segments:
        segments[0].first_in_region = True
    _drop_trailing_prose(segments, gap, row_rules, uncovered)
    goal_bands = _goal_bands(region, goal, by_role.get("goal", []), segments)
    return RegionSegments(region, segments, goal_bands, uncovered)


def _drop_trailing_prose(
    segments: list[Segment], gap: float, row_rules: Sequence[float], uncovered: list[Word]
) -> None:
    """Text after a table's last row (a footnote, prose) is not part of the table."""
    if not segments:
        return
    last = segments[-1]
    if row_rules:
        if not last.ruled and not last.anchored and not last.first_in_region:
            segments.pop()
            uncovered.extend(w for ws in last.cells.values() for w in ws)
        return
    if last.anchored or last.first_in_region:
        # cut lines of the last row that sit far below the rest of it
        words = sorted((w for ws in last.cells.values() for w in ws), key=lambda w: w.top)
        bottom = None
        for w in words:
            if bottom is not None and w.top - bottom > 3 * gap + 6:
                far = {id(x) for x in words if x.top >= w.top}
                for role in list(last.cells):
                    keep = [x for x in last.cells[role] if id(x) not in far]
                    uncovered.extend(x for x in last.cells[role] if id(x) in far)
                    last.cells[role] = keep
                break
            bottom = max(bottom or w.bottom, w.bottom)
        return
    segments.pop()
    uncovered.extend(w for ws in last.cells.values() for w in ws)


def _goal_bands(
    region: Region, goal: Column | None, words: list[Word], segments: list[Segment]
) -> list[GoalBand]:
    if goal is None:
        return []
    mid = (goal.x0 + goal.x1) / 2
    right = max((w.x1 for w in words), default=goal.x1)
    exact_right = goal.content_right()
    if exact_right is not None:
        right = max(right, exact_right)
    rules = _merge_close(
        [
            r.top
            for r in region.rules
            if r.horizontal and r.x0 <= mid <= r.x1 and region.top + 1 < r.top < region.bottom - 1
        ],
        1.5,
    )
    bands: list[GoalBand] = []
    if rules:
        edges = [region.top, *rules, region.bottom]
        for top, bottom in zip(edges, edges[1:], strict=False):
            band_words = [w for w in words if top <= w.top < bottom]
            bands.append(
                GoalBand(
                    region.page, top, bottom, band_words, right, exact_right is not None, ruled=True
                )
            )
    else:
        # unruled: a goal printed on a row starts a band that runs until the next goal text
        gap = _line_gap(words) + 1.5 if words else 2.0
        starts = _block_starts(words, gap)
        seg_tops = [s.top for s in segments]
        tops = sorted(
            {max([t for t in seg_tops if t <= s + 1.0], default=region.top) for s in starts}
        )
        if not tops or tops[0] > region.top + 0.5:
            tops = [region.top, *tops]
        edges = [*tops, region.bottom]
        for top, bottom in zip(edges, edges[1:], strict=False):
            band_words = [w for w in words if top - 1.0 <= w.top < bottom - 1.0]
            bands.append(
                GoalBand(region.page, top, bottom, band_words, right, exact_right is not None)
            )
    for seg in segments:
        for index, band in enumerate(bands):
            if band.top - 1.0 <= seg.top < band.bottom:
                seg.goal_band = index
                band.rows += 1
                break
    return bands
