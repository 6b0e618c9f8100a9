"""The one output schema shared by every command and every file format.

Each column has a type and a meaning here, and nowhere else: the README's schema table, the
``followup schema`` command, the Parquet types and the CSV conventions are all derived from
:data:`COLUMNS`. A column whose ``null`` text is set can be missing (null in Parquet, empty in
CSV); every other text column holds ``""`` where the printed text is empty, never null.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: Logical types of the schema; each maps to one Arrow type (see :func:`arrow_type`).
TYPES = ("string", "int", "bool", "float", "date")


@dataclass(frozen=True)
class Column:
    """One output column: its name, logical type, meaning, and when it is null (if ever)."""

    name: str
    type: str
    meaning: str
    null: str = ""  # when the value is missing; "" = never null

    def as_dict(self) -> dict[str, str | bool]:
        """Name, type, meaning, nullable and null (for ``followup schema --json``)."""
        return {**asdict(self), "nullable": bool(self.null)}


#: Columns before any extra table columns (e.g. ``responsible``), in order.
LEADING: list[Column] = [
    Column("source", "string", "file name of the PDF"),
    Column(
        "path",
        "string",
        "the PDF's path as given, relative to the working folder when it lies below it (POSIX "
        "form, `samples/vss-2020-grid.pdf`), else absolute; `-` for standard input. Two files of "
        "the same name in different folders differ here",
    ),
    Column("source_sha256", "string", "SHA-256 of the PDF's bytes"),
    Column(
        "report",
        "string",
        'the report\'s name: its title without the year, dates and "Uppföljning av", spacing '
        'normalised ("Verksamhetsstöd och services verksamhet och utveckling"); the same from '
        "year to year, so `diff` can pair reports; empty when no title is found",
    ),
    Column(
        "organisation",
        "string",
        "municipality or region named in page 1's title block, running header or footer "
        '("Linköpings kommun"), else empty',
    ),
    Column(
        "year",
        "int",
        'report year (header "Slutdatum 2020", else title; `--year` overrides)',
        null="no year found",
    ),
    Column("page", "int", "page (1-based) where the row starts"),
    Column("page_end", "int", "page where the row ends (differs when a page break splits it)"),
    Column(
        "perspective",
        "string",
        "heading above the table (Medborgare, Ekonomi, Verksamhet, Medarbetare, …)",
    ),
    Column("goal", "string", "goal (Förvaltningsmål/Nämndmål), whole text, for every row it spans"),
    Column("activity", "string", "activity text, without the priority marker"),
    Column("strategic", "bool", "the activity carries a priority marker (`marker` is not empty)"),
    Column(
        "marker",
        "string",
        'the priority marker under the activity ("Strategiskt utvecklingsuppdrag i Budget …", '
        '"Prioriterat uppdrag …"): its trailing lines set smaller or in italics, or a known phrase',
    ),
    Column("deadline", "string", "deadline as printed, whitespace collapsed"),
    Column(
        "deadline_date",
        "date",
        "last day of the deadline: Tertial 1/2/3 → 30 April / 31 August / 31 December; "
        '"April 2020", "Jan 2020" → last day of the month; "Q3 2021" → last day of the quarter',
        null='the deadline names no date ("Löpande under året")',
    ),
    Column(
        "status",
        "string",
        "canonical word of the document's legend (or the built-in six)",
        null="no status matched (see `status_raw`)",
    ),
    Column(
        "status_raw",
        "string",
        "status as printed (lines joined), or the symbol as `<shape> <#rrggbb>`",
    ),
    Column(
        "status_score",
        "int",
        "0–100: RapidFuzz ratio on letters only, casefolded; 100 for a legend symbol",
    ),
    Column("comment", "string", "comment text"),
]

#: Columns after any extra table columns, before the box, in order.
TRAILING: list[Column] = [
    Column(
        "structure",
        "string",
        "where the row was read from: `tags` (the PDF's structure tree) or `geometry` (words "
        "and rules on the page); see Tagged PDFs",
    ),
    Column("ocr", "bool", "the row was read from OCR text (a scanned page, see OCR below)"),
    Column(
        "ocr_confidence",
        "float",
        "mean Tesseract word confidence (0–100) of the words in the row's cells",
        null="the row was not read by OCR",
    ),
]

#: Box of the row on its first page, PDF points, origin top-left (pdfplumber's convention).
BOX: list[Column] = [
    Column("x0", "float", "left of the row's box on its first page, PDF points"),
    Column("top", "float", "top of the box (origin top-left, as pdfplumber)"),
    Column("x1", "float", "right of the box"),
    Column("bottom", "float", "bottom of the box"),
]

#: What the extra table columns are (between the leading and the box columns).
EXTRA_MEANING = "further table columns, e.g. `Ansvarig` → `responsible`"
EXTRA_NULL = "the row's table has no such column"

LEADING_COLUMNS: list[str] = [c.name for c in LEADING]
TRAILING_COLUMNS: list[str] = [c.name for c in TRAILING]
BOX_COLUMNS: list[str] = [c.name for c in BOX]

#: Known extra columns: header synonyms -> output column name.
EXTRA_COLUMNS: dict[str, str] = {
    "Ansvarig": "responsible",
}

COLUMNS: dict[str, Column] = {c.name: c for c in LEADING + TRAILING + BOX}
INT_COLUMNS = {c.name for c in COLUMNS.values() if c.type == "int"}
BOOL_COLUMNS = {c.name for c in COLUMNS.values() if c.type == "bool"}
FLOAT_COLUMNS = {c.name for c in COLUMNS.values() if c.type == "float"}
DATE_COLUMNS = {c.name for c in COLUMNS.values() if c.type == "date"}

#: Canonical statuses when a document has no legend of its own.
BUILTIN_STATUSES: list[str] = ["Klar", "Anpassats", "Ersatts", "Pågående", "Pausad", "Utgått"]


def columns_for(extras: list[str]) -> list[str]:
    """Full column order for a table with the given extra columns."""
    return LEADING_COLUMNS + list(extras) + TRAILING_COLUMNS + BOX_COLUMNS


def order_columns(columns: list[str]) -> list[str]:
    """Schema order for a table holding ``columns``: leading, extras (first seen), trailing, box."""
    known = set(LEADING_COLUMNS) | set(TRAILING_COLUMNS) | set(BOX_COLUMNS)
    extras = [c for c in columns if c not in known]
    return columns_for(extras)


def column(name: str) -> Column:
    """The schema's column ``name``; any other name is an extra table column (text)."""
    return COLUMNS.get(name) or Column(name, "string", EXTRA_MEANING, null=EXTRA_NULL)


def described() -> list[Column]:
    """The schema as documented: leading columns, one line for the extras, trailing, the box."""
    extras = Column("*extra columns*", "string", EXTRA_MEANING, null=EXTRA_NULL)
    return [*LEADING, extras, *TRAILING, *BOX]


def markdown_table() -> str:
    """The README's schema table (``followup schema --markdown``)."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    for col in described():
        name = col.name if col.name.startswith("*") else f"`{col.name}`"
        meaning = f"{col.meaning}; null when {col.null}" if col.null else col.meaning
        lines.append(f"| {name} | {col.type} | {meaning} |")
    return "\n".join(lines) + "\n"
