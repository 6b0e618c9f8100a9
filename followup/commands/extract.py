"""``followup extract PATH... [-o OUT]``: follow-up PDFs → one tidy table (CSV or Parquet)."""

from __future__ import annotations

import contextlib
import functools
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.commands import options as opt
from followup.commands.paths import (
    STDIN,
    UsageError,
    ocr_store,
    plural,
    resolve_output,
    spool_stdin,
    wants_folder,
)
from followup.errors import EXIT_FAILED, EXIT_PARTIAL, EXIT_USAGE, ExtractError, FollowupError
from followup.extract.settings import ExtractOptions
from followup.guard import check_output

if TYPE_CHECKING:  # imported where used: `followup --help` loads neither pandas nor pdfplumber
    from rich.console import Console
    from rich.table import Table

    from followup.batch import BatchResult

#: Findings also printed as warnings.
WARNED = ("low_status", "garbled_text", "damaged_page", "low_ocr_confidence")


def summary_table(counts: Counter[tuple[str, str]]) -> Table:
    """Activities per status (rows) × perspective (columns), with totals."""
    from rich.table import Table

    from followup.summary import summarize_counts

    summary = summarize_counts(counts)
    table = Table(title="Activities per perspective × status")
    table.add_column("status")
    for name in summary.perspectives:
        table.add_column(name or "—", justify="right")
    table.add_column("total", justify="right")
    for word in summary.statuses:
        row = [summary.counts.get((p, word), 0) for p in summary.perspectives]
        table.add_row(word, *map(str, row), str(summary.column_total(word)))
    totals = [summary.totals[p] for p in summary.perspectives]
    table.add_row("total", *map(str, totals), str(summary.total), style="bold")
    return table


def _console() -> Console:
    """A rich console on standard error (the summary and the progress bar)."""
    from rich.console import Console

    return Console(stderr=True)


EXAMPLES = """Examples:

\b
followup extract samples/ -o rows.csv
followup extract reports/ --format parquet -o rows/   (partitioned by year)
curl -s https://example.org/vp.pdf | followup extract - --excel -o rows.csv
"""


