"""Audit pages for many reports: written in parallel, with an ``index.html`` linking them all."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from followup.atomic import OutputError, write_text
from followup.audit import html as h
from followup.audit.assets import INDEX_CSS
from followup.audit.i18n import DEFAULT_LANGUAGE, Catalogue
from followup.audit.model import level_counts, row_views, summarize
from followup.audit.render import AUDIT_SUFFIX, AuditError, write_audit
from followup.errors import FollowupError
from followup.records import FINDING_LEVEL_ORDER, Extraction

#: File name of the page linking every audit page of a folder.
INDEX_NAME = "index.html"

#: Called after each page with (pages written or failed, pages in total).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AuditEntry:
    """One written audit page and the counts the index shows for it."""

    source: str  # the PDF as given
    page: Path  # the audit page written
    pages: int
    rows: int
    done: int
    done_word: str | None
    levels: dict[str, int]


@dataclass
class AuditBatch:
    """Pages written (input order), pages that failed as (PDF, reason), the index page."""

    entries: list[AuditEntry] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    index: Path | None = None
    index_skipped: bool = False  # an index.html not written by followup was left alone


def audit_entry(extraction: Extraction, page: Path) -> AuditEntry:
    """Counts of ``extraction`` for the index (the same ones its page shows)."""
    summary = summarize(row_views(extraction))
    return AuditEntry(
        source=str(extraction.path),
        page=page,
        pages=extraction.pages,
        rows=summary.total,
        done=summary.total_done,
        done_word=summary.done_word,
        levels=level_counts(extraction.findings),
    )


def unique_names(paths: Iterable[str | Path]) -> list[str]:
    """``<stem>.audit.html`` per PDF; stems that repeat (any case) get ``-2``, ``-3``, ..."""
    names: list[str] = []
    used: set[str] = set()
    for path in paths:
        stem = Path(path).stem
        name, k = stem, 1
        while name.casefold() in used or name.casefold() == "index":
            k += 1
            name = f"{stem}-{k}"
        used.add(name.casefold())
        names.append(name + AUDIT_SUFFIX)
    return names


def _write_one(
    extraction: Extraction, target: Path, resolution: int, password: str | None, lang: str
) -> AuditEntry:
    write_audit(extraction, target, resolution=resolution, password=password, lang=lang)
    return audit_entry(extraction, target)


def _failure(path: object, err: BaseException) -> tuple[str, str]:
    """(name, reason): an output that cannot be written is named itself, not its PDF."""
    if isinstance(err, OutputError):
        return err.target, err.reason
    return str(path), _reason(err)


def _attempt(
    extraction: Extraction, target: Path, resolution: int, password: str | None, lang: str
) -> AuditEntry | tuple[str, str]:
    """The audit page of ``extraction`` written to ``target``, or (name, reason) of its failure."""
    try:
        return _write_one(extraction, target, resolution, password, lang)
    except (FollowupError, OSError, ValueError) as err:
        return _failure(extraction.path, err)


def _batch(outcomes: Iterable[AuditEntry | tuple[str, str] | None]) -> AuditBatch:
    batch = AuditBatch()
    for outcome in outcomes:
        if isinstance(outcome, AuditEntry):
            batch.entries.append(outcome)
        elif outcome is not None:
            batch.failures.append(outcome)
    return batch


def _reason(err: BaseException) -> str:
    reason = getattr(err, "reason", None)
    if isinstance(reason, str):
        return reason
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text


def write_audits(
    extractions: Iterable[Extraction],
    out_dir: str | Path,
    *,
    resolution: int = 100,
    password: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    jobs: int | None = 1,
    on_progress: Progress | None = None,
    failures: Iterable[tuple[str, str]] = (),
    index: bool = True,
    names: Sequence[str] | None = None,
) -> AuditBatch:
    """Write ``<stem>.audit.html`` per extraction into ``out_dir`` (created if missing) and an
    ``index.html`` linking them with their counts; ``failures`` (PDF, reason) from earlier
    steps are listed there too. Pages are rendered by ``jobs`` processes (None: all cores); a
    page that cannot be rendered fails that file only (``AuditBatch.failures``). An
    ``index.html`` that followup did not write is left alone (``AuditBatch.index_skipped``).
    ``names`` are the pages' file names, one per extraction (default: :func:`unique_names`).
    """
    Catalogue(lang)  # an unknown language fails before any work
    folder = Path(out_dir)
    items = list(extractions)
    if names is None:
        names = unique_names(e.path for e in items)
    targets = [folder / name for name in names]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(items) or 1))
    outcomes: list[AuditEntry | tuple[str, str] | None] = [None] * len(items)
    done = 0

    def record(i: int, outcome: AuditEntry | tuple[str, str]) -> None:
        nonlocal done
        outcomes[i] = outcome
        done += 1
        if on_progress is not None:
            on_progress(done, len(items))

    if workers == 1:
        for i, (extraction, target) in enumerate(zip(items, targets, strict=True)):
            record(i, _attempt(extraction, target, resolution, password, lang))
    else:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures: dict[Future[AuditEntry], int] = {
                pool.submit(_write_one, e, t, resolution, password, lang): i
                for i, (e, t) in enumerate(zip(items, targets, strict=True))
            }
            for future in as_completed(futures):
                try:
                    record(futures[future], future.result())
                except Exception as err:  # noqa: BLE001 - a dead worker fails its file only
                    i = futures[future]
                    record(i, _failure(items[i].path, err))
    batch = _batch(outcomes)
    if index:
        if _foreign(folder / INDEX_NAME):
            batch.index_skipped = True
        else:
            listed = [*failures, *batch.failures]
            batch.index = write_index(batch.entries, folder, listed, lang=lang)
    return batch


#: Marks an index page as made by followup (only such a page is ever overwritten).
GENERATOR = '<meta name="generator" content="followup audit index">'


def _foreign(path: Path) -> bool:
    """True if ``path`` exists and was not written by :func:`write_index`."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(2000)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return GENERATOR not in head


