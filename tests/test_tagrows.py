"""Stage: tagged tables → follow-up rows (extract/tagrows.py), on hand-built tables: the header's
columns, the perspective before a table, goals spanning and carried, rows the tags cannot place."""

from __future__ import annotations

from followup.extract.settings import ExtractOptions, Tolerances
from followup.extract.tagrows import document_records, perspective_before, table_columns
from followup.extract.tags import Part, TagCell, TagDocument, TagRow, TagTable, TextBlock

TOL = Tolerances()
THRESHOLD = ExtractOptions().header_threshold
HEADER = ["Förvaltningsmål", "Aktivitet", "Slutdatum 2020", "Status", "Kommentar"]
LEFTS = [40.0, 160.0, 300.0, 380.0, 450.0, 520.0]
ROW_HEIGHT = 30.0


def _cell(kind: str, row: int, col: int, text: str, row_span: int = 1) -> TagCell:
    top = 100.0 + ROW_HEIGHT * row
    box = (LEFTS[col] + 2, top + 2, LEFTS[col] + 60, top + ROW_HEIGHT * row_span - 2)
    return TagCell(kind, row, col, row_span, 1, [Part(1, [], box)], text=text)


def _table(rows: list[list[TagCell]], index: int = 0, blocks_before: int = 2) -> TagTable:
    tag_rows = [
        TagRow(i, cells, all(c.kind == "TH" for c in cells)) for i, cells in enumerate(rows)
    ]
    cells = [c for cells in rows for c in cells]
    return TagTable(index, tag_rows, len(HEADER), blocks_before, cells)


def _header() -> list[TagCell]:
    return [_cell("TH", 0, col, text) for col, text in enumerate(HEADER)]


def _data(row: int, activity: str, *, goal: str | None = None, span: int = 1) -> list[TagCell]:
    cells = [_cell("TD", row, 0, goal, span)] if goal is not None else []
    texts = [activity, "Tertial 2", "Klar", ""]
    return cells + [_cell("TD", row, col, t) for col, t in enumerate(texts, start=1)]


def _document(*tables: TagTable, heading: str = "Ekonomi") -> TagDocument:
    blocks = [TextBlock("H1", 0, text="Uppföljning av verksamhetsplan 2020")]
    blocks.append(TextBlock("H2", 0, text=heading))
    return TagDocument(list(tables), blocks, {}, 0)


def test_table_columns_maps_header_cells_to_roles_and_reads_the_year() -> None:
    columns = table_columns(_table([_header()]), THRESHOLD)
    assert columns is not None
    assert columns.roles == {0: "goal", 1: "activity", 2: "deadline", 3: "status", 4: "comment"}
    assert columns.headers[2] == "Slutdatum 2020"
    assert columns.year == 2020
    assert columns.printed_column(LEFTS[3] + 5, TOL.header_left_slack) == 3


def test_a_table_whose_first_row_is_no_follow_up_header_is_skipped() -> None:
    other = [_cell("TH", 0, 0, "Namn"), _cell("TH", 0, 1, "Telefon")]
    assert table_columns(_table([other]), THRESHOLD) is None
    assert table_columns(TagTable(0, [], 0, 0), THRESHOLD) is None


def test_perspective_before_a_table_is_a_known_name_else_a_short_heading() -> None:
    def blocks(*texts: tuple[str, str]) -> list[TextBlock]:
        return [TextBlock(kind, 0, text=text) for kind, text in texts]

    known = blocks(("H2", "Ekonomi"), ("P", "Tabellen visar aktiviteterna."))
    assert perspective_before(known, 2) == "Ekonomi"
    assert perspective_before(blocks(("H2", "Kvalitet och tillgänglighet")), 1) == (
        "Kvalitet och tillgänglighet"
    )
    assert perspective_before(blocks(("P", "Tabellen nedan visar alla aktiviteter")), 1) == ""


def test_a_goal_spanning_rows_belongs_to_each_and_a_goal_is_carried_down() -> None:
    table = _table(
        [
            _header(),
            _data(1, "Ny rutin för inköp", goal="Budget i balans", span=2),
            _data(2, "Utbildning i arkivering"),
            _data(3, "Översyn av lokaler", goal=""),  # an empty goal cell
        ]
    )
    records = document_records(_document(table), THRESHOLD, TOL)
    assert [r.texts["activity"] for r in records] == [
        "Ny rutin för inköp",
        "Utbildning i arkivering",
        "Översyn av lokaler",
    ]
    assert [r.texts["goal"] for r in records] == ["Budget i balans"] * 3
    assert [r.goal_span for r in records] == [(1, 2), (1, 2), None]
    assert [r.goal_carried for r in records] == [False, False, True]
    assert all(r.consistent and r.perspective == "Ekonomi" and r.year == 2020 for r in records)
    assert records[1].box == (LEFTS[1] + 2, 162.0, LEFTS[4] + 60, 188.0)


def test_a_row_with_more_cells_than_headers_is_marked_inconsistent() -> None:
    row = [*_data(1, "Ny rutin", goal="Budget i balans"), _cell("TD", 1, 5, "extra")]
    table = _table([_header(), row])
    table.columns = 6
    (record,) = document_records(_document(table), THRESHOLD, TOL)
    assert not record.consistent
    assert record.problems == ["1 cell(s) beyond the header's 5 columns"]


def test_a_table_continued_without_a_header_keeps_the_columns() -> None:
    first = _table([_header(), _data(1, "Ny rutin för inköp", goal="Budget i balans")])
    rest = _table([_data(0, "Utbildning i arkivering", goal="Budget i balans")], index=1)
    records = document_records(_document(first, rest), THRESHOLD, TOL)
    assert [(r.table, r.texts["activity"], r.texts["deadline"]) for r in records] == [
        (0, "Ny rutin för inköp", "Tertial 2"),
        (1, "Utbildning i arkivering", "Tertial 2"),
    ]
    assert all(r.consistent and r.perspective == "Ekonomi" for r in records)


def test_a_headerless_table_after_other_text_is_not_a_continuation() -> None:
    first = _table([_header(), _data(1, "Ny rutin för inköp", goal="Budget i balans")])
    later = _table([_data(0, "Utbildning i arkivering", goal="Budget i balans")], 1, 3)
    records = document_records(_document(first, later), THRESHOLD, TOL)
    assert [r.table for r in records] == [0]