def extract_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="PDF files or folders (searched for *.pdf); - reads one PDF from standard input.",
        ),
    ],
    out: Annotated[
        Path | None,
        opt.output(
            "Output file (.csv, .parquet), a folder for a Parquet dataset partitioned by "
            "year (with --format parquet), or - for standard output (the default)."
        ),
    ] = None,
    fmt: opt.Format = None,
    excel: opt.Excel = False,
    jobs: opt.Jobs = None,
    year: Annotated[
        int | None,
        typer.Option(
            min=1900, max=2100, metavar="YEAR", help="Use this year instead of the detected one."
        ),
    ] = None,
    password: opt.Password = None,
    max_pages: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Refuse documents with more pages.")
    ] = None,
    timeout: opt.Timeout = 300.0,
    cache: opt.CacheDir = None,
    no_cache: opt.NoCache = False,
    cache_encrypted: opt.CacheEncrypted = False,
    cache_size: opt.CacheSize = opt.DEFAULT_CACHE_MB,
    ocr: opt.Ocr = "auto",
    audit: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Also write an HTML audit page per PDF into DIR."),
    ] = None,
    structure: Annotated[
        str,
        typer.Option(
            help="Read rows from the PDF's tags, its page geometry, or both checked (auto)."
        ),
    ] = "auto",
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Run the files as tasks on this Dask scheduler (tcp://host:8786) instead of "
            "local processes; needs 'followup[dask]', and workers must see the files.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary, no warnings.")] = False,
) -> None:
    """Extract follow-up tables from PDFs into one table with provenance for every row.

    Writes CSV on standard output unless -o says otherwise; a summary goes to standard error.
    """
    from followup.batch import expand_paths, run_batch, write_dataset
    from followup.extract.ocr import OCR_MODES
    from followup.extract.structure import STRUCTURES
    from followup.tableio import write_table

    err = None if quiet else _console()  # rich is loaded only to print
    stack = contextlib.ExitStack()
    stdin_pdf: Path | None = None
    audit_failures: list[tuple[str, str]] = []
    try:
        if any(str(p) == STDIN for p in paths):
            stdin_pdf = spool_stdin(stack.enter_context(tempfile.TemporaryDirectory()), ".pdf")
            paths = [stdin_pdf if str(p) == STDIN else p for p in paths]
        check_output(out, [*paths, *expand_paths(paths)], folder=wants_folder(out, fmt))
        target = resolve_output(out, fmt, excel=excel, dataset=True)
        dataset = target.format == "dataset"
        if structure not in STRUCTURES:
            raise UsageError(f"unknown structure {structure!r} (use auto, tags or geometry)")
        if ocr not in OCR_MODES:
            raise UsageError(f"unknown --ocr {ocr!r} (use auto, always or never)")
        ocr_cache = ocr_store(stack, cache, no_cache, keep=audit is not None)
        options = ExtractOptions(
            year=year,
            password=password,
            max_pages=max_pages,
            structure=structure,
            ocr=ocr,
            ocr_cache=ocr_cache,
        )
        cache_args: dict[str, Any] = {
            "cache_dir": cache,
            "use_cache": not no_cache,
            "cache_encrypted": cache_encrypted,
            "cache_max_bytes": cache_size * 1_000_000,
        }
        run: Callable[..., BatchResult] = functools.partial(
            run_batch, paths, options, jobs=jobs, timeout=timeout, **cache_args
        )
        # On a cluster, a dataset is written by the workers (no row passes through here),
        # unless the audit pages need the rows.
        workers_write = scheduler is not None and dataset and audit is None
        if scheduler is not None:
            from followup.cluster import connect, extract_dataset

            client = stack.enter_context(connect(scheduler))
            run = functools.partial(run, client=client)
            if workers_write:
                run = functools.partial(
                    extract_dataset,
                    paths,
                    options,
                    target.target,
                    client=client,
                    timeout=timeout,
                    **cache_args,
                )
        if err is not None and err.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            with Progress(
                TextColumn("extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[pages]} pages ({task.fields[ocr]} OCR)"),
                TimeElapsedColumn(),
                console=err,
            ) as bar:
                task = bar.add_task("files", total=None, pages=0, ocr=0)

                def progress(done: int, total: int, pages: int, ocr_pages: int) -> None:
                    bar.update(task, completed=done, total=total, pages=pages, ocr=ocr_pages)

                result = run(on_progress=progress)
        else:
            result = run()
        if stdin_pdf is not None:
            _name_stdin(result, stdin_pdf)
        if result.files == 0:
            raise FollowupError("no PDF files found in " + ", ".join(str(p) for p in paths))
        if not result.extractions or workers_write:
            pass  # nothing succeeded: write nothing, so a failed run never replaces a good file
        elif dataset:
            write_dataset(result.frame(), target.target)
        else:  # CSV straight from the rows' columns: no pandas (RowTable)
            table = result.table() if target.format == "csv" else None
            rows = table if table is not None else result.frame()
            write_table(rows, target.target, excel=excel, fmt=target.format)
        if audit is not None:
            from followup.audit import write_audits

            audit_failures = write_audits(
                result.extractions,
                audit,
                password=password,
                jobs=jobs,
                failures=[(str(f.path), f.reason) for f in result.failures],
            ).failures
    except UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(code=EXIT_USAGE) from None
    except FollowupError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(code=1) from None
    finally:
        stack.close()
    partial = sum(any(f.kind == "damaged_page" for f in e.findings) for e in result.extractions)
    if err is not None:
        for extraction in result.extractions:
            for finding in extraction.findings:
                if finding.kind in WARNED:
                    sys.stderr.write(f"warning: {finding.message}\n")
        err.print(
            f"{plural(result.files, 'file')} ({result.cached} from cache), "
            f"{plural(result.pages, 'page')}"
            + (f" ({result.ocr_pages} OCR)" if result.ocr_pages else "")
            + ", "
            f"{plural(result.rows, 'row')}, "
            f"{len(result.failures)} failed"
            + (f", {partial} partial (damaged pages)" if partial else "")
        )
        if result.rows:
            err.print(summary_table(result.status_counts()))
    for failure in result.failures:
        sys.stderr.write(f"error: {failure}\n")
    for source, reason in audit_failures:
        sys.stderr.write(f"error: {source}: audit page: {reason}\n")
    if result.failures or audit_failures:
        raise typer.Exit(code=EXIT_FAILED)
    if partial:
        raise typer.Exit(code=EXIT_PARTIAL)  # every readable row was written; some may be missing


def _name_stdin(result: BatchResult, spooled: Path) -> None:
    """Rows and failures of the PDF read from standard input name it ``-``, as the user did."""
    for extraction in result.extractions:
        if extraction.path == spooled:
            extraction.path = Path(STDIN)
            table = extraction.table
            for col in ("source", "path"):
                if table is not None and col in table.columns:
                    table = table.with_column(col, STDIN)
                    extraction.rows = table
                elif table is None and col in extraction.rows.columns:
                    extraction.rows[col] = STDIN
    result.failures = [
        ExtractError(STDIN, f.reason) if f.path == spooled else f for f in result.failures
    ]


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command to ``app``."""
    app.command("extract", epilog=EXAMPLES)(extract_command)
