"""Margins stage: page numbers, running headers and footers dropped (hand-built pages)."""

from __future__ import annotations

from followup.extract.layout import PageLayout, Word
from followup.extract.margins import margin_lines, strip_margins
from tests.hand_built import TOL, header_words, page, words


def _page(number: int, running: str, body: str, footer: str) -> PageLayout:
    content = words(running, 50.0, 20.0) + words(body, 50.0, 400.0) + words(footer, 280.0, 770.0)
    return page(content, number=number)


def _texts(ws: tuple[Word, ...]) -> str:
    return " ".join(w.text for w in ws)


def test_running_header_and_page_numbers_dropped() -> None:
    pages = [_page(n, "Uppföljning 2020", f"Text på sidan {n}", str(n)) for n in (1, 2, 3)]
    bodies = [_texts(body) for _, body in strip_margins(pages, 80, TOL)]
    assert bodies == ["Text på sidan 1", "Text på sidan 2", "Text på sidan 3"]


def test_page_number_forms() -> None:
    for footer in ("Sida 3", "3 av 12", "3/12", "page 3 of 12", "s. 3"):
        (only,) = strip_margins([_page(1, "Titel", "Brödtext", footer)], 80, TOL)
        assert _texts(only[1]) == "Titel Brödtext", footer


def test_margin_text_on_one_page_only_stays() -> None:
    pages = [_page(1, "Inledning", "a", "1"), _page(2, "Sammanfattning", "b", "2")]
    bodies = [_texts(body) for _, body in strip_margins(pages, 80, TOL)]
    assert bodies == ["Inledning a", "Sammanfattning b"]


def test_repeated_line_needs_letters() -> None:
    pages = [_page(n, "## 12", "x", "Kommun") for n in (1, 2)]
    bodies = [_texts(body) for _, body in strip_margins(pages, 80, TOL)]
    assert bodies == ["## 12 x", "## 12 x"]  # "##" is no running header; the footer repeats


def test_header_row_repeated_at_the_top_of_every_page_is_kept() -> None:
    pages = [page(header_words(30.0) + words("rad", 153.0, 300.0), number=n) for n in (1, 2)]
    for layout, body in strip_margins(pages, 80, TOL):
        assert len(body) == len(layout.words)


def test_margin_lines_are_keyed_without_digits() -> None:
    layout = _page(1, "Rapport 2020 sida 4", "mitt", "Sida 4")
    assert [key for key, _ in margin_lines(layout, TOL)] == ["rapport # sida #", "sida #"]


def test_no_pages() -> None:
    assert list(strip_margins([], 80, TOL)) == []
