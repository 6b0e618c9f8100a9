"""Unruled tables whose cells are centred vertically (a word processor's HTML import does this).

A centred cell puts its text in the middle of its row: a one-line deadline sits halfway down a
four-line activity, and a goal cell merged over several rows prints its text halfway down the
group, in whatever row that is. Rows are found from the text blocks that overlap each other
vertically, and each goal from the run of rows its text is centred on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from followup.extract.layout import Shape, Word, words_to_lines
from followup.extract.settings import WRAP_GAP_QUANTILE, Tolerances

Span = tuple[float, float]  # top, bottom


def column_line_gap(columns: Sequence[Sequence[Word]], tol: Tolerances) -> float:
    """Typical vertical gap between wrapped lines of one cell, measured within each column (a
    region's text as one column where lines of neighbouring cells share their baselines)."""
    gaps: list[float] = []
    for words in columns:
        lines = words_to_lines(words, tol)
        gaps += [
            b[0].top - a[0].bottom
            for a, b in zip(lines, lines[1:], strict=False)
            if 0 <= b[0].top - a[0].bottom < a[0].size
        ]
    gaps.sort()
    return gaps[len(gaps) // WRAP_GAP_QUANTILE] if gaps else tol.line_gap


def text_blocks(words: Sequence[Word], gap: float, tol: Tolerances) -> list[tuple[float, float]]:
    """Top and bottom of each text block (a cell's lines: no further apart than a wrap)."""
    blocks: list[tuple[float, float]] = []
    for line in words_to_lines(words, tol):
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        if blocks and top - blocks[-1][1] <= gap:
            blocks[-1] = (blocks[-1][0], max(blocks[-1][1], bottom))
        else:
            blocks.append((top, bottom))
    return blocks


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def centred_row_tops(
    by_role: Mapping[str, list[Word]], shapes: Sequence[Shape], tol: Tolerances
) -> list[float] | None:
    """Row tops of an unruled table whose cells are centred vertically, None when they are not.

    Centred cells put a row's one-line deadline or status in the middle of its taller cells, so
    the row starts where its tallest cell does, above the deadline. A row is the deadline and
    status blocks (its anchor) with every block of the other columns (the goal's aside: a goal
    cell spans rows) that overlaps them vertically. The table is centred when more anchors sit in
    the middle of a taller block beside them than at its top. Lines of neighbouring cells do not
    share a baseline there, so the wrap gap is measured within each column.
    """
    columns = [ws for role, ws in by_role.items() if role != "goal"]
    gap = column_line_gap(columns, tol) + tol.wrap_gap_pad
    anchors: list[tuple[float, float]] = []
    pieces = text_blocks(by_role.get("deadline", []), gap, tol)
    pieces += text_blocks(by_role.get("status", []), gap, tol)
    pieces += [(s.top, s.bottom) for s in shapes]
    for block in sorted(pieces):
        if anchors and _overlap(anchors[-1], block):
            anchors[-1] = (anchors[-1][0], max(anchors[-1][1], block[1]))
        else:
            anchors.append(block)
    others = [
        block
        for role, words in by_role.items()
        if role not in ("goal", "deadline", "status")
        for block in text_blocks(words, gap, tol)
    ]
    slack = tol.centred_slack
    centred = top_aligned = 0
    tops: list[float] = []
    for anchor in anchors:
        beside = [b for b in others if _overlap(anchor, b)]
        for top, bottom in beside:
            if bottom - top < anchor[1] - anchor[0] + slack:
                continue  # no taller than the anchor: says nothing
            if abs(top + bottom - sum(anchor)) <= 2 * slack and top < anchor[0] - slack:
                centred += 1
            elif abs(top - anchor[0]) <= slack:
                top_aligned += 1
        tops.append(min([anchor[0], *(b[0] for b in beside)]))
    if centred <= top_aligned:
        return None
    return tops


def centred_goal_spans(
    words: Sequence[Word],
    cuts: Sequence[float],
    texts: Sequence[Span],
    region: Span,
    continued: bool,
    tol: Tolerances,
) -> list[tuple[float, float, list[Word]]]:
    """The goal column of a centred table cut into goal cells: (top, bottom, words) each.

    ``cuts`` are the rows' tops, ``texts`` the top and bottom of each row's text, ``region`` the
    table region's top and bottom. Each goal's text block lies in the middle of the rows its cell
    spans: consecutive goals share out the rows so that each block's centre is the centre of its
    rows' text. The first goal's cell starts at the table's first row, or, on a page the table
    continues onto, where its text is centred (the rows above carry the goal of the page
    before); the last one runs to the region's end (its cell may go on over the page break, so
    its text says nothing of where it ends).
    """
    gap = column_line_gap([words], tol) + tol.wrap_gap_pad
    ranges: list[list[int]] = []  # first row, last row of each goal's text
    blocks: list[Span] = []
    for block in text_blocks(words, gap, tol):
        lo, hi = _row_at(cuts, block[0]), _row_at(cuts, block[1])
        if ranges and lo <= ranges[-1][1]:  # two blocks in one row are one goal
            ranges[-1][1] = max(ranges[-1][1], hi)
            blocks[-1] = (blocks[-1][0], max(blocks[-1][1], block[1]))
        else:
            ranges.append([lo, hi])
            blocks.append(block)
    last = len(texts) - 1
    if not blocks or last < 0:
        return []

    def cost(index: int, first: int, end: int) -> float:
        if index == len(blocks) - 1:
            return 0.0
        return abs(texts[first][0] + texts[end][1] - sum(blocks[index]))

    # best[e] = (cost, ends so far) for the goals up to this one, this one ending at row e
    best: dict[int, tuple[float, list[int]]] = {}
    firsts = range(ranges[0][0] + 1) if continued and len(blocks) > 1 else [0]
    if continued and len(blocks) == 1:
        firsts = [ranges[0][0]]
    for index, (lo, hi) in enumerate(ranges):
        limit = ranges[index + 1][0] - 1 if index + 1 < len(ranges) else last
        ends = [last] if index + 1 == len(ranges) else range(hi, limit + 1)
        step: dict[int, tuple[float, list[int]]] = {}
        for end in ends:
            options = (
                [(cost(index, first, end), [first - 1, end]) for first in firsts if first <= lo]
                if index == 0
                else [
                    (c + cost(index, prev + 1, end), [*path, end])
                    for prev, (c, path) in best.items()
                    if prev < lo and prev < end
                ]
            )
            if options:
                step[end] = min(options, key=lambda option: option[0])
        best = step
    if not best:
        return []
    _, path = min(best.values(), key=lambda option: option[0])
    spans: list[tuple[float, float, list[Word]]] = []
    if path[0] >= 0:  # rows above the first goal carry the goal of the page before
        spans.append((region[0], cuts[path[0] + 1], []))
    for index, end in enumerate(path[1:]):
        first = path[index] + 1
        top = cuts[first] if spans else region[0]
        bottom = cuts[end + 1] if end + 1 < len(cuts) else region[1]
        block = blocks[index]
        inside = [w for w in words if block[0] <= (w.top + w.bottom) / 2 <= block[1]]
        spans.append((top, bottom, inside))
    return spans


def _row_at(cuts: Sequence[float], y: float) -> int:
    """Index of the row (by its top) that a height lies in; the first row above them all."""
    index = 0
    for i, cut in enumerate(cuts):
        if cut <= y:
            index = i
    return index
