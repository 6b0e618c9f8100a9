"""Batch runs: order, isolation of failures, hangs and crashes, cache, partitioned output.

Workers run in other processes, so the injected workers below are module-level functions and
count their calls in a file named by ``options["counter"]``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

import followup
from followup.batch import (
    BatchResult,
    expand_paths,
    run_batch,
    write_dataset,
)
from followup.cache import ExtractionCache, default_cache_dir
from followup.errors import ExtractError, FollowupError
from followup.records import Extraction, Finding


def _index(path: Path) -> int:
    return int(path.stem.split("-")[-1])


def _count(options: dict[str, object], path: Path) -> None:
    counter = options.get("counter")
    if counter:
        with open(str(counter), "a", encoding="utf-8") as fh:
            fh.write(path.name + "\n")


def fake_worker(path: Path, options: dict[str, object]) -> Extraction:
    """Rows from the file's text; behaviour chosen by the file name."""
    _count(options, path)
    name = path.name
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("crash"):
        os._exit(3)
    if name.startswith("bad"):
        raise ExtractError(path, "not a follow-up report")
    if name.startswith("slow"):  # later files finish first
        time.sleep(max(0.0, 0.4 - 0.08 * _index(path)))
    text = path.read_text(encoding="utf-8")
    rows = pd.DataFrame({"source": [name], "year": [2020 + _index(path) % 2], "activity": [text]})
    finding = Finding("low_status", 1, "check me", row=0, bbox=(1.0, 2.0, 3.0, 4.0))
    return Extraction(path=path, rows=rows, pages=2, findings=[finding])


