"""Reading and writing tables (CSV, Excel-flavoured CSV, Parquet) with one set of conventions.

CSV: UTF-8, comma, ``\\n`` line ends, header row; booleans ``true``/``false``; missing values empty;
floats with two decimals; dates ISO. ``excel=True``: the dialect of :mod:`followup.excel` (``;``,
BOM, decimal commas, booleans ``1``/``0``, formula-like text as a formula yielding the text).
Parquet: the schema's types and real nulls (:mod:`followup.arrow`).
Writes go through :mod:`followup.atomic` (a temporary file in the target folder, then a rename;
devices, FIFOs and ``-`` for standard output written in place).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from followup import excel as dialect
from followup.atomic import STDOUT, write_bytes
from followup.csvtext import columns_to_csv_text, table_to_csv_text, to_bool
from followup.records import is_missing
from followup.rowtable import RowTable
from followup.schema import BOOL_COLUMNS, COLUMNS, FLOAT_COLUMNS, INT_COLUMNS

if TYPE_CHECKING:  # pandas is imported where a frame is read or written (fast start)
    import pandas as pd


def _kind(frame: pd.DataFrame, col: str) -> str:
    import pandas as pd

    if col in COLUMNS:
        return COLUMNS[col].type
    dtype = frame[col].dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    return "string"


def frame_to_csv_text(frame: pd.DataFrame, *, excel: bool = False) -> str:
    """Render a frame as CSV text following the project's conventions (module docstring): its
    columns, each of its schema type, through the one writer a :class:`RowTable` uses too."""
    kinds = [_kind(frame, col) for col in frame.columns]
    columns = [frame[col].tolist() for col in frame.columns]
    return columns_to_csv_text([str(c) for c in frame.columns], kinds, columns, excel=excel)


def write_table(
    frame: pd.DataFrame | RowTable,
    path: str | Path,
    *,
    excel: bool = False,
    fmt: str | None = None,
) -> None:
    """Write ``frame`` to ``path`` as ``fmt`` (``csv`` or ``parquet``); without ``fmt`` the
    suffix picks it (``.csv`` or ``.parquet``; none, or ``-``, is CSV).

    A :class:`RowTable` is written as CSV without pandas (:mod:`followup.csvtext`), the same
    bytes as its frame's; for Parquet its frame is built.

    ``-`` is standard output. Raises :class:`followup.atomic.OutputError` when the file
    cannot be written; the previous file, if any, is then left as it was.
    """
    if fmt is None:
        suffix = "" if str(path) == STDOUT else Path(path).suffix.lower()
        fmt = {".parquet": "parquet", ".csv": "csv", ".txt": "csv", "": "csv"}.get(suffix)
        if fmt is None:
            raise ValueError(f"{path}: unknown output format {suffix!r} (use .csv or .parquet)")
    if fmt == "parquet":
        from followup.arrow import write_parquet

        buf = io.BytesIO()
        write_parquet(frame.to_frame() if isinstance(frame, RowTable) else frame, buf)
        write_bytes(path, buf.getvalue())
    elif fmt == "csv":
        if isinstance(frame, RowTable):
            text = table_to_csv_text(frame, excel=excel)
        else:
            text = frame_to_csv_text(frame, excel=excel)
        write_bytes(path, text.encode("utf-8"))
    else:
        raise ValueError(f"unknown output format {fmt!r} (use csv or parquet)")


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` back with the schema's types."""
    import pandas as pd

    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    with open(path, encoding="utf-8-sig") as fh:
        head = fh.readline()
    excel = head.count(";") > head.count(",")
    frame = pd.read_csv(
        path, sep=";" if excel else ",", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    if excel:
        for col in frame.columns:
            frame[col] = frame[col].map(dialect.unguard)
            if col in FLOAT_COLUMNS:
                frame[col] = frame[col].str.replace(",", ".", regex=False)
    return coerce_types(frame)


def coerce_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Give schema columns their types: ints (nullable), bools, floats; the rest stay strings."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if col in INT_COLUMNS:
            out[col] = pd.to_numeric(out[col].replace("", None)).astype("Int64")
        elif col in BOOL_COLUMNS:
            out[col] = out[col].map(lambda v: None if is_missing(v) or v == "" else to_bool(v))
        elif col in FLOAT_COLUMNS:
            out[col] = pd.to_numeric(out[col].replace("", None)).astype("float64")
    return out