def render_index(
    entries: list[AuditEntry],
    folder: Path,
    failures: Iterable[tuple[str, str]] = (),
    *,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The index page: one row per report, linking its audit page, with its counts."""
    cat = Catalogue(lang)
    rows = []
    for entry in entries:
        link = os.path.relpath(entry.page, folder).replace(os.sep, "/")
        levels = "".join(
            f'<td class="n lvl lvl-{lv}{" zero" if not entry.levels.get(lv) else ""}" '
            f'data-level="{lv}">{entry.levels.get(lv, 0)}</td>'
            for lv in FINDING_LEVEL_ORDER
        )
        rows.append(
            f'<tr data-source="{h.esc(entry.source)}"><td><a href="{h.esc(link)}">'
            f"{h.esc(Path(entry.source).name)}</a>"
            f'<div class="path">{h.esc(entry.source)}</div></td>'
            f'<td class="n">{entry.pages}</td><td class="n">{entry.rows}</td>'
            f'<td class="n done">{entry.done} / {entry.rows}</td>{levels}</tr>'
        )
    failed = "".join(
        f'<tr class="failed" data-source="{h.esc(src)}"><td>{h.esc(Path(src).name)}'
        f'<div class="path">{h.esc(src)}</div></td>'
        f'<td colspan="{3 + len(FINDING_LEVEL_ORDER)}">{h.esc(reason)}</td></tr>'
        for src, reason in failures
    )
    heads = "".join(
        f'<th class="n lvl-{lv}">{h.esc(cat.level(lv, plural=True))}</th>'
        for lv in FINDING_LEVEL_ORDER
    )
    totals = "".join(
        f'<td class="n">{sum(e.levels.get(lv, 0) for e in entries)}</td>'
        for lv in FINDING_LEVEL_ORDER
    )
    foot = (
        f"<tr><th>{h.esc(cat.t('total'))} ({len(entries)})</th>"
        f'<td class="n">{sum(e.pages for e in entries)}</td>'
        f'<td class="n">{sum(e.rows for e in entries)}</td>'
        f'<td class="n">{sum(e.done for e in entries)} / {sum(e.rows for e in entries)}</td>'
        f"{totals}</tr>"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{cat.lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"{GENERATOR}<title>{h.esc(cat.t('index_title'))}</title>"
        '<link rel="icon" href="data:,">'
        f"<style>{INDEX_CSS}</style></head><body><h1>{h.esc(cat.t('index_title'))}</h1>"
        f'<table id="reports"><thead><tr><th>{h.esc(cat.t("index_report"))}</th>'
        f'<th class="n">{h.esc(cat.t("pages"))}</th><th class="n">{h.esc(cat.t("rows"))}</th>'
        f'<th class="n">{h.esc(cat.t("index_done"))}</th>{heads}</tr></thead>'
        f"<tbody>{''.join(rows)}{failed}</tbody><tfoot>{foot}</tfoot></table></body></html>\n"
    )


def write_index(
    entries: list[AuditEntry],
    folder: str | Path,
    failures: Iterable[tuple[str, str]] = (),
    *,
    lang: str = DEFAULT_LANGUAGE,
) -> Path:
    """Write ``index.html`` into ``folder`` (atomically) and return its path."""
    out = Path(folder) / INDEX_NAME
    write_text(out, render_index(entries, Path(folder), failures, lang=lang))
    return out


__all__ = [
    "INDEX_NAME",
    "AuditBatch",
    "AuditEntry",
    "AuditError",
    "audit_entry",
    "render_index",
    "unique_names",
    "write_audits",
    "write_index",
]