def _files(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        path.write_text(f"content of {name}", encoding="utf-8")
        paths.append(path)
    return paths


def _calls(counter: Path) -> list[str]:
    return counter.read_text(encoding="utf-8").split() if counter.exists() else []


def _run(paths: list[Path], options: dict[str, object], tmp: Path, **kw: object) -> BatchResult:
    kw.setdefault("cache_dir", tmp / "cache")
    kw.setdefault("use_cache", False)
    kw.setdefault("jobs", 2)
    return run_batch(paths, options, worker=fake_worker, **kw)  # type: ignore[arg-type]


def test_expand_paths(tmp_path: Path) -> None:
    _files(tmp_path / "b", ["x-1.PDF", "y-2.pdf", "notes.txt", ".hidden.pdf"])
    _files(tmp_path / "b" / "sub", ["z-3.Pdf"])
    _files(tmp_path / "a", ["w-0.pdf"])
    found = expand_paths([tmp_path / "b", tmp_path / "a" / "w-0.pdf", tmp_path / "b" / "y-2.pdf"])
    assert [p.name for p in found] == ["w-0.pdf", "z-3.Pdf", "x-1.PDF", "y-2.pdf"]  # b/sub < b/x
    assert found == sorted(found)


def test_stable_order_whatever_finishes_first(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in", [f"slow-{i}.pdf" for i in range(6)])
    seen: list[tuple[int, int, int, int]] = []
    result = _run(paths, {}, tmp_path, on_progress=lambda *a: seen.append(a))
    assert [e.path for e in result.extractions] == paths
    assert result.frame()["source"].tolist() == [p.name for p in paths]
    assert (result.files, result.pages, result.rows) == (6, 12, 6)
    assert seen[0] == (0, 6, 0, 0) and seen[-1] == (6, 6, 12, 0)


def test_failures_hangs_and_crashes_fail_alone(tmp_path: Path) -> None:
    names = ["ok-0.pdf", "bad-1.pdf", "hang-2.pdf", "crash-3.pdf", "ok-4.pdf", "ok-5.pdf"]
    paths = _files(tmp_path / "in", names)
    started = time.monotonic()
    result = _run(paths, {}, tmp_path, timeout=1.5)
    assert time.monotonic() - started < 10
    assert [e.path.name for e in result.extractions] == ["ok-0.pdf", "ok-4.pdf", "ok-5.pdf"]
    reasons = {f.path.name: f.reason for f in result.failures}
    assert reasons == {
        "bad-1.pdf": "not a follow-up report",
        "hang-2.pdf": "timed out after 1.5 s",
        "crash-3.pdf": "worker crashed (exit code 3)",
    }
    assert [f.path.name for f in result.failures] == ["bad-1.pdf", "crash-3.pdf", "hang-2.pdf"]


def test_jobs_one_still_times_out(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in", ["hang-0.pdf", "ok-1.pdf"])
    result = _run(paths, {}, tmp_path, jobs=1, timeout=1)
    assert [f.reason for f in result.failures] == ["timed out after 1 s"]
    assert [e.path.name for e in result.extractions] == ["ok-1.pdf"]


def test_missing_input_is_a_failure(tmp_path: Path) -> None:
    result = run_batch([tmp_path / "nope.pdf"], {}, cache_dir=tmp_path / "c", jobs=1)
    assert [f.reason for f in result.failures] == ["file not found"]


def test_cache_hits_and_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = tmp_path / "calls.txt"
    paths = _files(tmp_path / "in", [f"ok-{i}.pdf" for i in range(3)])
    opts: dict[str, object] = {"counter": str(counter), "status_threshold": 80}

    first = _run(paths, opts, tmp_path, use_cache=True)
    assert len(_calls(counter)) == 3 and first.cached == 0
    again = _run(paths, opts, tmp_path, use_cache=True)
    assert len(_calls(counter)) == 3 and again.cached == 3
    assert again.frame().equals(first.frame())
    assert again.extractions[0].findings == first.extractions[0].findings
    assert again.pages == first.pages == 6

    paths[1].write_text("changed", encoding="utf-8")  # content change: that file only
    changed = _run(paths, opts, tmp_path, use_cache=True)
    assert _calls(counter)[3:] == ["ok-1.pdf"] and changed.cached == 2
    assert changed.extractions[1].rows["activity"].iloc[0] == "changed"

    _run(paths, {**opts, "status_threshold": 70}, tmp_path, use_cache=True)  # settings change
    assert len(_calls(counter)) == 7
    _run(paths, {**opts, "password": "secret"}, tmp_path, use_cache=True)  # password: same key
    assert len(_calls(counter)) == 7

    monkeypatch.setattr(followup, "__version__", "99.0.0")  # version change
    _run(paths, opts, tmp_path, use_cache=True)
    assert len(_calls(counter)) == 10

    _run(paths, opts, tmp_path, use_cache=False)  # --no-cache: always extracts
    assert len(_calls(counter)) == 13


def test_rerun_after_adding_files_extracts_only_new(tmp_path: Path) -> None:
    counter = tmp_path / "calls.txt"
    folder = tmp_path / "in"
    _files(folder, ["ok-0.pdf", "ok-1.pdf"])
    opts: dict[str, object] = {"counter": str(counter)}
    _run([folder], opts, tmp_path, use_cache=True)
    _files(folder, ["ok-2.pdf", "ok-3.pdf"])
    result = _run([folder], opts, tmp_path, use_cache=True)
    assert sorted(_calls(counter)) == ["ok-0.pdf", "ok-1.pdf", "ok-2.pdf", "ok-3.pdf"]
    assert (result.cached, result.extracted, result.rows) == (2, 2, 4)
    assert [e.path.name for e in result.extractions] == [f"ok-{i}.pdf" for i in range(4)]


def test_failures_are_not_cached(tmp_path: Path) -> None:
    counter = tmp_path / "calls.txt"
    paths = _files(tmp_path / "in", ["bad-0.pdf"])
    opts: dict[str, object] = {"counter": str(counter)}
    _run(paths, opts, tmp_path, use_cache=True)
    _run(paths, opts, tmp_path, use_cache=True)
    assert len(_calls(counter)) == 2


def test_damaged_cache_entry_is_a_miss(tmp_path: Path) -> None:
    counter = tmp_path / "calls.txt"
    paths = _files(tmp_path / "in", ["ok-0.pdf"])
    opts: dict[str, object] = {"counter": str(counter)}
    _run(paths, opts, tmp_path, use_cache=True)
    for parquet in (tmp_path / "cache").rglob("*.parquet"):
        parquet.write_bytes(b"garbage")
    result = _run(paths, opts, tmp_path, use_cache=True)
    assert len(_calls(counter)) == 2 and result.rows == 1
    assert ExtractionCache(tmp_path / "cache").get("0" * 64) is None


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "followup"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "followup"


def test_write_dataset_partitioned_by_year(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "source": ["a", "b", "c", "d"],
            "year": pd.array([2021, 2020, 2021, 2020], dtype="Int64"),
            "activity": ["w", "x", "y", "z"],
        }
    )
    out = tmp_path / "out"
    write_dataset(frame, out)
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*.parquet"))
    assert files == ["year=2020/part-0.parquet", "year=2021/part-0.parquet"]
    back = pd.read_parquet(out)
    assert back["source"].tolist() == ["b", "d", "a", "c"]
    assert back["year"].astype(int).tolist() == [2020, 2020, 2021, 2021]

    write_dataset(frame.iloc[:1], out)  # replaces the previous dataset
    assert pd.read_parquet(out)["source"].tolist() == ["a"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]

    write_dataset(frame.iloc[:0], tmp_path / "empty")
    assert len(pd.read_parquet(tmp_path / "empty")) == 0


def test_write_dataset_refuses_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_text("keep me")
    with pytest.raises(FollowupError, match="refusing to replace"):
        write_dataset(pd.DataFrame({"year": [2020]}), tmp_path)
    assert (tmp_path / "report.pdf").read_text() == "keep me"
