"""``followup audit PDF... [-o OUT]``: one self-contained HTML audit page per PDF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from followup.atomic import OutputError
from followup.errors import FollowupError
from followup.guard import check_output


def _error(pdf: Path, reason: str) -> None:
    sys.stderr.write(f"error: {pdf}: {reason}\n")


def _targets(pdfs: list[Path], out: Path | None) -> list[Path]:
    """Output file per PDF: OUT itself for one PDF (unless it is a folder), else OUT/<name>."""
    from followup.audit.render import audit_name

    if out is None:
        return [Path.cwd() / audit_name(p) for p in pdfs]
    if len(pdfs) == 1 and not out.is_dir() and out.suffix:
        return [out]
    names: list[str] = []
    for pdf in pdfs:
        stem, name, k = Path(pdf).stem, audit_name(pdf), 1
        while name.casefold() in (n.casefold() for n in names):
            k += 1
            name = audit_name(f"{stem}-{k}.pdf")
        names.append(name)
    return [out / n for n in names]


def audit_command(
    pdfs: Annotated[list[Path], typer.Argument(help="PDF reports to audit.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            help="File for one PDF, folder for several (default: STEM.audit.html here).",
        ),
    ] = None,
    password: Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")] = None,
    resolution: Annotated[
        int, typer.Option(min=36, max=300, help="Page image resolution in dpi.")
    ] = 100,
) -> None:
    """Write an HTML page per PDF showing every extracted row boxed on its page, with findings."""
    from followup import extract_document
    from followup.audit import write_audit

    failed = False
    for pdf, target in zip(pdfs, _targets(pdfs, out), strict=True):
        try:
            check_output(target, pdfs)
            extraction = extract_document(pdf, password=password)
            write_audit(extraction, target, resolution=resolution, password=password)
        except OutputError as err:  # names the output, not the PDF
            sys.stderr.write(f"error: {err}\n")
            failed = True
        except FollowupError as err:
            reason = getattr(err, "reason", None)
            _error(pdf, reason if isinstance(reason, str) else str(err))
            failed = True
        except (OSError, ValueError) as err:
            _error(pdf, str(err).splitlines()[0] if str(err) else type(err).__name__)
            failed = True
        else:
            sys.stdout.write(f"{target}\n")
    if failed:
        raise typer.Exit(code=1)


EXAMPLES = """Examples:

  followup audit uppfoljning-2020.pdf

  followup audit reports/*.pdf -o audits/
"""


def register(app: typer.Typer) -> None:
    """Add the ``audit`` command to ``app``."""
    app.command("audit", epilog=EXAMPLES)(audit_command)
