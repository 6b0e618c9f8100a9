"""``followup diff OLD NEW [MORE...]``: year-over-year changes of follow-up reports."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from followup.commands import options as opt
from followup.commands.paths import STDIN, UsageError, resolve_output, spool_stdin
from followup.errors import FollowupError
from followup.extract.settings import ExtractOptions
from followup.guard import check_output

#: followup.diff.core.DEFAULT_MIN_SIMILARITY, written out here because importing it loads pandas
#: (tests/test_startup.py checks that the two agree)
DEFAULT_MIN_SIMILARITY = 80


def _fail(message: str, code: int = 1) -> NoReturn:
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code=code)


EXAMPLES = """Examples:

\b
followup diff rapport-2020.pdf rapport-2021.pdf -o changes.csv --summary
followup diff reports-2020/ reports-2021/ reports-2022/ --wide -o lineages.csv
followup extract new.pdf | followup diff old.csv - --excel -o changes.csv
"""


def diff_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="REPORT...",
            help="One year each: an extraction (.csv, .parquet), a Parquet dataset folder, a PDF "
            "or a folder of PDFs; - reads one from standard input. Put in year order whatever "
            "order they are given in; a dataset holding several years is split by year.",
        ),
    ],
    out: Annotated[
        Path | None,
        opt.output("Output file (.csv, .parquet), or - for standard output (the default)."),
    ] = None,
    fmt: opt.Format = None,
    excel: opt.Excel = False,
    min_similarity: Annotated[
        int,
        typer.Option(
            min=0,
            max=100,
            metavar="N",
            help="Activity similarity (0-100) from which rows pair on their text alone; below "
            "it they pair only in context.",
        ),
    ] = DEFAULT_MIN_SIMILARITY,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide", help="One row per activity across all years, a status column per year."
        ),
    ] = False,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Print the summary on stderr even when it is not a terminal."
        ),
    ] = False,
    password: opt.Password = None,
    jobs: opt.Jobs = None,
    timeout: opt.Timeout = 300.0,
    cache: opt.CacheDir = None,
    no_cache: opt.NoCache = False,
    cache_encrypted: opt.CacheEncrypted = False,
    cache_size: opt.CacheSize = opt.DEFAULT_CACHE_MB,
) -> None:
    """Compare reports year over year, report by report: unchanged, status_changed, reworded,
    added, removed; reports without a partner as report_added / report_removed."""
    if not paths:
        _fail("diff needs at least two years to compare, got none")
    if sum(str(p) == STDIN for p in paths) > 1:
        _fail("only one report can be read from standard input (-)", code=2)
    from followup.diff import diff_frames, diff_many, diff_wide, load_sides, render_summary
    from followup.tableio import write_table

    labels = [str(p) for p in paths]
    stack = contextlib.ExitStack()
    spooled: Path | None = None
    failures = []
    try:
        if any(str(p) == STDIN for p in paths):
            spooled = spool_stdin(stack.enter_context(tempfile.TemporaryDirectory()))
            paths = [spooled if str(p) == STDIN else p for p in paths]
        check_output(out, paths)
        target = resolve_output(out, fmt, excel=excel)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loaded = load_sides(
                paths,
                ExtractOptions(password=password),
                jobs=jobs,
                timeout=timeout,
                cache_dir=cache,
                use_cache=not no_cache,
                cache_encrypted=cache_encrypted,
                cache_max_bytes=cache_size * 1_000_000,
            )
            failures = loaded.failures
            for failure in failures:
                sys.stderr.write(f"error: {failure}\n")
            names = dict(zip(map(str, paths), labels, strict=True))
            sides = [(names.get(label, label), frame) for label, frame in loaded.sides]
            frames = [frame for _, frame in sides]
            side_labels = [label for label, _ in sides]
            if len(frames) < 2:
                given = ", ".join(side_labels) or "nothing readable"
                raise FollowupError(
                    f"diff needs at least two years to compare, got {len(frames)} ({given})"
                )
            if wide:
                result = diff_wide(frames, min_similarity=min_similarity, labels=side_labels)
            elif len(frames) == 2:
                result = diff_frames(
                    frames[0],
                    frames[1],
                    min_similarity=min_similarity,
                    labels=(side_labels[0], side_labels[1]),
                )
            else:
                result = diff_many(frames, min_similarity=min_similarity, labels=side_labels)
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
    if (summary or sys.stderr.isatty()) and not wide:
        from rich.console import Console

        render_summary(result, Console(file=sys.stderr))
    if failures:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add the ``diff`` command to ``app``."""
    app.command("diff", epilog=EXAMPLES)(diff_command)
