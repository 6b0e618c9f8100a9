"""CSV written from the rows' columns (no pandas) against CSV written from the library's frame:
the same bytes for every sample of every producer, tagged and scanned ones included."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.batch import BatchResult
from followup.csvtext import table_to_csv_text
from followup.extract import ExtractOptions, extract_document
from followup.records import Extraction
from followup.tableio import frame_to_csv_text
from tests.conftest import SAMPLE_PDFS, SAMPLES

TAGGED_PDFS = sorted((SAMPLES / "tagged").glob("*.pdf"))
SCAN_PDFS = sorted((SAMPLES / "scans").glob("*.pdf"))
ALL_PDFS = SAMPLE_PDFS + TAGGED_PDFS + SCAN_PDFS


@pytest.fixture(scope="module")
def extracted(ocr_store: Path) -> dict[Path, Extraction]:
    """Every sample extracted once; nothing here reads ``rows``, so each keeps its table."""
    options = ExtractOptions(ocr_cache=str(ocr_store))
    return {pdf: extract_document(pdf, options) for pdf in ALL_PDFS}


def _copy(extraction: Extraction) -> Extraction:
    """A fresh extraction over the same rows (reading ``rows`` of one builds its frame)."""
    assert extraction.table is not None
    return Extraction(extraction.path, extraction.table, extraction.pages)


def test_every_kind_of_sample_is_here() -> None:
    assert len(SAMPLE_PDFS) >= 14 and len(TAGGED_PDFS) >= 7 and len(SCAN_PDFS) >= 2


@pytest.mark.parametrize("pdf", ALL_PDFS, ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.parametrize("excel", [False, True], ids=["csv", "excel"])
def test_csv_from_columns_is_the_csv_of_the_frame(
    pdf: Path, excel: bool, extracted: dict[Path, Extraction]
) -> None:
    extraction = extracted[pdf]
    table = extraction.table
    assert table is not None, "the extractor gives its rows as columns"
    assert len(table) > 0
    frame = _copy(extraction).rows  # what extract_pdf returns
    assert table_to_csv_text(table, excel=excel) == frame_to_csv_text(frame, excel=excel)


def test_a_batch_writes_the_csv_of_its_frame(extracted: dict[Path, Extraction]) -> None:
    """Files with different extra columns (``responsible``), paths set as a batch sets them."""
    result = BatchResult(extractions=[_copy(e) for e in extracted.values()])
    for extraction in result.extractions:
        extraction.set_path(extraction.path)
    table = result.table()
    assert table is not None
    assert "responsible" in table.names
    assert len(table) == sum(e.row_count for e in result.extractions)
    assert table_to_csv_text(table) == frame_to_csv_text(result.frame())
    assert result.table() is None  # every extraction's frame is built now: write the frame


def test_a_batch_without_rows_writes_the_header() -> None:
    table = BatchResult().table()
    assert table is not None and len(table) == 0
    assert table_to_csv_text(table) == frame_to_csv_text(BatchResult().frame())
    assert table_to_csv_text(table).startswith("source,path,")
