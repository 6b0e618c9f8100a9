"""Rows as columns of plain Python values: the output table without pandas.

Importing pandas (which imports numpy and pyarrow) costs more than extracting a short report,
so the extractor builds its rows as a :class:`RowTable` (one list per column, values ``str``,
``int``, ``bool``, ``float``, ``datetime.date`` or ``None``) and the CSV writer
(:mod:`followup.csvtext`) writes it as it is. :meth:`RowTable.to_frame` builds the DataFrame,
with the schema's dtypes, where a frame is asked for (the library's ``extract_pdf``, Parquet,
the cache, diff and audit).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from followup.schema import BOX_COLUMNS, column, order_columns

if TYPE_CHECKING:
    import pandas as pd

#: pandas dtypes of the schema's non-text columns in an extraction's frame; every other column
#: (text, and ``deadline_date``) is a pandas string column.
FRAME_DTYPES: dict[str, str] = {
    "year": "Int64",
    "page": "int64",
    "page_end": "int64",
    "status_score": "int64",
    "strategic": "bool",
    "ocr": "bool",
    "ocr_confidence": "float64",
    **{name: "float64" for name in BOX_COLUMNS},
}


@dataclass
class RowTable:
    """Rows of the output schema, one list of values per column, in column order."""

    columns: dict[str, list[object]]

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, object]], names: Sequence[str]
    ) -> RowTable:
        """Rows given as dicts, in ``names``' order (a name a row lacks: ``None``)."""
        rows = list(records)
        return cls({n: [r.get(n) for r in rows] for n in names})

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> RowTable:
        """A frame's rows (a missing value, ``<NA>`` or NaN, as ``None``)."""
        from followup.records import is_missing

        return cls(
            {
                str(name): [None if is_missing(v) else v for v in frame[name].tolist()]
                for name in frame.columns
            }
        )

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), []))

    @property
    def names(self) -> list[str]:
        """The column names, in order."""
        return list(self.columns)

    def kind(self, name: str) -> str:
        """The column's logical type in the schema (an extra table column is text)."""
        return column(name).type

    def text_columns(self) -> list[str]:
        """Columns that hold text in the frame (dates are printed text there too)."""
        return [n for n in self.columns if self.kind(n) in ("string", "date")]

    def records(self) -> list[dict[str, Any]]:
        """One dict per row, column name → value."""
        return list(self.iter_records())

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """:meth:`records` one at a time: a long document's rows are never all dicts at once."""
        names = self.names
        for values in zip(*self.columns.values(), strict=True):
            yield dict(zip(names, values, strict=True))

    def with_column(self, name: str, value: object) -> RowTable:
        """A table with every row's ``name`` set to ``value``, columns in schema order."""
        columns = dict(self.columns)
        columns[name] = [value] * len(self)
        return RowTable({n: columns[n] for n in order_columns(list(columns))})

    def select(self, names: Sequence[str]) -> RowTable:
        """The table in ``names``' order; a column it lacks is all ``None``."""
        empty: list[object] = [None] * len(self)
        return RowTable({n: self.columns.get(n, empty) for n in names})

    @staticmethod
    def concat(tables: Iterable[RowTable], names: Sequence[str]) -> RowTable:
        """The tables' rows one after another, in ``names`` (a column a table lacks: ``None``)."""
        columns: dict[str, list[object]] = {n: [] for n in names}
        for table in tables:
            for name, values in table.select(names).columns.items():
                columns[name].extend(values)
        return RowTable(columns)

    def to_frame(self) -> pd.DataFrame:
        """The rows as a DataFrame with the schema's dtypes (:data:`FRAME_DTYPES`; text as
        pandas strings, ``None`` as ``<NA>``/NaN)."""
        import pandas as pd

        frame = pd.DataFrame(self.columns, columns=self.names) if len(self) else None
        return frame_types(frame if frame is not None else pd.DataFrame(columns=self.names))


def frame_types(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the dtypes of :data:`FRAME_DTYPES`; object columns as pandas strings."""
    frame = frame.astype({k: v for k, v in FRAME_DTYPES.items() if k in frame.columns})
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("string")
    return frame
