"""A table region → a :class:`Table`: its row segments and goal bands, complete when built.

A segment is the part of one table row that lies on one page. Rows come from horizontal rules
that cross the activity column where a table has them, and from the text's geometry otherwise:
every row has a deadline or a status, so each block of text that starts in those columns starts a
row. A goal cell is cut into bands by the rules that cross the goal column; without such rules a
goal printed on a row applies to that row and carries down. Cell texts are kept as pieces
(:mod:`followup.extract.cells`), not words: a long document holds its rows, not its pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from followup.extract.cells import (
    CellPart,
    Extent,
    Line,
    Piece,
    lines_to_pieces,
    words_to_cell_lines,
    words_to_part,
)
from followup.extract.centred import centred_goal_spans, centred_row_tops, column_line_gap
from followup.extract.columns import column_of, fit_columns
from followup.extract.header import Column, Header
from followup.extract.layout import Shape, Word, words_to_lines
from followup.extract.regions import Region
from followup.extract.settings import Tolerances

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Segment:
    page: int
    top: float
    bottom: float
    parts: Mapping[str, CellPart]  # the cells' texts by column role (the goal column aside)
    shapes: tuple[Shape, ...]  # status symbols
    box: Box  # the union of its words and symbols
    anchored: bool  # it has a deadline or a status: it starts a row
    ruled: bool  # bounded by row rules above and below: a row even without deadline/status
    first_in_region: bool
    goal_band: int | None  # index of the goal band (merged goal cell) it lies in
    extents: Mapping[str, Extent]  # text area per column role in its region


@dataclass(frozen=True)
class GoalBand:
    page: int
    top: float
    bottom: float
    pieces: tuple[Piece, ...]  # the goal text in the band
    rows: int  # row segments it spans
    ruled: bool  # bounded by rules (a merged cell), not inferred from text
    lines: tuple[Line, ...] = ()  # its first and last printed line, to join it over a page break
    content: Extent | None = None  # the goal column's text area
    centred: bool = False  # a merged cell found by where its text is centred (no rules)


@dataclass(frozen=True)
class Table:
    """One table region cut into rows, with what the document said about it."""

    header: Header
    page: int
    continued: bool  # continues the table of the previous page
    perspective: str  # the heading the table stands under
    segments: tuple[Segment, ...]
    bands: tuple[GoalBand, ...]
    uncovered: tuple[Word, ...]  # words inside the region that went into no cell


@dataclass
class _Draft:
    """A segment while its region is being cut."""

    top: float
    bottom: float
    cells: dict[str, list[Word]]
    shapes: list[Shape]
    ruled: bool
    first_in_region: bool = False
    goal_band: int | None = None

    @property
    def anchored(self) -> bool:
        return bool(self.cells.get("deadline") or self.cells.get("status") or self.shapes)


def _merge_close(values: Sequence[float], tolerance: float) -> list[float]:
    merged: list[float] = []
    for v in sorted(values):
        if not merged or v - merged[-1] > tolerance:
            merged.append(v)
    return merged


def _merge_anchors(
    anchors: Sequence[tuple[float, float]], tolerance: float
) -> list[tuple[float, float]]:
    """Anchors (top, centre) whose tops lie within ``tolerance`` of the previous one merged."""
    merged: list[tuple[float, float]] = []
    for top, mid in sorted(anchors):
        if not merged or top - merged[-1][0] > tolerance:
            merged.append((top, mid))
    return merged


def _block_starts(words: Sequence[Word], gap: float, tol: Tolerances) -> list[float]:
    """Tops of the first lines of text blocks (lines further apart than a wrap starts a block)."""
    return [top for top, _ in _block_lines(words, gap, tol)]


def _block_lines(words: Sequence[Word], gap: float, tol: Tolerances) -> list[tuple[float, float]]:
    """Top and vertical centre of the first line of each text block."""
    starts: list[tuple[float, float]] = []
    prev_bottom: float | None = None
    for line in words_to_lines(words, tol):
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        if prev_bottom is None or top - prev_bottom > gap:
            starts.append((top, (top + bottom) / 2))
        prev_bottom = bottom
    return starts


def middle(item: Word | Shape) -> float:
    """Vertical centre of a word or symbol: where it sits, whatever its font's ascent box says.

    A producer may draw a cell's top rule a little below the top of its first line's box (a real
    font's ascent is taller than its glyphs, and word processors pad cells little): a rule that
    cuts a line's box by less than half its height lies above that line.
    """
    return (item.top + item.bottom) / 2


def region_to_table(region: Region, perspective: str, tol: Tolerances) -> Table:
    """Split a region into row segments and goal bands."""
    columns = fit_columns(region.header.columns, region.words, tol)
    act = next((c for c in columns if c.role == "activity"), columns[min(1, len(columns) - 1)])
    goal = next((c for c in columns if c.role == "goal"), None)
    by_role: dict[str, list[Word]] = {}
    uncovered: list[Word] = []
    for word in region.words:
        col = column_of(columns, word)
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
    gap = column_line_gap([non_goal], tol) + tol.wrap_gap_pad
    drafts, prose, centred = _cut_rows(region, act, by_role, shapes, gap, tol)
    extents = _extents(columns, by_role, _table_edges(region, columns, tol))
    goal_words = by_role.get("goal", [])
    if drafts and not drafts[-1].ruled:
        goal_words, footnote = _split_footnote(goal_words, drafts, gap, tol)
        prose += footnote
    bands = (
        _goal_bands(region, goal, goal_words, drafts, extents.get("goal"), centred, tol)
        if goal is not None
        else ()
    )
    for draft in drafts:
        _split_marker(draft, region.body_size, tol)
    segments = tuple(_segment(region.page, d, extents, tol) for d in drafts)
    uncovered += prose
    return Table(
        region.header,
        region.page,
        region.continued,
        perspective,
        segments,
        bands,
        tuple(uncovered),
    )


def _cut_rows(
    region: Region,
    act: Column,
    by_role: Mapping[str, list[Word]],
    shapes: Sequence[Shape],
    gap: float,
    tol: Tolerances,
) -> tuple[list[_Draft], list[Word], bool]:
    """Row segments from rules crossing the activity column, else from deadline/status blocks
    (from the blocks overlapping them where cells are centred vertically: the third value)."""
    reach, slack = tol.row_rule_reach, tol.row_rule_slack
    row_rules = _merge_close(
        [
            r.top
            for r in region.rules
            if r.horizontal
            and r.x0 <= act.x0 + reach
            and r.x1 >= act.x1 - reach
            and region.top - slack <= r.top <= region.bottom + slack
        ],
        tol.rule_merge,
    )
    anchors = _merge_anchors(
        _block_lines(by_role.get("deadline", []), gap, tol)
        + _block_lines(by_role.get("status", []), gap, tol)
        + [(s.top, middle(s)) for s in shapes],
        tol.anchor_merge,
    )
    cuts = set(row_rules)
    centred = None if row_rules else centred_row_tops(by_role, shapes, tol)
    if centred is not None:
        cuts.update(top - tol.cut_above_anchor for top in centred)
    bands = list(zip([region.top, *row_rules], [*row_rules, region.bottom], strict=True))
    for band_top, band_bottom in bands if centred is None else ():
        inside = [top for top, mid in anchors if band_top <= mid < band_bottom]
        # unruled: every anchor starts a row; ruled: only a second anchor in one band does
        cuts.update(a - tol.cut_above_anchor for a in (inside[1:] if row_rules else inside))
    edges = sorted({region.top, region.bottom, *cuts})
    drafts: list[_Draft] = []
    for seg_top, seg_bottom in zip(edges, edges[1:], strict=False):
        cells = {
            role: [w for w in ws if seg_top <= middle(w) < seg_bottom]
            for role, ws in by_role.items()
            if role != "goal"
        }
        cells = {role: ws for role, ws in cells.items() if ws}
        seg_shapes = [s for s in shapes if seg_top <= middle(s) < seg_bottom]
        if not cells and not seg_shapes:
            continue
        ruled = bool(row_rules) and any(abs(seg_bottom - y) < tol.same_edge for y in row_rules)
        drafts.append(_Draft(seg_top, seg_bottom, cells, seg_shapes, ruled))
    if drafts:
        drafts[0].first_in_region = True
    return drafts, _drop_trailing_prose(drafts, gap, bool(row_rules), tol), centred is not None


def _extents(
    columns: Sequence[Column],
    by_role: Mapping[str, list[Word]],
    edges: tuple[float, float] | None,
) -> dict[str, Extent]:
    """Each column's text area: left and right edge of its words, exact where rules bound it.

    Without vertical rules, horizontal rules that span the table (``edges``) still give its left
    and right edge: the first column's text starts one cell padding inside the left edge, and
    each cell ends one padding before the next column's text starts one padding further on.
    With no rules at all, a cell's text reaches at least to where the next column's text starts
    less the narrowest gutter between two columns' texts (:func:`_gutter`): still an estimate,
    but never short of the true edge when the widest line of a column stops well before it.
    """
    lefts = [min((w.x0 for w in by_role.get(c.role, ())), default=c.text_x0) for c in columns]
    pad = lefts[0] - edges[0] if edges is not None and columns else 0.0
    gutter = _gutter(columns, by_role)
    extents: dict[str, Extent] = {}
    for index, col in enumerate(columns):
        ws = by_role.get(col.role)
        if ws:
            exact = col.content_right()
            right = max(w.x1 for w in ws)
            if exact is None and edges is not None and pad > 0:
                nxt = lefts[index + 1] - pad if index + 1 < len(columns) else edges[1]
                exact = nxt - pad
            if exact is None:
                after = by_role.get(columns[index + 1].role) if index + 1 < len(columns) else None
                if gutter is not None and after:
                    right = max(right, lefts[index + 1] - gutter)
                extents[col.role] = (min(w.x0 for w in ws), right, False)
            else:
                extents[col.role] = (min(w.x0 for w in ws), max(exact, right), True)
    return extents


def _gutter(columns: Sequence[Column], by_role: Mapping[str, list[Word]]) -> float | None:
    """The narrowest gap between a column's widest line and the next column's text: at least the
    cells' padding on both sides of their border (None when text crosses a border)."""
    gaps = [
        min(w.x0 for w in nxt) - max(w.x1 for w in ws)
        for col, after in zip(columns, columns[1:], strict=False)
        if (ws := by_role.get(col.role)) and (nxt := by_role.get(after.role))
    ]
    return min(gaps) if gaps and min(gaps) > 0 else None


def _table_edges(
    region: Region, columns: Sequence[Column], tol: Tolerances
) -> tuple[float, float] | None:
    """Left and right edge of a table without vertical rules, from horizontal rules spanning
    all its columns' texts (None when a column is ruled or no rule spans them)."""
    if not columns or any(c.ruled for c in columns):
        return None
    spanning = [
        r
        for r in region.rules
        if r.horizontal
        and r.x0 <= columns[0].text_x0
        and r.x1 >= columns[-1].text_x1
        and region.top - tol.row_rule_slack <= r.top <= region.bottom + tol.row_rule_slack
    ]
    if not spanning:
        return None
    return min(r.x0 for r in spanning), max(r.x1 for r in spanning)


def _drop_trailing_prose(
    drafts: list[_Draft], gap: float, ruled: bool, tol: Tolerances
) -> list[Word]:
    """Text after a table's last row (a footnote, prose) is not part of the table: its words are
    taken out of the drafts and returned."""
    if not drafts:
        return []
    last = drafts[-1]
    if ruled:
        if not last.ruled and not last.anchored and not last.first_in_region:
            drafts.pop()
            return [w for ws in last.cells.values() for w in ws]
        return []
    if not (last.anchored or last.first_in_region):
        drafts.pop()
        return [w for ws in last.cells.values() for w in ws]
    # cut lines of the last row that sit far below the rest of it
    far_below = tol.footnote_gap_lines * gap + tol.footnote_gap_pad
    words = sorted((w for ws in last.cells.values() for w in ws), key=lambda w: w.top)
    bottom = None
    for w in words:
        if bottom is not None and w.top - bottom > far_below:
            far = {id(x) for x in words if x.top >= w.top}
            dropped: list[Word] = []
            for role in list(last.cells):
                dropped += [x for x in last.cells[role] if id(x) in far]
                last.cells[role] = [x for x in last.cells[role] if id(x) not in far]
            return dropped
        bottom = max(bottom or w.bottom, w.bottom)
    return []


def _split_footnote(
    words: list[Word], drafts: Sequence[_Draft], gap: float, tol: Tolerances
) -> tuple[list[Word], list[Word]]:
    """Goal-column text far below the table's last row (a footnote) is not a goal."""
    kept = [w for d in drafts for ws in d.cells.values() for w in ws]
    bottom = max([w.bottom for w in kept] + [s.bottom for d in drafts for s in d.shapes])
    for w in sorted(words, key=lambda w: w.top):
        if w.top - bottom > tol.footnote_gap_lines * gap + tol.footnote_gap_pad:
            return [x for x in words if x.top < w.top], [x for x in words if x.top >= w.top]
        bottom = max(bottom, w.bottom)
    return words, []


def _is_marker_line(line: Sequence[Word], body: float, tol: Tolerances) -> bool:
    """A line set apart from body text: every word in italics, or in a smaller size."""
    italic = all("italic" in w.fontname.lower() or "oblique" in w.fontname.lower() for w in line)
    smaller = all(w.size < body - tol.marker_size_drop for w in line)
    return italic or smaller


def _split_marker(draft: _Draft, body: float, tol: Tolerances) -> None:
    """The trailing lines of an activity cell set apart by their typography are its priority
    marker ("Strategiskt utvecklingsuppdrag i Budget …" in italics under the activity)."""
    words = draft.cells.get("activity")
    if not words:
        return
    lines = words_to_lines(words, tol)
    cut = len(lines)
    while cut > 0 and _is_marker_line(lines[cut - 1], body, tol):
        cut -= 1
    if cut == len(lines) or (cut == 0 and not draft.first_in_region):
        return
    marker = {id(w) for line in lines[cut:] for w in line}
    draft.cells["activity"] = [w for w in words if id(w) not in marker]
    draft.cells["marker"] = [w for w in words if id(w) in marker]
    if not draft.cells["activity"]:
        del draft.cells["activity"]


def _segment(page: int, draft: _Draft, extents: Mapping[str, Extent], tol: Tolerances) -> Segment:
    """A draft frozen: its cells' words become text pieces, its box is fixed."""
    items: list[Word | Shape] = [w for ws in draft.cells.values() for w in ws]
    items += draft.shapes  # never empty: a draft is cut only where there is text or a symbol
    box = (
        min(i.x0 for i in items),
        min(i.top for i in items),
        max(i.x1 for i in items),
        max(i.bottom for i in items),
    )
    parts = {}
    for role, words in draft.cells.items():
        part = words_to_part(words, extents.get(role), tol)
        if part is not None:
            parts[role] = part
    return Segment(
        page,
        draft.top,
        draft.bottom,
        parts,
        tuple(draft.shapes),
        box,
        draft.anchored,
        draft.ruled,
        draft.first_in_region,
        draft.goal_band,
        extents,
    )


def _text_span(draft: _Draft) -> tuple[float, float]:
    """Top and bottom of a draft's text and symbols."""
    items: list[Word | Shape] = [w for ws in draft.cells.values() for w in ws] + draft.shapes
    return min(i.top for i in items), max(i.bottom for i in items)


def _goal_bands(
    region: Region,
    goal: Column,
    words: list[Word],
    drafts: list[_Draft],
    extent: Extent | None,
    centred: bool,
    tol: Tolerances,
) -> tuple[GoalBand, ...]:
    """The goal column cut into bands (merged goal cells); each draft learns its band."""
    mid = (goal.x0 + goal.x1) / 2
    right = max((w.x1 for w in words), default=goal.x1)
    exact = False
    if extent is not None:
        right, exact = max(right, extent[1]), extent[2]
    inset = tol.goal_rule_inset
    rules = _merge_close(
        [
            r.top
            for r in region.rules
            if r.horizontal
            and r.x0 <= mid <= r.x1
            and region.top + inset < r.top < region.bottom - inset
        ],
        tol.rule_merge,
    )
    spans: list[tuple[float, float, list[Word]]] = []
    centred_spans = False
    if rules:
        edges = [region.top, *rules, region.bottom]
        for top, bottom in zip(edges, edges[1:], strict=False):
            spans.append((top, bottom, [w for w in words if top <= middle(w) < bottom]))
    elif centred and words and drafts:
        spans = centred_goal_spans(
            words,
            [d.top for d in drafts],
            [_text_span(d) for d in drafts],
            (region.top, region.bottom),
            region.continued,
            tol,
        )
        centred_spans = bool(spans)
    if not spans:
        # unruled: a goal printed on a row starts a band that runs until the next goal text
        slack = tol.goal_band_slack
        gap = column_line_gap([words], tol) + tol.wrap_gap_pad if words else tol.line_gap
        starts = _block_starts(words, gap, tol)
        seg_tops = [d.top for d in drafts]
        tops = sorted(
            {max([t for t in seg_tops if t <= s + slack], default=region.top) for s in starts}
        )
        if not tops or tops[0] > region.top + tol.goal_top_slack:
            tops = [region.top, *tops]
        edges = [*tops, region.bottom]
        for top, bottom in zip(edges, edges[1:], strict=False):
            spans.append((top, bottom, [w for w in words if top - slack <= w.top < bottom - slack]))
    rows = [0] * len(spans)
    for draft in drafts:
        for index, (top, bottom, _) in enumerate(spans):
            if top - tol.goal_band_slack <= draft.top < bottom:
                draft.goal_band = index
                rows[index] += 1
                break
    bands = []
    for (top, bottom, band_words), count in zip(spans, rows, strict=True):
        pieces: tuple[Piece, ...] = ()
        content: Extent | None = None
        ends: tuple[Line, ...] = ()
        if band_words:
            content = (min(w.x0 for w in band_words), right, exact)
            lines = words_to_cell_lines(band_words, tol)
            pieces = tuple(lines_to_pieces(lines, content, tol))
            ends = (lines[0], lines[-1])
        bands.append(
            GoalBand(
                region.page, top, bottom, pieces, count, bool(rules), ends, content, centred_spans
            )
        )
    return tuple(bands)
