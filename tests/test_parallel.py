"""Page-parallel extraction of one document gives the sequential output byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followup.errors import ExtractError
from followup.extract import (
    ExtractOptions,
    extract_document,  # with OCR of scanned pages, as the CLI
    parallel,
    settings,
)
from followup.tableio import frame_to_csv_text
from tests.conftest import SAMPLES

ALL_PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted(SAMPLES.glob("*/*.pdf"))


def _as_text(path: Path, jobs: int) -> str:
    result = extract_document(path, ExtractOptions(page_jobs=jobs))
    findings = "\n".join(repr(f) for f in result.findings)
    return f"{frame_to_csv_text(result.rows)}\n{result.pages}\n{findings}"


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every sample parsed in chunks of two pages, so tables and rows cross chunk borders;
    the list counts the documents parsed in parallel."""
    monkeypatch.setattr(settings, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(parallel, "CHUNK_PAGES", 2)
    calls: list[int] = []
    real = parallel.parallel_layouts

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "parallel_layouts", counted)
    return calls


@pytest.mark.parametrize("pdf", ALL_PDFS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_page_parallel_equals_sequential(pdf: Path, small_chunks: list[int]) -> None:
    sequential = _as_text(pdf, jobs=1)
    assert not small_chunks
    assert _as_text(pdf, jobs=2) == sequential
    assert small_chunks  # the pages really were parsed by two processes


def _fail_on_page_3(page: Any, tol: Any, runs: bool = False) -> Any:
    if page.page_number == 3:
        raise ValueError("bad page")
    return _REAL(page, tol, runs)


_REAL = parallel.page_to_layout


def test_a_failing_page_is_the_documents_error(
    small_chunks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "page_to_layout", _fail_on_page_3)  # forked workers see it
    pdf = SAMPLES / "vss-2020-grid.pdf"
    with pytest.raises(ExtractError) as caught:
        extract_document(pdf, ExtractOptions(structure="geometry", page_jobs=2))
    assert caught.value.reason.startswith("corrupt PDF (ValueError: bad page)")
