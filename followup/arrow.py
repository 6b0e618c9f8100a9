"""Frames → Arrow tables typed by the schema, for Parquet files and Parquet datasets.

The types survive every reader (pandas, DuckDB, Polars, Spark): ``deadline_date`` is ``date32``,
``year`` and the other counts are ``int64``, ``strategic`` is ``bool``, the box is ``double``.
A missing value is a real null (a column's ``null`` text in :mod:`followup.schema` says when);
text columns keep ``""`` where the printed text is empty. Columns the schema does not know (a
diff's ``change`` or ``similarity``) keep the type pandas gives them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from followup.csvtext import to_bool, to_date
from followup.records import is_missing
from followup.schema import COLUMNS, Column, column, order_columns

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "float": pa.float64(),
    "date": pa.date32(),
}

#: pandas dtype per logical type, so ``pandas.read_parquet`` restores them (nullable ints).
_PANDAS_TYPES = {"int": "int64", "bool": "bool", "float": "float64"}
_NULLABLE = {"int": "Int64", "bool": "boolean", "float": "float64"}


def _to_text(value: object) -> str:
    return str(value)


def _to_int(value: object) -> int:
    return int(value)  # type: ignore[call-overload]


def _to_float(value: object) -> float:
    return float(value)  # type: ignore[arg-type]


_CONVERT: dict[str, Callable[[object], object]] = {
    "string": _to_text,
    "int": _to_int,
    "bool": to_bool,
    "float": _to_float,
    "date": to_date,
}


def typed_values(series: pd.Series, col: Column) -> list[object]:
    """Python values of ``series`` in ``col``'s type; ``None`` where the value is missing.

    Empty text counts as missing in non-text columns and in text columns that may be null
    (``status``); other text columns keep ``""``.
    """
    convert = _CONVERT[col.type]
    blank_is_null = col.type != "string" or (bool(col.null) and col.name in COLUMNS)
    out: list[object] = []
    for value in series.tolist():
        if is_missing(value) or (blank_is_null and isinstance(value, str) and not value.strip()):
            out.append(None)
        else:
            out.append(convert(value))
    return out


def frame_to_arrow(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as an Arrow table with the schema's types (and pandas metadata to match)."""
    typed: dict[str, object] = {}
    fields: list[pa.Field] = []
    for name in frame.columns:
        if name in COLUMNS or _is_extra(frame, name):
            col = column(name)
            values = typed_values(frame[name], col)
            nullable = bool(col.null) or None in values
            dtype = (_NULLABLE if nullable else _PANDAS_TYPES).get(col.type, object)
            typed[name] = pd.Series(values, dtype=dtype, index=frame.index)  # type: ignore[call-overload]
            fields.append(pa.field(name, ARROW_TYPES[col.type]))
        else:
            typed[name] = frame[name]
            fields.append(pa.field(name, pa.Array.from_pandas(frame[name]).type))
    data = pd.DataFrame(typed, index=frame.index)
    return pa.Table.from_pandas(data, schema=pa.schema(fields), preserve_index=False)


def _is_extra(frame: pd.DataFrame, name: str) -> bool:
    """An extra table column: ``frame`` is an extraction (has the schema's leading columns)."""
    leading = {"source", "activity"} <= set(frame.columns)  # not a diff's --wide table
    return leading and name in order_columns(list(frame.columns))


def write_parquet(frame: pd.DataFrame, sink: object) -> None:
    """Write ``frame`` as one Parquet file to ``sink`` (a path or a binary file object)."""
    import pyarrow.parquet as pq

    pq.write_table(frame_to_arrow(frame), sink)  # type: ignore[arg-type]


def _without_pandas_column(table: pa.Table, name: str) -> pa.Table:
    """Drop ``name`` from the pandas metadata: a partition key is not in the files, and
    pandas would otherwise fail to read the dataset's dictionary-typed key back."""
    meta = dict(table.schema.metadata or {})
    if b"pandas" in meta:
        info = json.loads(meta[b"pandas"])
        info["columns"] = [c for c in info["columns"] if c.get("name") != name]
        meta[b"pandas"] = json.dumps(info).encode()
    return table.replace_schema_metadata(meta)


def write_partitions(frame: pd.DataFrame, root: Path, basename: str = "part-{i}.parquet") -> None:
    """Write ``frame`` into the empty folder ``root`` as a Hive dataset partitioned by year.

    ``root/year=2020/part-0.parquet``; rows without a year go to
    ``root/year=__HIVE_DEFAULT_PARTITION__/``, which DuckDB, Polars, Spark and pyarrow read
    back as a null ``year`` (so ``year`` stays an integer). The files hold every column but
    ``year``. A frame without rows or without ``year`` gives a single ``root/part-0.parquet``.
    ``basename`` names the files (``{i}`` counts them); writers that share ``root`` (the
    workers of :mod:`followup.cluster`) each give their own.
    """
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    table = frame_to_arrow(frame.reset_index(drop=True))
    if "year" not in frame.columns or not len(frame):
        pq.write_table(table, root / basename.format(i=0))
        return
    ds.write_dataset(
        _without_pandas_column(table, "year"),
        root,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([("year", ARROW_TYPES["int"])]), flavor="hive"),
        basename_template=basename,
        existing_data_behavior="overwrite_or_ignore",
        use_threads=False,
    )
