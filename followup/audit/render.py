"""Assemble the audit page and write it atomically."""

from __future__ import annotations

from pathlib import Path

from followup.atomic import write_text
from followup.audit import html as h
from followup.audit.assets import CSS, JS
from followup.audit.i18n import DEFAULT_LANGUAGE, Catalogue
from followup.audit.model import findings_by_level, level_counts, row_views, summarize, text
from followup.audit.pages import render_pages
from followup.audit.palette import status_colours
from followup.errors import FileError, FollowupError
from followup.guard import same_file
from followup.hashing import file_sha256
from followup.records import Extraction, finding_level

#: Suffix of audit files written next to the current directory or into a folder.
AUDIT_SUFFIX = ".audit.html"


class AuditError(FileError):
    """The audit page could not be made. ``str(err)`` is ``"<file>: <reason>"``."""


def render_audit(
    extraction: Extraction,
    *,
    resolution: int = 100,
    password: str | None = None,
    done_word: str | None = None,
    image_format: str = "png",
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The audit page for ``extraction`` as one HTML string (deterministic for the same input).

    ``done_word`` is the status counted as done in "N av M klara" (default: Klar or a synonym);
    ``lang`` is ``"sv"`` (default) or ``"en"`` for every text on the page.
    """
    cat = Catalogue(lang)
    path = Path(extraction.path)
    try:
        sha = file_sha256(path)
    except OSError as err:
        raise AuditError(path, f"cannot read PDF: {err.strerror or err}") from err
    views = row_views(extraction, (cat.t("yes"), cat.t("no")))
    summary = summarize(views, done_word)
    colours = status_colours(sorted({v.status for v in views}), summary.done_word)
    numbered = list(enumerate(extraction.findings, start=1))
    counts = level_counts(extraction.findings)

    sections: list[str] = []
    index: list[tuple[int, int, str]] = []
    try:
        # a scan's rows are boxes on its OCRed copy (rotated upright, deskewed): show that copy
        ocr_pdf = extraction.ocr_pdf
        shown, shown_password = (
            (Path(ocr_pdf), None)
            if ocr_pdf is not None and Path(ocr_pdf).is_file()
            else (path, password)
        )
        for page in render_pages(
            shown, resolution=resolution, password=shown_password, image_format=image_format
        ):
            starting = [v for v in views if v.page == page.number]
            continuing = [
                v
                for v in views
                if v.page is not None and v.page < page.number <= (v.page_end or v.page)
            ]
            found = [(n, f) for n, f in numbered if f.page == page.number]
            sections.append(h.page_section(page, starting, continuing, found, colours, cat))
            levels = {finding_level(f.kind) for _, f in found}
            worst = next((lv for lv in ("error", "warning") if lv in levels), "")
            index.append((page.number, len(starting), worst))
    except FollowupError:
        raise
    except Exception as err:  # pdfplumber/pdfium raise many types for broken or locked files
        raise AuditError(path, f"cannot render pages: {err or type(err).__name__}") from err

    columns = [c for c, _ in views[0].fields] if views else []
    identity = _identity(extraction)
    return (
        f'<!DOCTYPE html>\n<html lang="{cat.lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{h.esc(cat.t('title_short'))} – {h.esc(path.name)}</title>"
        '<link rel="icon" href="data:,">'
        f"<style>{CSS}</style></head><body>"
        + h.header(cat, path.name, sha, extraction.pages, len(views), counts, identity)
        + h.summary_section(summary, colours, cat)
        + h.findings_section(findings_by_level(extraction.findings), views, cat)
        + h.page_index(index, cat)
        + '<div class="layout"><main class="pages">'
        + "".join(sections)
        + "</main>"
        + h.row_panel(
            views,
            colours,
            cat,
            summary.perspectives,
            summary.statuses,
        )
        + "</div>"
        + h.json_script("audit-data", h.page_data(views, cat, sha, path.name, columns))
        + f"<script>{JS}</script></body></html>\n"
    )


#: Columns that name the report, shown once in the header when the rows carry them.
IDENTITY_COLUMNS = ("path", "report", "organisation")


def _identity(extraction: Extraction) -> list[tuple[str, str]]:
    rows = extraction.rows
    found = []
    for column in IDENTITY_COLUMNS:
        if column in rows.columns and len(rows):
            value = text(rows[column].iloc[0])
            if value:
                found.append((column, value))
    return found


def write_audit(
    extraction: Extraction,
    out_path: str | Path,
    *,
    resolution: int = 100,
    password: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> Path:
    """Render the audit page and write it to ``out_path`` (through :mod:`followup.atomic`)."""
    out = Path(out_path)
    if same_file(out, extraction.path):
        raise AuditError(out, f"is the input {extraction.path}; choose another output path")
    text = render_audit(extraction, resolution=resolution, password=password, lang=lang)
    write_text(out, text)
    return out


def audit_name(pdf: str | Path) -> str:
    """File name of the audit page for ``pdf``: ``<stem>.audit.html``."""
    return Path(pdf).stem + AUDIT_SUFFIX
