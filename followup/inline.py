"""Run a batch of one file in this process: no worker to start, no imports paid twice.

Starting a worker (a forkserver that imports pandas and pdfplumber, then a forked process) costs
more than extracting a report of a few pages. :class:`InlineRunner` keeps the protocol of the
local pool's runner (``jobs``, ``busy``, ``start``, ``collect``, ``shutdown``), so
:func:`followup.batch.run_batch` keeps the cache, the failure records and the result order.

It is used only when the file cannot take the run down with it: the default extractor (pure
Python, so an interval timer interrupts it anywhere), this thread the main one (signals reach only
it), and either a file small enough not to exhaust memory (:data:`INLINE_MAX_BYTES`) or more
than one job, when a long document's pages are parsed by worker processes
(:mod:`followup.extract.parallel`) and this process runs only the stages after parsing. The
timeout still applies: ``SIGALRM`` raises :class:`_TimedOut`, a ``BaseException`` so that no
parser's ``except Exception`` swallows it, and the file is reported ``timed out`` like a
worker's.
"""

from __future__ import annotations

import dataclasses
import logging
import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from followup.extract.settings import ExtractOptions

#: Files up to this size run in process when they are a batch's only file; larger ones (and
#: more than one file) go to worker processes.
INLINE_MAX_BYTES = 8_000_000


class _TimedOut(BaseException):
    """Raised by the interval timer in the middle of an extraction."""


def can_run_inline(files: list[Path], worker: Any, jobs: int = 1) -> bool:
    """One file, small or with pages parsed by ``jobs`` > 1 processes; the default extractor;
    signals available in this thread."""
    if worker is not None or len(files) != 1 or not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if jobs > 1:
        return True
    try:
        return files[0].stat().st_size <= INLINE_MAX_BYTES
    except OSError:
        return True  # the extractor reports why it cannot be read


@contextmanager
def _deadline(timeout: float | None) -> Iterator[None]:
    if timeout is None:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """As in a worker: pdfminer's records outside an extraction's pages do not reach stderr."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class InlineRunner:
    """Runs each started file at once, in this process, under the timeout."""

    jobs = 1

    def __init__(self, options: Any, timeout: float | None, page_jobs: int = 1) -> None:
        self.options, self.timeout, self.page_jobs = options, timeout, page_jobs
        self.done: list[tuple[int, tuple[str, Any, int]]] = []

    @property
    def busy(self) -> int:
        return len(self.done)

    def start(self, index: int, path: Path) -> None:
        from followup.batch import _default_worker, _run_one

        options = self.options
        if self.page_jobs > 1 and isinstance(options, ExtractOptions):
            options = dataclasses.replace(options, page_jobs=self.page_jobs)
        try:
            with _quiet_pdfminer(), _deadline(self.timeout):
                status, payload, _ = _run_one(_default_worker, path, options)
        except _TimedOut:
            status, payload = "error", f"timed out after {self.timeout:g} s"
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.done.append((index, (status, payload, rss)))

    def collect(self) -> list[tuple[int, tuple[str, Any, int]]]:
        done, self.done = self.done, []
        return done

    def shutdown(self) -> None:
        self.done = []
