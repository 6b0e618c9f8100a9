"""Loading one side of a diff: a saved table or a PDF to extract."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from followup.errors import FollowupError
from followup.tableio import read_table

TABLE_SUFFIXES = (".csv", ".parquet")


def load_side(path: str | Path) -> pd.DataFrame:
    """Rows of one report: ``.csv``/``.parquet`` are read, ``.pdf`` is extracted."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (*TABLE_SUFFIXES, ".pdf"):
        raise FollowupError(
            f"{path}: cannot compare a {suffix or 'suffix-less'} file (use .pdf, .csv or .parquet)"
        )
    if not path.is_file():
        raise FollowupError(f"{path}: no such file")
    if suffix == ".pdf":
        from followup import extract_pdf  # written alongside; imported lazily

        result = extract_pdf(path)
        rows = getattr(result, "rows", result)  # an Extraction or the rows themselves
        if not isinstance(rows, pd.DataFrame):
            raise FollowupError(f"{path}: extraction returned no table")
        return rows
    try:
        return read_table(path)
    except FollowupError:
        raise
    except (OSError, ValueError, UnicodeDecodeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise FollowupError(f"{path}: cannot read table ({reason})") from err
