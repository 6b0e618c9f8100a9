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

Workers need followup installed (the same version) and must see the files at the paths the
client gives; paths are made absolute before they are sent.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from pathlib import Path
from typing import Any

from followup.errors import FollowupError

#: How often a worker may die under one task before the file is reported lost (1 = retry once).
ALLOWED_FAILURES = 1


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

    def __init__(self, client: Any, worker: Any, options: Any, timeout: float | None) -> None:
        from followup.batch import _run_one

        self.client, self.worker, self.options, self.timeout = client, worker, options, timeout
        self._task = _run_one
        threads = sum(client.nthreads().values()) if hasattr(client, "nthreads") else 0
        self.jobs = max(1, threads)
        self._running: dict[Any, tuple[int, float | None]] = {}  # future -> (index, deadline)
        self._batch = uuid.uuid4().hex[:12]

    @property
    def busy(self) -> int:
        return len(self._running)

    def start(self, index: int, path: Path) -> None:
        future = self.client.submit(
            self._task,
            self.worker,
            Path(path).absolute(),
            self.options,
            key=f"followup-extract-{self._batch}-{index}",
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
