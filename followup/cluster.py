"""Run a batch's files as tasks on a Dask distributed cluster instead of the local process pool.

:class:`DaskRunner` keeps the protocol of the local pool's runner (``jobs``, ``busy``,
``start``, ``collect``, ``shutdown``), so :func:`followup.batch.run_batch` keeps everything
else as it is: the cache, the per-file failure records, the stable order of the results.

- Each task is the local pool's per-file function (``batch._run_one``): a file that fails is
  one error record, never a failed task.
- At most as many files are in flight as the cluster has worker threads, so a file's timeout
  counts from about when it starts, not from when it was queued. A file past its timeout is
  cancelled and reported ``timed out``; Dask cannot stop a running Python thread, so that
  worker thread runs on until the parser returns.
- A worker lost mid-task (killed, out of memory) is retried by the scheduler as many times as
  its ``distributed.scheduler.allowed-failures`` allows (:func:`local_cluster` sets 1: retried
  once); after that the file is reported ``worker lost``.
- Ctrl-C (or any exception in the caller) cancels every task still on the cluster.
- :func:`extract_dataset` (``--format parquet -o DIR``): the workers write the rows; no row
  passes through the client, which only commits the dataset (see there).

Workers need followup installed (the same version) and must see the files at the paths the
client gives; paths are made absolute before they are sent.
"""

from __future__ import annotations

import contextlib
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from followup.cache import DEFAULT_MAX_BYTES
from followup.errors import ExtractError, FollowupError
from followup.records import Extraction

#: How often a worker may die under one task before the file is reported lost (1 = retry once).
ALLOWED_FAILURES = 1

#: Folder inside a dataset's staging folder holding each file's rows until they are partitioned.
SCRATCH = ".rows"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise FollowupError(
            "--scheduler needs Dask's distributed scheduler: pip install 'followup[dask]'"
        ) from exc
    return distributed


def connect(address: str, timeout: float = 10.0) -> Any:
    """A ``distributed.Client`` for the scheduler at ``address`` (one-line error otherwise)."""
    distributed = _distributed()
    try:
        return distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise FollowupError(f"cannot reach the Dask scheduler at {address} ({exc})") from exc


def local_cluster(workers: int = 2, threads: int = 1) -> Any:
    """A ``distributed.LocalCluster`` of worker processes, lost workers retried once."""
    distributed = _distributed()
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        return distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=threads,
            processes=True,
            dashboard_address=None,
        )


def _lost_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return "worker lost (the cluster's worker died while extracting this file)"
    if name == "CancelledError":
        return "worker lost (the task was cancelled on the cluster)"
    return f"worker lost ({name}: {exc})"


class DaskRunner:
    """Runs ``worker(path, options)`` per file as Dask tasks; see the module docstring."""

    def __init__(
        self,
        client: Any,
        worker: Any,
        options: Any,
        timeout: float | None,
        dataset: DatasetTarget | None = None,
    ) -> None:
        self.client, self.worker, self.options, self.timeout = client, worker, options, timeout
        self.dataset = dataset
        threads = sum(client.nthreads().values()) if hasattr(client, "nthreads") else 0
        self.jobs = max(1, threads)
        self._running: dict[Any, tuple[int, float | None]] = {}  # future -> (index, deadline)
        self._batch = uuid.uuid4().hex[:12]

    @property
    def busy(self) -> int:
        return len(self._running)

    def start(self, index: int, path: Path) -> None:
        from followup.batch import _run_one

        key = f"followup-extract-{self._batch}-{index}"
        path = Path(path).absolute()
        if self.dataset is None:
            future = self.client.submit(
                _run_one, self.worker, path, self.options, key=key, pure=False
            )
        else:
            future = self.client.submit(
                _extract_to_scratch,
                self.worker,
                path,
                self.options,
                index,
                self.dataset,
                key=key,
                pure=False,
            )
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        self._running[future] = (index, deadline)

    def collect(self) -> list[tuple[int, tuple[str, Any, int]]]:
        """Wait for at least one task to end (or time out); return the ended ones."""
        distributed = _distributed()
        deadlines = [d for _, d in self._running.values() if d is not None]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        with contextlib.suppress(TimeoutError):
            distributed.wait(list(self._running), timeout=wait_for, return_when="FIRST_COMPLETED")
        done: list[tuple[int, tuple[str, Any, int]]] = []
        now = time.monotonic()
        for future, (index, deadline) in list(self._running.items()):
            if future.done():
                del self._running[future]
                done.append((index, self._outcome(future)))
            elif deadline is not None and now >= deadline:
                del self._running[future]
                future.cancel()
                done.append((index, ("error", f"timed out after {self.timeout:g} s", 0)))
        return done

    def _outcome(self, future: Any) -> tuple[str, Any, int]:
        if future.status == "finished":
            result: tuple[str, Any, int] = future.result()
            return result
        try:
            exc = future.exception()
        except BaseException as err:  # noqa: BLE001 - a cancelled future raises here
            exc = err
        return ("error", _lost_reason(exc), 0)

    def shutdown(self) -> None:
        """Cancel every task still on the cluster (after Ctrl-C or an error in the caller)."""
        if self._running:
            self.client.cancel(list(self._running), force=True)
            self._running.clear()


