"""Plain views of an Extraction for the audit page: rows, summary counts, findings by kind."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from followup.records import (
    FINDING_KINDS,
    FINDING_LEVEL_ORDER,
    Extraction,
    Finding,
    finding_level,
    is_missing,
)
from followup.schema import BOX_COLUMNS, LEADING_COLUMNS
from followup.summary import Summary, summarize_counts

#: Columns not repeated per row (the same for every row of a file; in the page header).
HIDDEN_COLUMNS = {"source", "source_sha256", "path"}


def text(value: object, yes_no: tuple[str, str] = ("ja", "nej")) -> str:
    """Display text for one cell: empty for missing values, yes/no words for booleans."""
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if isinstance(value, float):
        return f"{value:.2f}" if not value.is_integer() else str(int(value))
    return str(value)


def _int(value: object) -> int | None:
    if is_missing(value):
        return None
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return None


def _float(value: object) -> float | None:
    if is_missing(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass
class RowView:
    """One extracted row as the audit page shows it."""

    number: int  # position in Extraction.rows + 1; ids are row-<number> / box-<number>
    index: int  # position in Extraction.rows (Finding.row)
    page: int | None
    page_end: int | None
    box: tuple[float, float, float, float] | None
    status: str
    fields: list[tuple[str, str]]  # (column, display text), schema order then extras
    findings: list[Finding] = field(default_factory=list)

    @property
    def values(self) -> dict[str, str]:
        return dict(self.fields)

    @property
    def activity(self) -> str:
        return self.values.get("activity", "")

    @property
    def levels(self) -> list[str]:
        """Levels of this row's findings, most serious first, each once."""
        present = {finding_level(f.kind) for f in self.findings}
        return [level for level in FINDING_LEVEL_ORDER if level in present]

    @property
    def level(self) -> str:
        """The most serious level of this row's findings, or "" without findings."""
        levels = self.levels
        return levels[0] if levels else ""

    @property
    def rank(self) -> int:
        """Sort key for "errors first": 0 error, 1 warning, 2 info, 3 none."""
        level = self.level
        return FINDING_LEVEL_ORDER.index(level) if level else len(FINDING_LEVEL_ORDER)


def extra_columns(rows: pd.DataFrame) -> list[str]:
    """Columns that are neither leading, box nor hidden columns, in frame order."""
    known = set(LEADING_COLUMNS) | set(BOX_COLUMNS) | HIDDEN_COLUMNS
    return [c for c in rows.columns if c not in known]


def row_views(extraction: Extraction, yes_no: tuple[str, str] = ("ja", "nej")) -> list[RowView]:
    """All rows in order, with their findings attached."""
    rows = extraction.rows
    shown = [c for c in LEADING_COLUMNS if c in rows.columns and c not in HIDDEN_COLUMNS]
    shown += extra_columns(rows)
    has_box = all(c in rows.columns for c in BOX_COLUMNS)
    views: list[RowView] = []
    for index, record in enumerate(rows.to_dict("records")):
        box: tuple[float, float, float, float] | None = None
        if has_box:
            coords = [_float(record[c]) for c in BOX_COLUMNS]
            if all(c is not None for c in coords):
                x0, top, x1, bottom = (float(c) for c in coords if c is not None)
                box = (x0, top, x1, bottom)
        page = _int(record.get("page"))
        page_end = _int(record.get("page_end"))
        views.append(
            RowView(
                number=index + 1,
                index=index,
                page=page,
                page_end=page_end if page_end is not None else page,
                box=box,
                status=text(record.get("status")),
                fields=[(c, text(record[c], yes_no)) for c in shown],
            )
        )
    for finding in extraction.findings:
        if finding.row is not None and 0 <= finding.row < len(views):
            views[finding.row].findings.append(finding)
    return views


def summarize(views: list[RowView], done_word: str | None = None) -> Summary:
    """Count rows per perspective and status; ``done_word`` defaults to Klar or a synonym."""
    pairs = ((dict(v.fields).get("perspective", ""), v.status or "") for v in views)
    return summarize_counts(Counter(pairs), done_word)


def findings_by_kind(findings: list[Finding]) -> list[tuple[str, list[tuple[int, Finding]]]]:
    """Findings numbered from 1 and grouped by kind: every known kind in FINDING_KINDS order
    (empty ones too), then unknown kinds sorted."""
    groups: dict[str, list[tuple[int, Finding]]] = {kind: [] for kind in FINDING_KINDS}
    for number, finding in enumerate(findings, start=1):
        groups.setdefault(finding.kind, []).append((number, finding))
    known = [(k, groups[k]) for k in FINDING_KINDS]
    others = [(k, groups[k]) for k in sorted(groups) if k not in FINDING_KINDS]
    return known + others


def findings_by_level(
    findings: list[Finding],
) -> list[tuple[str, list[tuple[str, list[tuple[int, Finding]]]]]]:
    """Findings numbered from 1, grouped by level (most serious first), then by kind
    (FINDING_KINDS order, then unknown kinds sorted). Only kinds that occur are listed."""
    by_kind = [(k, items) for k, items in findings_by_kind(findings) if items]
    return [
        (level, [(k, items) for k, items in by_kind if finding_level(k) == level])
        for level in FINDING_LEVEL_ORDER
    ]


def level_counts(findings: list[Finding]) -> dict[str, int]:
    """Number of findings per level, every level present (zero when none)."""
    counts = Counter(finding_level(f.kind) for f in findings)
    return {level: counts.get(level, 0) for level in FINDING_LEVEL_ORDER}
