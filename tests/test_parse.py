"""Lean parsing (followup/extract/parse.py) equals pdfplumber's full parse, key by key, on every
sample of every producer, and extraction reads the same page layout from both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.layout import LTChar, LTRect
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
    RECT_SHAPE,
    Box,
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


COORDS = st.one_of(st.sampled_from([0.0, -0.0, 1.5, 10.0]), st.floats(-800, 800, allow_nan=False))
CTMS = st.sampled_from(
    [
        (1, 0, 0, 1, 0, 0),
        (0.75, 0, 0, 0.75, 10, 20),
        (1, 0, 0, -1, 0, 842),  # a browser's flipped page
        (0, 1, -1, 0, 595, 0),  # rotated: a rectangle still
        (1, 0.2, 0, 1, 0, 0),  # sheared: a curve
    ]
)


@st.composite
def _paths(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """A rectangle as ``re`` writes it, or some other path of lines."""
    x, y, w, h = (draw(COORDS) for _ in range(4))
    rectangle = [("m", x, y), ("l", x + w, y), ("l", x + w, y + h), ("l", x, y + h), ("h",)]
    upright = [("m", x, y), ("l", x, y + h), ("l", x + w, y + h), ("l", x + w, y), ("h",)]
    other = [(draw(st.sampled_from("ml")), draw(COORDS), draw(COORDS)) for _ in range(4)]
    near = list(draw(st.sampled_from([rectangle, upright])))  # one corner moved: not a box
    corner = draw(st.integers(0, 3))
    near[corner] = (
        near[corner][0],
        near[corner][1],
        near[corner][2] + draw(st.sampled_from([1, 2.5])),
    )
    return draw(st.sampled_from([rectangle, upright, near, other + [("h",)], other, rectangle[:3]]))


@settings(max_examples=200, deadline=None)
@given(_paths(), CTMS, st.booleans(), st.booleans(), st.booleans(), st.sampled_from([0, 0.5, 1]))
def test_rectangles_are_painted_as_pdfminer_paints_them(
    path: list[tuple[Any, ...]],
    ctm: tuple[float, ...],
    stroke: bool,
    fill: bool,
    evenodd: bool,
    linewidth: float,
) -> None:
    """A rectangle path is one box with every attribute pdfplumber's device gives it (tag
    included); a sheared, degenerate or other path is pdfminer's own object."""
    with pdfplumber.open(SAMPLES / "vss-2020-grid.pdf") as doc:
        page = doc.pages[0]
        painted, objects = [], []
        for cls in (LeanDevice, PDFPageAggregatorWithMarkedContent):
            device = _device(cls, doc, page)
            device.set_ctm(ctm)
            device.begin_tag(LIT("Artifact"), {"MCID": 7})
            state = PDFGraphicState()
            state.linewidth, state.ncolor, state.scolor = linewidth, (1, 0, 0), 0.5
            device.paint_path(state, stroke, fill, evenodd, list(path))
            objects.append(device.cur_item._objs)
            painted.append(
                [(isinstance(o, LTRect), type(o).__name__ == "LTCurve", vars(o))
                 for o in device.cur_item._objs]
            )  # fmt: skip
        assert painted[0] == painted[1]
        if tuple(s[0] for s in path) == RECT_SHAPE and isinstance(objects[1][0], LTRect):
            assert type(objects[0][0]) is Box  # placed by the lean device, not handed on
