"""Header stage: printed lines → header rows and their columns (hand-built layouts)."""

from __future__ import annotations

from followup.extract.header import is_header_line, lines_to_headers, role_score
from followup.extract.layout import words_to_lines
from tests.hand_built import LEFTS, TOL, header_words, hrule, page, vrule, word, words


def _headers(content, rules=(), threshold=80):  # type: ignore[no-untyped-def]
    layout = page(content, rules)
    return lines_to_headers(words_to_lines(layout.words, TOL), layout, threshold, TOL)


def test_header_row_found_with_columns_from_text_starts() -> None:
    (h,) = _headers(header_words(100.0) + words("Medborgare", 50.0, 60.0, size=14))
    assert [c.role for c in h.columns] == ["goal", "activity", "deadline", "status", "comment"]
    assert [c.x0 for c in h.columns] == list(LEFTS.values())  # text start minus the padding
    assert h.columns[-1].x1 == 600.0  # the last column reaches the page's edge
    assert not any(c.ruled for c in h.columns)
    assert (h.top, h.bottom, h.year) == (100.0, 110.0, None)
    assert h.x0 == 50.0 and h.x1 == 600.0


def test_vertical_rules_give_exact_boundaries() -> None:
    rules = [vrule(x - 1.0, 95.0, 300.0) for x in LEFTS.values()] + [vrule(560.0, 95.0, 300.0)]
    (h,) = _headers(header_words(100.0), rules)
    assert [c.x0 for c in h.columns] == [x - 1.0 for x in LEFTS.values()]
    assert h.columns[-1].x1 == 560.0
    assert all(c.ruled for c in h.columns)
    assert h.columns[0].content_right() == h.columns[1].x0 - 4.0  # padding mirrored


def test_rule_below_the_header_is_its_bottom() -> None:
    (h,) = _headers(header_words(100.0), [hrule(50.0, 590.0, 113.0)])
    assert h.bottom == 113.0


def test_wrapped_header_cells_and_year() -> None:
    first = [
        word("Förvaltningsm", 53.0, 100.0, bold=True),
        word("Aktivitet", 153.0, 100.0, bold=True),
        word("Slutdatum", 303.0, 100.0, bold=True),
        word("Status", 373.0, 100.0, bold=True),
        word("Kommentar", 443.0, 100.0, bold=True),
    ]
    second = [word("ål", 53.0, 111.0, bold=True), word("2020", 303.0, 111.0, bold=True)]
    (h,) = _headers(first + second)
    assert h.columns[0].role == "goal" and h.columns[0].header == "Förvaltningsm ål"
    assert h.columns[2].header == "Slutdatum 2020"
    assert h.year == 2020
    assert h.bottom == 121.0


def test_a_rule_between_lines_ends_the_header() -> None:
    below = words("Mål 1", 53.0, 111.0, bold=True)
    (h,) = _headers(header_words(100.0) + below, [hrule(50.0, 560.0, 110.5)])
    assert h.columns[0].header == "Förvaltningsmål"


def test_data_row_naming_activity_and_status_is_no_header() -> None:
    line = words("Aktivitet och status följs upp varje månad i nämnden", 153.0, 200.0)
    assert _headers(line) == ()
    assert not is_header_line(line, 80, TOL)


def test_extra_columns_are_kept_by_name() -> None:
    extra = [word("Ansvarig", 503.0, 100.0, bold=True), word("Kostnad", 553.0, 100.0, bold=True)]
    (h,) = _headers(header_words(100.0, {**LEFTS, "comment": 440.0}) + extra)
    assert [c.role for c in h.columns][-2:] == ["responsible", "kostnad"]


def test_synonyms_and_threshold() -> None:
    assert role_score("Klart senast") == ("deadline", 100)
    assert role_score("Bedömning")[0] == "status"
    content = [
        word("Mål", 53.0, 100.0, bold=True),
        word("Aktivitet", 153.0, 100.0, bold=True),
        word("Tidplan", 303.0, 100.0, bold=True),
        word("Statu", 373.0, 100.0, bold=True),  # printed without its last letter
    ]
    assert len(_headers(content, threshold=80)) == 1
    assert _headers(content, threshold=95) == ()


def test_one_page_can_hold_two_headers() -> None:
    found = _headers(header_words(100.0) + header_words(400.0))
    assert [h.top for h in found] == [100.0, 400.0]
