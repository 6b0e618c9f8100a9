"""Lean parsing (followup/extract/parse.py) equals pdfplumber's full parse, key by key, on every
sample of every producer, and extraction reads the same page layout from both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.layout import LTChar

from followup.extract.layout import page_to_layout
from followup.extract.parse import (
    CHAR_KEYS,
    CURVE_KEYS,
    IMAGE_KEYS,
    LINE_KEYS,
    RECT_KEYS,
    LeanDevice,
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


def test_vertical_writing_is_placed_by_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lean device writes out horizontal glyphs only; a vertical font's glyph is pdfminer's
    ``LTChar``, tagged as pdfplumber tags it."""
    with pdfplumber.open(SAMPLES / "vss-2020-grid.pdf") as doc:
        page = doc.pages[0]
        font = next(iter(doc.rsrcmgr._cached_fonts.values()), None) or _first_font(page)
        monkeypatch.setattr(type(font), "is_vertical", lambda self: True)
        monkeypatch.setattr(type(font), "char_disp", lambda self, cid: (None, 880))
        device = LeanDevice(doc.rsrcmgr, pageno=1, laparams=None)
        device.begin_page(page.page_obj, (1, 0, 0, 1, 0, 0))
        adv = device.render_char((1, 0, 0, 1, 10, 20), font, 10.0, 1.0, 0.0, 65, None, None)
        glyph = device.cur_item._objs[-1]
        assert type(glyph) is LTChar and glyph.adv == adv and glyph.mcid is None
        assert glyph.size == glyph.width  # pdfminer's vertical size


def _first_font(page: Any) -> Any:
    lean_objects(page)
    return next(iter(page.pdf.rsrcmgr._cached_fonts.values()))
