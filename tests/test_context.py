"""Document context: legend, vocabulary, title, perspective and year, observed page by page
(hand-built pages run through the stages up to tables)."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.errors import ExtractError
from followup.extract import ExtractOptions
from followup.extract.context import DocumentContext, legend_lines
from followup.extract.document import NO_TEXT_REASON
from followup.extract.layout import PageLayout, Shape
from followup.extract.pipeline import layouts_to_tables
from tests.hand_built import TOL, header_words, page, words

OPTIONS = ExtractOptions()


def _row(top: float, activity: str, deadline: str) -> list:  # type: ignore[type-arg]
    return words(activity, 153.0, top) + words(deadline, 303.0, top)


def _title_page() -> PageLayout:
    content = words("Uppföljning av verksamhetsplan 2020", 50.0, 100.0, size=18)
    content += words("Klar = genomförd enligt plan", 50.0, 200.0)
    content += words("Pågående = arbetet pågår", 50.0, 215.0)
    return page(content, number=1)


def test_legend_title_and_year_from_the_pages_before_the_first_table() -> None:
    table_page = page(
        words("Pausad = vilar", 50.0, 60.0)
        + words("Medborgare", 50.0, 80.0, size=14)
        + header_words(100.0)
        + _row(130.0, "Ett", "T1")
        + words("Utgått = efter tabellen", 50.0, 600.0),
        number=2,
    )
    context, tables = layouts_to_tables([_title_page(), table_page], OPTIONS)
    assert [e.word for e in context.legend] == ["Klar", "Pågående", "Pausad"]
    assert context.title_lines[0] == "Uppföljning av verksamhetsplan 2020"
    assert context.year == 2020 and context.header_year is None
    assert (context.pages, context.vocabulary["klar"]) == (2, 1)
    assert [t.perspective for t in tables] == ["Medborgare"]


def test_header_year_wins_over_the_title() -> None:
    content = words("Slutdatum", 303.0, 100.0) + words("2021", 303.0, 111.0)
    hdr = [w for w in header_words(100.0) if w.text != "Slutdatum"] + content
    context, _ = layouts_to_tables(
        [_title_page(), page(hdr + _row(130, "a", "T1"), number=2)], OPTIONS
    )
    assert context.year == 2021


def test_no_year_anywhere() -> None:
    context, _ = layouts_to_tables([page(header_words(100.0) + _row(130, "a", "T1"))], OPTIONS)
    assert context.year is None


def test_each_table_takes_the_heading_above_it() -> None:
    content = (
        words("Ekonomi", 50.0, 60.0, size=14)
        + header_words(100.0)
        + _row(130.0, "Ett", "T1")
        + words("Medarbetare", 50.0, 300.0, size=14)
        + header_words(330.0)
        + _row(360.0, "Två", "T2")
    )
    _, tables = layouts_to_tables([page(content)], OPTIONS)
    assert [t.perspective for t in tables] == ["Ekonomi", "Medarbetare"]


def test_an_unknown_heading_is_the_perspective_and_a_missing_one_carries_over() -> None:
    first = page(
        words("Trygghet och säkerhet", 50.0, 60.0, size=14)
        + header_words(100.0)
        + _row(130.0, "Ett", "T1")
        + words("vanlig", 50.0, 330.0)
        + header_words(360.0)
        + _row(390.0, "Två", "T2")
    )
    _, tables = layouts_to_tables([first], OPTIONS)
    assert [t.perspective for t in tables] == ["Trygghet och säkerhet"] * 2


def test_orphaned_heading_at_a_page_end_belongs_to_the_table_on_the_next_page() -> None:
    first = page(
        words("Medborgare", 50.0, 60.0, size=14)
        + header_words(100.0)
        + _row(130.0, "Ett", "T1")
        + _row(160.0, "Två", "T2")
        + words("Ekonomi", 50.0, 740.0, size=14),
        number=1,
    )
    second = page(header_words(40.0) + _row(70.0, "Tre", "T3"), number=2)
    _, tables = layouts_to_tables([first, second], OPTIONS)
    assert [(t.page, t.continued, t.perspective) for t in tables] == [
        (1, False, "Medborgare"),
        (2, False, "Ekonomi"),
    ]


def test_a_table_runs_on_over_the_page_break() -> None:
    first = page(header_words(100.0) + _row(130.0, "Ett", "T1"), number=1)
    second = page(_row(60.0, "Två", "T2"), number=2)
    _, tables = layouts_to_tables([first, second], OPTIONS)
    assert [(t.page, t.continued) for t in tables] == [(1, False), (2, True)]


def test_symbols_drawn_left_of_legend_lines() -> None:
    dot = Shape("circle", "#00aa00", 40.0, 48.0, 201.0, 209.0)
    far = Shape("circle", "#aa0000", 0.0, 5.0, 216.0, 224.0)
    layout = page(words("= Klar", 50.0, 200.0) + words("= Pausad", 50.0, 215.0), shapes=[dot, far])
    assert legend_lines(layout, TOL) == [("= Klar", "circle #00aa00"), ("= Pausad", None)]
    assert legend_lines(layout, TOL, below=210.0) == [("= Klar", "circle #00aa00")]


def test_check_names_why_a_document_gave_no_rows() -> None:
    with pytest.raises(ExtractError, match="no text layer"):
        DocumentContext().check(Path("scan.pdf"), [])
    assert NO_TEXT_REASON.startswith("no text layer")
    with pytest.raises(ExtractError, match="no follow-up table found"):
        DocumentContext(chars=10).check(Path("other.pdf"), [])
    DocumentContext(chars=10).check(Path("ok.pdf"), [object()])
