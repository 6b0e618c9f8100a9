"""Extract many PDFs in parallel worker processes, with a per-file timeout, a cache, stable order.

Workers are forked from a forkserver that has pdfplumber and the extractor imported, and each
runs many files. A file that hangs past ``timeout`` gets its worker killed and one that kills its
worker (``os._exit``, a segfault, the OOM killer) is reported; either way a fresh worker takes
over, only that file fails and every other file's rows are kept. Results come back in the
order of :func:`expand_paths`, whatever order the workers finish in.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import logging
import os
import resource
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.atomic import replace_folder
from followup.cache import (
    DEFAULT_MAX_BYTES,
    ExtractionCache,
    cache_key,
    default_cache_dir,
    password_opens,
)
from followup.errors import ExtractError, FollowupError
from followup.hashing import file_sha256
from followup.inline import InlineRunner, can_run_inline
from followup.records import Extraction
from followup.rowtable import RowTable
from followup.schema import columns_for, order_columns

if TYPE_CHECKING:  # pandas, and the worker pool's modules, are imported where used (fast start)
    from multiprocessing.connection import Connection

    import pandas as pd

Worker = Callable[[Path, Any], Extraction]
Progress = Callable[[int, int, int, int], None]  # files done, files, pages, pages OCRed

#: Modules the forkserver imports once, so each forked worker starts warm.
_START_TIMEOUT = 60.0
_PRELOAD = [
    "pandas",
    "pyarrow",
    "pdfplumber",
    "followup.batch",
    "followup.extract",
]


@dataclass
class BatchResult:
    """Extractions and failures, each in input order, plus totals."""

    extractions: list[Extraction] = field(default_factory=list)
    failures: list[ExtractError] = field(default_factory=list)
    files: int = 0  # input files (successes + failures)
    pages: int = 0  # pages of the successful extractions
    ocr_pages: int = 0  # of those, pages read by OCR
    rows: int = 0  # rows of the successful extractions
    cached: int = 0  # files answered from the cache
    extracted: int = 0  # files a worker extracted successfully
    peak_worker_rss_kb: int = 0  # largest ru_maxrss any worker reported
    seconds: float = 0.0

    def frame(self) -> pd.DataFrame:
        """All rows in input order, one table in schema order (extra columns before the box;
        an extra column a file lacks is missing there: null in Parquet, empty in CSV)."""
        import pandas as pd

        frames = [e.rows for e in self.extractions if len(e.rows)]
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype="string") for c in columns_for([])})
        return conform(pd.concat(frames, ignore_index=True), self.columns())

    def table(self) -> RowTable | None:
        """All rows as :meth:`frame` has them, as a :class:`RowTable`, when every extraction
        holds its rows as one (else None: some are frames already, ask for :meth:`frame`)."""
        tables = [e.table for e in self.extractions]
        if any(t is None for t in tables):
            return None
        return RowTable.concat([t for t in tables if t is not None and len(t)], self.columns())

    def columns(self) -> list[str]:
        """The columns of :meth:`frame`: every file's, in schema order."""
        seen: list[str] = []
        for extraction in self.extractions:
            if extraction.row_count:
                table = extraction.table
                names = table.names if table is not None else list(extraction.rows.columns)
                seen.extend(c for c in names if c not in seen)
        return order_columns(seen)

    def status_counts(self) -> Counter[tuple[str, str]]:
        """Rows per (perspective, status) over every file, in order of first appearance."""
        counts: Counter[tuple[str, str]] = Counter()
        for extraction in self.extractions:
            counts.update(extraction.status_counts())
        return counts


