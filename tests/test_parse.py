"""Lean parsing (followup/extract/parse.py) equals pdfplumber's full parse, key by key, on every
sample of every producer, and extraction reads the same page layout from both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.layout import LTChar
from pdfminer.pdfinterp import PDFGraphicState, PDFTextState
from pdfminer.psparser import LIT
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

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


def _device(cls: type, doc: Any, page: Any) -> Any:
    device = cls(doc.rsrcmgr, pageno=1, laparams=None)
    device.begin_page(page.page_obj, (1, 0, 0, 1, 0, 0))
    device.set_ctm((0.75, 0, 0, 0.75, 10, 20))
    return device


def _shown(device: Any) -> list[tuple[Any, ...]]:
    return [
        (g.get_text(), g.matrix, g.bbox, g.adv, g.size, g.upright, g.fontname, g.mcid, g.tag)
        for g in device.cur_item._objs
    ]


SHOWN = st.lists(
    st.one_of(
        st.lists(st.sampled_from(b" Aa\xe5\x01\xff"), max_size=6).map(bytes),
        st.integers(-500, 500),
        st.floats(-500, 500, allow_nan=False),
    ),
    max_size=6,
)
MATRICES = st.sampled_from(
    [(1, 0, 0, 1, 0, 0), (1, 0, 0, -1, 30.5, 700.25), (0, 1, -1, 0, 40, 10), (2, 0.5, 0, 1, 3, 4)]
)


@settings(max_examples=150, deadline=None)
@given(
    SHOWN,
    MATRICES,
    st.floats(1, 30),
    st.floats(50, 200),
    st.floats(-2, 2),
    st.floats(-3, 3),
    st.floats(-3, 3),
)
def test_strings_are_placed_as_pdfminer_places_them(
    seq: list[Any],
    matrix: tuple[float, ...],
    fontsize: float,
    scaling: float,
    charspace: float,
    wordspace: float,
    rise: float,
) -> None:
    """Offsets, character and word spacing, scaling, rise and the text matrix: the lean device
    puts every glyph where pdfplumber's device puts it, and leaves the line matrix alike."""
    with pdfplumber.open(SAMPLES / "vss-2020-grid.pdf") as doc:
        page = doc.pages[0]
        font = _first_font(page)
        placed = []
        for cls in (LeanDevice, PDFPageAggregatorWithMarkedContent):
            state = PDFTextState()
            state.font, state.fontsize, state.scaling = font, fontsize, scaling
            state.charspace, state.wordspace, state.rise = charspace, wordspace, rise
            state.matrix, state.linematrix = matrix, (1.5, -2.0)
            device = _device(cls, doc, page)
            device.begin_tag(LIT("P"), {"MCID": 3})
            lines = []
            for spacing in (charspace, charspace + 1, charspace):  # a state met again, too
                state.charspace = spacing
                device.render_string(state, list(seq), None, PDFGraphicState())
                lines.append(state.linematrix)
            placed.append((_shown(device), lines))
        assert placed[0] == placed[1]


def test_vertical_writing_is_placed_by_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lean device writes out horizontal text only; a vertical font's glyph is pdfminer's
    ``LTChar``, tagged as pdfplumber tags it."""
    with pdfplumber.open(SAMPLES / "vss-2020-grid.pdf") as doc:
        page = doc.pages[0]
        font = _first_font(page)
        monkeypatch.setattr(type(font), "is_vertical", lambda self: True)
        monkeypatch.setattr(type(font), "char_disp", lambda self, cid: (None, 880))
        device = _device(LeanDevice, doc, page)
        state = PDFTextState()
        state.font, state.fontsize = font, 10.0
        device.render_string(state, [b"A"], None, PDFGraphicState())
        glyph = device.cur_item._objs[-1]
        assert type(glyph) is LTChar and glyph.mcid is None
        assert glyph.size == glyph.width  # pdfminer's vertical size


def _first_font(page: Any) -> Any:
    lean_objects(page)
    return next(iter(page.pdf.rsrcmgr._cached_fonts.values()))
