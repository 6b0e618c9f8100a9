"""followup: Swedish municipal follow-up reports (PDF) → one tidy table with provenance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    import pandas as pd

    from followup.batch import BatchResult
    from followup.records import Extraction


def extract_pdf(path: str | Path, **options: Any) -> pd.DataFrame:
    """Extract every follow-up row of one PDF as a DataFrame in the output schema.

    Options are the fields of :class:`followup.extract.ExtractOptions` (``year``, ``password``,
    ``max_pages``, ``status_threshold``, ``ocr``, ``ocr_cache``).
    Raises :class:`followup.errors.ExtractError`.
    """
    return extract_document(path, **options).rows


def extract_document(path: str | Path, **options: Any) -> Extraction:
    """Like :func:`extract_pdf` but also returns findings and page count (for audits)."""
    from followup.extract import ExtractOptions
    from followup.extract import extract_document as _extract

    return _extract(path, ExtractOptions(**options))


def extract_many(
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    timeout: float | None = 300.0,
    client: Any = None,
    **options: Any,
) -> BatchResult:
    """Extract every PDF in ``paths`` (files and folders, searched for ``*.pdf``).

    Files run in parallel worker processes (``jobs``, default all cores), or as tasks on a Dask
    cluster when ``client`` is a ``distributed.Client``. A file that fails is one record in
    ``result.failures``; ``result.frame()`` holds every good file's rows in input order.
    Options are those of :func:`extract_pdf`. No cache is used: the CLI's ``--cache`` is
    :func:`followup.batch.run_batch`'s ``cache_dir``.
    """
    from followup.batch import run_batch
    from followup.extract import ExtractOptions

    return run_batch(
        paths, ExtractOptions(**options), jobs=jobs, timeout=timeout, use_cache=False, client=client
    )


__all__ = ["__version__", "extract_document", "extract_many", "extract_pdf"]
