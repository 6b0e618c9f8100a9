"""Assemble the audit page and write it atomically."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from followup.atomic import write_text
from followup.audit import html as h
from followup.audit.assets import CSS, JS
from followup.audit.model import findings_by_kind, row_views, summarize
from followup.audit.pages import render_pages
from followup.audit.palette import status_colours
from followup.errors import FollowupError
from followup.guard import same_file
from followup.hashing import file_sha256
from followup.records import Extraction

#: Suffix of audit files written next to the current directory or into a folder.
AUDIT_SUFFIX = ".audit.html"


class AuditError(FollowupError):
    """The audit page could not be made. ``str(err)`` is ``"<file>: <reason>"``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def render_audit(
    extraction: Extraction,
    *,
    resolution: int = 100,
    password: str | None = None,
    done_word: str | None = None,
    image_format: str = "png",
) -> str:
    """The audit page for ``extraction`` as one HTML string (deterministic for the same input).

    ``done_word`` is the status counted as done in "N av M klara" (default: Klar or a synonym).
    """
    path = Path(extraction.path)
    try:
        sha = file_sha256(path)
    except OSError as err:
        raise AuditError(path, f"cannot read PDF: {err.strerror or err}") from err
    views = row_views(extraction)
    summary = summarize(views, done_word)
    colours = status_colours(sorted({v.status for v in views}), summary.done_word)
    groups = findings_by_kind(extraction.findings)
    numbered = [pair for _, items in groups for pair in items]

    sections: list[str] = []
    rendered: set[int] = set()
    try:
        for page in render_pages(
            path, resolution=resolution, password=password, image_format=image_format
        ):
            rendered.add(page.number)
            starting = [v for v in views if v.page == page.number]
            continuing = [
                v
                for v in views
                if v.page is not None and v.page < page.number <= (v.page_end or v.page)
            ]
            found = [(n, f) for n, f in numbered if f.page == page.number]
            sections.append(h.page_section(page, starting, continuing, found, colours))
    except FollowupError:
        raise
    except Exception as err:  # pdfplumber/pdfium raise many types for broken or locked files
        raise AuditError(path, f"cannot render pages: {err or type(err).__name__}") from err

    unplaced = [v for v in views if v.page not in rendered]
    header = (
        '<header><h1>Granskning av extraherade aktiviteter</h1><dl class="meta">'
        f'<dt>Fil</dt><dd id="meta-file">{h.esc(path.name)}</dd>'
        f'<dt>SHA-256</dt><dd id="meta-sha256" class="mono">{sha}</dd>'
        f'<dt>Sidor</dt><dd id="meta-pages">{extraction.pages}</dd>'
        f'<dt>Rader</dt><dd id="meta-rows">{len(views)}</dd>'
        f'<dt>Fynd</dt><dd id="meta-findings">{len(extraction.findings)}</dd></dl></header>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Granskning – {h.esc(path.name)}</title>"
        '<link rel="icon" href="data:,">'
        f"<style>{CSS}</style></head><body>"
        + header
        + h.summary_section(summary, colours)
        + h.findings_section(groups, views)
        + h.unplaced_section(unplaced, colours)
        + "".join(sections)
        + f"<script>{JS}</script></body></html>\n"
    )


def write_audit(
    extraction: Extraction,
    out_path: str | Path,
    *,
    resolution: int = 100,
    password: str | None = None,
) -> Path:
    """Render the audit page and write it to ``out_path`` (through :mod:`followup.atomic`)."""
    out = Path(out_path)
    if same_file(out, extraction.path):
        raise AuditError(out, f"is the input {extraction.path}; choose another output path")
    text = render_audit(extraction, resolution=resolution, password=password)
    write_text(out, text)
    return out


def audit_name(pdf: str | Path) -> str:
    """File name of the audit page for ``pdf``: ``<stem>.audit.html``."""
    return Path(pdf).stem + AUDIT_SUFFIX


def write_audits(
    extractions: Iterable[Extraction],
    out_dir: str | Path,
    *,
    resolution: int = 100,
    password: str | None = None,
) -> list[Path]:
    """Write ``<stem>.audit.html`` per extraction into ``out_dir`` (created if missing).

    Stems that repeat get ``-2``, ``-3``, ... so no page overwrites another.
    """
    folder = Path(out_dir)
    written: list[Path] = []
    used: set[str] = set()
    for extraction in extractions:
        stem = Path(extraction.path).stem
        name, k = stem, 1
        while name.casefold() in used:
            k += 1
            name = f"{stem}-{k}"
        used.add(name.casefold())
        written.append(
            write_audit(
                extraction,
                folder / (name + AUDIT_SUFFIX),
                resolution=resolution,
                password=password,
            )
        )
    return written
