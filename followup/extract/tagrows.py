"""Tagged tables → follow-up rows: header cells matched to columns, data rows with their goals.

A ``Table`` element is a follow-up table when its header row names the expected columns (the same
fuzzy header words as the geometry path, :func:`followup.extract.header.role_score`). Its data rows
become :class:`TagRecord` objects: one text per column, the goal taken from a cell spanning down
(``RowSpan``) or, when a row has no goal of its own, carried from the row above. A row whose cells
do not fill the header's columns exactly (a span or a missing cell shifted them) is marked
``consistent=False``: the tags cannot say which text belongs to which column there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from followup.extract.context import perspective_name
from followup.extract.header import CORE_ROLES, extra_name, is_header_texts, role_score
from followup.extract.records import split_marker
from followup.extract.settings import (
    ACTIVITY_CHARS,
    HEADING_MAX_WORDS,
    PERSPECTIVE_BLOCKS,
    TITLE_LINES,
    ExtractOptions,
    Tolerances,
)
from followup.extract.tags import Box, TagCell, TagDocument, TagTable, TextBlock
from followup.normalize.deadline import deadline_to_date
from followup.normalize.status import LegendEntry, lines_to_legend, match_status
from followup.normalize.text import casefold_key, clean_text
from followup.records import display_path
from followup.rowtable import RowTable
from followup.schema import BOX_COLUMNS, BUILTIN_STATUSES, columns_for

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass
class TableColumns:
    """How a tagged table's grid columns map to the schema."""

    roles: dict[int, str]  # grid column -> role (goal, activity, ..., or an extra column name)
    headers: dict[int, str]  # grid column -> header text as printed
    header_rows: int  # rows at the top that make the header
    year: int | None = None  # from a header such as "Slutdatum 2020"
    lefts: dict[int, float] = field(default_factory=dict)  # grid column -> header text's left

    def printed_column(self, x: float, slack: float) -> int | None:
        """The column under whose header a text starting at ``x`` (or ``slack`` left of its
        header's text) is printed."""
        inside = [c for c, left in self.lefts.items() if left - slack <= x]
        return max(inside, key=lambda c: self.lefts[c]) if inside else None


@dataclass
class TagRecord:
    """One data row of a tagged table, in the schema's terms."""

    table: int  # index of the Table element
    row: int  # grid row within the table
    perspective: str
    year: int | None
    texts: dict[str, str]  # role -> cell text ("goal", "activity", ..., extra columns)
    page: int
    page_end: int
    box: Box
    boxes: list[tuple[int, Box]] = field(default_factory=list)  # (page, box) of every cell part
    consistent: bool = True  # the row's cells fill the header's columns exactly
    goal_span: tuple[int, int] | None = None  # (first row, rows) of a goal cell spanning rows
    goal_carried: bool = False
    problems: list[str] = field(default_factory=list)


def table_columns(table: TagTable, threshold: int) -> TableColumns | None:
    """The table's columns from its first row, or None when that row is not a follow-up header.

    Like the geometry path: a header names activity and status and at least one more column, each
    once.
    """
    if not table.rows:
        return None
    first = table.rows[0]
    roles: dict[int, str] = {}
    headers: dict[int, str] = {}
    lefts: dict[int, float] = {}
    year = None
    for cell in first.cells:
        text = clean_text(cell.text)
        if cell.parts:
            lefts[cell.col] = cell.parts[0].box[0]
        match = _YEAR.search(text)
        role, score = role_score(_YEAR.sub("", text))
        headers[cell.col] = text
        roles[cell.col] = role if score >= threshold else extra_name(text)
        if role == "deadline" and score >= threshold and match:
            year = int(match.group(0))
    if not is_header_texts([_YEAR.sub("", h) for h in headers.values()], threshold):
        return None
    return TableColumns(roles, headers, 1, year, lefts)


def perspective_before(blocks: Sequence[TextBlock], count: int) -> str:
    """The perspective named by the text just before a table: a known name, else a heading."""
    near = blocks[max(0, count - PERSPECTIVE_BLOCKS) : count]
    for block in reversed(near):
        name = perspective_name(block.text)
        if name:
            return name
    for block in reversed(near[-1:]):
        if block.type.startswith("H") and len(block.text.split()) <= HEADING_MAX_WORDS:
            return clean_text(block.text)
    return ""


