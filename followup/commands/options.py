"""The options every command that reads PDFs or writes a table spells the same way.

Each is a type for a command's parameter (``fmt: options.Format = None``), so a flag's name,
help and checks are written once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from followup.cache import DEFAULT_MAX_BYTES
from followup.commands.paths import Format as OutputFormat

#: ``--cache-size MB``, the same for every command that extracts PDFs.
DEFAULT_CACHE_MB = DEFAULT_MAX_BYTES // 1_000_000
CacheSize = Annotated[
    int,
    typer.Option(
        min=0,
        metavar="MB",
        help="Size limit of the cache in MB; least recently used entries go first.",
    ),
]


def _positive_seconds(value: float) -> float:
    if value <= 0:
        raise typer.BadParameter(f"must be more than 0 seconds, not {value:g}")
    return value


# Options every command that reads PDFs or writes a table spells the same way.
Format = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        case_sensitive=False,
        help="Output format; decides over the suffix of OUT (default: from OUT, else csv).",
    ),
]
Excel = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="CSV for Swedish Excel and LibreOffice Calc: ';', BOM, decimal commas, "
        "booleans 1/0, formula-like text shown but never run.",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(min=1, metavar="N", help="Parallel worker processes (default: all cores)."),
]
Password = Annotated[str | None, typer.Option(metavar="TEXT", help="Password for encrypted PDFs.")]
Timeout = Annotated[
    float,
    typer.Option(metavar="SECONDS", callback=_positive_seconds, help="Seconds one file may take."),
]
CacheDir = Annotated[
    Path | None,
    typer.Option(metavar="DIR", help="Cache folder (default: ~/.cache/followup)."),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Extract everything anew.")]
CacheEncrypted = Annotated[
    bool,
    typer.Option(
        "--cache-encrypted",
        help="Also cache rows of password-protected PDFs (files 0600; served only when the "
        "password given in that run opens the PDF).",
    ),
]


#: ``--ocr auto|always|never``, the same for every command that extracts PDFs.
Ocr = Annotated[
    str,
    typer.Option(
        metavar="auto|always|never",
        help="OCR scanned pages: auto (pages without a usable text layer), always, never.",
    ),
]


def output(help_text: str) -> Any:
    """``-o/--out OUT``, with the command's own words for what OUT may be."""
    return typer.Option("-o", "--out", metavar="OUT", help=help_text)
