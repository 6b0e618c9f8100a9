"""Loading the sides of a diff: saved tables, Parquet datasets, or PDFs to extract.

Each argument is one of: a ``.csv`` or ``.parquet`` table, a Parquet dataset folder (as written by
``followup extract --format parquet -o DIR``), a PDF, or a folder of PDFs. PDFs are extracted the
way ``followup extract`` does it (:func:`followup.batch.run_batch`: parallel workers, the cache
and its settings, ``--password``). An argument holding several years is split into one side per
year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from followup.errors import ExtractError, FollowupError
from followup.schema import INT_COLUMNS, order_columns
from followup.tableio import coerce_types, read_table

TABLE_SUFFIXES = (".csv", ".parquet")


@dataclass
class Sides:
    """Loaded sides, each ``(label, rows)``, in argument order; failures of single PDFs."""

    sides: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    failures: list[ExtractError] = field(default_factory=list)
    cached: int = 0
    extracted: int = 0


def _is_dataset(folder: Path) -> bool:
    return any(folder.rglob("*.parquet"))


def read_dataset(folder: str | Path) -> pd.DataFrame:
    """A Parquet dataset folder (``year=2020/part-0.parquet`` ...) in schema order and types."""
    folder = Path(folder)
    try:
        frame = pd.read_parquet(folder)
    except (OSError, ValueError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise FollowupError(f"{folder}: cannot read Parquet dataset ({reason})") from err
    if "year" in frame.columns:  # the partition key comes back last, as a category of strings
        years = frame["year"].astype("string").replace("unknown", None)
        frame["year"] = pd.to_numeric(years, errors="coerce").astype("Int64")
    for col in INT_COLUMNS & set(frame.columns):
        frame[col] = frame[col].astype("Int64") if frame[col].dtype != "int64" else frame[col]
    return frame.reindex(columns=order_columns(list(frame.columns)))


def load_table(path: str | Path) -> pd.DataFrame:
    """Rows of a saved extraction (``.csv`` or ``.parquet``)."""
    path = Path(path)
    try:
        return read_table(path)
    except FollowupError:
        raise
    except (OSError, ValueError, UnicodeDecodeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise FollowupError(f"{path}: cannot read table ({reason})") from err


def _extract(path: Path, options: Any, batch: dict[str, Any], result: Sides) -> pd.DataFrame | None:
    from followup.batch import run_batch

    run = run_batch([path], options, **batch)
    result.failures += run.failures
    result.cached += run.cached
    result.extracted += run.extracted
    if run.files == 0:
        raise FollowupError(f"{path}: no PDF files or Parquet dataset found")
    if not run.extractions:
        return None
    return coerce_types(run.frame())


def _by_year(label: str, frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    if "year" not in frame.columns:
        return [(label, frame)]
    years = pd.to_numeric(frame["year"], errors="coerce")
    distinct = sorted({int(y) for y in years.dropna()})
    if len(distinct) <= 1:
        return [(label, frame)]
    return [(f"{label} ({y})", frame[years == y].reset_index(drop=True)) for y in distinct]


def load_sides(
    paths: Sequence[str | Path],
    options: Any = None,
    *,
    jobs: int | None = None,
    timeout: float | None = 300.0,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    cache_encrypted: bool = False,
    cache_max_bytes: int | None = None,
) -> Sides:
    """Load every argument (see the module docstring); ``options`` are extraction options
    (:class:`followup.extract.ExtractOptions`, e.g. with a ``password``) for PDFs.

    A PDF that fails is listed in ``failures`` and left out of its side; an argument with no
    readable rows at all is an error naming it.
    """
    from followup.extract.settings import ExtractOptions

    options = options if options is not None else ExtractOptions()
    batch: dict[str, Any] = dict(
        jobs=jobs,
        timeout=timeout,
        cache_dir=cache_dir,
        use_cache=use_cache,
        cache_encrypted=cache_encrypted,
    )
    if cache_max_bytes is not None:
        batch["cache_max_bytes"] = cache_max_bytes
    result = Sides()
    for raw in paths:
        path = Path(raw)
        label = str(raw)
        suffix = path.suffix.lower()
        if path.is_dir():
            frame = (
                read_dataset(path) if _is_dataset(path) else _extract(path, options, batch, result)
            )
        elif not path.exists():
            raise FollowupError(f"{path}: no such file")
        elif suffix in TABLE_SUFFIXES:
            frame = load_table(path)
        elif suffix == ".pdf":
            frame = _extract(path, options, batch, result)
        else:
            raise FollowupError(
                f"{path}: cannot compare a {suffix or 'suffix-less'} file "
                "(use .pdf, .csv, .parquet or a folder)"
            )
        if frame is None:
            continue  # every PDF of it failed; the failures say why
        result.sides += _by_year(label, frame)
    return result


def load_side(path: str | Path, **options: Any) -> pd.DataFrame:
    """Rows of one argument (see :func:`load_sides`), all years together; PDFs not cached."""
    from followup.extract.settings import ExtractOptions

    loaded = load_sides([path], ExtractOptions(**options), use_cache=False, jobs=1)
    if loaded.failures:
        raise FollowupError(str(loaded.failures[0]))
    frames = [frame for _, frame in loaded.sides]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