def conform(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` in ``columns`` (a missing one all null), text columns as pandas strings."""
    out = frame.copy(deep=False)
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].astype("string")
    return out.reindex(columns=columns)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given plus every ``*.pdf`` (any case) below given folders; sorted, no duplicates.

    Hidden files and folders (name starting with ``.``) inside a folder are skipped.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.extend(
                    Path(root) / f
                    for f in files
                    if f.lower().endswith(".pdf") and not f.startswith(".")
                )
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in sorted(found):
        unique.setdefault(path.resolve(), path)
    return sorted(unique.values())


def _default_worker(path: Path, options: Any) -> Extraction:
    from followup.extract import extract_document  # type: ignore[attr-defined]

    result: Extraction = extract_document(path, options)
    return result


def _settings(options: Any, worker: Worker | None) -> dict[str, Any]:
    if callable(getattr(options, "cache_key", None)):
        settings = dict(options.cache_key())
    elif dataclasses.is_dataclass(options) and not isinstance(options, type):
        settings = dataclasses.asdict(options)
    elif isinstance(options, dict):
        settings = dict(options)
    else:
        settings = {"options": repr(options)}
    if worker is not None:
        settings["worker"] = f"{worker.__module__}.{worker.__qualname__}"
    return settings


def _run_one(worker: Worker, path: Path, options: Any) -> tuple[str, Any, int]:
    """In a worker process: ("ok", Extraction, rss_kb) or ("error", reason, rss_kb)."""
    from followup.extract.document import reason_for

    msg: tuple[str, Any]
    try:
        msg = ("ok", worker(path, options))
    except ExtractError as exc:
        msg = ("error", exc.reason)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a reason
        msg = ("error", reason_for(exc, password=getattr(options, "password", None)))
    return msg[0], msg[1], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _serve(conn: Connection) -> None:
    """Worker process main loop: run tasks from ``conn`` until it sends None or closes."""
    # Ctrl-C reaches the whole process group: the parent stops the batch and ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Outside an extraction (which turns pdfminer's records into findings), stay quiet.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with contextlib.suppress(OSError, EOFError):  # the parent went away: just end
        conn.send("ready")
        while True:
            task = conn.recv()
            if task is None:
                return
            msg = _run_one(*task)
            try:
                conn.send(msg)
            except OSError:
                return
            except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                reason = f"internal error: result could not be sent back ({exc})"
                conn.send(("error", reason, msg[2]))


def _imports(module: str) -> bool:
    try:
        importlib.import_module(module)
    except Exception:  # noqa: BLE001 - any failure means "do not preload"
        return False
    return True


def _context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # Preload only what imports cleanly here: an error while the forkserver preloads would
        # take down every worker, not just the files that need the broken module.
        # followup.workerinit (first: SIGINT ignored) must not be imported here, in the parent.
        ctx.set_forkserver_preload(["followup.workerinit"] + [m for m in _PRELOAD if _imports(m)])
        return ctx
    return multiprocessing.get_context("spawn")


def _exit_text(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"killed by {name}"
    return f"exit code {exitcode}"


def _crash_reason(exitcode: int | None) -> str:
    hint = "; out of memory?" if exitcode == -signal.SIGKILL else ""
    return f"worker crashed ({_exit_text(exitcode)}{hint})"


@dataclass
class _Slot:
    """One worker process and the task it is running, if any."""

    process: Any
    conn: Connection
    tasks: int = 0
    index: int | None = None
    deadline: float | None = None


class _Runner:
    """Keeps up to ``jobs`` worker processes busy; kills and replaces one that hangs or dies.

    A worker is reused for up to ``MAX_TASKS`` files (then replaced, bounding leaks), so module
    imports and process start-up are paid once per worker, not once per file.
    """

    MAX_TASKS = 50
    #: The worker processes' main loop (module-level: the forkserver pickles it by name).
    serve: Callable[[Connection], None] = staticmethod(_serve)

    def __init__(self, worker: Worker, options: Any, jobs: int, timeout: float | None) -> None:
        self.worker, self.options, self.jobs, self.timeout = worker, options, jobs, timeout
        self.ctx = _context()
        self.slots: list[_Slot] = []

    @property
    def busy(self) -> int:
        return sum(slot.index is not None for slot in self.slots)

    def _spawn(self) -> _Slot:
        from multiprocessing.connection import wait

        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=self.serve, args=(child,), daemon=True)
        proc.start()
        child.close()
        # Wait on the process as well as the pipe: a worker that dies before it is ready is seen
        # at once, even when a process it started still holds the pipe's other end open.
        ready = False
        if wait([parent, proc.sentinel], _START_TIMEOUT):
            with contextlib.suppress(EOFError, OSError):
                ready = parent.poll() and parent.recv() == "ready"
        if not ready:
            if proc.is_alive():
                proc.join(0.5)
            why = (
                f"did not start within {_START_TIMEOUT:g} s"
                if proc.exitcode is None
                else f"failed to start ({_exit_text(proc.exitcode)})"
            )
            proc.kill()
            proc.join()
            parent.close()
            raise FollowupError(
                f"worker processes {why}; a script that calls run_batch must do so "
                "under `if __name__ == '__main__':`"
            )
        slot = _Slot(proc, parent)
        self.slots.append(slot)
        return slot

    def _retire(self, slot: _Slot, *, kill: bool) -> None:
        if kill:
            slot.process.kill()
        else:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        slot.process.join(None if kill else 5)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.conn.close()
        self.slots.remove(slot)

    def start(self, index: int, path: Path) -> None:
        idle = [s for s in self.slots if s.index is None]
        slot = idle[0] if idle else self._spawn()
        try:
            slot.conn.send((self.worker, path, self.options))
        except OSError:  # the idle worker died: replace it once
            self._retire(slot, kill=True)
            slot = self._spawn()
            slot.conn.send((self.worker, path, self.options))
        slot.index, slot.tasks = index, slot.tasks + 1
        slot.deadline = None if self.timeout is None else time.monotonic() + self.timeout

    def _crashed(self, slot: _Slot) -> tuple[str, Any, int]:
        slot.process.join(5)
        msg = ("error", _crash_reason(slot.process.exitcode), 0)
        self._retire(slot, kill=True)
        return msg

    def _receive(self, slot: _Slot) -> tuple[str, Any, int]:
        try:
            msg: tuple[str, Any, int] = slot.conn.recv()
        except (EOFError, OSError):
            return self._crashed(slot)
        if slot.tasks >= self.MAX_TASKS:
            self._retire(slot, kill=False)
        return msg

    def collect(self) -> list[tuple[int, tuple[str, Any, int]]]:
        """Wait for at least one task to end (or time out); return the ended ones.

        Each worker's process is watched beside its pipe: a worker that dies is reported at once,
        even when a process it started (and that inherited the pipe) lives on.
        """
        from multiprocessing.connection import wait

        busy = [s for s in self.slots if s.index is not None]
        deadlines = [s.deadline for s in busy if s.deadline is not None]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        watched = [s.conn for s in busy] + [s.process.sentinel for s in busy]
        ready = set(wait(watched, timeout=wait_for))
        done: list[tuple[int, tuple[str, Any, int]]] = []
        for slot in busy:
            index = slot.index
            assert index is not None
            if slot.conn in ready:
                slot.index = None
                done.append((index, self._receive(slot)))
            elif slot.process.sentinel in ready:
                slot.index = None
                done.append((index, self._crashed(slot)))
            elif slot.deadline is not None and time.monotonic() >= slot.deadline:
                slot.index = None
                self._retire(slot, kill=True)
                done.append((index, ("error", f"timed out after {self.timeout:g} s", 0)))
        return done

    def shutdown(self) -> None:
        for slot in list(self.slots):
            self._retire(slot, kill=slot.index is not None)


def cached_extraction(
    cache: ExtractionCache, path: Path, settings: dict[str, Any], password: str | None
) -> tuple[str | None, Extraction | None]:
    """(cache key, cached extraction) of ``path``; the key is None when the file cannot be read
    (the worker reports why), the extraction None on a miss. An encrypted file's rows are
    served only when ``password`` opens it."""
    try:
        key = cache_key(file_sha256(path), path, settings)
    except OSError:
        return None, None
    hit = cache.get(key)
    if hit is not None and hit.encrypted and not password_opens(path, password):
        hit = None  # never serve an encrypted file's rows without its password
    if hit is not None:
        hit.path = path  # the same file may have moved to another folder
    return key, hit


def run_batch(
    paths: Iterable[str | Path],
    options: Any,
    *,
    jobs: int | None = None,
    timeout: float | None = 120.0,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    cache_encrypted: bool = False,
    cache_max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Progress | None = None,
    worker: Worker | None = None,
    client: Any = None,
    dataset: Any = None,
) -> BatchResult:
    """Extract every PDF in ``paths`` (files and folders); see the module docstring.

    ``worker(path, options) -> Extraction`` defaults to ``followup.extract.extract_document``;
    an injected one must be a module-level function (it is pickled to the worker process).
    ``timeout=None`` waits forever. ``cache_dir`` defaults to :func:`default_cache_dir`.
    Rows of encrypted PDFs are cached only with ``cache_encrypted``, and a cached one is used
    only when ``options.password`` opens the file in this run; after the run the cache is cut
    to ``cache_max_bytes`` (least recently used entries first).
    With a Dask ``client`` the files run as tasks on its cluster (:mod:`followup.cluster`)
    instead of in local worker processes; ``jobs`` is then the cluster's thread count. With a
    ``dataset`` (:class:`followup.cluster.DatasetTarget`) too, the workers keep the rows
    (:func:`followup.cluster.extract_dataset`).
    """
    started = time.monotonic()
    files = expand_paths(paths)
    total = len(files)
    results: list[Extraction | ExtractError | None] = [None] * total
    result = BatchResult(files=total)
    cache = ExtractionCache(
        cache_dir if cache_dir is not None else default_cache_dir(),
        max_bytes=cache_max_bytes,
        store_encrypted=cache_encrypted,
    )
    password = (
        options.get("password") if isinstance(options, dict) else getattr(options, "password", None)
    )
    settings = _settings(options, worker)
    keys: dict[int, str] = {}
    done = pages = ocr_pages = 0

    def record(index: int, outcome: Extraction | ExtractError) -> None:
        nonlocal done, pages, ocr_pages
        results[index] = outcome
        done += 1
        if isinstance(outcome, Extraction):
            # ``path`` as the caller named the file (a worker, or a cache entry, may know it by
            # another name: an absolute path on a cluster, another folder before a move)
            outcome.set_path(files[index])
            pages += outcome.pages
            ocr_pages += outcome.ocr_pages
        if on_progress is not None:
            on_progress(done, total, pages, ocr_pages)

    if on_progress is not None:
        on_progress(0, total, 0, 0)
    pending: deque[int] = deque()
    for index, path in enumerate(files):
        if use_cache:
            key, hit = cached_extraction(cache, path, settings, password)
            if key is not None:
                keys[index] = key
            if hit is not None:
                result.cached += 1
                record(index, hit)
                continue
        pending.append(index)

    runner: Any
    if client is not None:
        from followup.cluster import DaskRunner

        runner = DaskRunner(client, worker or _default_worker, options, timeout, dataset)
    elif can_run_inline(
        [files[i] for i in pending], worker, jobs := max(1, jobs or os.cpu_count() or 1)
    ):
        runner = InlineRunner(options, timeout, jobs)  # one file: its pages over the jobs
    else:
        runner = _Runner(worker or _default_worker, options, jobs, timeout)
    try:
        while pending or runner.busy:
            while pending and runner.busy < runner.jobs:
                index = pending.popleft()
                runner.start(index, files[index])
            for index, (status, payload, rss) in runner.collect():
                result.peak_worker_rss_kb = max(result.peak_worker_rss_kb, rss)
                if status == "ok":
                    if getattr(payload, "cached", False):
                        result.cached += 1  # a worker found it in the shared cache
                    else:
                        result.extracted += 1
                    if index in keys:
                        with contextlib.suppress(Exception):  # a full disk only costs speed
                            cache.put(keys[index], payload)
                    record(index, payload)
                else:
                    record(index, ExtractError(files[index], str(payload)))
    finally:
        runner.shutdown()
    if use_cache and result.extracted:
        with contextlib.suppress(OSError):
            cache.evict()

    for outcome in results:
        if isinstance(outcome, Extraction):
            result.extractions.append(outcome)
            result.pages += outcome.pages
            result.ocr_pages += outcome.ocr_pages
            result.rows += outcome.row_count
        elif isinstance(outcome, ExtractError):
            result.failures.append(outcome)
    result.seconds = time.monotonic() - started
    return result


def _dataset_leftovers(out_dir: Path) -> list[str]:
    return [
        p.name
        for p in out_dir.iterdir()
        if not (
            p.name.startswith("year=")
            or (p.name.startswith("part-") and p.name.endswith(".parquet"))
        )
    ]


def check_dataset_folder(out_dir: Path) -> None:
    """Refuse an ``out_dir`` that is a file or a folder holding more than a previous dataset."""
    if out_dir.exists() and not out_dir.is_dir():
        raise FollowupError(f"{out_dir}: exists and is not a folder")
    if out_dir.is_dir() and (extra := _dataset_leftovers(out_dir)):
        raise FollowupError(
            f"{out_dir}: refusing to replace a folder that holds other files ({extra[0]} ...)"
        )


def write_dataset(frame: pd.DataFrame, out_dir: str | Path) -> None:
    """Write ``frame`` as a Parquet dataset partitioned by year: ``year=2020/part-0.parquet``.

    Written to a temporary folder beside ``out_dir`` and renamed into place; an existing
    ``out_dir`` is replaced only if it holds nothing but a previous dataset. Rows without a year go
    to the Hive default partition (``year=__HIVE_DEFAULT_PARTITION__``, a null ``year`` to every
    reader); an empty frame gives ``part-0.parquet``. See :func:`followup.arrow.write_partitions`.
    """
    from followup.arrow import write_partitions

    out_dir = Path(out_dir)
    check_dataset_folder(out_dir)
    with replace_folder(out_dir) as tmp:
        data = frame.reset_index(drop=True)
        write_partitions(data, tmp)


__all__ = [
    "BatchResult",
    "expand_paths",
    "run_batch",
    "write_dataset",
]
