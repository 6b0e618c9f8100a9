"""Shared paths for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected"
SHARED = ROOT.parent / "shared"
SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))


@pytest.fixture(scope="session")
def sample_pdfs() -> list[Path]:
    assert SAMPLE_PDFS, "samples/*.pdf missing"
    return SAMPLE_PDFS