def _is_repeated_header(cells: Sequence[TagCell], columns: TableColumns) -> bool:
    texts = [casefold_key(c.text) for c in cells]
    heads = [casefold_key(h) for h in columns.headers.values()]
    return bool(texts) and texts == heads[: len(texts)]


def _row_box(cells: Sequence[TagCell]) -> tuple[int, int, Box] | None:
    parts = [p for c in cells for p in c.parts]
    if not parts:
        return None
    first = min(p.page for p in parts)
    last = max(p.page for p in parts)
    x0s, tops, x1s, bottoms = zip(*(p.box for p in parts if p.page == first), strict=True)
    box = (min(x0s), min(tops), max(x1s), max(bottoms))
    return first, last, box


def document_records(doc: TagDocument, threshold: int, tol: Tolerances) -> list[TagRecord]:
    """Every data row of the document's follow-up tables, in reading order."""
    records: list[TagRecord] = []
    previous: TableColumns | None = None
    perspective = ""
    for table in doc.tables:
        columns = table_columns(table, threshold)
        start = 1
        if columns is None:
            # a table continued in a new Table element (no header of its own, same columns)
            continues = (
                previous is not None
                and records
                and table.columns == max(previous.roles) + 1
                and table.blocks_before == doc.tables[records[-1].table].blocks_before
            )
            if not continues:
                continue
            assert previous is not None
            columns, start = previous, 0
        else:
            perspective = perspective_before(doc.blocks, table.blocks_before) or perspective
        previous = columns
        goal_col = next((c for c, r in columns.roles.items() if r == "goal"), None)
        goal = ""
        span: tuple[int, int, str] | None = None  # last goal cell spanning rows: start, rows, text
        for row in table.rows[start:]:
            if row.header or _is_repeated_header(row.cells, columns):
                continue
            symbol = _reseat_after_symbol(table, row.index, row.cells, columns, tol)
            record = _record(table, row.index, row.cells, columns, perspective, goal_col, tol)
            if record is not None and symbol:
                record.problems = [p for p in record.problems if p != "no cell for status"]
                record.consistent = not record.problems
            if record is None:
                continue
            if record.goal_span is not None:
                span = (*record.goal_span, record.texts.get("goal", ""))
            if not record.consistent and span is not None and sum(span[:2]) == row.index:
                short = span[2][:ACTIVITY_CHARS] + ("…" if len(span[2]) > ACTIVITY_CHARS else "")
                record.problems.insert(
                    0, f"the goal cell {short!r} above ends here (RowSpan {span[1]})"
                )
            if goal_col is not None and not record.texts.get("goal") and goal:
                record.texts["goal"] = goal
                record.goal_carried = True
            goal = record.texts.get("goal", goal)
            records.append(record)
    return records


def _reseat_after_symbol(
    table: TagTable, row: int, own: Sequence[TagCell], columns: TableColumns, tol: Tolerances
) -> bool:
    """A status shown only as a symbol holds no text, and a producer may write no cell for it
    (Chromium does): the row's later cells then sit one column early on the grid. They move to
    the columns they are printed under when that leaves exactly the status column without a
    cell (True then); any other gap stays for the cross-check to report."""
    status = next((c for c, r in columns.roles.items() if r == "status"), None)
    if status is None or any(c.col_span != 1 for c in own):
        return False
    printed = {}
    for cell in own:
        left = cell.parts[0].box[0] if cell.parts else None
        at = columns.printed_column(left, tol.header_left_slack) if left is not None else None
        printed[id(cell)] = cell.col if at is None else at
    if any(printed[id(c)] < c.col for c in own):
        return False
    seats = {printed[id(c)] for c in own}
    down = [o for o in table.cells_over(row) if o.row < row]  # spanning into row
    spanned = {c for c in columns.roles if any(o.covers(row, c) for o in down)}
    if (
        len(seats) != len(own)
        or seats & spanned
        or set(columns.roles) - seats - spanned != {status}
    ):
        return False  # two cells under one header, or a gap other than the status column
    for cell in own:
        cell.col = printed[id(cell)]
    return True


