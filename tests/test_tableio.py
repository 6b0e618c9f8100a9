"""CSV / Excel-CSV / Parquet conventions, formula neutralization, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from followup.tableio import frame_to_csv_text, read_table, write_table


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity": ['=HYPERLINK("http://x")', "+46 13 20 00 00", "-data", "@import", "Klar"],
            "strategic": [True, False, True, False, True],
            "page": [1, 2, 3, 4, 5],
            "x0": [1.005, 2.0, 3.333, 4.0, 5.5],
        }
    )


def test_excel_csv_guards_formula_cells_and_plain_csv_keeps_text() -> None:
    excel = frame_to_csv_text(_frame(), excel=True)
    assert excel.startswith("\ufeffactivity;strategic;page;x0\n")
    assert excel.splitlines()[1:] == [
        '"=""=HYPERLINK(""""http://x"""")""";1;1;1,00',
        '"=""+46 13 20 00 00""";0;2;2,00',
        '"=""-data""";1;3;3,33',
        '"=""@import""";0;4;4,00',
        "Klar;1;5;5,50",
    ]
    plain = frame_to_csv_text(_frame())
    assert "\n-data,true,3,3.33\n" in plain
    assert plain.splitlines()[1].startswith('"=HYPERLINK(')


def test_roundtrip_csv_excel_and_parquet(tmp_path: Path) -> None:
    frame = _frame()
    for name, excel in (("a.csv", False), ("b.csv", True), ("c.parquet", False)):
        write_table(frame, tmp_path / name, excel=excel)
        back = read_table(tmp_path / name)
        assert back["strategic"].tolist() == frame["strategic"].tolist()
        assert back["page"].tolist() == frame["page"].tolist()
        if not excel:
            assert back["activity"].tolist() == frame["activity"].tolist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "c.parquet"]


def test_unknown_suffix_is_refused_and_nothing_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        write_table(_frame(), tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_interrupted_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "rows.csv"
    target.write_text("old content", encoding="utf-8")

    def boom(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("followup.atomic.os.replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_table(_frame(), target)
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]
