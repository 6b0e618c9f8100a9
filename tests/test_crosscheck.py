"""Stage: rows read from the tags checked against rows read from the page (extract/crosscheck.py),
on hand-built rows: which side each output row comes from, and a finding for each disagreement."""

from __future__ import annotations

from followup.extract.crosscheck import Pick, crosscheck
from followup.extract.settings import Tolerances
from followup.extract.tagrows import TagRecord
from followup.rowtable import RowTable
from followup.schema import columns_for

TOL = Tolerances()
ACTIVITIES = ["Ny rutin för inköp", "Utbildning i arkivering", "Översyn av lokaler"]


def _row(activity: str, top: float, **values: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(columns_for([]), "")
    row.update(
        source="r.pdf", page=1, page_end=1, perspective="Ekonomi", goal="Budget i balans",
        activity=activity, strategic=False, deadline="Tertial 2", status="Klar",
        status_raw="Klar", comment="", x0=50.0, top=top, x1=550.0, bottom=top + 30,
    )  # fmt: skip
    row.update(values)
    return row


def _frame(rows: list[dict[str, object]]) -> RowTable:
    return RowTable.from_records(rows, columns_for([]))


def _copy(table: RowTable) -> RowTable:
    return RowTable({name: list(values) for name, values in table.columns.items()})


def _record(index: int, top: float, *, consistent: bool = True) -> TagRecord:
    box = (50.0, top, 550.0, top + 30)
    problems = [] if consistent else ["2 cells under 3 headers"]
    return TagRecord(
        table=0, row=index + 1, perspective="Ekonomi", year=2020, texts={}, page=1,
        page_end=1, box=box, boxes=[(1, box)], consistent=consistent, problems=problems,
    )  # fmt: skip


def _tags(n: int = 3) -> tuple[RowTable, list[TagRecord]]:
    tops = [100.0 + 40 * i for i in range(n)]
    rows = [_row(a, t) for a, t in zip(ACTIVITIES[:n], tops, strict=True)]
    return _frame(rows), [_record(i, t) for i, t in enumerate(tops)]


def test_agreeing_sides_keep_the_tags_and_find_nothing() -> None:
    tags, records = _tags()
    merged, picks, findings = crosscheck(tags, records, _copy(tags), "r.pdf", TOL)
    assert picks == [Pick("tags", i) for i in range(3)]
    assert merged.columns["activity"] == ACTIVITIES
    assert set(merged.columns["structure"]) == {"tags"}
    assert findings == []


def test_a_cell_that_differs_is_named_and_the_tags_text_kept() -> None:
    tags, records = _tags()
    page = _copy(tags)
    page.columns["comment"][1] = "Klar i maj"
    merged, _, findings = crosscheck(tags, records, page, "r.pdf", TOL)
    assert merged.columns["comment"][1] == ""
    assert [(f.kind, f.page, f.row) for f in findings] == [("tag_disagreement", 1, 1)]
    expected = "r.pdf p. 1: comment differs: tags '', page 'Klar i maj' (tags kept)"
    assert findings[0].message == expected


def test_a_row_missing_from_the_tags_is_read_from_the_page() -> None:
    tags, records = _tags(2)
    page = _frame([_row(a, 100.0 + 40 * i) for i, a in enumerate(ACTIVITIES)])
    merged, picks, findings = crosscheck(tags, records, page, "r.pdf", TOL)
    assert picks == [Pick("tags", 0), Pick("tags", 1), Pick("geometry", 2)]
    assert merged.columns["activity"] == ACTIVITIES
    assert merged.columns["structure"] == ["tags", "tags", "geometry"]
    (finding,) = findings
    assert "row on the page but in no tagged table row: 'Översyn av lokaler'" in finding.message
    assert finding.row == 2
    assert finding.bbox == (50.0, 180.0, 550.0, 210.0)


def test_a_row_only_in_the_tags_is_kept_and_named() -> None:
    tags, records = _tags()
    page = _copy(tags)
    for values in page.columns.values():
        del values[1]
    merged, picks, findings = crosscheck(tags, records, page, "r.pdf", TOL)
    assert [p.side for p in picks] == ["tags"] * 3
    assert merged.columns["activity"] == ACTIVITIES
    (finding,) = findings
    assert "row in the tags but not found on the page by geometry" in finding.message
    assert "'Utbildning i arkivering'" in finding.message


def test_tagged_cells_that_contradict_the_page_give_way_to_the_page() -> None:
    tags, records = _tags()
    records[2] = _record(2, 180.0, consistent=False)
    page = _copy(tags)
    page.columns["status_raw"][2] = "Pågående"
    merged, picks, findings = crosscheck(tags, records, page, "r.pdf", TOL)
    assert picks[2] == Pick("geometry", 2)
    assert merged.columns["status_raw"][2] == "Pågående"
    assert merged.columns["structure"][2] == "geometry"
    (finding,) = findings
    assert "contradict the page: 2 cells under 3 headers (read from the page)" in finding.message


def test_a_page_row_cut_over_tagged_rows_is_left_out() -> None:
    tags, records = _tags(2)
    stray = _row("Budget i balans Ny rutin", 105.0)  # the geometry cut the first row in two
    page = _frame([_row(ACTIVITIES[0], 100.0), stray, _row(ACTIVITIES[1], 140.0)])
    merged, picks, findings = crosscheck(tags, records, page, "r.pdf", TOL)
    assert merged.columns["activity"] == ACTIVITIES[:2]
    assert [p.side for p in picks] == ["tags", "tags"]
    (finding,) = findings
    assert finding.row is None
    assert "over text of tagged rows (the tags' rows kept)" in finding.message
