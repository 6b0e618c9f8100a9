"""What the commands share about their inputs and outputs.

- ``--format`` is authoritative: it picks the format whatever ``-o`` is called, and a name that
  says otherwise (``--format csv -o x.parquet``) is refused with the reason, as is ``--excel``
  with Parquet; without ``--format`` the suffix of ``-o`` picks it (CSV by default).
- ``-`` is standard output for ``-o`` and standard input for an input path (as csvkit and
  sqlite-utils read it); binary Parquet is never written to a terminal.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from followup.atomic import STDOUT
from followup.cache import default_cache_dir
from followup.errors import FollowupError
from followup.messages import plural

STDIN = "-"
__all__ = ["STDIN", "Format", "Output", "UsageError", "plural", "resolve_output", "spool_stdin"]
SUFFIX_FORMATS = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet"}


_NAMES = {"csv": "CSV", "parquet": "Parquet"}


class Format(StrEnum):
    """Output formats of ``--format``."""

    csv = "csv"
    parquet = "parquet"


class UsageError(FollowupError):
    """Options that contradict each other; the message names the options (exit code 2)."""


@dataclass(frozen=True)
class Output:
    """Where and how a command writes its table: ``format`` is csv, parquet or dataset."""

    target: str | Path
    format: str
    excel: bool = False


def wants_folder(out: str | Path | None, fmt: Format | str | None) -> bool:
    """``-o OUT --format parquet`` names a dataset folder (an existing folder or no suffix)."""
    if out is None or str(out) == STDOUT or fmt is None or Format(fmt) != Format.parquet:
        return False
    return Path(out).is_dir() or not Path(out).suffix


def resolve_output(
    out: str | Path | None,
    fmt: Format | str | None,
    *,
    excel: bool = False,
    dataset: bool = False,
    stdout_is_terminal: bool | None = None,
) -> Output:
    """Pick the output's target and format from ``-o``, ``--format`` and ``--excel``.

    ``dataset=True`` lets ``--format parquet`` with a folder (or a name without a suffix) mean a
    Parquet dataset partitioned by year. Raises :class:`UsageError` for contradictions.
    """
    name = None if fmt is None else Format(fmt).value
    target: str | Path = STDOUT if out is None or str(out) == STDOUT else Path(out)
    if isinstance(target, Path):
        suffix = target.suffix.lower()
        implied = SUFFIX_FORMATS.get(suffix)
        if name is not None and implied is not None and implied != name:
            raise UsageError(
                f"--format {name} conflicts with -o {out} (a {_NAMES[implied]} file name); "
                "drop --format or rename the output"
            )
        if name is None:
            if implied is None and (suffix or target.is_dir()):
                what = f"suffix {suffix!r}" if suffix else "a folder"
                raise UsageError(
                    f"-o {out}: cannot tell the format from {what}; "
                    "name it .csv or .parquet, or give --format"
                )
            name = implied or "csv"
        if dataset and name == "parquet" and wants_folder(target, name):
            name = "dataset"
    else:
        name = name or "csv"
        terminal = sys.stdout.isatty() if stdout_is_terminal is None else stdout_is_terminal
        if name == "parquet" and terminal:
            raise UsageError(
                "--format parquet: refusing to write binary Parquet to a terminal; "
                "give -o FILE or pipe the output"
            )
    if excel and name != "csv":
        what = "a Parquet dataset" if name == "dataset" else "Parquet"
        raise UsageError(f"--excel applies to CSV only, and the output is {what}")
    return Output(target, name, excel)


def spool_stdin(folder: str | Path, suffix: str = "", stream: BinaryIO | None = None) -> Path:
    """Copy standard input into a file in ``folder`` (a PDF or table read from ``-``).

    Without ``suffix`` the file is named after what it holds: ``.pdf``, ``.parquet``, else
    ``.csv``. Raises :class:`FollowupError` when standard input is a terminal or empty.
    """
    source = stream if stream is not None else sys.stdin.buffer
    if stream is None and sys.stdin.isatty():
        raise FollowupError("-: standard input is a terminal; pipe a file into it")
    data = source.read()
    if not data:
        raise FollowupError("-: standard input is empty")
    if not suffix:
        suffix = ".pdf" if b"%PDF-" in data[:1024] else ".csv"
        if data[:4] == b"PAR1":
            suffix = ".parquet"
    path = Path(tempfile.mkdtemp(prefix="followup-stdin-", dir=folder)) / f"stdin{suffix}"
    path.write_bytes(data)
    return path


def ocr_store(
    stack: contextlib.ExitStack, cache: Path | None, no_cache: bool, *, keep: bool = False
) -> str | None:
    """Folder of the OCR store: the cache folder; with ``--no-cache`` none, or, when an audit page
    must show the OCRed copy (``keep``), a temporary folder that lives as long as ``stack``."""
    if not no_cache:
        return str(cache if cache is not None else default_cache_dir())
    if keep:
        return stack.enter_context(tempfile.TemporaryDirectory(prefix="followup-ocr-"))
    return None
