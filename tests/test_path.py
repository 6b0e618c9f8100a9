"""The ``path`` column: the PDF's path as given (relative below the working folder), the same in
every format, never stored in the cache, so files of one name in two folders stay apart."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from followup.cli import app
from followup.records import display_path
from tests.conftest import SAMPLES

runner = CliRunner()
SMALL = SAMPLES / "kfn-2022-ansvarig.pdf"


def _followup(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_display_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "in" / "a.pdf") == "in/a.pdf"
    assert display_path("in/a.pdf") == "in/a.pdf"
    assert display_path("./in/a.pdf") == "in/a.pdf"
    assert display_path("../b/a.pdf") == "../b/a.pdf"  # as given
    assert display_path("/srv/a.pdf") == "/srv/a.pdf"  # not below the working folder
    assert display_path("-") == "-"


def test_same_name_in_two_folders_differs_by_path(tmp_path: Path) -> None:
    for year in ("2021", "2022"):
        (tmp_path / "in" / year).mkdir(parents=True)
        shutil.copyfile(SMALL, tmp_path / "in" / year / "rapport.pdf")
    proc = _followup(tmp_path, "extract", "in", "-o", "rows.csv", "--no-cache", "-q")
    assert proc.returncode == 0, proc.stderr
    rows = _csv(tmp_path / "rows.csv")
    assert list(rows.columns[:3]) == ["source", "path", "source_sha256"]
    assert set(rows["source"]) == {"rapport.pdf"}
    assert rows["path"].value_counts().to_dict() == {
        "in/2021/rapport.pdf": 15,
        "in/2022/rapport.pdf": 15,
    }


def test_cache_keeps_no_path_and_each_run_gets_its_own(tmp_path: Path) -> None:
    """The same bytes under the same name in two folders share a cache entry; each run's rows
    carry the path that run named, and a cached run is byte-identical to a fresh one."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copyfile(SMALL, tmp_path / name / "r.pdf")
    cache = ["--cache", str(tmp_path / "cache"), "-q"]
    fresh = _followup(tmp_path, "extract", "a/r.pdf", "-o", "a.csv", *cache)
    assert fresh.returncode == 0, fresh.stderr
    first = (tmp_path / "a.csv").read_bytes()
    entries = list((tmp_path / "cache").rglob("*.parquet"))
    assert len(entries) == 1 and "path" not in pq.read_schema(entries[0]).names
    proc = runner.invoke(
        app,
        [
            "extract",
            str(tmp_path / "b" / "r.pdf"),
            "-o",
            str(tmp_path / "b.csv"),
            "--cache",
            str(tmp_path / "cache"),
        ],
    )
    assert proc.exit_code == 0 and "(1 from cache)" in proc.output, proc.output
    other = _csv(tmp_path / "b.csv")
    assert set(other["path"]) == {display_path(tmp_path / "b" / "r.pdf")}
    pd.testing.assert_frame_equal(
        other.drop(columns="path"), _csv(tmp_path / "a.csv").drop(columns="path")
    )
    again = _followup(tmp_path, "extract", "a/r.pdf", "-o", "a.csv", *cache)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "a.csv").read_bytes() == first  # from the cache: the same bytes
    assert set(_csv(tmp_path / "a.csv")["path"]) == {"a/r.pdf"}


def test_path_is_the_same_in_csv_parquet_and_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(SAMPLES / "tagged", tmp_path / "in", ignore=shutil.ignore_patterns("*.csv"))
    shutil.copyfile(SMALL, tmp_path / "in" / "kfn.pdf")
    monkeypatch.chdir(tmp_path)
    common = ["--no-cache", "-q", "--jobs", "1"]
    for out, extra in (("rows.csv", []), ("rows.parquet", []), ("ds", ["--format", "parquet"])):
        result = runner.invoke(app, ["extract", "in", "-o", out, *extra, *common])
        assert result.exit_code == 0, result.output
    csv = _csv(tmp_path / "rows.csv")
    parquet = pd.read_parquet(tmp_path / "rows.parquet")
    dataset = pq.read_table(tmp_path / "ds").to_pandas()
    expected = sorted(csv["path"])
    assert sorted(parquet["path"]) == expected and sorted(dataset["path"]) == expected
    assert "in/kfn.pdf" in expected and all(p.startswith("in/") for p in expected)
