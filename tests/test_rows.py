"""Rows stage: segments joined across page breaks, goals spread over their rows."""

from __future__ import annotations

from collections.abc import Sequence

from followup.extract.layout import Rule, Word
from followup.extract.regions import Region
from followup.extract.rows import RowJoiner, tables_to_rows
from followup.extract.segments import Table, region_to_table
from tests.hand_built import TOL, header, hrule, words


def _table(
    content: Sequence[Word],
    page: int = 1,
    continued: bool = False,
    rules: Sequence[Rule] = (),
    top: float = 112.0,
) -> Table:
    region = Region(header(), page, top, 800.0, tuple(content), tuple(rules), (), continued, 10.0)
    return region_to_table(region, "Ekonomi", TOL)


def _row(top: float, activity: str, deadline: str = "") -> list[Word]:
    out = words(activity, 153.0, top)
    return out + (words(deadline, 303.0, top) if deadline else [])


def test_a_row_broken_by_the_page_break_is_one_row() -> None:
    first = _table(words("Målet", 53.0, 120.0) + _row(120.0, "Början av en", "Tertial 2"))
    second = _table(
        _row(60.0, "lång aktivitet") + _row(90.0, "Nästa", "Tertial 3"), 2, True, top=59
    )
    rows = tables_to_rows([first, second], {}, TOL)
    assert [r.text("activity") for r in rows] == ["Början av en lång aktivitet", "Nästa"]
    assert rows[0].pages == (1, 2) and rows[1].pages == (2, 2)
    assert [r.goal for r in rows] == ["Målet", "Målet"]
    assert rows[1].goal_note == "carried"
    assert rows[0].perspective == "Ekonomi" and rows[0].year is None
    assert rows[0].box() == rows[0].first.box


def test_a_goal_cell_continued_over_the_page_break_is_joined() -> None:
    goal = words("Ett mål som", 53.0, 120.0)
    first = _table(goal + _row(120.0, "Ett", "T1"))
    rest = words("fortsätter", 53.0, 60.0) + _row(60.0, "Två", "T2")
    second = _table(rest, 2, True, top=59)
    rows = tables_to_rows([first, second], {}, TOL)
    assert [r.goal for r in rows] == ["Ett mål som fortsätter", "Ett mål som fortsätter"]


def test_a_new_table_starts_without_a_goal() -> None:
    first = _table(words("Målet", 53.0, 120.0) + _row(120.0, "Ett", "T1"))
    second = _table(_row(120.0, "Två", "T2"), 2, False)
    rows = tables_to_rows([first, second], {}, TOL)
    assert [r.goal for r in rows] == ["Målet", ""]


def test_merged_goal_cell_over_several_ruled_rows() -> None:
    rules = [hrule(150.0, 560.0, 150.0), hrule(50.0, 560.0, 200.0)]
    content = words("Gemensamt", 53.0, 120.0) + _row(120.0, "Ett", "T1") + _row(160.0, "Två", "T2")
    rows = tables_to_rows([_table(content, rules=rules)], {}, TOL)
    assert [(r.goal, r.goal_note) for r in rows] == [("Gemensamt", "merged")] * 2


def test_goal_centred_over_unruled_rows_is_shared_by_the_rows_above_it() -> None:
    content = _row(120.0, "Ett", "T1") + _row(150.0, "Två", "T2") + words("Mitt", 53.0, 150.0)
    rows = tables_to_rows([_table(content, top=119.0)], {}, TOL)
    assert [r.goal for r in rows] == ["Mitt", "Mitt"]


def test_vocabulary_decides_open_breaks_when_text_is_read() -> None:
    content = _row(120.0, "Ett", "T1")
    (row,) = tables_to_rows([_table(content)], {"ett": 2}, TOL)
    assert row.text("activity", {"ett": 2}) == "Ett"
    assert row.text("missing") == ""


def test_a_goal_found_centred_over_rows_is_a_merged_cell_for_each_of_them() -> None:
    # cells centred vertically: each one-line deadline halfway down a three-line activity, the
    # goal's one line halfway down the two rows it spans
    content = []
    for top in (120.0, 160.0):
        content += words("Aktivitet", 153.0, top) + words("på tre", 153.0, top + 12.0)
        content += words("rader", 153.0, top + 24.0) + words("T1", 303.0, top + 12.0)
    content += words("Målet", 53.0, (120.0 + 194.0) / 2 - 5.0)
    rows = tables_to_rows([_table(content)], {}, TOL)
    assert [(r.goal, r.goal_note) for r in rows] == [("Målet", "merged")] * 2


def test_a_row_holds_each_cell_as_one_string_when_no_break_is_open() -> None:
    first = _table(_row(120.0, "Början av en", "Tertial 2") + words("och mer", 153.0, 132.0))
    second = _table(_row(60.0, "lång aktivitet") + _row(90.0, "Nästa", "T3"), 2, True, top=59)
    rows = tables_to_rows([first, second], {}, TOL)
    assert rows[0].cells["activity"] == ("Början av en och mer lång aktivitet",)
    assert rows[0].cells["deadline"] == ("Tertial 2",)


def test_tables_under_the_same_header_share_one_copy_of_its_columns() -> None:
    tables = [_table(_row(120.0, "Ett", "T1")), _table(_row(120.0, "Två", "T2"), 2)]
    assert tables[0].header.columns is not tables[1].header.columns
    joiner = RowJoiner(TOL)
    kept = [joiner.add(table) for table in tables]
    rows = joiner.rows({})
    assert kept[1].header.columns is kept[0].header.columns
    assert rows[1].columns is rows[0].columns
    assert kept[1].header.columns == tables[1].header.columns and kept[1].page == 2
