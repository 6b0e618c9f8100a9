"""Records passed between stages and to the diff and audit modules."""

from __future__ import annotations

import contextlib
import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from followup.rowtable import RowTable

if TYPE_CHECKING:  # pandas and numpy are imported where used (fast start)
    import pandas as pd

#: The name ``path`` holds for a PDF read from standard input.
STDIN_PATH = "-"


def display_path(path: str | Path) -> str:
    """The ``path`` column's value: ``path`` as given, relative to the working folder when it
    lies below it, in POSIX form (``samples/a.pdf``, ``../x/a.pdf``, ``/srv/a.pdf``)."""
    if str(path) == STDIN_PATH:
        return STDIN_PATH
    given = Path(path)
    if given.is_absolute():
        with contextlib.suppress(ValueError, OSError):  # not below it, or no working folder
            given = given.relative_to(Path.cwd())
    return given.as_posix()


def with_path(rows: pd.DataFrame, path: str | Path) -> pd.DataFrame:
    """``rows`` with the ``path`` column set to :func:`display_path` of ``path`` (right after
    ``source``); the frame is changed in place and returned (see :meth:`Extraction.set_path`)."""
    import pandas as pd

    column = pd.Series(display_path(path), index=rows.index, dtype="string")
    if "path" in rows.columns:
        rows["path"] = column
    else:
        at = list(rows.columns).index("source") + 1 if "source" in rows.columns else 0
        rows.insert(at, "path", column)
    return rows


#: Kinds of findings an extraction reports for auditors.
FINDING_KINDS = (
    "uncovered_text",  # characters inside a table that went into no cell
    "low_status",  # status match below the threshold, or no status at all
    "page_break_join",  # a row joined across a page break
    "goal_merged",  # goal from a merged cell over several rows, or printed once above them
    "goal_carried",  # goal not printed on the row's page: carried from an earlier page
    "header_mismatch",  # a header row whose columns did not all match the expected ones
    "garbled_text",  # (cid:NN) glyphs or other unreadable text in a row
    "damaged_page",  # page content that could not be fully decoded: rows may be missing
    "pdf_warning",  # pdfminer warned while reading the document outside any page
    "tag_disagreement",  # a tagged PDF's structure tree and its page disagree about a row or cell
    "low_ocr_confidence",  # a cell read by OCR whose words' mean confidence is low
)

#: How much a finding matters, most serious first: ``error`` (a row or text lost or doubtful),
#: ``warning`` (an inference worth a look), ``info`` (normal for the layout, listed for
#: completeness).
FINDING_LEVEL_ORDER = ("error", "warning", "info")

#: Level of every finding kind, including kinds other readers report (damaged pages, tagged PDFs,
#: OCR). A kind missing here gets :data:`DEFAULT_FINDING_LEVEL`.
FINDING_LEVELS: dict[str, str] = {
    "uncovered_text": "error",
    "low_status": "error",
    "garbled_text": "error",
    "damaged_page": "error",
    "tag_disagreement": "error",
    "low_ocr_confidence": "error",
    "page_break_join": "warning",
    "goal_carried": "warning",
    "header_mismatch": "warning",
    "pdf_warning": "warning",
    "goal_merged": "info",
}

#: Level of a kind not listed in :data:`FINDING_LEVELS`: visible, not alarming.
DEFAULT_FINDING_LEVEL = "warning"


def is_missing(value: object) -> bool:
    """A missing cell: None, NaN, ``pd.NA`` or NaT (an empty text is not missing)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if "numpy" not in sys.modules:  # no value can be one of numpy's or pandas' then
        return False
    import numpy as np

    pd = sys.modules.get("pandas")
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return True
    if isinstance(value, np.floating):
        return math.isnan(value)
    return isinstance(value, np.datetime64) and bool(np.isnat(value))


def finding_level(kind: str) -> str:
    """``error``, ``warning`` or ``info`` for a finding kind (unknown kinds: the default)."""
    return FINDING_LEVELS.get(kind, DEFAULT_FINDING_LEVEL)


@dataclass(frozen=True)
class Finding:
    """Something an auditor should look at, tied to a page and, when known, a row."""

    kind: str
    page: int
    message: str
    row: int | None = None  # position of the row in Extraction.rows
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom


class _FrameView:
    """``Extraction.rows``: always a DataFrame when read. An extraction may be given its rows as
    a :class:`RowTable` (the extractor builds them without pandas); the frame is built from it
    on the first read and kept, so changes made to it stay."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    @overload
    def __get__(self, obj: None, owner: Any = None) -> _FrameView: ...
    @overload
    def __get__(self, obj: object, owner: Any = None) -> pd.DataFrame: ...
    def __get__(self, obj: object | None, owner: Any = None) -> _FrameView | pd.DataFrame:
        if obj is None:  # no default: ``rows`` is a required field of the dataclass
            raise AttributeError("rows")
        value = obj.__dict__[self.slot]
        if isinstance(value, RowTable):
            value = obj.__dict__[self.slot] = value.to_frame()
        return value

    def __set__(self, obj: object, value: pd.DataFrame | RowTable) -> None:
        obj.__dict__[self.slot] = value


@dataclass
class Extraction:
    """Result of extracting one PDF: rows in the output schema plus what was found on the way.

    ``rows`` reads as a DataFrame; :attr:`table` is the rows as a :class:`RowTable` while no
    one has asked for the frame (the CSV of a command line is written from it, without pandas).
    """

    path: Path
    rows: _FrameView = _FrameView()
    pages: int  # type: ignore[misc]  # ``rows`` has no default (_FrameView.__get__)
    findings: list[Finding] = field(default_factory=list)
    encrypted: bool = False  # the PDF needed a password (its rows are cached only on request)
    ocr_pages: int = 0  # pages read by OCR
    ocr_pdf: Path | None = None  # the OCRed copy the rows' boxes refer to (kept in the OCR store)

    @property
    def table(self) -> RowTable | None:
        """The rows as a :class:`RowTable` when they are held as one (no frame built yet)."""
        value = self.__dict__.get("_rows")
        return value if isinstance(value, RowTable) else None

    @property
    def row_count(self) -> int:
        """How many rows the file gave."""
        table = self.table
        return len(table) if table is not None else len(self.rows)

    def set_path(self, path: str | Path) -> None:
        """Set every row's ``path`` to :func:`display_path` of ``path`` (right after
        ``source``), in the table or the frame, whichever holds the rows."""
        table = self.table
        if table is None:
            with_path(self.rows, path)
        else:
            self.rows = table.with_column("path", display_path(path))

    def status_counts(self) -> Counter[tuple[str, str]]:
        """Rows per (perspective, status), in order of first appearance; ``""`` where a row has
        none."""
        table = self.table
        if table is not None:
            columns = table.select(["perspective", "status"]).columns
            texts = [["" if is_missing(v) else str(v) for v in columns[c]] for c in columns]
            return Counter(zip(*texts, strict=True))
        if not len(self.rows):
            return Counter()
        perspectives = self.rows["perspective"].fillna("").astype(str)
        statuses = self.rows["status"].fillna("").astype(str)
        return Counter(zip(perspectives, statuses, strict=True))
