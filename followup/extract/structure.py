"""Which structure a document's rows are read from: its tags, its geometry, or both checked.

- ``geometry``: the page's words and rules only (every PDF).
- ``tags``: the structure tree only; a document without a tagged follow-up table is an error.
- ``auto`` (default): the tags when the document has a structure tree whose tables carry the
  expected header words, checked row by row against the geometry (see :mod:`crosscheck`); the
  geometry alone otherwise.

Every row says where it was read from in the ``structure`` column.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pdfplumber.page import Page

from followup.errors import ExtractError
from followup.extract.document import (
    NO_TEXT_REASON,
    as_extract_error,
    close_document,
    open_document,
)
from followup.extract.findings import row_findings
from followup.extract.layout import line_text, page_to_layout, words_to_lines
from followup.extract.pipeline import extract_document as extract_geometry
from followup.extract.settings import ExtractOptions, Tolerances
from followup.hashing import file_sha256
from followup.normalize.report import report_identity
from followup.records import Extraction, Finding, is_missing
from followup.rowtable import RowTable

if TYPE_CHECKING:  # the tag modules are imported only for a document with a structure tree
    from followup.extract.tagrows import TagRecord
    from followup.extract.tags import TagDocument, TagReader

STRUCTURES = ("auto", "tags", "geometry")
NO_TAGS_REASON = (
    "no tagged follow-up table (no structure tree, or no Table element whose header names the "
    "expected columns): use --structure auto or geometry"
)


def tag_reader(path: Path, options: ExtractOptions) -> TagReader | None:
    """The document's structure tree, indexed (no page is parsed yet); None when the document has
    no structure tree (most untagged PDFs: the tag reader's modules are then never imported)."""
    pdf = open_document(path, password=options.password, max_pages=options.max_pages)
    try:
        if "StructTreeRoot" not in pdf.doc.catalog:
            return None
        from followup.extract.tags import TagReader

        return TagReader(pdf, options.tolerances)
    except Exception as exc:  # a structure tree pdfminer cannot read
        raise as_extract_error(path, exc, password=options.password) from None
    finally:
        close_document(pdf)


def first_page_identity(page: Page, tol: Tolerances) -> tuple[str, str]:
    """The report's name and organisation from page 1's title block (as the geometry path)."""
    layout = page_to_layout(page, tol)
    lines = [
        (line_text(ln), max(w.size for w in ln), min(w.top for w in ln))
        for ln in words_to_lines(layout.words, tol)
    ]
    return report_identity(lines, layout.height)


def read_tagged(path: Path, options: ExtractOptions) -> tuple[TagDocument, int, tuple[str, str]]:
    """Every table of a tagged document, its pages parsed once for the tags alone."""
    from followup.extract.tags import TagReader

    pdf = open_document(path, password=options.password, max_pages=options.max_pages)
    try:
        reader = TagReader(pdf, options.tolerances)
        pages = len(pdf.pages)
        identity = ("", "")
        for page in pdf.pages:
            if page.page_number == 1:
                identity = first_page_identity(page, options.tolerances)
            reader.feed(page)
            page.close()
        return reader.finish(), pages, identity
    except ExtractError:
        raise
    except Exception as exc:  # pdfminer can fail mid-document on hostile input
        raise as_extract_error(path, exc, password=options.password) from None
    finally:
        close_document(pdf)


def record_findings(table: RowTable, records: Sequence[TagRecord], source: str) -> list[Finding]:
    """Findings of tagged rows: those of every row (:func:`row_findings`), carried goals."""
    found: list[Finding] = []
    texts = table.text_columns()
    for index, (record, row) in enumerate(zip(records, table.records(), strict=True)):
        pages = (record.page, record.page_end)
        short, flagged = row_findings(index, row, pages, record.box, source, texts)
        found += flagged
        page = record.page
        if record.goal_carried or record.goal_span is not None:
            how = "goal carried from above" if record.goal_carried else "merged goal cell"
            found.append(Finding("goal_carried", page, f"{how}: {short!r}", index, record.box))
    return found


def _table(result: Extraction) -> RowTable:
    """The rows of the geometry's ``result`` (the pipeline gives them as a table)."""
    table = result.table
    return table if table is not None else RowTable.from_frame(result.rows)


def _first_identity(table: RowTable) -> tuple[str, str]:
    """The report's name and organisation as the first row has them (empty without rows)."""
    if not len(table):
        return ("", "")
    report, organisation = (table.columns[c][0] for c in ("report", "organisation"))
    return _text(report), _text(organisation)


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def _geometry(result: Extraction) -> Extraction:
    """``result`` with every row's ``structure`` set to ``geometry``."""
    result.rows = _table(result).with_column("structure", "geometry")
    return result


def extract_document(path: str | Path, options: ExtractOptions | None = None) -> Extraction:
    """Extract one PDF from the structure ``options.structure`` names (see the module's doc)."""
    options = options or ExtractOptions()
    path = Path(path)
    if options.structure not in STRUCTURES:
        raise ExtractError(path, f"unknown structure {options.structure!r} (auto, tags, geometry)")
    if options.structure == "geometry":
        return _geometry(extract_geometry(path, options))
    reader = tag_reader(path, options)
    if reader is None or not reader.tagged:
        if options.structure == "tags":
            raise ExtractError(path, NO_TAGS_REASON)
        return _geometry(extract_geometry(path, options))
    from followup.extract.crosscheck import crosscheck
    from followup.extract.tagrows import document_records, records_to_table

    if options.structure == "tags":
        doc, pages, identity = read_tagged(path, options)
        records = document_records(doc, options.header_threshold, options.tolerances)
        if not records:
            raise ExtractError(path, NO_TAGS_REASON)
        sha = file_sha256(path)
        tags = records_to_table(records, doc, path, sha, options, identity)
        findings = record_findings(tags, records, path.name)
        return Extraction(path, tags, pages, _sorted(findings))
    # auto: one parse of every page feeds both the geometry and the tag reader
    geometry_error: ExtractError | None = None
    try:
        geometry = extract_geometry(path, options, on_page=reader.feed)
    except ExtractError as exc:
        if exc.reason.startswith(NO_TEXT_REASON) or not exc.reason.startswith("no follow-up"):
            raise
        geometry_error = exc
        doc, pages, identity = read_tagged(path, options)
        geometry = Extraction(path, RowTable({}), pages, [])
    else:
        doc = reader.finish()
        identity = _first_identity(_table(geometry))
    records = document_records(doc, options.header_threshold, options.tolerances)
    if not records:
        if geometry_error is not None:
            raise geometry_error
        return _geometry(geometry)
    tags = records_to_table(records, doc, path, file_sha256(path), options, identity)
    page_rows = (
        _table(geometry) if geometry_error is None else RowTable({n: [] for n in tags.names})
    )
    merged, picks, findings = crosscheck(tags, records, page_rows, path.name, options.tolerances)
    by_row: dict[tuple[str, int], list[Finding]] = {}
    for f in record_findings(tags, records, path.name):
        by_row.setdefault(("tags", f.row if f.row is not None else -1), []).append(f)
    for f in geometry.findings:
        if f.row is None:
            findings.append(f)
        else:
            by_row.setdefault(("geometry", f.row), []).append(f)
    for out, pick in enumerate(picks):
        for f in by_row.get((pick.side, pick.index), []):
            findings.append(Finding(f.kind, f.page, f.message, out, f.bbox))
    return Extraction(path, merged, geometry.pages, _sorted(findings))


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.page, f.row if f.row is not None else -1, f.kind))
