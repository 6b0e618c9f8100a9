"""The chain of stages, pure functions of frozen records: PDF → layouts → tables → rows → table."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from followup.extract.context import DocumentContext
from followup.extract.document import PageHook, open_pages
from followup.extract.findings import document_findings
from followup.extract.header import lines_to_headers
from followup.extract.layout import PageLayout, words_to_lines
from followup.extract.margins import strip_margins
from followup.extract.records import rows_to_table
from followup.extract.regions import page_to_regions
from followup.extract.rows import Keep, RowJoiner, whole
from followup.extract.segments import Table, region_to_table
from followup.extract.settings import ExtractOptions
from followup.hashing import file_sha256
from followup.records import Extraction


def extract_document(
    path: str | Path, options: ExtractOptions | None = None, on_page: PageHook | None = None
) -> Extraction:
    options, path = options or ExtractOptions(), Path(path)  # one PDF → rows + findings
    joiner = RowJoiner(options.tolerances)  # cuts each table's rows as soon as it is read
    with open_pages(path, options, on_page) as pages:
        context, tables = layouts_to_tables(pages.layouts, options, joiner.add)
    context.check(path, tables)
    rows = joiner.rows(context.vocabulary)
    output, ocr_found = rows_to_table(rows, context, path, file_sha256(path), options)
    findings = document_findings(tables, rows, output, path)
    findings += [*pages.damage.findings(t.page for t in tables), *ocr_found]  # damage, OCR last
    return Extraction(path, output, context.pages, findings, encrypted=pages.encrypted)


def layouts_to_tables(
    layouts: Iterable[PageLayout], options: ExtractOptions, keep: Keep = whole
) -> tuple[DocumentContext, list[Table]]:
    """Page layouts, one at a time → the document's tables and what it said around them."""
    tol, threshold = options.tolerances, options.header_threshold
    context, tables = DocumentContext(), []
    for layout, body in strip_margins(layouts, threshold, tol):
        headers = lines_to_headers(words_to_lines(body, tol), layout, threshold, tol)
        for region in page_to_regions(layout, body, headers, context.open_header, tol):
            context = context.observe_region(region, layout, tol)
            tables.append(keep(region_to_table(region, context.table_perspective, tol)))
        context = context.observe_page(layout, headers, tol)
    return context, tables
