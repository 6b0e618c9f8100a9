"""One document's pages parsed in chunks by several processes, their layouts merged in page order.

Parsing (pdfminer's interpreter and :func:`layout.page_to_layout`) is nearly all the time a
long document takes, and a page's layout depends on that page alone. :func:`parallel_layouts`
therefore shares chunks of :data:`CHUNK_PAGES` pages between this process and
``options.page_jobs - 1`` forked worker processes (each opens the file once) and yields the
layouts in page order as the chunks are done, while the document-level stages (margins, header
rows, regions, rows across page breaks, goals, the legend) run in this process on the merged
sequence, exactly as on a sequential parse: the same output byte for byte
(``tests/test_parallel.py``).

At most two chunks per worker and two parsed here are held ahead of the stages, so nobody who
runs ahead holds more than a few chunks of layouts, never the document; each layout is dropped
once its rows are cut. Each worker reads its pages under its own
:class:`~followup.damage.PageDamage`, whose records are merged into the document's. For a
tagged document its glyphs, lines and rectangles go back too, for the tag reader
(``on_page``). A chunk that fails gives the document's one-line reason; a worker that dies
ends the document with a one-line error; the workers are killed when the caller stops early
(an error, the timeout).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import signal
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup.damage import PageDamage
from followup.errors import ExtractError
from followup.extract.layout import PageLayout, page_to_layout
from followup.extract.pagetree import forget_page
from followup.extract.parse import release_page
from followup.extract.settings import CHUNK_PAGES, ExtractOptions


@dataclass
class MarkedPage:
    """What the tag reader takes from a page: its glyphs (lean, with their marked content), its
    lines and rectangles (the cell edges)."""

    page_number: int
    chars: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    rects: list[dict[str, Any]]

    @classmethod
    def of(cls, page: Any) -> MarkedPage:
        return cls(page.page_number, page.chars, page.lines, page.rects)


@dataclass(frozen=True)
class Reading:
    """What a chunk's reader does besides the layouts (as ``document.open_pages``)."""

    marked: bool = False  # keep each page for the tag reader
    needs: bool = False  # note pages without a usable text layer
    skip: frozenset[int] = frozenset()  # pages OCR has read already


@dataclass
class Chunk:
    """What a worker sends back for a run of pages."""

    layouts: list[PageLayout | None] = field(default_factory=list)  # None: read by OCR
    marked: list[MarkedPage] = field(default_factory=list)
    reasons: dict[int, list[str]] = field(default_factory=dict)
    empty: set[int] = field(default_factory=set)
    document: list[str] = field(default_factory=list)
    needs: list[int] = field(default_factory=list)  # pages without a usable text layer (OCR)
    error: str | None = None


_OPEN: dict[str, Any] = {}  # per worker process: the document it has open


def _document(path: Path, options: ExtractOptions) -> Any:
    from followup.extract.document import close_document, open_document

    key = str(path)
    if key not in _OPEN:
        for pdf in _OPEN.values():
            close_document(pdf)
        _OPEN.clear()
        _OPEN[key] = open_document(path, password=options.password, max_pages=options.max_pages)
    return _OPEN[key]


def read_pages(
    pdf: Any, options: ExtractOptions, first: int, last: int, how: Reading, damage: PageDamage
) -> Chunk:
    """The layouts of pages ``first`` to ``last`` (0-based, end excluded) of the open ``pdf``, as
    the sequential page loop reads them (``document.open_pages``)."""
    from followup.extract.ocr import page_needs_ocr

    chunk = Chunk()
    for page in pdf.pages[first:last]:
        number = page.page_number
        if number in how.skip:  # read by OCR: the caller has its layout
            chunk.layouts.append(None)
        else:
            with damage.page(page):
                chunk.layouts.append(page_to_layout(page, options.tolerances, how.marked))
            if how.needs and number not in damage.reasons and page_needs_ocr(page):
                chunk.needs.append(number)
        if how.marked:
            chunk.marked.append(MarkedPage.of(page))
        release_page(page)
        forget_page(page)
    return chunk