def _record(
    table: TagTable,
    row: int,
    own: Sequence[TagCell],
    columns: TableColumns,
    perspective: str,
    goal_col: int | None,
    tol: Tolerances,
) -> TagRecord | None:
    texts: dict[str, str] = {}
    problems: list[str] = []
    covered: set[int] = set()
    goal_span = None
    for col in sorted(columns.roles):
        cell = table.cell_at(row, col)
        if cell is None:
            continue
        covered.add(col)
        role = columns.roles[col]
        if cell.col != col:
            continue  # the rest of a cell spanning columns
        texts[role] = cell.text
        if col == goal_col and cell.row_span > 1:
            goal_span = (cell.row, cell.row_span)
    extra = [c for c in own if c.col + c.col_span > len(columns.roles)]
    missing = [columns.roles[c] for c in sorted(columns.roles) if c not in covered]
    if extra:
        problems.append(f"{len(extra)} cell(s) beyond the header's {len(columns.roles)} columns")
    if missing and any(texts.values()):
        problems.append(f"no cell for {', '.join(missing)}")
    for cell in own:
        left = cell.parts[0].box[0] if cell.parts else None
        printed = columns.printed_column(left, tol.header_left_slack) if left is not None else None
        if printed is not None and printed != cell.col and cell.col in columns.roles:
            problems.append(
                f"{columns.roles[cell.col]} cell printed under {columns.headers[printed]!r}"
            )
    own_cells = [c for c in own if c.col != goal_col] or list(own)
    placed = _row_box(own_cells)
    if placed is None:
        return None
    if not any(texts.get(r) for r in CORE_ROLES if r != "goal"):
        return None
    page, page_end, box = placed
    return TagRecord(
        table=table.index,
        row=row,
        perspective=perspective,
        year=columns.year,
        texts=texts,
        page=page,
        page_end=page_end,
        box=box,
        boxes=[(p.page, p.box) for c in own for p in c.parts],
        consistent=not problems,
        goal_span=goal_span,
        problems=problems,
    )


def document_legend(doc: TagDocument, records: Sequence[TagRecord]) -> list[LegendEntry]:
    """The status legend among the printed lines of the text before the first follow-up table."""
    first = doc.tables[records[0].table].blocks_before if records else len(doc.blocks)
    lines = [line for block in doc.blocks[:first] for line in block.lines]
    return lines_to_legend(lines)


def document_year(doc: TagDocument) -> int | None:
    """The year of the title (the first lines of text that name one)."""
    for block in doc.blocks[:TITLE_LINES]:
        match = _YEAR.search(block.text)
        if match:
            return int(match.group(0))
    return None


def records_to_table(
    records: Sequence[TagRecord],
    doc: TagDocument,
    path: Path,
    sha: str,
    options: ExtractOptions,
    identity: tuple[str, str] = ("", ""),
) -> RowTable:
    """Tagged rows → the output table in the schema's column order (``structure`` = tags)."""
    legend = document_legend(doc, records)
    vocabulary = [e.word for e in legend] or BUILTIN_STATUSES
    title_year = document_year(doc)
    extras: list[str] = []
    for record in records:
        for role in record.texts:
            if role not in CORE_ROLES and role not in extras:
                extras.append(role)
    source, shown = path.name, display_path(path)  # the same on every row
    rows = []
    for record in records:
        activity, marker = split_marker(record.texts.get("activity", ""), "")
        deadline = record.texts.get("deadline", "")
        status = match_status(record.texts.get("status", ""), vocabulary, options.status_threshold)
        year = options.year or record.year or title_year
        row: dict[str, object] = {
            "source": source,
            "path": shown,
            "source_sha256": sha,
            "report": identity[0],
            "organisation": identity[1],
            "year": year,
            "page": record.page,
            "page_end": record.page_end,
            "perspective": record.perspective,
            "goal": record.texts.get("goal", ""),
            "activity": activity,
            "strategic": bool(marker),
            "marker": marker,
            "deadline": deadline,
            "deadline_date": deadline_to_date(deadline, year),
            "status": status.status,
            "status_raw": status.raw,
            "status_score": status.score,
            "comment": record.texts.get("comment", ""),
        }
        for name in extras:
            row[name] = record.texts.get(name, "")
        row.update(zip(BOX_COLUMNS, (round(v, 2) for v in record.box), strict=True))
        row["structure"] = "tags"
        row["ocr"] = False  # tags come from the text layer
        rows.append(row)
    return RowTable.from_records(rows, columns_for(extras))
