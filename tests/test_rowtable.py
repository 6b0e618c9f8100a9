"""RowTable: rows as column lists, and the frame built from them with the schema's dtypes."""

from __future__ import annotations

import math

import pandas as pd

from followup.rowtable import FRAME_DTYPES, RowTable
from followup.schema import columns_for


def _table(n: int = 2, extras: tuple[str, ...] = ()) -> RowTable:
    row: dict[str, object] = dict.fromkeys(columns_for(list(extras)), "")
    row.update(year=2020, page=1, page_end=2, status_score=90, strategic=True, ocr=False)
    row.update(ocr_confidence=None, x0=1.5, top=2.0, x1=3.25, bottom=4.0, deadline_date="")
    row.update({name: "Anna" for name in extras})
    rows = [dict(row, activity=f"a{i}", year=None if i else 2020) for i in range(n)]
    return RowTable.from_records(rows, columns_for(list(extras)))


def test_the_frame_has_the_schema_dtypes() -> None:
    frame = _table().to_frame()
    for name, dtype in FRAME_DTYPES.items():
        assert str(frame[name].dtype) == dtype, name
    text = [c for c in frame.columns if c not in FRAME_DTYPES]
    assert text and all(pd.api.types.is_string_dtype(frame[c].dtype) for c in text)
    assert len({str(frame[c].dtype) for c in text}) == 1  # one string dtype for every text
    assert frame["year"].tolist() == [2020, pd.NA]
    assert math.isnan(frame["ocr_confidence"].iloc[0])


def test_an_empty_table_gives_an_empty_frame_with_its_columns() -> None:
    frame = _table(0).to_frame()
    assert list(frame.columns) == columns_for([]) and len(frame) == 0
    assert str(frame["page"].dtype) == "int64"


def test_a_frame_read_back_holds_none_where_values_are_missing() -> None:
    table = _table()
    back = RowTable.from_frame(table.to_frame())
    assert back.names == table.names
    assert back.columns["year"] == [2020, None]
    assert back.columns["ocr_confidence"] == [None, None]
    assert back.columns["activity"] == ["a0", "a1"]


def test_concat_fills_a_column_a_table_lacks_with_none() -> None:
    names = columns_for(["responsible"])
    both = RowTable.concat([_table(1), _table(2, ("responsible",))], names)
    assert both.names == names and len(both) == 3
    assert both.columns["responsible"] == [None, "Anna", "Anna"]
    assert both.columns["activity"] == ["a0", "a0", "a1"]


def test_records_and_text_columns() -> None:
    table = _table(1, ("responsible",))
    (record,) = table.records()
    assert record["activity"] == "a0" and record["responsible"] == "Anna"
    texts = table.text_columns()
    assert {"activity", "responsible", "deadline_date"} <= set(texts)
    assert not {"year", "page", "strategic", "x0"} & set(texts)


def test_iter_records_makes_each_row_as_it_is_read() -> None:
    table = _table(2)
    rows = table.iter_records()
    first = next(rows)
    assert first == table.records()[0] and first["activity"] == "a0"
    table.columns["activity"][1] = "changed"  # not yet read: the row is made from the columns now
    assert next(rows)["activity"] == "changed"
    assert next(rows, None) is None