def parse_chunk(path: Path, options: ExtractOptions, first: int, last: int, how: Reading) -> Chunk:
    """In a worker: :func:`read_pages` of the document at ``path`` (opened once per worker)."""
    from followup.extract.document import reason_for

    try:
        with PageDamage(path) as damage:
            chunk = read_pages(_document(path, options), options, first, last, how, damage)
        chunk.reasons, chunk.empty, chunk.document = damage.reasons, damage.empty, damage.document
    except Exception as exc:  # noqa: BLE001 - the document's one-line reason
        chunk = Chunk(error=reason_for(exc, password=options.password))
    return chunk


def _context() -> Any:
    # fork: the workers start with this process's imports (pdfplumber, the stages) at no cost
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: this process stops the document and kills the
    # workers, which must not print tracebacks of their own
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _kill(pool: ProcessPoolExecutor) -> None:
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join()


def _local_chunk(
    pdf: Any, options: ExtractOptions, first: int, last: int, how: Reading, damage: PageDamage
) -> Chunk:
    """In this process: :func:`read_pages` of the open ``pdf``."""
    from followup.extract.document import reason_for

    try:
        return read_pages(pdf, options, first, last, how, damage)
    except Exception as exc:  # noqa: BLE001 - the document's one-line reason
        return Chunk(error=reason_for(exc, password=options.password))


def parallel_layouts(
    path: Path,
    options: ExtractOptions,
    pdf: Any,
    damage: PageDamage,
    on_page: Callable[[Any, PageLayout | None], None] | None = None,
    replace: dict[int, PageLayout] | None = None,
    needs: list[int] | None = None,
) -> Generator[PageLayout, None, None]:
    """The layouts of the open document ``pdf`` in page order, parsed by this process and
    ``options.page_jobs - 1`` worker processes; damage records go into ``damage``, marked
    glyphs to ``on_page``, pages OCR has read are taken from ``replace``, pages that need OCR
    noted in ``needs`` (see the module's docstring).

    Chunks go to the workers in page order, at most two per worker ahead; while the next chunk
    due is still with a worker, this process parses the first chunk nobody has taken yet (so
    with ``page_jobs`` 2 there are two processes, one of which also runs the stages)."""
    pages, replace = len(pdf.pages), replace or {}
    bounds = [(a, min(a + CHUNK_PAGES, pages)) for a in range(0, pages, CHUNK_PAGES)]
    how = Reading(on_page is not None, needs is not None, frozenset(replace))
    sent = dataclasses.replace(options, ocr_pages=None)  # the workers need no OCR state
    workers = max(1, options.page_jobs - 1)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_worker_init)
    taken: dict[int, Future[Chunk] | Chunk] = {}
    untaken = 0  # the first chunk nobody has taken
    finished = False
    try:
        for due in range(len(bounds)):
            while (
                untaken < len(bounds)
                and sum(isinstance(f, Future) for f in taken.values()) < 2 * workers
            ):
                first, last = bounds[untaken]
                taken[untaken] = pool.submit(parse_chunk, path, sent, first, last, how)
                untaken += 1
            if due not in taken:  # every worker is busy further on: parse it here
                taken[due] = _local_chunk(pdf, options, *bounds[due], how, damage)
                untaken = max(untaken, due + 1)
            while (
                isinstance(taken[due], Future)
                and not taken[due].done()  # type: ignore[union-attr]
                and untaken < len(bounds)
                and sum(isinstance(c, Chunk) for c in taken.values()) < 2
            ):
                taken[untaken] = _local_chunk(pdf, options, *bounds[untaken], how, damage)
                untaken += 1
            item = taken.pop(due)
            try:
                chunk = item.result() if isinstance(item, Future) else item
            except BrokenProcessPool:
                raise ExtractError(path, "a page parser process died (out of memory?)") from None
            if chunk.error is not None:
                raise ExtractError(path, chunk.error)
            damage.reasons.update(chunk.reasons)
            damage.empty |= chunk.empty
            damage.document += chunk.document
            if needs is not None:
                needs += chunk.needs
            read_too = chunk.layouts if chunk.marked else []  # marked: one per page
            for mark, read in zip(chunk.marked, read_too, strict=True):
                assert on_page is not None
                on_page(mark, read)
            layouts, number = chunk.layouts, bounds[due][0]
            del chunk, item
            while layouts:
                layout = layouts.pop(0)
                number += 1
                yield replace[number] if layout is None else layout
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _kill(pool)