@dataclass(frozen=True)
class DatasetTarget:
    """What a worker needs to extract a file and write its rows itself: the dataset's staging
    folder (beside the output, on a folder every worker sees) and the shared cache."""

    staging: Path
    cache_dir: Path | None
    use_cache: bool
    cache_encrypted: bool
    settings: dict[str, Any]
    password: str | None

    def scratch(self, index: int) -> Path:
        """The file's rows until the dataset's columns are known (removed before the commit)."""
        return self.staging / SCRATCH / f"{index:08d}.parquet"


@dataclass
class WrittenExtraction(Extraction):  # type: ignore[misc]  # see Extraction.pages
    """An extraction whose rows stayed on the worker: ``rows`` keeps the columns, no rows."""

    index: int = 0  # position of the file in the batch (names its scratch and partition files)
    written: int = 0  # rows the worker saved
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    cached: bool = False  # answered from the shared cache

    @property
    def row_count(self) -> int:
        return self.written

    def status_counts(self) -> Counter[tuple[str, str]]:
        return Counter(self.counts)


def _extract_to_scratch(
    worker: Any, path: Path, options: Any, index: int, target: DatasetTarget
) -> tuple[str, Any, int]:
    """On a worker: the file's extraction (from the shared cache, else extracted and cached),
    its rows saved to the staging folder's scratch file; only a summary goes back."""
    import resource

    from followup.batch import _run_one, cached_extraction
    from followup.cache import ExtractionCache

    cache = (
        ExtractionCache(target.cache_dir, store_encrypted=target.cache_encrypted)
        if target.use_cache
        else None
    )
    key, hit = (None, None)
    if cache is not None:
        key, hit = cached_extraction(cache, path, target.settings, target.password)
    if hit is None:
        status, payload, rss = _run_one(worker, path, options)
        if status != "ok":
            return status, payload, rss
        if cache is not None and key is not None:
            with contextlib.suppress(Exception):  # a full disk only costs speed
                cache.put(key, payload)
    else:
        payload, rss = hit, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from followup.records import with_path

    rows = with_path(payload.rows, path)  # the cache keeps no path
    if len(rows):
        import pyarrow as pa
        import pyarrow.parquet as pq

        scratch = target.scratch(index)  # its folder is the client's (see extract_dataset)
        pq.write_table(pa.Table.from_pandas(rows, preserve_index=False), scratch)
    summary = {f.name: getattr(payload, f.name) for f in fields(Extraction)}
    summary["rows"] = rows.iloc[:0]
    light = WrittenExtraction(
        **summary,
        index=index,
        written=len(rows),
        counts=dict(payload.status_counts()),
        cached=hit is not None,
    )
    return "ok", light, rss


def _scratch_to_partitions(scratch: Path, columns: list[str], index: int) -> int:
    """On a worker: the file's rows in the dataset's columns, written as its partition files."""
    import pandas as pd

    from followup.arrow import write_partitions
    from followup.batch import conform

    frame = conform(pd.read_parquet(scratch), columns)
    write_partitions(frame, scratch.parent.parent, basename=f"part-{index:08d}-{{i}}.parquet")
    scratch.unlink()
    return len(frame)


