"""A batch of one small file runs in this process, under the same timeout as a worker."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from followup import batch
from followup.batch import run_batch
from followup.extract import ExtractOptions
from followup.inline import INLINE_MAX_BYTES, can_run_inline
from tests.conftest import REPORTLAB_PDFS


def _no_pool(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("a worker pool was started")


def _hang(path: Path, options: Any) -> Any:
    time.sleep(60)  # interrupted by the timer


def test_one_small_file_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_Runner", _no_pool)
    pdf = REPORTLAB_PDFS[0]
    result = run_batch([pdf], ExtractOptions(), use_cache=False)
    assert result.extracted == 1 and not result.failures
    assert len(result.extractions[0].rows) > 0
    assert result.extractions[0].rows.equals(
        run_batch([pdf], ExtractOptions(), use_cache=False).extractions[0].rows
    )


def test_a_file_that_hangs_in_process_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_Runner", _no_pool)
    monkeypatch.setattr(batch, "_default_worker", _hang)
    start = time.monotonic()
    pdf = REPORTLAB_PDFS[0]
    result = run_batch([pdf], ExtractOptions(), use_cache=False, timeout=0.5, jobs=1)
    assert time.monotonic() - start < 30  # the timer ended it, not the sleep
    assert [f.reason for f in result.failures] == ["timed out after 0.5 s"]


def test_a_broken_file_in_process_is_one_failure(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + os.urandom(200))
    result = run_batch([bad], ExtractOptions(), use_cache=False)
    assert not result.extractions and len(result.failures) == 1
    assert result.failures[0].reason.startswith("corrupt")


def test_pool_for_many_files_big_files_and_injected_workers(tmp_path: Path) -> None:
    pdf = REPORTLAB_PDFS[0]
    assert can_run_inline([pdf], None)
    assert not can_run_inline(REPORTLAB_PDFS[:2], None)
    assert not can_run_inline([pdf], _hang)  # an injected worker may crash its process
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.truncate(INLINE_MAX_BYTES + 1)
    assert not can_run_inline([big], None)
    assert can_run_inline([big], None, jobs=2)  # its pages are parsed by worker processes
