"""The CSV file, the Parquet file and the Parquet dataset read back with the schema's types and
the right nulls in pandas, DuckDB and Polars: every column, every reader.

The rows are the six samples' expected rows plus one report without a year whose first rows have
no matched status, so every kind of missing value is there: a null ``year`` (the Hive default
partition of the dataset), null ``deadline_date`` ("Löpande under året"), null ``status``, and
``responsible`` null in the reports whose table has no such column.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest

from followup.batch import write_dataset
from followup.schema import COLUMNS, column, order_columns
from followup.tableio import read_table, write_table
from tests.conftest import EXPECTED, SAMPLE_PDFS


def _rows() -> pd.DataFrame:
    frames = [read_table(EXPECTED / f"{pdf.stem}.csv") for pdf in SAMPLE_PDFS]
    # rows as if read by OCR first (CSV readers infer a column's type from the first rows)
    frames[0].loc[:2, ["ocr", "ocr_confidence"]] = [True, 91.25]
    undated = frames[0].copy()
    undated["source"] = "undated.pdf"
    undated["year"] = pd.array([None] * len(undated), dtype="Int64")
    undated["deadline_date"] = ""  # no year, so no tertial has a date
    undated.loc[:2, ["status", "status_score"]] = ["", 0]
    frames.append(undated)
    combined = pd.concat(frames, ignore_index=True)
    seen: list[str] = []
    for frame in frames:
        seen.extend(c for c in frame.columns if c not in seen)
    return combined.reindex(columns=order_columns(seen))


def _blank(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and value != value)
        or (isinstance(value, str) and value == "")
    )


def _expected_nulls(rows: pd.DataFrame, *, csv: bool) -> dict[str, int]:
    """Nulls per column: missing values; in CSV also empty text (CSV cannot tell them apart)."""
    out = {}
    for name in rows.columns:
        col = column(name)
        missing = rows[name].isna()
        if col.null and name in COLUMNS or col.type != "string" or csv:
            missing |= rows[name].map(lambda v: isinstance(v, str) and v == "")
        out[name] = int(missing.sum())
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("readers")
    rows = _rows()
    write_table(rows, root / "rows.csv")
    write_table(rows, root / "rows.parquet")
    write_dataset(rows, root / "dataset")
    return {"csv": root / "rows.csv", "parquet": root / "rows.parquet", "dataset": root / "dataset"}


def test_rows_cover_every_kind_of_missing_value() -> None:
    nulls = _expected_nulls(_rows(), csv=False)
    for name in ("year", "deadline_date", "status", "responsible"):
        assert nulls[name] > 0, name
    assert nulls["comment"] == 0 and nulls["strategic"] == 0


def test_dataset_puts_missing_years_in_the_hive_default_partition(
    written: dict[str, Path],
) -> None:
    names = sorted(p.name for p in written["dataset"].iterdir())
    assert names == ["year=2020", "year=2021", "year=2022", "year=__HIVE_DEFAULT_PARTITION__"]
    assert not (written["dataset"] / "year=unknown").exists()


# --- each reader's types, mapped to the schema's logical types ---------------------------------


#: pandas' dtype checks in the order they are tried, each with the logical type it means
_DTYPE_KINDS = (
    (pd.api.types.is_bool_dtype, "bool"),
    (pd.api.types.is_integer_dtype, "int"),
    (pd.api.types.is_float_dtype, "float"),
    (pd.api.types.is_datetime64_any_dtype, "date"),
)


def _pandas_kind(series: pd.Series) -> str:
    dtype = series.dtype
    for check, kind in _DTYPE_KINDS:
        if check(dtype):
            return kind
    values = series.dropna()
    if len(values) and all(type(v) is datetime.date for v in values):
        return "date"
    if pd.api.types.is_string_dtype(dtype) and all(isinstance(v, str) for v in values):
        return "string"
    return f"unexpected {dtype}"


_DUCKDB = {"BIGINT": "int", "INTEGER": "int", "BOOLEAN": "bool", "DOUBLE": "float"}
_DUCKDB |= {"DATE": "date", "VARCHAR": "string"}
_POLARS = {pl.Int64: "int", pl.Int32: "int", pl.Boolean: "bool", pl.Float64: "float"}
_POLARS |= {pl.Date: "date", pl.String: "string"}


def _read_pandas(kind: str, path: Path) -> dict[str, tuple[str, int]]:
    if kind == "csv":
        frame = pd.read_csv(path, parse_dates=["deadline_date"], dtype_backend="numpy_nullable")
    elif kind == "parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_parquet(
            path, partitioning=ds.partitioning(flavor="hive"), dtype_backend="numpy_nullable"
        )
    return {c: (_pandas_kind(frame[c]), int(frame[c].isna().sum())) for c in frame.columns}


def _read_duckdb(kind: str, path: Path) -> dict[str, tuple[str, int]]:
    con = duckdb.connect()
    source = {
        "csv": f"read_csv('{path}')",
        "parquet": f"'{path}'",
        "dataset": f"read_parquet('{path}/**/*.parquet', hive_partitioning = true)",
    }[kind]
    described = con.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()
    out = {}
    for name, dtype, *_ in described:
        [(nulls,)] = con.sql(f'SELECT count(*) - count("{name}") FROM {source}').fetchall()
        out[name] = (_DUCKDB.get(dtype, f"unexpected {dtype}"), int(nulls))
    return out


def _read_polars(kind: str, path: Path) -> dict[str, tuple[str, int]]:
    frame = pl.read_csv(path, try_parse_dates=True) if kind == "csv" else pl.read_parquet(path)
    nulls = frame.null_count().row(0, named=True)
    return {
        name: (_POLARS.get(dtype, f"unexpected {dtype}"), int(nulls[name]))  # type: ignore[call-overload]
        for name, dtype in frame.schema.items()
    }


READERS = {"pandas": _read_pandas, "duckdb": _read_duckdb, "polars": _read_polars}


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("kind", ["csv", "parquet", "dataset"])
def test_every_reader_gets_the_schema_types_and_nulls(
    reader: str, kind: str, written: dict[str, Path]
) -> None:
    rows = _rows()
    got = READERS[reader](kind, written[kind])
    expected_nulls = _expected_nulls(rows, csv=kind == "csv")
    assert sorted(got) == sorted(rows.columns)
    wrong = {
        name: (got[name], (column(name).type, expected_nulls[name]))
        for name in rows.columns
        if got[name] != (column(name).type, expected_nulls[name])
    }
    assert not wrong, f"{reader} reading {kind}: (got, expected) {wrong}"


def test_duckdb_casts_deadline_date_and_polars_reads_dates(written: dict[str, Path]) -> None:
    """The two failures that started this: CAST(... AS DATE) and str.to_date on the Parquet."""
    [(n,)] = duckdb.sql(
        f"SELECT count(CAST(deadline_date AS DATE)) FROM '{written['parquet']}'"
    ).fetchall()
    dates = pl.read_parquet(written["parquet"])["deadline_date"]
    assert dates.dtype == pl.Date
    assert n == dates.count() == len(dates) - dates.null_count()


def test_extract_command_writes_typed_parquet_and_dataset(tmp_path: Path) -> None:
    """End to end: ``followup extract`` of a report with a ``responsible`` column and one without,
    to a Parquet file and to a dataset, read by DuckDB."""
    from typer.testing import CliRunner

    from followup.cli import app
    from tests.conftest import SAMPLES

    names = ["kfn-2022-ansvarig", "vss-2021-hrules"]
    pdfs = [str(SAMPLES / f"{name}.pdf") for name in names]
    cache = ["--cache", str(tmp_path / "cache")]
    for out, extra in (
        (tmp_path / "rows.parquet", []),
        (tmp_path / "rows", ["--format", "parquet"]),
    ):
        result = CliRunner().invoke(app, ["extract", *pdfs, "-o", str(out), "-q", *cache, *extra])
        assert result.exit_code == 0, result.output
    expected = pd.concat([read_table(EXPECTED / f"{name}.csv") for name in names])
    for source in (
        f"'{tmp_path / 'rows.parquet'}'",
        f"read_parquet('{tmp_path}/rows/**/*.parquet', hive_partitioning = true)",
    ):
        described = duckdb.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()
        types = {name: dtype for name, dtype, *_ in described}
        assert types["deadline_date"] == "DATE" and types["year"] == "BIGINT"
        assert types["strategic"] == "BOOLEAN"
        [(n, dates, responsible)] = duckdb.sql(
            f"SELECT count(*), count(deadline_date), count(responsible) FROM {source}"
        ).fetchall()
        assert n == len(expected)
        assert dates == int((expected["deadline_date"] != "").sum())
        assert responsible == int(expected["responsible"].notna().sum()) < n
