"""``followup diff OLD NEW [MORE...]``: year-over-year changes of follow-up reports."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from followup.diff import DEFAULT_MIN_SIMILARITY, diff_frames, diff_many, load_side, render_summary
from followup.errors import FollowupError
from followup.guard import check_output
from followup.tableio import write_table


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code=1)


def diff_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Reports (.pdf, .csv, .parquet), two or more.")
    ],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write .csv or .parquet here (else stdout).")
    ] = None,
    excel: Annotated[bool, typer.Option(help="CSV for spreadsheets (; and BOM).")] = False,
    min_similarity: Annotated[
        int,
        typer.Option(help="Lowest activity similarity (0-100) still matched as the same activity."),
    ] = DEFAULT_MIN_SIMILARITY,
    summary: Annotated[
        bool, typer.Option(help="Print the summary on stderr even when it is not a terminal.")
    ] = False,
) -> None:
    """Compare reports year over year: unchanged, status_changed, reworded, added, removed."""
    if len(paths) < 2:
        _fail(f"diff needs at least two reports, got {len(paths)}")
    labels = [str(p) for p in paths]
    try:
        check_output(out, paths)
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
        write_table(result, "-" if out is None else out, excel=excel)
    except FollowupError as err:
        _fail(str(err))
    except (OSError, ValueError) as err:
        _fail(str(err).splitlines()[0] if str(err) else type(err).__name__)
    if summary or sys.stderr.isatty():
        render_summary(result, Console(file=sys.stderr))


def register(app: typer.Typer) -> None:
    """Add the ``diff`` command to ``app``."""
    app.command("diff")(diff_command)
