"""Regions stage: a page cut into table regions (hand-built pages and headers)."""

from __future__ import annotations

from followup.extract.header import lines_to_headers
from followup.extract.layout import PageLayout, Rule, Word, words_to_lines
from followup.extract.regions import Region, page_to_regions
from tests.hand_built import LEFTS, TOL, header, header_words, hrule, page, vrule, words


def _regions(layout: PageLayout, open_header=None) -> tuple[Region, ...]:  # type: ignore[no-untyped-def]
    headers = lines_to_headers(words_to_lines(layout.words, TOL), layout, 80, TOL)
    return page_to_regions(layout, layout.words, headers, open_header, TOL)


def _texts(region: Region) -> str:
    return " ".join(w.text for w in sorted(region.words, key=lambda w: (w.top, w.x0)))


def test_region_runs_from_under_its_header_to_the_page_end() -> None:
    body = words("Aktivitet ett", 153.0, 130.0) + words("Tertial 1", 303.0, 130.0)
    (region,) = _regions(page(header_words(100.0) + body))
    assert (region.top, region.bottom, region.continued) == (110.0, 800.0, False)
    assert _texts(region) == "Aktivitet ett Tertial 1"  # the header's words are not in it
    assert region.body_size == 10.0


def test_a_heading_ends_the_region() -> None:
    body = words("rad", 153.0, 130.0) + words("Ekonomi", 50.0, 300.0, size=14)
    after = words("Text efter rubriken", 50.0, 330.0)
    (region,) = _regions(page(header_words(100.0) + body + after))
    assert region.bottom == 300.0
    assert _texts(region) == "rad"


def test_two_tables_on_one_page() -> None:
    first, second = _regions(page(header_words(100.0) + header_words(400.0)))
    assert (first.top, first.bottom) == (110.0, 400.0)
    assert (second.top, second.bottom) == (410.0, 800.0)


def test_table_continues_at_the_top_of_the_next_page() -> None:
    body = words("fortsättning", 153.0, 60.0)
    (region,) = _regions(page(body, number=2), open_header=header())
    assert region.continued and region.header == header()
    assert region.top == 60.0 - TOL.continuation_pad
    assert region.page == 2


def test_a_header_with_other_columns_at_the_top_starts_a_new_table() -> None:
    four = {k: v for k, v in LEFTS.items() if k != "comment"}
    (region,) = _regions(page(header_words(100.0, four), number=2), open_header=header())
    assert not region.continued


def test_a_header_repeated_at_the_top_continues_the_table() -> None:
    body = words("rad", 153.0, 130.0)
    (region,) = _regions(page(header_words(40.0) + body, number=2), open_header=header())
    assert region.continued
    assert region.top == 50.0


def test_empty_continuation_is_no_region() -> None:
    layout = page(words("Ny", 50.0, 500.0) + header_words(520.0), number=2)
    regions = _regions(layout, open_header=header())
    assert [r.continued for r in regions] == [True, False]
    nothing = page([], number=3)
    assert _regions(nothing, open_header=header()) == ()


def test_rules_and_symbols_kept_with_their_region() -> None:
    rules: list[Rule] = [hrule(50.0, 560.0, 95.0), hrule(50.0, 560.0, 140.0), vrule(150.0, 0, 800)]
    inside: list[Word] = words("rad", 153.0, 120.0)
    first, second = _regions(page(header_words(100.0) + inside + header_words(400.0), rules))
    assert hrule(50.0, 560.0, 140.0) in first.rules and vrule(150.0, 0, 800) in first.rules
    assert hrule(50.0, 560.0, 95.0) not in first.rules
    assert hrule(50.0, 560.0, 140.0) not in second.rules
