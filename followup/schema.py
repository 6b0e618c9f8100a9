"""The one output schema shared by every command and every file format."""

from __future__ import annotations

#: Columns before any extra table columns (e.g. ``responsible``), in order.
LEADING_COLUMNS: list[str] = [
    "source",
    "source_sha256",
    "year",
    "page",
    "page_end",
    "perspective",
    "goal",
    "activity",
    "strategic",
    "deadline",
    "deadline_date",
    "status",
    "status_raw",
    "status_score",
    "comment",
]

#: Box of the row on its first page, PDF points, origin top-left (pdfplumber's convention).
BOX_COLUMNS: list[str] = ["x0", "top", "x1", "bottom"]

#: Known extra columns: header synonyms -> output column name.
EXTRA_COLUMNS: dict[str, str] = {
    "Ansvarig": "responsible",
}

INT_COLUMNS = {"year", "page", "page_end", "status_score"}
BOOL_COLUMNS = {"strategic"}
FLOAT_COLUMNS = set(BOX_COLUMNS)

#: Canonical statuses when a document has no legend of its own.
BUILTIN_STATUSES: list[str] = ["Klar", "Anpassats", "Ersatts", "Pågående", "Pausad", "Utgått"]


def columns_for(extras: list[str]) -> list[str]:
    """Full column order for a table with the given extra columns."""
    return LEADING_COLUMNS + list(extras) + BOX_COLUMNS


def order_columns(columns: list[str]) -> list[str]:
    """Schema order for a table holding ``columns``: leading, extras (first seen), box."""
    extras = [c for c in columns if c not in LEADING_COLUMNS and c not in BOX_COLUMNS]
    return columns_for(extras)
