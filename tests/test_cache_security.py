"""The extraction cache never leaks: encrypted PDFs, file modes, size limit, `followup cache`."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from followup.cache import ExtractionCache
from followup.cli import app
from followup.records import Extraction
from tests.conftest import SAMPLES

runner = CliRunner()
SMALL = SAMPLES / "kfn-2022-ansvarig.pdf"


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small sample encrypted with the user password ``right`` (AES-256, by qpdf)."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is needed to encrypt a sample")
    out = tmp_path_factory.mktemp("locked") / "locked.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "right", "owner", "256", "--", str(SMALL), str(out)], check=True
    )
    return out


def _extract(pdf: Path, cache: Path, *extra: str) -> tuple[int, str]:
    out = cache.parent / "rows.csv"
    out.unlink(missing_ok=True)
    result = runner.invoke(
        app, ["extract", str(pdf), "-o", str(out), "--cache", str(cache), "--jobs", "1", *extra]
    )
    return result.exit_code, result.output


def _modes(root: Path) -> set[tuple[str, int]]:
    found = {("dir", stat.S_IMODE(root.stat().st_mode))}
    for path in root.rglob("*"):
        kind = "dir" if path.is_dir() else "file"
        found.add((kind, stat.S_IMODE(path.stat().st_mode)))
    return found


def test_encrypted_rows_are_not_served_without_the_password(tmp_path: Path, locked: Path) -> None:
    cache = tmp_path / "cache"
    code, output = _extract(locked, cache, "--password", "right")
    assert code == 0, output
    assert "15 rows" in output
    code, output = _extract(locked, cache, "--password", "wrong")
    assert code == 1 and "locked.pdf: wrong password" in output and "15 rows" not in output
    code, output = _extract(locked, cache)
    assert code == 1 and "locked.pdf: encrypted: pass --password" in output
    assert ExtractionCache(cache).info().entries == 0  # not stored without --cache-encrypted


def test_cache_encrypted_stores_privately_and_checks_the_password(
    tmp_path: Path, locked: Path
) -> None:
    cache = tmp_path / "cache"
    code, output = _extract(locked, cache, "--password", "right", "--cache-encrypted")
    assert code == 0 and "(0 from cache)" in output
    assert ExtractionCache(cache).info().entries == 1
    assert _modes(cache) == {("dir", 0o700), ("file", 0o600)}
    code, output = _extract(locked, cache, "--password", "right")
    assert code == 0 and "(1 from cache)" in output
    code, output = _extract(locked, cache, "--password", "wrong", "--cache-encrypted")
    assert code == 1 and "wrong password" in output
    code, output = _extract(locked, cache)
    assert code == 1 and "encrypted: pass --password" in output


def test_cache_files_are_private(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    old = os.umask(0o022)
    try:
        code, output = _extract(SMALL, cache)
    finally:
        os.umask(old)
    assert code == 0, output
    assert _modes(cache) == {("dir", 0o700), ("file", 0o600)}
    cache.chmod(0o755)  # a cache folder made wider by an older version is tightened
    code, output = _extract(SMALL, cache)
    assert code == 0 and "(1 from cache)" in output
    (tmp_path / "in").mkdir()
    shutil.copyfile(SAMPLES / "vss-2021-hrules.pdf", tmp_path / "in" / "b.pdf")
    _extract(tmp_path / "in" / "b.pdf", cache)
    assert _modes(cache) == {("dir", 0o700), ("file", 0o600)}


def test_cache_info_and_clear(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = runner.invoke(app, ["cache", "info", "--cache", str(cache)])
    assert result.exit_code == 0 and "entries: 0" in result.output
    assert _extract(SMALL, cache)[0] == 0
    size = ExtractionCache(cache).info().size
    result = runner.invoke(app, ["cache", "info", "--cache", str(cache)])
    assert result.exit_code == 0, result.output
    assert f"folder: {cache}" in result.output and "entries: 1" in result.output
    assert f"size: {size / 1e6:.1f} MB" in result.output
    (cache / "notes.txt").write_text("not ours", encoding="utf-8")
    result = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert result.exit_code == 0 and "removed 1 entry (" in result.output
    assert ExtractionCache(cache).info().entries == 0
    assert (cache / "notes.txt").read_text(encoding="utf-8") == "not ours"


def _entry(i: int) -> Extraction:
    rows = pd.DataFrame({"source": [f"f{i}.pdf"], "activity": ["x" * 2000]})
    return Extraction(path=Path(f"f{i}.pdf"), rows=rows, pages=1)


def test_size_limit_evicts_least_recently_used(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "c")
    keys = [f"{i:02x}" * 32 for i in range(4)]
    for n, key in enumerate(keys):
        cache.put(key, _entry(n))
        os.utime(cache._entry(key), (1000 + n, 1000 + n))  # put in order 0, 1, 2, 3
    assert cache.get(keys[0]) is not None  # a hit makes 0 the most recently used
    one = cache.info().size // 4
    cache.max_bytes = 2 * one + one // 2
    assert cache.evict() == 2
    assert [cache.get(k) is not None for k in keys] == [True, False, False, True]
    cache.max_bytes = 0
    cache.evict()
    assert cache.info().entries == 0


def test_a_run_keeps_the_cache_under_its_limit(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        shutil.copyfile(SMALL, folder / f"{name}.pdf")
    code, output = _extract(folder, cache, "--cache-size", "0")
    assert code == 0, output
    assert ExtractionCache(cache).info().entries == 0
