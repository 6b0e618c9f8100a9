"""Rows read from the tags checked against rows read from the page's geometry.

Both sides are tables (:class:`followup.rowtable.RowTable`) in the output schema. Rows are
paired in order by their activity text (a longest-common-subsequence alignment, so one missing
row does not shift the others); every disagreement becomes a ``tag_disagreement`` finding:

- a row on the page that no tagged table holds (a table tagged as paragraphs, a ``TR`` missing):
  the page's row is kept;
- a row only in the tags: kept (the page's geometry missed it);
- a row whose tagged cells do not fill the header's columns, or sit under other headers than
  printed (a ``RowSpan``/``ColSpan`` the page contradicts): the page's row is kept;
- a cell whose text differs: the tags' text is kept (each glyph belongs to its cell by
  construction; the geometry assigns it by position).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from rapidfuzz import fuzz

from followup.extract.settings import ACTIVITY_CHARS, PAIR_SCORE, Tolerances
from followup.extract.tagrows import Box, TagRecord
from followup.normalize.text import casefold_key
from followup.records import Finding, is_missing
from followup.rowtable import RowTable
from followup.schema import BOX_COLUMNS, LEADING_COLUMNS, TRAILING_COLUMNS, columns_for

#: Columns whose text is compared (extra table columns are compared too).
COMPARED = ["perspective", "goal", "activity", "strategic", "deadline", "status_raw", "comment"]
#: What the page says of a status shown only as a symbol, which tags cannot hold.
SYMBOL_STATUS = ["status", "status_raw", "status_score", *BOX_COLUMNS]
_SYMBOL = re.compile(r"[a-z]+ #[0-9a-f]{6}")


@dataclass(frozen=True)
class Pick:
    """Where an output row comes from: ``side`` is "tags" or "geometry", ``index`` its row there."""

    side: str
    index: int


def _is_symbol(row: Row) -> bool:
    """The page's row has a status read from a symbol (``status_raw`` ``<shape> <#rrggbb>``)."""
    return bool(_SYMBOL.fullmatch(str(row.get("status_raw") or "")))


def _short(text: object) -> str:
    text = str(text)
    return text if len(text) <= ACTIVITY_CHARS else text[: ACTIVITY_CHARS - 1] + "…"


Row = dict[str, Any]


def _box(row: Row) -> Box:
    x0, top, x1, bottom = (float(row[c]) for c in BOX_COLUMNS)
    return x0, top, x1, bottom


def _overlaps(row: Row, record: TagRecord, tol: Tolerances) -> bool:
    """The page's row lies over text a tagged row owns (the geometry cut the table differently)."""
    x0, top, x1, bottom = _box(row)
    for page, (bx0, btop, bx1, bbottom) in record.boxes:
        if page != int(row["page"]):
            continue
        vertical = min(bottom, bbottom) - max(top, btop)
        horizontal = min(x1, bx1) - max(x0, bx0)
        if horizontal > 0 and vertical > tol.overlap_share * min(bottom - top, bbottom - btop):
            return True
    return False


def _pairs(
    tags: list[Row], geometry: list[Row], tol: Tolerances
) -> list[tuple[int | None, int | None]]:
    """Rows of both sides in output order: (tags row, geometry row), either side None."""
    a = [casefold_key(str(r["activity"])) for r in tags]
    b = [casefold_key(str(r["activity"])) for r in geometry]
    out: list[tuple[int | None, int | None]] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += list(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        i, j = i1, j1
        while i < i2 or j < j2:
            if i < i2 and j < j2:
                similar = fuzz.ratio(a[i], b[j]) >= PAIR_SCORE
                same_place = int(tags[i]["page"]) == int(geometry[j]["page"]) and (
                    abs(float(tags[i]["top"]) - float(geometry[j]["top"])) < tol.same_row_top
                )
                if similar or same_place:
                    out.append((i, j))
                    i, j = i + 1, j + 1
                    continue
                if i2 - i >= j2 - j:
                    out.append((i, None))
                    i += 1
                else:
                    out.append((None, j))
                    j += 1
            elif i < i2:
                out.append((i, None))
                i += 1
            else:
                out.append((None, j))
                j += 1
    return out


def crosscheck(
    tags: RowTable,
    records: Sequence[TagRecord],
    geometry: RowTable,
    source: str,
    tol: Tolerances,
) -> tuple[RowTable, list[Pick], list[Finding]]:
    """Merge the tags' rows with the page's rows; findings name every disagreement.

    ``records`` are the tagged rows behind ``tags`` (same order). The returned frame has the
    schema's columns plus ``structure`` ("tags" or "geometry") per row; findings' ``row`` is the
    position in that frame, or None for a row of the page left out.
    """
    known = set(LEADING_COLUMNS) | set(TRAILING_COLUMNS) | set(BOX_COLUMNS)
    extras = [c for c in tags.names if c not in known]
    compared = COMPARED + extras
    t_rows = tags.records()
    g_rows = geometry.records()
    picks: list[Pick] = []
    findings: list[Finding] = []

    def add(page: int, message: str, row: int | None, box: Box) -> None:
        findings.append(
            Finding("tag_disagreement", page, f"{source} p. {page}: {message}", row, box)
        )

    for ti, gi in _pairs(t_rows, g_rows, tol):
        out = len(picks)
        if ti is None:
            assert gi is not None
            g = g_rows[gi]
            page = int(g["page"])
            activity = _short(g["activity"])
            if any(_overlaps(g, r, tol) for r in records):
                add(
                    page,
                    f"the page's geometry reads a row {activity!r} over text of tagged "
                    "rows (the tags' rows kept)",
                    None,
                    _box(g),
                )
                continue
            picks.append(Pick("geometry", gi))
            add(
                page,
                f"row on the page but in no tagged table row: {activity!r} (read from the page)",
                out,
                _box(g),
            )
            continue
        t = t_rows[ti]
        record = records[ti]
        page = int(t["page"])
        if gi is None:
            picks.append(Pick("tags", ti))
            add(
                page,
                f"row in the tags but not found on the page by geometry: "
                f"{_short(t['activity'])!r} (read from the tags)",
                out,
                _box(t),
            )
            continue
        g = g_rows[gi]
        if not record.consistent:
            picks.append(Pick("geometry", gi))
            why = "; ".join(record.problems[:2])
            add(
                page,
                f"the tags' cells of row {_short(g['activity'])!r} contradict the page: "
                f"{why} (read from the page)",
                out,
                _box(g),
            )
            continue
        picks.append(Pick("tags", ti))
        if not t.get("status_raw") and _is_symbol(g):
            # a status shown only as a symbol: the tags hold no text for it, the page does
            t.update({col: g[col] for col in SYMBOL_STATUS})
        for col in compared:
            tv, gv = str(t.get(col, "")), str(g.get(col, ""))
            if tv != gv:
                add(
                    page,
                    f"{col} differs: tags {_short(tv)!r}, page {_short(gv)!r} (tags kept)",
                    out,
                    _box(t),
                )
    if any(p.side == "geometry" for p in picks):
        extras += [c for c in geometry.names if c not in known and c not in extras]
    rows = []
    for pick in picks:
        src = t_rows[pick.index] if pick.side == "tags" else g_rows[pick.index]
        row = dict(src)
        row["structure"] = pick.side
        rows.append(row)
    merged = RowTable.from_records(rows, columns_for(extras))
    for col in extras:  # a table without the column holds no text there
        merged.columns[col] = ["" if is_missing(v) else str(v) for v in merged.columns[col]]
    return merged, picks, findings
