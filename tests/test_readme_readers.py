"""The README's DuckDB query, Polars one-liner and pandas call run as printed, on a dataset
written by followup (with rows that have no year), and give what the rows say."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset
import pytest

from followup.batch import write_dataset
from followup.tableio import write_table
from tests.conftest import ROOT
from tests.test_readers import _rows

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("### Reading the output", 1)[1]
SECTION = SECTION.split("\n## ", 1)[0]


def _block(language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", SECTION, re.S)
    assert match is not None, language
    return match.group(1).strip()


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    rows = _rows()
    write_dataset(rows, tmp_path / "rows")
    write_table(rows, tmp_path / "rows.parquet")
    monkeypatch.chdir(tmp_path)
    return rows


def _strategic(rows: pd.DataFrame) -> pd.Series:
    return rows["strategic"].map(lambda v: v if isinstance(v, bool) else str(v) == "true")


def test_readme_duckdb_query(written: pd.DataFrame) -> None:
    got = duckdb.sql(_block("sql").rstrip(";")).fetchall()
    dates = pd.to_datetime(written["deadline_date"].replace("", None))
    early = written[dates < pd.Timestamp("2021-01-01")]
    statuses = early["status"].replace("", None)
    expected = sorted(
        (None if pd.isna(y) else int(y), None if pd.isna(s) else s, n)
        for (y, s), n in early.assign(status=statuses)
        .groupby(["year", "status"], dropna=False)
        .size()
        .items()
    )
    key = lambda r: (r[0] is None, r[0] or 0, r[1] is None, r[1] or "")  # noqa: E731
    assert sorted(got, key=key) == sorted(expected, key=key)
    assert got and all(y is None or isinstance(y, int) for y, _, _ in got)


def test_readme_polars_one_liner(written: pd.DataFrame) -> None:
    result = eval(_block("python"), {"pl": pl})  # noqa: S307 - the README's own line
    assert set(result.columns) == {"year", "status", "len"}
    assert result["year"].dtype == pl.Int64
    assert int(result["len"].sum()) == int(_strategic(written).sum()) > 0


def test_readme_pandas_call(written: pd.DataFrame) -> None:
    match = re.search(r'`(pd\.read_parquet\("rows/",.*?\))`', SECTION, re.S)
    assert match is not None
    frame = eval(match.group(1), {"pd": pd, "pyarrow": pyarrow})  # noqa: S307
    assert str(frame["year"].dtype) in ("Int32", "Int64")
    assert int(frame["year"].isna().sum()) == int(written["year"].isna().sum()) > 0
    with pytest.raises(Exception, match="dictionar"):  # what the README says of the plain call
        pd.read_parquet("rows/")
    single = pd.read_parquet("rows.parquet")
    assert str(single["year"].dtype) == "Int64"
