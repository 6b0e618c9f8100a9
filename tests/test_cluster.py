"""Batches on a Dask LocalCluster (2 worker processes): same rows as the local pool, per-file
failures, a lost worker retried once, timeouts, cancel on interrupt, a shared cache."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed")

from followup import extract_many  # noqa: E402
from followup.batch import _default_worker, run_batch  # noqa: E402
from followup.cache import ExtractionCache  # noqa: E402
from followup.cli import app  # noqa: E402
from followup.cluster import ALLOWED_FAILURES, local_cluster  # noqa: E402
from followup.extract import ExtractOptions  # noqa: E402
from followup.records import Extraction  # noqa: E402
from tests.conftest import SAMPLES  # noqa: E402

PDFS = [SAMPLES / "kfn-2022-ansvarig.pdf", SAMPLES / "vss-2021-hrules.pdf"]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = local_cluster(workers=2, threads=1)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _crash_or_extract(path: Path, options: Any) -> Extraction:
    """Worker for the tests: a file named crash*.pdf kills its worker process."""
    if path.name.startswith("crash"):
        os._exit(13)
    if path.name.startswith("slow"):
        time.sleep(30)
    return _default_worker(path, options)


def test_cluster_rows_equal_local_pool(client: Any) -> None:
    local = extract_many(PDFS, jobs=2)
    remote = extract_many(PDFS, client=client)
    assert not remote.failures
    pd.testing.assert_frame_equal(remote.frame(), local.frame())
    assert remote.files == 2 and remote.rows == local.rows > 0


def test_bad_file_is_one_failure_and_good_rows_are_kept(client: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("<html>not a pdf</html>")
    result = extract_many([PDFS[0], bad], client=client)
    assert [e.path.name for e in result.extractions] == [PDFS[0].name]
    assert len(result.failures) == 1 and "not a PDF" in result.failures[0].reason
    assert result.rows == len(extract_many([PDFS[0]], jobs=1).frame())


def test_lost_worker_is_retried_once_then_reported(client: Any, tmp_path: Path) -> None:
    crash = tmp_path / "crash.pdf"
    shutil.copy(PDFS[0], crash)
    result = run_batch(
        [crash, PDFS[1]],
        ExtractOptions(),
        use_cache=False,
        client=client,
        worker=_crash_or_extract,
        timeout=120,
    )
    assert [e.path.name for e in result.extractions] == [PDFS[1].name]
    assert len(result.failures) == 1
    assert result.failures[0].reason.startswith("worker lost"), result.failures[0].reason
    assert ALLOWED_FAILURES == 1
    client.wait_for_workers(2, timeout=60)  # the nanny restarted the killed workers


def test_timeout_cancels_the_task(client: Any, tmp_path: Path) -> None:
    slow = tmp_path / "slow.pdf"
    shutil.copy(PDFS[0], slow)
    started = time.monotonic()
    options = ExtractOptions()
    result = run_batch(
        [slow], options, use_cache=False, client=client, worker=_crash_or_extract, timeout=2
    )
    assert time.monotonic() - started < 25
    assert [f.reason for f in result.failures] == ["timed out after 2 s"]


def test_interrupt_cancels_every_task_on_the_cluster(client: Any) -> None:
    def interrupt(done: int, total: int, pages: int, ocr_pages: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(PDFS * 3, ExtractOptions(), use_cache=False, client=client, on_progress=interrupt)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        left = client.run_on_scheduler(
            lambda dask_scheduler: sum(k.startswith("followup-") for k in dask_scheduler.tasks)
        )
        if left == 0:
            break
        time.sleep(0.2)
    assert left == 0


def _put_many(cache_dir: str, key: str, extraction: Extraction, times: int) -> int:
    cache = ExtractionCache(Path(cache_dir))
    for _ in range(times):
        cache.put(key, extraction)
    return os.getpid()


def test_shared_cache_written_by_both_workers_stays_whole(client: Any, tmp_path: Path) -> None:
    extraction = extract_many([PDFS[0]], jobs=1).extractions[0]
    shared = tmp_path / "shared-cache"
    futures = [
        client.submit(_put_many, str(shared), "k" * 64, extraction, 20, pure=False)
        for _ in range(4)
    ]
    pids = set(client.gather(futures))
    assert len(pids) == 2  # both worker processes wrote the same key
    hit = ExtractionCache(shared).get("k" * 64)
    assert hit is not None
    pd.testing.assert_frame_equal(hit.rows, extraction.rows)
    assert not [p for p in shared.rglob(".*") if p.is_file()]  # no temporary file left


def test_cli_scheduler_writes_the_same_csv(client: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    local, remote = tmp_path / "local.csv", tmp_path / "remote.csv"
    args = ["extract", *map(str, PDFS), "--no-cache", "-q"]
    assert runner.invoke(app, [*args, "-o", str(local)]).exit_code == 0
    address = client.scheduler.address
    res = runner.invoke(app, [*args, "--scheduler", address, "-o", str(remote)])
    assert res.exit_code == 0, res.output
    assert remote.read_bytes() == local.read_bytes()


def test_cli_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        app,
        ["extract", str(PDFS[0]), "--scheduler", "tcp://127.0.0.1:9", "-o", str(tmp_path / "x")],
    )
    assert res.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "x").exists()
