"""Rows → CSV text with the project's conventions, from plain column lists (no pandas).

UTF-8, comma, ``\\n`` line ends, header row; booleans ``true``/``false``; missing values empty;
floats with two decimals; dates ISO. ``excel=True``: the dialect of :mod:`followup.excel`.
Fields are quoted as Python's :mod:`csv` writer quotes them (the writer pandas uses);
:func:`followup.tableio.frame_to_csv_text` writes a DataFrame through
:func:`columns_to_csv_text` too, so a table and its frame are the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

from followup import excel as dialect
from followup.records import is_missing
from followup.rowtable import RowTable


def to_bool(value: object) -> bool:
    """A cell as a boolean: ``true``/``1``/``sant``, ``false``/``0``/``falskt``, or truthiness."""
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in ("true", "1", "sant"):
            return True
        if text in ("false", "0", "falskt"):
            return False
        raise ValueError(f"not a boolean: {value!r}")
    return bool(value)


def to_date(value: object) -> date:
    """A cell as a date: a date, a datetime's date, or ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def cell_text(value: object, kind: str, excel: bool) -> str:
    """One cell as CSV text: ``kind`` is the column's logical type (see followup.schema)."""
    if is_missing(value) or (kind != "string" and isinstance(value, str) and not value.strip()):
        return ""
    if kind == "bool":
        flag = to_bool(value)
        if excel:
            return dialect.TRUE if flag else dialect.FALSE
        return "true" if flag else "false"
    if kind == "float":
        return dialect.number(float(value)) if excel else f"{float(value):.2f}"  # type: ignore[arg-type]
    if kind == "int":
        return str(int(value))  # type: ignore[call-overload]
    if kind == "date":
        return to_date(value).isoformat()
    text = str(value)
    return dialect.guard(text) if excel else text


def columns_to_csv_text(
    names: Sequence[str],
    kinds: Sequence[str],
    columns: Sequence[Sequence[object]],
    *,
    excel: bool = False,
) -> str:
    """Columns of values (each of its ``kinds``) under a header of ``names`` as CSV text."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=dialect.SEPARATOR if excel else ",", lineterminator="\n")
    writer.writerow(names)
    cells = [[cell_text(v, k, excel) for v in col] for col, k in zip(columns, kinds, strict=True)]
    writer.writerows(zip(*cells, strict=True))
    text = buf.getvalue()
    return (dialect.BOM + text) if excel else text


def table_to_csv_text(table: RowTable, *, excel: bool = False) -> str:
    """A :class:`RowTable` as CSV text (see the module docstring)."""
    names = table.names
    kinds = [table.kind(n) for n in names]
    return columns_to_csv_text(names, kinds, list(table.columns.values()), excel=excel)
