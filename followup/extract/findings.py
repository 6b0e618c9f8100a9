"""Tables, rows and the output table → findings: what an auditor should look at."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from followup.extract.document import is_garbled
from followup.extract.header import CORE_ROLES
from followup.extract.rows import Row
from followup.extract.segments import Table
from followup.extract.settings import ACTIVITY_CHARS, UNCOVERED_CHARS
from followup.messages import plural
from followup.records import Finding
from followup.rowtable import RowTable
from followup.schema import EXTRA_COLUMNS


def document_findings(
    tables: Sequence[Table], rows: Sequence[Row], output: RowTable, path: Path
) -> list[Finding]:
    """Every finding of a document, by page, then row (table findings first), then kind;
    ``output`` is the rows as the output table has them."""
    found = rows_findings(rows, output, path)
    for table in tables:
        found += table_findings(table)
    found.sort(key=lambda f: (f.page, f.row if f.row is not None else -1, f.kind))
    return found


def table_findings(table: Table) -> list[Finding]:
    """Text inside a table that went into no cell; a header row with unexpected columns."""
    found: list[Finding] = []
    if table.uncovered:
        words = table.uncovered
        text = " ".join(w.text for w in words)[:UNCOVERED_CHARS]
        found.append(
            Finding(
                "uncovered_text",
                table.page,
                f"{plural(len(words), 'word')} inside the table went into no cell: {text!r}",
                None,
                (
                    min(w.x0 for w in words),
                    min(w.top for w in words),
                    max(w.x1 for w in words),
                    max(w.bottom for w in words),
                ),
            )
        )
    header = table.header
    if not table.continued:
        roles = {c.role for c in header.columns}
        missing = [r for r in CORE_ROLES if r not in roles]
        extra = [
            c.header
            for c in header.columns
            if c.role not in CORE_ROLES and c.role not in EXTRA_COLUMNS.values()
        ]
        if missing or extra:
            found.append(
                Finding(
                    "header_mismatch",
                    header.page,
                    f"header row {' | '.join(c.header for c in header.columns)!r}: "
                    f"missing {missing or 'none'}, unknown {extra or 'none'}",
                    None,
                    (header.x0, header.top, header.x1, header.bottom),
                )
            )
    return found


def row_findings(
    index: int,
    record: Mapping[str, Any],
    pages: tuple[int, int],
    box: tuple[float, float, float, float],
    source: str,
    texts: Sequence[str],
) -> tuple[str, list[Finding]]:
    """The findings every row gets, whichever structure it was read from: unreadable glyphs in
    its ``texts`` columns, no status matched, joined over a page break. Also returns the
    activity shortened for messages."""
    page, page_end = pages
    found: list[Finding] = []
    if is_garbled(" ".join(str(record[c]) for c in texts)):
        message = f"{source} p. {page}: unreadable glyphs (cid) in row"
        found.append(Finding("garbled_text", page, message, index, box))
    activity = str(record["activity"])
    short = activity[:ACTIVITY_CHARS] + ("…" if len(activity) > ACTIVITY_CHARS else "")
    if not record["status"]:
        message = (
            f"{source} p. {page}: status {str(record['status_raw'])!r} not matched "
            f"(score {record['status_score']}) for activity {short!r}"
        )
        found.append(Finding("low_status", page, message, index, box))
    if page_end != page:
        message = f"row joined across pages {page}-{page_end}: {short!r}"
        found.append(Finding("page_break_join", page, message, index, box))
    return short, found


def rows_findings(rows: Sequence[Row], output: RowTable, path: Path) -> list[Finding]:
    """Per row: unreadable glyphs, no status matched, joined over a page break, goal from a
    merged cell (or printed once above) or carried from an earlier page."""
    texts = output.text_columns()
    found: list[Finding] = []
    goal_pages: dict[str, int] = {}  # goal text -> page of the last row with it so far
    for index, (row, record) in enumerate(zip(rows, output.iter_records(), strict=True)):
        page, box = row.pages[0], row.box()
        short, flagged = row_findings(index, record, row.pages, box, path.name, texts)
        found += flagged
        # a goal carried from an earlier page is worth a look; within a page it is the layout
        previous = goal_pages.get(row.goal, page)
        goal_pages[row.goal] = page
        if row.goal_note == "carried" and previous < page:
            carried = f"goal carried from page {previous}: {short!r}"
            found.append(Finding("goal_carried", page, carried, index, box))
        elif row.goal_note:
            how = "merged goal cell" if row.goal_note == "merged" else "goal printed above"
            found.append(Finding("goal_merged", page, f"{how}: {short!r}", index, box))
    return found
