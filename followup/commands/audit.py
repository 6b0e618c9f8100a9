"""``followup audit PATH... [-o OUT]``: one self-contained HTML audit page per PDF, and an index."""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from followup.atomic import OutputError
from followup.commands import options as opt
from followup.commands.paths import ocr_store
from followup.errors import EXIT_USAGE, FollowupError
from followup.guard import check_output

EXAMPLES = """Examples:

\b
followup audit uppfoljning-2020.pdf
followup audit reports/ -o audits/ --jobs 4
followup audit uppfoljning-2020.pdf -o granskning.html --lang en
"""


class Lang(StrEnum):
    """Languages of ``--lang`` (followup.audit.i18n.LANGUAGES)."""

    sv = "sv"
    en = "en"


def _error(pdf: object, reason: str) -> None:
    sys.stderr.write(f"error: {pdf}: {reason}\n")


def audit_command(
    paths: Annotated[
        list[Path], typer.Argument(help="PDF reports or folders (searched for *.pdf).")
    ],
    out: Annotated[
        Path | None,
        opt.output(
            "File for one PDF; folder for several, with index.html (default: STEM.audit.html here)."
        ),
    ] = None,
    jobs: opt.Jobs = None,
    lang: Annotated[
        Lang, typer.Option(help="Language of every text on the page: Swedish or English.")
    ] = Lang.sv,
    password: opt.Password = None,
    resolution: Annotated[
        int, typer.Option(min=36, max=300, help="Page image resolution in dpi.")
    ] = 100,
    timeout: opt.Timeout = 300.0,
    cache: opt.CacheDir = None,
    no_cache: opt.NoCache = False,
    ocr: opt.Ocr = "auto",
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar.")] = False,
) -> None:
    """Write an HTML page per PDF showing every extracted row boxed on its page, with findings
    by level, a searchable row table and a sign-off column; several PDFs also get index.html."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from followup.audit.collection import INDEX_NAME, write_audits
    from followup.batch import expand_paths, run_batch
    from followup.extract import ExtractOptions

    err = Console(stderr=True)
    if out is not None and str(out) == "-":
        sys.stderr.write("error: -o -: audit pages are files; give a file or folder name\n")
        raise typer.Exit(code=2)
    files = expand_paths(paths)
    if not files:
        sys.stderr.write("error: no PDF files found in " + ", ".join(str(p) for p in paths) + "\n")
        raise typer.Exit(code=1)
    single = (
        len(files) == 1
        and not paths[0].is_dir()
        and out is not None
        and out.suffix
        and not out.is_dir()
    )
    folder = out if out is not None and not single else Path.cwd()
    try:
        if single:
            check_output(out, [*paths, *files])
        elif folder.exists() and not folder.is_dir():
            raise OutputError(folder, "is a file; give a folder for several PDFs")
    except OutputError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(code=1) from None
    from followup.extract.ocr import OCR_MODES

    if ocr not in OCR_MODES:
        sys.stderr.write(f"error: unknown --ocr {ocr!r} (use auto, always or never)\n")
        raise typer.Exit(code=EXIT_USAGE)
    show = err.is_terminal and not quiet
    try:
        with (
            contextlib.ExitStack() as stack,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                console=err,
                disable=not show,
            ) as bar,
        ):
            # the page shows a scan's OCRed copy (its rows' boxes are on it): keep it to the end
            options = ExtractOptions(
                password=password, ocr=ocr, ocr_cache=ocr_store(stack, cache, no_cache, keep=True)
            )
            extracting = bar.add_task("extracting", total=len(files), detail="")
            result = run_batch(
                files,
                options,
                jobs=jobs,
                timeout=timeout,
                cache_dir=cache,
                use_cache=not no_cache,
                on_progress=lambda done, total, pages, ocr_pages: bar.update(
                    extracting,
                    completed=done,
                    total=total,
                    detail=f"{pages} pages ({ocr_pages} OCR)",
                ),
            )
            writing = bar.add_task("writing pages", total=len(result.extractions), detail="")
            failures = [(str(f.path), f.reason) for f in result.failures]
            if single:
                assert out is not None
                batch = write_audits(
                    result.extractions,
                    out.parent,
                    resolution=resolution,
                    password=password,
                    lang=lang.value,
                    index=False,
                    names=[out.name] * len(result.extractions),
                )
            else:
                batch = write_audits(
                    result.extractions,
                    folder,
                    resolution=resolution,
                    password=password,
                    lang=lang.value,
                    jobs=jobs,
                    failures=failures,
                    index=len(files) > 1 or out is not None,
                    on_progress=lambda done, total: bar.update(
                        writing, completed=done, total=total
                    ),
                )
    except FollowupError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(code=1) from None
    for entry in batch.entries:
        sys.stdout.write(f"{entry.page}\n")
    if batch.index is not None:
        sys.stdout.write(f"{batch.index}\n")
    elif batch.index_skipped:
        sys.stderr.write(
            f"warning: {folder / INDEX_NAME}: not written, the file there was not made by "
            "followup\n"
        )
    for source, reason in [*failures, *batch.failures]:
        _error(source, reason)
    if failures or batch.failures:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add the ``audit`` command to ``app``."""
    app.command("audit", epilog=EXAMPLES)(audit_command)
