"""Words cut by followup/extract/words.py equal pdfplumber's ``extract_words``, word by word and
key by key: on every page of every sample, on the glyphs of single cells, on random glyphs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils.text import extract_words

from followup.extract.layout import WORD_ATTRS
from followup.extract.marked import SEQUENCE, marked_sequences
from followup.extract.parse import lean_objects
from followup.extract.words import chars_to_raw_words
from tests.conftest import SAMPLES
from tests.hand_built import TOL

ALL_PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted(SAMPLES.glob("*/*.pdf"))
X_TOL, Y_TOL = TOL.word_x_tolerance, TOL.word_y_tolerance


def pdfplumber_words(chars: list[dict[str, Any]], attrs: tuple[str, ...]) -> list[Any]:
    return extract_words(
        chars,
        x_tolerance=X_TOL,
        y_tolerance=Y_TOL,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=list(attrs),
        return_chars=True,
    )


@pytest.mark.parametrize("pdf", ALL_PDFS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_page_of_every_sample(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            chars = lean_objects(page)["char"]
            marked = marked_sequences(chars)
            attrs = WORD_ATTRS if marked is None else (*WORD_ATTRS, SEQUENCE)
            chars = chars if marked is None else marked
            assert chars_to_raw_words(chars, X_TOL, Y_TOL, attrs) == pdfplumber_words(chars, attrs)
            # a tagged cell's glyphs, or any run of glyphs: every tenth glyph from the 3rd on
            part = chars[3::10]
            assert chars_to_raw_words(part, X_TOL, Y_TOL, WORD_ATTRS) == pdfplumber_words(
                part, WORD_ATTRS
            )


GLYPH = st.fixed_dictionaries(
    {
        "text": st.sampled_from(["a", "b", "Ö", " ", "\u00a0", "", "\ufb01", "-"]),
        "x0": st.sampled_from([0.0, 3.0, 5.0, 5.5, 6.0, 9.0, 20.0]),
        "width": st.sampled_from([0.0, 2.5, 5.0]),
        "top": st.sampled_from([100.0, 100.4, 101.0, 102.9, 104.0, 112.0]),
        "upright": st.sampled_from([True, True, True, False]),
        "fontname": st.sampled_from(["F1", "F2"]),
        "size": st.sampled_from([10.0, 12.0]),
        "doctop_offset": st.sampled_from([0.0, 842.0]),
    }
)


def _glyph(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": spec["text"],
        "x0": spec["x0"],
        "x1": spec["x0"] + spec["width"],
        "top": spec["top"],
        "bottom": spec["top"] + spec["size"],
        "doctop": spec["top"] + spec["doctop_offset"],
        "upright": spec["upright"],
        "fontname": spec["fontname"],
        "size": spec["size"],
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(GLYPH, max_size=40), st.sampled_from([(), WORD_ATTRS]))
def test_random_glyphs(specs: list[dict[str, Any]], attrs: tuple[str, ...]) -> None:
    chars = [_glyph(s) for s in specs]
    assert chars_to_raw_words(chars, X_TOL, Y_TOL, attrs) == pdfplumber_words(chars, attrs)


def test_no_tolerance_gives_a_line_per_top() -> None:
    spec = {"width": 5.0, "upright": True, "fontname": "F", "size": 10.0, "doctop_offset": 0.0}
    chars = [
        _glyph({**spec, "text": t, "x0": x, "top": top})
        for t, x, top in [("a", 0.0, 100.0), ("b", 5.0, 100.2), ("c", 5.0, 100.0)]
    ]
    got = chars_to_raw_words(chars, X_TOL, 0, WORD_ATTRS)
    want = extract_words(
        chars, x_tolerance=X_TOL, y_tolerance=0, extra_attrs=list(WORD_ATTRS), return_chars=True
    )
    assert got == want
    assert [w["text"] for w in got] == ["ac", "b"]
