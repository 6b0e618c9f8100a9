"""Shared paths for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected"
SHARED = ROOT.parent / "shared"
#: samples drawn by the ReportLab generator (samples/make_samples.py)
REPORTLAB_PDFS = sorted(SAMPLES.glob("*.pdf"))
#: samples rendered by real producers, one folder each (samples/producers/make_all.py)
PRODUCERS = ("libreoffice", "chromium", "pdflatex")
PRODUCER_PDFS = sorted(p for producer in PRODUCERS for p in (SAMPLES / producer).glob("*.pdf"))
SAMPLE_PDFS = REPORTLAB_PDFS + PRODUCER_PDFS

#: producer samples the extractor does not read exactly yet: stem -> what goes wrong
XFAIL: dict[str, str] = {}


def sample_params(pdfs: list[Path]) -> list:
    """``pytest.param`` per sample PDF, id = stem, strict xfail for the samples in XFAIL."""
    return [
        pytest.param(
            pdf,
            id=pdf.stem,
            marks=[pytest.mark.xfail(strict=True, reason=XFAIL[pdf.stem])]
            if pdf.stem in XFAIL
            else [],
        )
        for pdf in pdfs
    ]


@pytest.fixture(scope="session")
def sample_pdfs() -> list[Path]:
    assert SAMPLE_PDFS, "samples/*.pdf missing"
    return SAMPLE_PDFS


@pytest.fixture(scope="session")
def ocr_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the session: each scanned sample is OCRed once (its ``ocr/`` store)."""
    return tmp_path_factory.mktemp("cache-with-ocr")
