"""Tagged PDFs: the structure-tree reader, tagged rows, and their check against the geometry."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import extract_document
from followup.extract.cells import Line, open_line_end
from followup.extract.settings import Tolerances
from followup.extract.tags import (
    Part,
    TagReader,
    _spaced_lines,
    marked_stretches,
    parts_to_pieces,
    place_cells,
    read_structure,
    read_tables,
)
from followup.tableio import frame_to_csv_text
from tests.conftest import EXPECTED, SAMPLES

TAGGED = SAMPLES / "tagged"
TAGGED_PDFS = sorted(TAGGED.glob("*.pdf"))
GOOD = [p for p in TAGGED_PDFS if "-tags-" not in p.name]  # tags as the producer wrote them
WRONG = [p for p in TAGGED_PDFS if "-tags-" in p.name]  # tags edited to be wrong on purpose
BOX_TOLERANCE = 0.05
#: where the geometry path does not yet read these producers' layouts (see README, tagged PDFs)
GEOMETRY_GAPS: set[str] = set()  # none left: the geometry reads every producer's layout


def _strings(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(frame_to_csv_text(frame)), dtype=str, keep_default_na=False)


def _expected(pdf: Path) -> pd.DataFrame:
    return pd.read_csv(EXPECTED / "tagged" / f"{pdf.stem}.csv", dtype=str, keep_default_na=False)


def _differences(got: pd.DataFrame, expected: pd.DataFrame, skip: tuple[str, ...] = ()) -> list:
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected), f"{len(got)} rows, expected {len(expected)}"
    wrong = []
    for i in range(len(expected)):
        for col in expected.columns:
            if col in skip:
                continue
            g, e = got.at[i, col], expected.at[i, col]
            if col in ("x0", "top", "x1", "bottom"):
                if abs(float(g) - float(e)) > BOX_TOLERANCE:
                    wrong.append((i, col, g, e))
            elif g != e:
                wrong.append((i, col, g, e))
    return wrong


def test_samples_are_tagged_by_their_producers() -> None:
    assert len(GOOD) == 4 and len(WRONG) == 3
    for pdf in TAGGED_PDFS:
        with pdfplumber.open(pdf) as doc:
            assert "StructTreeRoot" in doc.doc.catalog, pdf.name
            producer = str(doc.metadata.get("Producer", "")) + str(doc.metadata.get("Creator", ""))
        assert ("Skia" in producer or "Chromium" in producer) == ("writer" not in pdf.name), (
            pdf.name,
            producer,
        )


# --- the reader ---------------------------------------------------------------------------------


def test_place_cells_resolves_row_and_column_spans() -> None:
    rows = [
        [("TD", 3, 1), ("TD", 1, 2), ("TD", 1, 1)],  # a goal spanning three rows
        [("TD", 1, 1), ("TD", 2, 1), ("TD", 1, 1)],
        [("TD", 1, 1), ("TD", 1, 1)],
    ]
    assert place_cells(rows) == [
        [(0, 0), (0, 1), (0, 3)],
        [(1, 1), (1, 2), (1, 3)],
        [(2, 1), (2, 3)],
    ]


def test_chromium_print_tables_rows_and_spans() -> None:
    with pdfplumber.open(TAGGED / "vss-2020-chromium.pdf") as pdf:
        doc = read_tables(pdf)
    assert doc is not None
    assert len(doc.tables) == 4
    # 62 data rows + one header row per table (repeated header rows are artifacts, not TRs)
    assert sum(len(t.rows) for t in doc.tables) == 66
    assert all(t.rows[0].header and t.columns == 5 for t in doc.tables)
    cells = sum(len(r.cells) for t in doc.tables for r in t.rows[1:])
    first = doc.tables[0].rows[1].cells[0]
    assert (first.text, first.row_span, first.col) == ("God service", 10, 0)
    # every data row has 4 cells of its own plus a goal cell where its group starts
    assert cells == 62 * 4 + sum(
        1 for t in doc.tables for c in t.cells if c.kind == "TD" and c.col == 0
    )


def test_cell_split_by_a_page_break_is_one_text() -> None:
    data = json.loads((SAMPLES / "data" / "vss_2020.json").read_text(encoding="utf-8"))
    comments = {a["comment"] for a in data["activities"]}
    with pdfplumber.open(TAGGED / "vss-2020-chromium.pdf") as pdf:
        doc = read_tables(pdf)
    assert doc is not None
    split = [c for t in doc.tables for c in t.cells if c.kind == "TD" and len(set(c.pages)) > 1]
    assert split, "the sample should have cells continued on the next page"
    joined = [c for c in split if c.text in comments]
    assert joined, [c.text for c in split]


def test_marked_content_on_two_pages_keeps_each_page() -> None:
    """pdfplumber's PDFStructTree keeps one page per element; a cell's MCRs name their own."""
    with pdfplumber.open(TAGGED / "vss-2020-chromium.pdf") as pdf:
        tree = read_structure(pdf)
    assert tree is not None
    pages_per_cell = [
        {page for page, _ in node.refs()} for node in _walk(tree) if node.type == "TD"
    ]
    assert any(len(pages) > 1 for pages in pages_per_cell)


def _walk(node):  # type: ignore[no-untyped-def]
    yield node
    for kid in node.children():
        yield from _walk(kid)


def test_untagged_pdf_has_no_tags() -> None:
    with pdfplumber.open(SAMPLES / "vss-2020-grid.pdf") as pdf:
        assert read_structure(pdf) is None
        assert not TagReader(pdf).tagged


# --- rows from the tags ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def results() -> dict[tuple[str, str], object]:
    out: dict[tuple[str, str], object] = {}
    for pdf in TAGGED_PDFS:
        for mode in ("tags", "auto"):
            out[(pdf.stem, mode)] = extract_document(pdf, structure=mode)
    return out


@pytest.mark.parametrize("pdf", GOOD, ids=lambda p: p.stem)
def test_tags_equal_expected(pdf: Path, results: dict) -> None:
    result = results[(pdf.stem, "tags")]
    got = _strings(result.rows)
    assert not _differences(got, _expected(pdf), skip=("structure",))
    assert set(got["structure"]) == {"tags"}


@pytest.mark.parametrize("pdf", TAGGED_PDFS, ids=lambda p: p.stem)
def test_auto_equals_expected_with_structure(pdf: Path, results: dict) -> None:
    got = _strings(results[(pdf.stem, "auto")].rows)
    assert not _differences(got, _expected(pdf))


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(
            p,
            marks=pytest.mark.xfail(
                p.stem in GEOMETRY_GAPS, reason="geometry path gap on this layout", strict=True
            ),
        )
        for p in GOOD
    ],
    ids=lambda p: p.stem,
)
def test_geometry_equals_expected(pdf: Path) -> None:
    got = _strings(extract_document(pdf, structure="geometry").rows)
    assert set(got["structure"]) == {"geometry"}
    assert not _differences(got, _expected(pdf), skip=("structure",))


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(
            p,
            marks=pytest.mark.xfail(
                p.stem in GEOMETRY_GAPS, reason="geometry path gap on this layout", strict=True
            ),
        )
        for p in GOOD
    ],
    ids=lambda p: p.stem,
)
def test_auto_reports_no_disagreement_on_good_tags(pdf: Path, results: dict) -> None:
    found = [f for f in results[(pdf.stem, "auto")].findings if f.kind == "tag_disagreement"]
    assert not found, [f.message for f in found[:3]]


def _disagreements(results: dict, stem: str) -> list:
    return [f for f in results[(stem, "auto")].findings if f.kind == "tag_disagreement"]


def test_table_tagged_as_paragraphs_is_read_from_the_page(results: dict) -> None:
    stem = "vss-2020-tags-paragraphs"
    expected = _expected(TAGGED / f"{stem}.pdf")
    ekonomi = expected.index[expected["perspective"] == "Ekonomi"].tolist()
    found = [f for f in _disagreements(results, stem) if "no tagged table row" in f.message]
    assert sorted(f.row for f in found) == ekonomi
    for f in found:
        assert str(expected.at[f.row, "activity"])[:40] in f.message


def test_row_missing_from_the_tags_is_named(results: dict) -> None:
    stem = "vss-2020-tags-missing-row"
    expected = _expected(TAGGED / f"{stem}.pdf")
    from_page = expected.index[expected["structure"] == "geometry"].tolist()
    found = [f for f in _disagreements(results, stem) if "no tagged table row" in f.message]
    assert [f.row for f in found] == from_page == [24]
    assert expected.at[24, "activity"][:40] in found[0].message


def test_span_the_page_contradicts_is_named(results: dict) -> None:
    stem = "vss-2020-tags-span"
    found = [f for f in _disagreements(results, stem) if "contradict the page" in f.message]
    assert [f.row for f in found] == [13]
    assert "RowSpan 3" in found[0].message and "Korrekta och effektiva inköp" in found[0].message


# --- command line ---------------------------------------------------------------------------------


def test_cli_structure_option(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from followup.cli import app

    pdf = TAGGED / "kfn-2022-writer.pdf"
    out = tmp_path / "rows.csv"
    args = ["extract", str(pdf), "-o", str(out), "--no-cache", "-q", "--jobs", "1"]
    result = CliRunner().invoke(app, [*args, "--structure", "tags"])
    assert result.exit_code == 0, result.output
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert not _differences(got, _expected(pdf))
    assert set(got["structure"]) == {"tags"}

    bad = CliRunner().invoke(app, [*args, "--structure", "both"])
    assert bad.exit_code != 0
    assert "unknown structure 'both'" in bad.output
    assert "Traceback" not in bad.output


def _char(text: str, top: float, mcid: int | None, tag: str | None) -> dict:
    return {"text": text, "top": top, "bottom": top + 9.0, "size": 9.0, "mcid": mcid, "tag": tag}


def test_glyphs_after_a_nested_sequence_keep_the_outer_id() -> None:
    """pdfplumber clears the id after ``/Span <</ActualText (ff)>> BDC … EMC`` inside a cell."""
    chars = [
        _char("o", 0.0, 24, "P"),
        _char("\ufb00", 0.0, None, "Span"),  # the ligature, nested
        _char("e", 0.0, None, None),  # the rest of the outer sequence, id lost
        _char("n", 12.0, None, None),  # its next line
        _char("X", 13.0, 25, "P"),  # the next cell
        _char("Sida 1", 300.0, None, None),  # an unmarked footer far below
        _char("y", 14.0, 26, "P"),
        _char("z", 14.0, None, "Artifact"),  # an artifact is never a cell's
        _char("w", 14.0, None, None),
    ]
    got = [
        (chars[i]["text"], mcid)
        for mcid, start, end in marked_stretches(chars, Tolerances())
        for i in range(start, end)
    ]
    assert got == [("o", 24), ("\ufb00", 24), ("e", 24), ("n", 24), ("X", 25), ("y", 26)]


def _marked_by_definition(chars: list[dict[str, Any]], ems: float) -> list[tuple[int, int]]:
    """(index, id) of each glyph in marked content, glyph by glyph: a glyph with an id is in
    its sequence; one without continues the sequence before it (and no artifact ends it) when
    it has a tag, or when it follows an earlier such glyph and starts less than ``ems`` of its
    size below the last glyph taken."""
    out: list[tuple[int, int]] = []
    current: int | None = None
    nested = False
    last: dict[str, Any] | None = None
    for index, ch in enumerate(chars):
        if ch["mcid"] is not None:
            current, nested, last = ch["mcid"], False, ch
            out.append((index, ch["mcid"]))
        elif current is None or last is None or ch["tag"] == "Artifact":
            current = None
        elif ch["tag"] is not None or (nested and ch["top"] - last["bottom"] < ems * ch["size"]):
            nested, last = True, ch
            out.append((index, current))
        else:
            current = None
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, None, 3, 4]),
            st.sampled_from([None, "P", "Span", "Artifact"]),
            st.integers(0, 30),
        ),
        max_size=16,
    )
)
def test_marked_stretches_as_defined(glyphs: list[tuple[int | None, str | None, int]]) -> None:
    tol = Tolerances()
    chars = [_char("a", top * 4.0, mcid, tag) for mcid, tag, top in glyphs]
    stretches = marked_stretches(chars, tol)
    got = [(i, mcid) for mcid, start, end in stretches for i in range(start, end)]
    assert got == _marked_by_definition(chars, tol.nested_content_ems)
    # stretches are as long as they can be: two in a row never share an id
    assert all((a[0], a[2]) != (b[0], b[1]) for a, b in zip(stretches, stretches[1:], strict=False))


def test_a_status_shown_only_as_a_dot_is_read_from_the_page() -> None:
    pdf = SAMPLES / "chromium" / "chromium-kfn-2022-dots.pdf"
    result = extract_document(pdf, structure="auto")
    got = _strings(result.rows)
    assert set(got["structure"]) == {"tags"}
    assert all(raw.startswith("circle #") for raw in got["status_raw"])
    assert not [f for f in result.findings if f.kind == "tag_disagreement"]


def _spaced_by_definition(chars: list[dict[str, Any]], lines: list[Line], slack: float) -> set[int]:
    """A line is spaced when its last inked glyph (rightmost, then last in content order) is
    followed in content order by a space glyph on its line."""
    spaced = set()
    for index, line in enumerate(lines):
        inside = [
            i
            for i, ch in enumerate(chars)
            if line.top - slack <= ch["top"] <= line.bottom + slack and ch["text"].strip()
        ]
        if inside:
            last = max(inside, key=lambda i: (chars[i]["x1"], i))
            if (
                last + 1 < len(chars)
                and not chars[last + 1]["text"].strip()
                and abs(chars[last + 1]["top"] - chars[last]["top"]) < slack
            ):
                spaced.add(index)
    return spaced


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", " ", "", "b"]), st.integers(0, 6), st.integers(0, 40)),
        max_size=14,
    ),
    st.lists(st.integers(0, 40), min_size=1, max_size=4),
)
def test_spaced_lines_as_defined(glyphs: list[tuple[str, int, int]], tops: list[int]) -> None:
    tol = Tolerances()
    chars = [{"text": t, "top": top * 2.0, "x1": x * 3.0} for t, x, top in glyphs]
    lines = [Line("x", 0.0, 10.0, top * 2.0, top * 2.0 + 8) for top in sorted(tops)]
    got = _spaced_lines(chars, lines, tol)
    assert got == _spaced_by_definition(chars, lines, tol.spaced_line_slack)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["utveck-", "e-", "ord", "två ord", "Klar", "a\u00ad", "slut.", "-", "x y-"]
            ),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_only_an_open_line_end_needs_its_space(lines: list[tuple[str, bool]]) -> None:
    """The tag reader looks for a space glyph only after lines :func:`open_line_end` names; after
    any other line the break reads the same with or without one."""
    printed = [Line(text, 0.0, 50.0, 10.0 * i, 10.0 * i + 8) for i, (text, _) in enumerate(lines)]
    every = frozenset(i for i, (_, spaced) in enumerate(lines) if spaced)
    asked = frozenset(i for i in every if open_line_end(printed[i].text.rstrip()))
    tol = Tolerances()
    extent = (0.0, 52.0, True)
    assert parts_to_pieces([Part(1, printed, (0, 0, 50, 60), every)], tol, {1: extent}) == (
        parts_to_pieces([Part(1, printed, (0, 0, 50, 60), asked)], tol, {1: extent})
    )
