"""followup: Swedish municipal follow-up reports (PDF) → one tidy table with provenance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from followup.records import Extraction


def extract_pdf(path: str | Path, **options: Any) -> pd.DataFrame:
    """Extract every follow-up row of one PDF as a DataFrame in the output schema.

    Options are the fields of :class:`followup.extract.ExtractOptions` (``year``, ``password``,
    ``max_pages``, ``status_threshold``). Raises :class:`followup.errors.ExtractError`.
    """
    return extract_document(path, **options).rows


def extract_document(path: str | Path, **options: Any) -> Extraction:
    """Like :func:`extract_pdf` but also returns findings and page count (for audits)."""
    from followup.extract import ExtractOptions
    from followup.extract import extract_document as _extract

    return _extract(path, ExtractOptions(**options))


__all__ = ["__version__", "extract_document", "extract_pdf"]
