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
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed")

from followup import extract_many  # noqa: E402
from followup.batch import BatchResult, _default_worker, run_batch, write_dataset  # noqa: E402
from followup.cache import ExtractionCache  # noqa: E402
from followup.cli import app  # noqa: E402
from followup.cluster import ALLOWED_FAILURES, extract_dataset, local_cluster  # noqa: E402
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
    # the cache keeps no `path` (run_batch sets it from the path a run names)
    pd.testing.assert_frame_equal(hit.rows, extraction.rows.drop(columns="path"))
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


# --- --format parquet -o DIR: the workers write the dataset, the client commits it -------------


def _read_dataset(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder)


def _local_dataset(paths: list[Path], folder: Path) -> BatchResult:
    local = extract_many(paths, jobs=2)
    write_dataset(local.frame(), folder)
    return local


def test_workers_write_the_same_dataset_as_the_local_pool(client: Any, tmp_path: Path) -> None:
    # one file has an extra column (responsible) the other lacks: the columns are unified
    paths = [*PDFS, SAMPLES / "vss-2020-grid.pdf"]
    local = _local_dataset(paths, tmp_path / "local")
    remote = extract_dataset(
        paths, ExtractOptions(), tmp_path / "remote", client=client, use_cache=False
    )
    assert not remote.failures and remote.rows == local.rows > 0
    assert remote.files == 3 and remote.pages == local.pages
    # no row came back to the client: only counts, findings and the columns
    assert all(len(e.rows) == 0 for e in remote.extractions)
    assert remote.status_counts() == local.status_counts()
    assert [e.findings for e in remote.extractions] == [e.findings for e in local.extractions]
    pd.testing.assert_frame_equal(
        _read_dataset(tmp_path / "remote"), _read_dataset(tmp_path / "local")
    )
    read = {name: pq.read_table(tmp_path / name) for name in ("local", "remote")}
    assert read["remote"].schema.remove_metadata() == read["local"].schema.remove_metadata()
    assert read["remote"].to_pylist() == read["local"].to_pylist()
    # one file per input file and year, numbered in input order (kfn-2022, vss-2020, vss-2021)
    names = sorted(
        p.relative_to(tmp_path / "remote").as_posix() for p in (tmp_path / "remote").rglob("*")
    )
    assert [n for n in names if n.endswith(".parquet")] == [
        "year=2020/part-00000001-0.parquet",
        "year=2021/part-00000002-0.parquet",
        "year=2022/part-00000000-0.parquet",
    ], names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["local", "remote"]


def test_cli_scheduler_dataset_equals_the_local_dataset(client: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["extract", *map(str, PDFS), "--no-cache", "--format", "parquet"]
    res = runner.invoke(app, [*args, "-o", str(tmp_path / "local")])
    assert res.exit_code == 0, res.output
    address = client.scheduler.address
    res = runner.invoke(app, [*args, "--scheduler", address, "-o", str(tmp_path / "remote")])
    assert res.exit_code == 0, res.output
    local = extract_many(PDFS, jobs=1)
    assert f"{local.rows} rows, 0 failed" in res.output
    pd.testing.assert_frame_equal(
        _read_dataset(tmp_path / "remote"), _read_dataset(tmp_path / "local")
    )


def test_dataset_commit_is_all_or_nothing(client: Any, tmp_path: Path) -> None:
    out = tmp_path / "rows"
    _local_dataset([PDFS[0]], out)
    before = _read_dataset(out)
    bad = tmp_path / "in" / "bad.pdf"
    bad.parent.mkdir()
    bad.write_text("not a pdf")
    result = extract_dataset([bad], ExtractOptions(), out, client=client, use_cache=False)
    assert len(result.failures) == 1 and not result.extractions
    pd.testing.assert_frame_equal(_read_dataset(out), before)  # nothing extracted: kept

    def interrupt(done: int, total: int, pages: int, ocr_pages: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        extract_dataset(
            PDFS * 2, ExtractOptions(), out, client=client, use_cache=False, on_progress=interrupt
        )
    pd.testing.assert_frame_equal(_read_dataset(out), before)  # interrupted: kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "rows"]  # no staging folder

    result = extract_dataset(PDFS, ExtractOptions(), out, client=client, use_cache=False)
    assert result.rows == len(_read_dataset(out)) > len(before)  # replaced


def test_dataset_workers_share_the_cache(client: Any, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = extract_dataset(PDFS, ExtractOptions(), tmp_path / "a", client=client, cache_dir=cache)
    again = extract_dataset(PDFS, ExtractOptions(), tmp_path / "b", client=client, cache_dir=cache)
    assert (first.extracted, first.cached) == (2, 0)
    assert (again.extracted, again.cached) == (0, 2)  # the workers found both in the cache
    pd.testing.assert_frame_equal(_read_dataset(tmp_path / "b"), _read_dataset(tmp_path / "a"))


def test_dataset_lost_worker_fails_its_file_only(client: Any, tmp_path: Path) -> None:
    crash = tmp_path / "in" / "crash.pdf"
    crash.parent.mkdir()
    shutil.copy(PDFS[0], crash)
    result = extract_dataset(
        [crash, PDFS[1]],
        ExtractOptions(),
        tmp_path / "rows",
        client=client,
        use_cache=False,
        worker=_crash_or_extract,
    )
    assert [f.reason.split(" (")[0] for f in result.failures] == ["worker lost"]
    local = extract_many([PDFS[1]], jobs=1)
    assert result.rows == local.rows == len(_read_dataset(tmp_path / "rows"))
    client.wait_for_workers(2, timeout=60)
