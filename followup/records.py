"""Records passed between stages and to the diff and audit modules."""

from __future__ import annotations

import contextlib
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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
    ``source``); the frame is changed in place and returned."""
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
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
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


@dataclass
class Extraction:
    """Result of extracting one PDF: rows in the output schema plus what was found on the way."""

    path: Path
    rows: pd.DataFrame
    pages: int
    findings: list[Finding] = field(default_factory=list)
    encrypted: bool = False  # the PDF needed a password (its rows are cached only on request)
    ocr_pages: int = 0  # pages read by OCR
    ocr_pdf: Path | None = None  # the OCRed copy the rows' boxes refer to (kept in the OCR store)

    @property
    def row_count(self) -> int:
        """How many rows the file gave."""
        return len(self.rows)

    def status_counts(self) -> Counter[tuple[str, str]]:
        """Rows per (perspective, status), in order of first appearance; ``""`` where a row has
        none."""
        if not len(self.rows):
            return Counter()
        perspectives = self.rows["perspective"].fillna("").astype(str)
        statuses = self.rows["status"].fillna("").astype(str)
        return Counter(zip(perspectives, statuses, strict=True))
