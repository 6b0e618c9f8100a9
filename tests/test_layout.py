"""Layout stage: a page's objects → words, rules and symbols; words → printed lines."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from pdfplumber.utils.text import extract_words

from followup.extract import layout as layout_module
from followup.extract.layout import (
    body_size,
    chars_to_words,
    color_to_hex,
    is_heading,
    line_text,
    page_to_layout,
    words_to_lines,
)
from tests.hand_built import TOL, word, words


def _rect(x0: float, top: float, x1: float, bottom: float, **kw: Any) -> dict[str, Any]:
    return {"object_type": "rect", "x0": x0, "top": top, "x1": x1, "bottom": bottom, **kw}


def _curve(x0: float, top: float, size: float, **kw: Any) -> dict[str, Any]:
    box = {"x0": x0, "top": top, "x1": x0 + size, "bottom": top + size}
    return {"object_type": "curve", **box, "fill": True, **kw}


def _glyphs(text: str, x0: float, top: float, width: float = 5.0) -> list[dict[str, Any]]:
    """One glyph per character, in content order, as pdfplumber gives them (10 pt, upright)."""
    return [
        {"text": ch, "x0": x0 + i * width, "x1": x0 + (i + 1) * width, "top": top,
         "bottom": top + 10, "doctop": top, "upright": True, "fontname": "F", "size": 10.0}
        for i, ch in enumerate(text)
    ]  # fmt: skip


def _page(
    lines: list[dict[str, Any]] | None = None,
    rects: list[dict[str, Any]] | None = None,
    curves: list[dict[str, Any]] | None = None,
) -> Any:
    return SimpleNamespace(
        lines=lines or [],
        rects=rects or [],
        curves=curves or [],
        chars=_glyphs("Sidfot7", 20.0, 780.0),
        page_number=3,
        width=600,
        height=800,
    )


def test_thin_rectangles_are_rules() -> None:
    layout = page_to_layout(
        _page(rects=[_rect(50, 99.5, 550, 100.5, fill=True), _rect(299, 90, 301, 400, fill=True)]),
        TOL,
    )
    assert [(r.x0, r.x1, r.top, r.bottom, r.horizontal) for r in layout.rules] == [
        (50, 550, 100.0, 100.0, True),
        (300.0, 300.0, 90, 400, False),
    ]


def test_outlined_cell_gives_four_rules_and_short_strokes_are_dropped() -> None:
    cell = _rect(50, 100, 150, 130, stroke=True, fill=False)
    stroke = {"x0": 10, "x1": 20, "top": 5, "bottom": 5}  # a 10 pt stroke: part of a glyph
    line = {"x0": 10, "x1": 500, "top": 700, "bottom": 700}
    layout = page_to_layout(_page(lines=[stroke, line], rects=[cell]), TOL)
    sides = {(r.x0, r.x1, r.top, r.bottom) for r in layout.rules}
    assert sides == {
        (10, 500, 700, 700),
        (50, 150, 100, 100),
        (50, 150, 130, 130),
        (50, 50, 100, 130),
        (150, 150, 100, 130),
    }


def test_small_filled_shapes_are_symbols_by_kind_and_colour() -> None:
    circle = _curve(400, 200, 8, path=[("m", 0, 0), ("c", 1, 1)], non_stroking_color=(0, 0.5, 0))
    triangle = _curve(400, 220, 8, pts=[(0, 0), (8, 0), (4, 8)], non_stroking_color=(1, 0, 0))
    diamond = _curve(400, 240, 8, pts=[(4, 0), (8, 4), (4, 8), (0, 4)], non_stroking_color=0.5)
    square = _rect(400, 260, 408, 268, fill=True, non_stroking_color=(0, 0, 0, 1))
    quad = _curve(400, 280, 8, pts=[(0, 0), (8, 0), (8, 8), (0, 8)], non_stroking_color=(0, 0, 1))
    blob = _curve(400, 300, 8, pts=[(0, 0), (8, 0)], non_stroking_color=(0, 0, 1))
    shading = _rect(50, 400, 550, 450, fill=True, non_stroking_color=(0.9, 0.9, 0.9))
    no_colour = _curve(400, 320, 8, non_stroking_color=None)
    layout = page_to_layout(
        _page(
            rects=[square, shading],
            curves=[circle, triangle, diamond, quad, blob, no_colour],
        ),
        TOL,
    )
    assert [s.description for s in layout.shapes] == [
        "square #000000",
        "circle #008000",
        "triangle #ff0000",
        "diamond #808080",
        "square #0000ff",
        "shape #0000ff",
    ]


def test_words_cleaned_with_their_font_and_first_glyph(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = [
        {"text": "e\ufb03cient", "x0": 1, "x1": 30, "top": 5, "bottom": 15, "fontname": "F",
         "size": 10, "chars": [{"x0": 1, "x1": 6}]},
        {"text": "\u00ad", "x0": 31, "x1": 32, "top": 5, "bottom": 15, "fontname": "F",
         "size": 10},
        {"text": "ord", "x0": 40, "x1": 55, "top": 5, "bottom": 15, "fontname": "F-Bold",
         "size": 10},
    ]  # fmt: skip
    seen: list[tuple[Any, ...]] = []

    def raw_words(*args: Any) -> list[dict[str, Any]]:
        seen.append(args)
        return raw

    monkeypatch.setattr(layout_module, "chars_to_raw_words", raw_words)
    fake = _page()
    layout = page_to_layout(fake, TOL)
    assert [(w.text, w.first_char_width, w.bold) for w in layout.words] == [
        ("efficient", 5, False),
        ("ord", 0.0, True),
    ]
    assert (layout.number, layout.width, layout.height, layout.char_count) == (3, 600.0, 800.0, 7)
    assert seen[0][1:] == (TOL.word_x_tolerance, TOL.word_y_tolerance, ("fontname", "size"))


@pytest.mark.parametrize(
    ("colour", "hex_"),
    [
        (None, None),
        (0, "#000000"),
        ((1,), "#ffffff"),
        ((1, 0.5, 0), "#ff8000"),
        ((0, 0, 0, 0), "#ffffff"),
        ((0.1, 0.2), None),
        ("pattern", None),
        (object(), None),
    ],
)
def test_color_to_hex(colour: Any, hex_: str | None) -> None:
    assert color_to_hex(colour) == hex_


def test_a_space_glyph_printed_after_a_word_is_kept_on_the_word() -> None:
    # LibreOffice prints the space where a line wraps ("IT- " | "tjänster"); Chromium does not
    chars = _glyphs("för IT- ", 50, 100) + _glyphs("tjänster", 50, 112)
    found = chars_to_words(chars, TOL)
    assert [(w.text, w.space_after) for w in found] == [
        ("för", True),
        ("IT-", True),
        ("tjänster", False),
    ]
    # a space glyph elsewhere in the content stream (not right after the word) is no evidence
    far = _glyphs("IT-", 50, 100) + _glyphs(" ", 90, 100)
    assert [w.space_after for w in chars_to_words(far, TOL)] == [False]
    below = _glyphs("IT-", 50, 100) + _glyphs(" ", 65, 112)
    assert [w.space_after for w in chars_to_words(below, TOL)] == [False]


def test_a_word_overflowing_into_the_next_column_is_not_interleaved_with_its_text() -> None:
    # the goal word overflows the column rule at x = 128; the activity's "bland annat" starts at
    # 131, printed later in the content stream, under the goal word's end: sorted left to right
    # the glyphs interleave ("kompetensförsörjnibnlgand"), in content order they do not
    goal = _glyphs("Nya kompetensförsörjning", 50, 100, width=4.0)
    activity = _glyphs("bland annat", 131, 100.5, width=4.5)
    found = chars_to_words(goal + activity, TOL)
    assert sorted((w.text, w.x0) for w in found) == [
        ("Nya", 50.0),
        ("annat", 158.0),
        ("bland", 131.0),
        ("kompetensförsörjning", 66.0),
    ]


def test_kerned_glyphs_overlapping_by_a_sliver_stay_one_word() -> None:
    chars = _glyphs("AVTAL", 50, 100)
    for i, ch in enumerate(chars):  # each glyph pulled 1 pt left of the previous one's end
        ch["x0"] -= i
        ch["x1"] -= i
    assert [w.text for w in chars_to_words(chars, TOL)] == ["AVTAL"]


def test_words_to_lines_groups_by_top_and_sorts_left_to_right() -> None:
    content = [word("två", 100, 101.5), word("ett", 50, 100), word("nästa", 50, 115)]
    lines = words_to_lines(content, TOL)
    assert [line_text(line) for line in lines] == ["ett två", "nästa"]


def test_large_type_shifts_the_line_tolerance() -> None:
    # tops 4 pt apart: one line in 20 pt type (0.3 × 20 = 6), two lines in 10 pt
    big = [word("A", 50, 100, size=20), word("B", 80, 104, size=20)]
    small = [word("A", 50, 100), word("B", 80, 104)]
    assert len(words_to_lines(big, TOL)) == 1
    assert len(words_to_lines(small, TOL)) == 2


def test_headings_are_short_lines_in_larger_type() -> None:
    body = words("vanlig text i brödet", 50, 100) * 3
    size = body_size(body, TOL)
    assert size == 10.0 and body_size([], TOL) == TOL.body_size
    assert is_heading(words("Medborgare", 50, 80, size=14), size, TOL)
    assert not is_heading(words("Medborgare", 50, 80, size=11), size, TOL)
    long_line = words("en lång rad i stor stil med många fler ord", 50, 80, size=14)
    assert not is_heading(long_line, size, TOL)


def _marked(text: str, x0: float, mcid: int | None) -> list[dict[str, Any]]:
    """Glyphs of one run of text on the line at top 100, in marked-content sequence ``mcid``."""
    return [{**glyph, "mcid": mcid} for glyph in _glyphs(text, x0, 100.0)]


def test_glyphs_of_two_marked_content_sequences_never_make_one_word() -> None:
    # a cell's text overflows into the next cell: "Bedömning" ends 2 pt into "Kommentar" (one
    # word to the glyph gap alone); a long name's glyphs interleave with the status beside it
    chars = _marked("Bedömning", 100.0, 7) + _marked("Kommentar", 143.0, 8)
    chars += _marked("Kulturskolechef", 200.0, 9) + _marked("Försenad", 260.0, 10)
    # a ligature's ActualText span inside a cell: the glyphs after it come without an id
    chars += _marked("o", 400.0, 11) + _marked("ffentlig", 405.0, None)
    plain = {w["text"] for w in extract_words(chars, x_tolerance=TOL.word_x_tolerance)}
    assert "Bedömning" not in plain and "Kulturskolechef" not in plain  # the glyphs alone
    fake = _page()
    fake.chars = chars
    layout = page_to_layout(fake, TOL)
    assert sorted(w.text for w in layout.words) == sorted(
        ["Bedömning", "Kommentar", "Kulturskolechef", "Försenad", "offentlig"]
    )