class _NothingExtracted(Exception):
    """No file gave an extraction: the dataset is not committed (a previous one stays)."""


def extract_dataset(
    paths: Iterable[str | Path],
    options: Any,
    out_dir: str | Path,
    *,
    client: Any,
    timeout: float | None = 120.0,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    cache_encrypted: bool = False,
    cache_max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Any = None,
    worker: Any = None,
) -> Any:
    """Extract ``paths`` on ``client``'s cluster into the Parquet dataset ``out_dir``, the
    workers writing the rows: the same dataset as :func:`followup.batch.write_dataset` of a
    local batch, and the same :class:`~followup.batch.BatchResult` but for the rows
    (:class:`WrittenExtraction`: counts, findings, no rows).

    1. Each file is one task (as :class:`DaskRunner` runs them: timeout, per-file errors, a
       lost worker retried once): the worker looks the file up in the shared cache, else
       extracts and caches it, and saves its rows in a scratch file inside a staging folder
       beside ``out_dir`` (on a file system every worker sees).
    2. Once every file is in, the client knows the dataset's columns (an extra column one
       file has and another lacks); one task per file with rows writes its partition files
       ``year=YYYY/part-NNNNNNNN-0.parquet`` (numbered in input order, so every reader reads
       the rows in the local batch's order).
    3. The client renames the staging folder over ``out_dir`` (a previous dataset there is
       replaced only then). On Ctrl-C, an error, or when no file could be extracted, the
       staging folder is removed and ``out_dir`` stays as it was.
    """
    from followup.atomic import replace_folder
    from followup.batch import _settings, check_dataset_folder, run_batch
    from followup.cache import ExtractionCache, default_cache_dir

    out = Path(out_dir).absolute()
    check_dataset_folder(out)
    password = getattr(options, "password", None)
    cache = Path(cache_dir).absolute() if cache_dir is not None else default_cache_dir()
    result: Any = None
    with contextlib.suppress(_NothingExtracted), replace_folder(out) as staging:
        target = DatasetTarget(
            staging, cache, use_cache, cache_encrypted, _settings(options, worker), password
        )
        # made here, never by a worker: a task that ends after Ctrl-C removed the staging
        # folder then fails to write, instead of making the folder again beside the output
        (staging / SCRATCH).mkdir()
        result = run_batch(
            paths,
            options,
            timeout=timeout,
            use_cache=False,  # the workers look up and fill the shared cache
            on_progress=on_progress,
            worker=worker,
            client=client,
            dataset=target,
        )
        if not result.extractions:
            raise _NothingExtracted
        _write_partitions(client, result, target)
    if use_cache and result is not None and result.extracted:
        with contextlib.suppress(OSError):
            ExtractionCache(cache, max_bytes=cache_max_bytes).evict()
    return result


def _write_partitions(client: Any, result: Any, target: DatasetTarget) -> None:
    """Step 2 of :func:`extract_dataset`: every file's partitions in the dataset's columns."""
    from followup.arrow import write_partitions

    columns = result.columns()
    written = [e for e in result.extractions if isinstance(e, WrittenExtraction) and e.written]
    futures = [
        client.submit(
            _scratch_to_partitions,
            target.scratch(e.index),
            columns,
            e.index,
            key=f"followup-partition-{uuid.uuid4().hex[:12]}-{e.index}",
            pure=False,
        )
        for e in written
    ]
    lost: list[WrittenExtraction] = []
    try:
        for extraction, future in zip(written, futures, strict=True):
            try:
                future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails that file only
                lost.append(extraction)
                reason = _lost_reason(exc).replace("extracting", "writing")
                result.failures.append(ExtractError(extraction.path, reason))
    finally:
        client.cancel(futures, force=True)
    for extraction in lost:
        result.extractions.remove(extraction)
        result.pages -= extraction.pages
        result.ocr_pages -= extraction.ocr_pages
        result.rows -= extraction.written
    if not result.rows:  # no rows at all: one empty file with the schema's columns
        write_partitions(result.frame(), target.staging)
    shutil.rmtree(target.staging / SCRATCH, ignore_errors=True)
