"""Lean parsing (followup/extract/parse.py) equals pdfplumber's full parse, key by key, on every
sample of every producer, and extraction reads the same page layout from both."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from followup.extract.layout import page_to_layout
from followup.extract.parse import (
    CHAR_KEYS,
    CURVE_KEYS,
    IMAGE_KEYS,
    LINE_KEYS,
    RECT_KEYS,
    lean_objects,
)
from followup.extract.settings import Tolerances
from tests.conftest import SAMPLES

ALL_PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted(SAMPLES.glob("*/*.pdf"))
KEYS = {
    "char": CHAR_KEYS,
    "line": LINE_KEYS,
    "rect": RECT_KEYS,
    "curve": CURVE_KEYS,
    "image": IMAGE_KEYS,
}


def test_every_producer_is_covered() -> None:
    folders = {p.parent.name for p in ALL_PDFS}
    assert {"samples", "libreoffice", "chromium", "pdflatex", "tagged"} <= folders


@pytest.mark.parametrize("pdf", ALL_PDFS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_lean_objects_equal_full_parse(pdf: Path) -> None:
    tol = Tolerances()
    with pdfplumber.open(pdf) as full_doc, pdfplumber.open(pdf) as lean_doc:
        for full_page, lean_page in zip(full_doc.pages, lean_doc.pages, strict=True):
            full = {kind: full_page.objects.get(kind, []) for kind in KEYS}
            full_layout = page_to_layout(full_page, tol)  # reads the full dicts (parsed above)
            lean = lean_objects(lean_page)
            assert lean_page.chars is lean["char"]  # what the tag reader and damage check see
            for kind, keys in KEYS.items():
                assert len(lean[kind]) == len(full[kind]), (pdf.name, kind)
                for got, want in zip(lean[kind], full[kind], strict=True):
                    assert {k: got[k] for k in keys} == {k: want[k] for k in keys}
                    if kind == "char":  # the tag reader's link from glyph to cell
                        assert got.get("mcid") == want.get("mcid")
                        assert got.get("tag") == want.get("tag")
            assert page_to_layout(lean_page, tol) == full_layout
