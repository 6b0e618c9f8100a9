"""A tagged page's marked-content sequences (followup/extract/marked.py): the tag reader takes a
cell's words from the page's words where the cell is one sequence, and gets exactly the words
it would cut from the cell's glyphs alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followup.extract.document import open_document
from followup.extract.layout import _cut, _split_interleaved, page_to_layout
from followup.extract.marked import SEQUENCE, marked_runs, marked_sequences
from followup.extract.settings import Tolerances
from followup.extract.tags import TagDocument, TagReader
from followup.extract.words import chars_to_raw_words
from tests.conftest import SAMPLES

TAGGED = sorted((SAMPLES / "chromium").glob("*.pdf")) + sorted((SAMPLES / "tagged").glob("*.pdf"))
TOL = Tolerances()


def _read(pdf_path: Path, with_layouts: bool) -> tuple[TagDocument | None, int, int]:
    pdf = open_document(pdf_path)
    try:
        reader = TagReader(pdf, TOL)
        if not reader.tagged:
            return None, 0, 0
        for page in pdf.pages:
            reader.feed(page, page_to_layout(page, TOL, runs=True) if with_layouts else None)
        return reader.finish(), reader.reused, reader.reused + reader.cut
    finally:
        pdf.close()


def _described(doc: TagDocument) -> Any:
    def parts(item: Any) -> Any:
        return [(p.page, [ln.text for ln in p.lines], p.box, p.spaced) for p in item.parts]

    return (
        [[(c.text, parts(c)) for c in t.cells] for t in doc.tables],
        [(b.text, parts(b)) for b in doc.blocks],
        doc.vocabulary,
    )


@pytest.mark.parametrize("pdf", TAGGED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_cells_read_from_the_page_words_equal_cells_cut_alone(pdf: Path) -> None:
    with_layouts, reused, parts = _read(pdf, True)
    alone, _, _ = _read(pdf, False)
    assert with_layouts is not None and alone is not None
    assert _described(with_layouts) == _described(alone)
    assert reused >= 0.5 * parts  # most cells are one sequence each


def _glyph(text: str, x0: float, mcid: int | None, top: float = 10.0) -> dict[str, Any]:
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 5,
        "top": top,
        "bottom": top + 10,
        "doctop": top,
        "upright": True,
        "fontname": "F",
        "size": 10.0,
        "mcid": mcid,
    }


def _runs(chars: list[dict[str, Any]]) -> dict[int, tuple[int, int, list[tuple[str, bool]]]]:
    marked = marked_sequences(chars)
    assert marked is not None
    raw = chars_to_raw_words(
        marked, TOL.word_x_tolerance, TOL.word_y_tolerance, ("fontname", "size", SEQUENCE)
    )
    split = _split_interleaved(raw, marked, TOL)
    runs = marked_runs(marked, raw, split, _cut(split, marked, TOL))
    return {r.mcid: (r.start, r.end, [(w.text, w.space_after) for w in r.words]) for r in runs}


def test_a_sequence_is_one_stretch_of_glyphs() -> None:
    chars = [_glyph("a", 0, 1), _glyph("b", 5, 1), _glyph("c", 40, 2), _glyph("d", 45, 1)]
    assert set(_runs(chars)) == {2}  # sequence 1 is printed in two stretches


def test_a_word_at_a_sequence_end_has_no_space_after_it() -> None:
    chars = [_glyph("a", 0, 1), _glyph("b", 5, 1), _glyph(" ", 10, 2), _glyph("c", 15, 2)]
    assert _runs(chars)[1] == (0, 2, [("ab", False)])  # the space is the next sequence's


def test_interleaved_texts_leave_their_sequences_out() -> None:
    # a cell printing "ab" and then "xy" over it: pdfplumber's word interleaves them
    chars = [
        _glyph("a", 0, 1),
        _glyph("b", 5, 1),
        _glyph("x", 1, 1),
        _glyph("y", 6, 1),
        _glyph("z", 60, 2),
    ]
    assert set(_runs(chars)) == {2}
