"""``followup extract PATH... [-o OUT]``: follow-up PDFs → one tidy table (CSV or Parquet)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from followup.atomic import STDOUT
from followup.batch import expand_paths, run_batch, write_dataset
from followup.cache import DEFAULT_MAX_BYTES
from followup.errors import FollowupError
from followup.extract.settings import ExtractOptions
from followup.guard import check_output
from followup.tableio import write_table


def summary_table(frame: pd.DataFrame) -> Table:
    """Activities per status (rows) × perspective (columns), with totals."""
    status = frame["status"].fillna("").replace("", "(tom)")
    perspective = frame["perspective"].fillna("").replace("", "—")
    perspectives = list(dict.fromkeys(perspective))
    table = Table(title="Activities per perspective × status")
    table.add_column("status")
    for name in perspectives:
        table.add_column(str(name), justify="right")
    table.add_column("total", justify="right")
    for word in list(dict.fromkeys(status)):
        mask = status == word
        counts = [int((mask & (perspective == p)).sum()) for p in perspectives]
        table.add_row(str(word), *map(str, counts), str(int(mask.sum())))
    totals = [int((perspective == p).sum()) for p in perspectives]
    table.add_row("total", *map(str, totals), str(len(frame)), style="bold")
    return table


def extract_command(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched for *.pdf).")],
    out: Annotated[
        Path | None,
        typer.Option(
            "-o", "--out", help="Output .csv or .parquet (a folder with --format parquet)."
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="csv or parquet; parquet with a folder OUT writes a dataset partitioned by year.",
        ),
    ] = None,
    excel: Annotated[
        bool,
        typer.Option(help="CSV for Swedish Excel: ';', UTF-8 BOM, formula-like cells neutralized."),
    ] = False,
    jobs: Annotated[
        int | None, typer.Option(help="Parallel worker processes (default: cores).")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Use this year instead of the detected one.")
    ] = None,
    password: Annotated[str | None, typer.Option(help="Password for encrypted PDFs.")] = None,
    max_pages: Annotated[int | None, typer.Option(help="Refuse documents with more pages.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds one file may take.")] = 300.0,
    cache: Annotated[Path | None, typer.Option(help="Cache folder (default: user cache).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Extract everything anew.")] = False,
    cache_encrypted: Annotated[
        bool,
        typer.Option(
            "--cache-encrypted",
            help="Also cache rows of password-protected PDFs (files 0600; served only when the "
            "password given in that run opens the PDF).",
        ),
    ] = False,
    cache_size: Annotated[
        int,
        typer.Option(
            min=0, help="Size limit of the cache in MB; least recently used entries go first."
        ),
    ] = DEFAULT_MAX_BYTES // 1_000_000,
    audit: Annotated[
        Path | None, typer.Option(help="Also write an HTML audit report per PDF into this folder.")
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary, no warnings.")] = False,
) -> None:
    """Extract follow-up tables from PDFs into one table with provenance for every row."""
    err = Console(stderr=True)
    try:
        fmt_name = fmt or (out.suffix.lstrip(".") if out is not None and out.suffix else "csv")
        if fmt_name.lower() not in ("csv", "parquet"):
            raise FollowupError(f"unknown format {fmt_name!r} (use csv or parquet)")
        dataset = (
            out is not None
            and fmt_name.lower() == "parquet"
            and (out.is_dir() or not out.suffix)
            and str(out) != STDOUT
        )
        check_output(out, [*paths, *expand_paths(paths)], folder=dataset)
        options = ExtractOptions(year=year, password=password, max_pages=max_pages)
        cache_args: dict[str, Any] = {
            "cache_dir": cache,
            "use_cache": not no_cache,
            "cache_encrypted": cache_encrypted,
            "cache_max_bytes": cache_size * 1_000_000,
        }
        if err.is_terminal and not quiet:
            with Progress(
                TextColumn("extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[pages]} pages"),
                TimeElapsedColumn(),
                console=err,
            ) as bar:
                task = bar.add_task("files", total=None, pages=0)

                def progress(done: int, total: int, pages: int) -> None:
                    bar.update(task, completed=done, total=total, pages=pages)

                result = run_batch(
                    paths,
                    options,
                    jobs=jobs,
                    timeout=timeout,
                    on_progress=progress,
                    **cache_args,
                )
        else:
            result = run_batch(paths, options, jobs=jobs, timeout=timeout, **cache_args)
        if result.files == 0:
            raise FollowupError("no PDF files found in " + ", ".join(str(p) for p in paths))
        frame = result.frame()
        if not result.extractions:
            pass  # nothing succeeded: write nothing, so a failed run never replaces a good file
        elif out is not None and dataset:
            write_dataset(frame, out)
        else:
            write_table(frame, STDOUT if out is None else out, excel=excel)
        if audit is not None:
            from followup.audit import write_audits

            write_audits(result.extractions, audit, password=password)
    except FollowupError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(code=1) from None
    if not quiet:
        for extraction in result.extractions:
            for finding in extraction.findings:
                if finding.kind in ("low_status", "garbled_text"):
                    sys.stderr.write(f"warning: {finding.message}\n")
        err.print(
            f"{result.files} files ({result.cached} from cache), {result.pages} pages, "
            f"{len(frame)} rows, {len(result.failures)} failed"
        )
        if len(frame):
            err.print(summary_table(frame))
    for failure in result.failures:
        sys.stderr.write(f"error: {failure}\n")
    if result.failures:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
