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

import pandas as pd
from pdfplumber.page import Page

from followup.errors import ExtractError
from followup.extract.crosscheck import crosscheck
from followup.extract.document import NO_TEXT_REASON, as_extract_error, open_document
from followup.extract.findings import row_findings, text_columns
from followup.extract.layout import line_text, page_to_layout, words_to_lines
from followup.extract.pipeline import extract_document as extract_geometry
from followup.extract.records import typed
from followup.extract.settings import ExtractOptions, Tolerances
from followup.extract.tagrows import TagRecord, document_records, records_to_frame
from followup.extract.tags import TagDocument, TagReader
from followup.hashing import file_sha256
from followup.normalize.report import report_identity
from followup.records import Extraction, Finding, is_missing
from followup.schema import order_columns

STRUCTURES = ("auto", "tags", "geometry")
NO_TAGS_REASON = (
    "no tagged follow-up table (no structure tree, or no Table element whose header names the "
    "expected columns): use --structure auto or geometry"
)


def with_structure(frame: pd.DataFrame, structure: str) -> pd.DataFrame:
    """The frame with every row's ``structure``, in the schema's column order."""
    frame = frame.copy()
    frame["structure"] = pd.Series(structure, index=frame.index, dtype="string")
    return frame[order_columns(list(frame.columns))]


def tag_reader(path: Path, options: ExtractOptions) -> TagReader:
    """The document's structure tree, indexed (no page is parsed yet)."""
    pdf = open_document(path, password=options.password, max_pages=options.max_pages)
    try:
        return TagReader(pdf, options.tolerances)
    except Exception as exc:  # a structure tree pdfminer cannot read
        raise as_extract_error(path, exc, password=options.password) from None
    finally:
        pdf.close()


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
        pdf.close()


def record_findings(
    frame: pd.DataFrame, records: Sequence[TagRecord], source: str
) -> list[Finding]:
    """Findings of tagged rows: those of every row (:func:`row_findings`), carried goals."""
    found: list[Finding] = []
    texts = text_columns(frame)
    for index, (record, row) in enumerate(zip(records, frame.to_dict("records"), strict=True)):
        pages = (record.page, record.page_end)
        short, flagged = row_findings(index, row, pages, record.box, source, texts)
        found += flagged
        page = record.page
        if record.goal_carried or record.goal_span is not None:
            how = "goal carried from above" if record.goal_carried else "merged goal cell"
            found.append(Finding("goal_carried", page, f"{how}: {short!r}", index, record.box))
    return found


def _geometry(path: Path, options: ExtractOptions) -> Extraction:
    result = extract_geometry(path, options)
    result.rows = with_structure(result.rows, "geometry")
    return result


def extract_document(path: str | Path, options: ExtractOptions | None = None) -> Extraction:
    """Extract one PDF from the structure ``options.structure`` names (see the module's doc)."""
    options = options or ExtractOptions()
    path = Path(path)
    if options.structure not in STRUCTURES:
        raise ExtractError(path, f"unknown structure {options.structure!r} (auto, tags, geometry)")
    if options.structure == "geometry":
        return _geometry(path, options)
    reader = tag_reader(path, options)
    if not reader.tagged:
        if options.structure == "tags":
            raise ExtractError(path, NO_TAGS_REASON)
        return _geometry(path, options)
    if options.structure == "tags":
        doc, pages, identity = read_tagged(path, options)
        records = document_records(doc, options.header_threshold, options.tolerances)
        if not records:
            raise ExtractError(path, NO_TAGS_REASON)
        sha = file_sha256(path)
        tags = typed(records_to_frame(records, doc, path, sha, options, identity))
        findings = record_findings(tags, records, path.name)
        return Extraction(path, with_structure(tags, "tags"), pages, _sorted(findings))
    # auto: one parse of every page feeds both the geometry and the tag reader
    geometry_error: ExtractError | None = None
    try:
        geometry = extract_geometry(path, options, on_page=reader.feed)
    except ExtractError as exc:
        if exc.reason.startswith(NO_TEXT_REASON) or not exc.reason.startswith("no follow-up"):
            raise
        geometry_error = exc
        doc, pages, identity = read_tagged(path, options)
        geometry = Extraction(path, pd.DataFrame(), pages, [])
    else:
        doc = reader.finish()
        first = geometry.rows.iloc[0] if len(geometry.rows) else None
        identity = ("", "")
        if first is not None:
            identity = tuple(  # type: ignore[assignment]
                "" if is_missing(first[c]) else str(first[c]) for c in ("report", "organisation")
            )
    records = document_records(doc, options.header_threshold, options.tolerances)
    if not records:
        if geometry_error is not None:
            raise geometry_error
        geometry.rows = with_structure(geometry.rows, "geometry")
        return geometry
    tags = typed(records_to_frame(records, doc, path, file_sha256(path), options, identity))
    if geometry_error is not None:
        geometry.rows = tags.iloc[0:0].copy()
    merged, picks, findings = crosscheck(
        tags, records, geometry.rows, path.name, options.tolerances
    )
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
    rows = typed(merged)
    return Extraction(path, rows, geometry.pages, _sorted(findings))


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.page, f.row if f.row is not None else -1, f.kind))
