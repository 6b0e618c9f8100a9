"""Reading and writing tables (CSV, Excel-flavoured CSV, Parquet) with one set of conventions.

CSV: UTF-8, comma, ``\\n`` line ends, header row; booleans ``true``/``false``; missing values empty;
floats with two decimals. ``excel=True``: ``;`` separator, UTF-8 BOM, and cells starting with
``= + - @`` prefixed with ``'`` so spreadsheet programs do not run them as formulas.
Writes go through :mod:`followup.atomic` (a temporary file in the target folder, then a rename;
devices, FIFOs and ``-`` for standard output written in place).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from followup.atomic import STDOUT, write_bytes
from followup.schema import BOOL_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS

FORMULA_PREFIXES = ("=", "+", "-", "@")


def _neutralize(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _bool_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value.strip().lower()
    return "true" if value else "false"


def frame_to_csv_text(frame: pd.DataFrame, *, excel: bool = False) -> str:
    """Render a frame as CSV text following the project's conventions."""
    out = frame.copy()
    for col in out.columns:
        if col in BOOL_COLUMNS or out[col].dtype == bool:
            out[col] = out[col].map(_bool_text)
        elif col in FLOAT_COLUMNS or pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].map(lambda v: "" if pd.isna(v) else f"{float(v):.2f}")
        elif col in INT_COLUMNS or pd.api.types.is_integer_dtype(out[col]):
            out[col] = out[col].map(lambda v: "" if pd.isna(v) else str(int(v)))
        else:
            out[col] = out[col].map(
                lambda v: (
                    ""
                    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v))
                    else str(v)
                )
            )
        if excel:
            out[col] = out[col].map(_neutralize)
    buf = io.StringIO()
    out.to_csv(buf, index=False, sep=";" if excel else ",", lineterminator="\n")
    text = buf.getvalue()
    return ("\ufeff" + text) if excel else text


def write_table(frame: pd.DataFrame, path: str | Path, *, excel: bool = False) -> None:
    """Write ``frame`` to ``path``; the suffix picks the format (``.csv`` or ``.parquet``).

    ``-`` is standard output (CSV). Raises :class:`followup.atomic.OutputError` when the file
    cannot be written; the previous file, if any, is then left as it was.
    """
    suffix = "" if str(path) == STDOUT else Path(path).suffix.lower()
    if suffix == ".parquet":
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False, engine="pyarrow")
        write_bytes(path, buf.getvalue())
    elif suffix in (".csv", ".txt", ""):
        write_bytes(path, frame_to_csv_text(frame, excel=excel).encode("utf-8"))
    else:
        raise ValueError(f"{path}: unknown output format {suffix!r} (use .csv or .parquet)")


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` back with the schema's types."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    with open(path, encoding="utf-8-sig") as fh:
        head = fh.readline()
    sep = ";" if head.count(";") > head.count(",") else ","
    frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return coerce_types(frame)


def coerce_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Give schema columns their types: ints (nullable), bools, floats; the rest stay strings."""
    out = frame.copy()
    for col in out.columns:
        if col in INT_COLUMNS:
            out[col] = pd.to_numeric(out[col].replace("", None)).astype("Int64")
        elif col in BOOL_COLUMNS:
            out[col] = out[col].map(
                lambda v: v if isinstance(v, bool) else str(v).lower() == "true"
            )
        elif col in FLOAT_COLUMNS:
            out[col] = pd.to_numeric(out[col].replace("", None)).astype("float64")
    return out
