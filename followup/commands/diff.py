"""``followup diff OLD NEW [MORE...]``: year-over-year changes of follow-up reports."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from followup.commands.paths import STDIN, Format, UsageError, resolve_output, spool_stdin
from followup.diff import DEFAULT_MIN_SIMILARITY, diff_frames, diff_many, load_side, render_summary
from followup.errors import FollowupError
from followup.guard import check_output
from followup.tableio import write_table


def _fail(message: str, code: int = 1) -> NoReturn:
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code=code)


EXAMPLES = """Examples:

  followup diff uppfoljning-2020.pdf uppfoljning-2021.pdf -o changes.csv --summary

  followup diff rows-2020.csv rows-2021.parquet rows-2022.pdf --format parquet -o changes.parquet

  followup extract new.pdf | followup diff old.csv - --excel -o changes.csv
"""


def diff_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="REPORT...",
            help="Two or more reports: PDFs or extractions (.csv, .parquet); - reads one from "
            "standard input.",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            metavar="OUT",
            help="Output file (.csv, .parquet), or - for standard output (the default).",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="Output format; decides over the suffix of OUT (default: from OUT, else csv).",
        ),
    ] = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV for Swedish Excel and LibreOffice Calc: ';', BOM, decimal commas, "
            "formula-like text shown but never run.",
        ),
    ] = False,
    min_similarity: Annotated[
        int,
        typer.Option(
            min=0,
            max=100,
            metavar="N",
            help="Lowest activity similarity (0-100) still matched as the same activity.",
        ),
    ] = DEFAULT_MIN_SIMILARITY,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Print the summary on stderr even when it is not a terminal."
        ),
    ] = False,
) -> None:
    """Compare reports year over year: unchanged, status_changed, reworded, added, removed."""
    if len(paths) < 2:
        _fail(f"diff needs at least two reports, got {len(paths)}")
    if sum(str(p) == STDIN for p in paths) > 1:
        _fail("only one report can be read from standard input (-)", code=2)
    labels = [str(p) for p in paths]
    stack = contextlib.ExitStack()
    spooled: Path | None = None
    try:
        if any(str(p) == STDIN for p in paths):
            spooled = spool_stdin(stack.enter_context(tempfile.TemporaryDirectory()))
            paths = [spooled if str(p) == STDIN else p for p in paths]
        check_output(out, paths)
        target = resolve_output(out, fmt, excel=excel)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frames = [load_side(p) for p in paths]
            if len(frames) == 2:
                result = diff_frames(
                    frames[0],
                    frames[1],
                    min_similarity=min_similarity,
                    labels=(labels[0], labels[1]),
                )
            else:
                result = diff_many(frames, min_similarity=min_similarity, labels=labels)
        for w in caught:
            sys.stderr.write(f"warning: {w.message}\n")
        write_table(result, target.target, excel=excel, fmt=target.format)
    except UsageError as err:
        _fail(str(err), code=2)
    except FollowupError as err:
        _fail(str(err) if spooled is None else str(err).replace(str(spooled), STDIN))
    except (OSError, ValueError) as err:
        _fail(str(err).splitlines()[0] if str(err) else type(err).__name__)
    finally:
        stack.close()
    if summary or sys.stderr.isatty():
        render_summary(result, Console(file=sys.stderr))


def register(app: typer.Typer) -> None:
    """Add the ``diff`` command to ``app``."""
    app.command("diff", epilog=EXAMPLES)(diff_command)
