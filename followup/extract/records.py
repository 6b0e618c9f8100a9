"""Rows → the output table in the schema: status, deadline date, strategic marker, types."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from followup.extract.context import DocumentContext
from followup.extract.header import CORE_ROLES
from followup.extract.ocr import ocr_findings
from followup.extract.rows import Row
from followup.extract.settings import ExtractOptions
from followup.normalize.deadline import deadline_to_date
from followup.normalize.status import LegendEntry, StatusMatch, match_status, match_symbol
from followup.normalize.text import clean_text
from followup.records import Finding, display_path
from followup.rowtable import RowTable
from followup.schema import BOX_COLUMNS, BUILTIN_STATUSES, columns_for

STRATEGIC = re.compile(r"\s*Strategiskt\s+utvecklingsuppdrag\b.*$", re.I | re.S)

#: priority markers known by their wording, when the typography does not set them apart
_MARKER = re.compile(
    r"\s*((?:Strategiskt\s+utvecklingsuppdrag|Prioriterat\s+uppdrag|Prioriterad\s+aktivitet"
    r"|Uppdrag\s+från\s+kommunfullmäktige|Kommunfullmäktiges\s+uppdrag)\b.*)$",
    re.I | re.S,
)


def split_marker(activity: str, marker: str) -> tuple[str, str]:
    """Activity text and its priority marker: the marker lines the typography set apart, else a
    known phrase ending the activity."""
    if not marker:
        match = _MARKER.search(activity)
        if match:
            activity, marker = activity[: match.start()], match.group(1)
    return clean_text(activity), clean_text(marker)


def row_status(row: Row, legend: Sequence[LegendEntry], threshold: int) -> StatusMatch:
    """The row's status: its printed word matched to the legend's words, else its symbol."""
    raw = row.text("status")
    if raw:
        vocabulary = [e.word for e in legend] or BUILTIN_STATUSES
        return match_status(raw, vocabulary, threshold)
    if row.shapes:
        return match_symbol(row.shapes[0].description, legend, threshold)
    return StatusMatch("", "", 0)


def extra_roles(rows: Sequence[Row]) -> list[str]:
    """Roles of the columns beyond the core ones, in the order they first appear."""
    extras: list[str] = []
    for row in rows:
        for col in row.columns:
            if col.role not in CORE_ROLES and col.role not in extras:
                extras.append(col.role)
    return extras


def rows_to_table(
    rows: Sequence[Row],
    context: DocumentContext,
    path: Path,
    sha: str,
    options: ExtractOptions,
) -> tuple[RowTable, list[Finding]]:
    """Rows → the output table in the schema's column order, and the findings of the rows read
    by OCR (``low_ocr_confidence``)."""
    extras = extra_roles(rows)
    legend = context.legend
    vocabulary = context.vocabulary
    columns = columns_for(extras)
    data: dict[str, list[object]] = {name: [] for name in columns}  # column lists, not row dicts
    source, shown = path.name, display_path(path)  # the same on every row
    for row in rows:
        activity, marker = split_marker(
            row.text("activity", vocabulary), row.text("marker", vocabulary)
        )
        deadline = row.text("deadline")
        status = row_status(row, legend, options.status_threshold)
        row_year = options.year or row.year or context.year
        record: dict[str, object] = {
            "source": source,
            "path": shown,
            "source_sha256": sha,
            "report": context.report,
            "organisation": context.organisation,
            "year": row_year,
            "page": row.pages[0],
            "page_end": row.pages[1],
            "perspective": row.perspective,
            "goal": row.goal,
            "activity": activity,
            "strategic": bool(marker),
            "marker": marker,
            "deadline": deadline,
            "deadline_date": deadline_to_date(deadline, row_year),
            "status": status.status,
            "status_raw": status.raw,
            "status_score": status.score,
            "comment": row.text("comment", vocabulary),
        }
        for name in extras:
            record[name] = row.text(name, vocabulary)
        record["structure"] = "geometry"
        record["ocr"], record["ocr_confidence"] = False, None  # set by extract.ocr for OCR rows
        for name, value in zip(BOX_COLUMNS, row.box(), strict=True):
            record[name] = round(value, 2)
        for name in columns:
            data[name].append(record[name])
    table = RowTable(data)
    return table, ocr_findings(table, rows, options.ocr_pages, path)  # OCR confidence columns
