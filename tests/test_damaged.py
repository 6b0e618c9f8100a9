"""Damaged page content becomes findings naming file and page; extract exits 3 and keeps rows.

The damaged files are made from a sample at test time: content streams cut short by byte
surgery (no tool needed), and, with qpdf's QDF mode, a page emptied inside a table and a page
whose content makes pdfminer warn.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import followup
from followup.cli import app
from tests.conftest import EXPECTED, ROOT, SAMPLES

runner = CliRunner()
GRID = SAMPLES / "vss-2020-grid.pdf"


def _cut_streams(src: Path, dst: Path, objects: tuple[int, ...]) -> Path:
    """Overwrite the last two thirds of the given content streams (same length, so the xref
    stays valid): the streams no longer inflate completely."""
    data = bytearray(src.read_bytes())
    for obj in objects:
        found = re.search(rb"\n%d 0 obj" % obj, data)
        assert found is not None
        start = data.index(b"stream", found.end()) + len(b"stream")
        while data[start : start + 1] in (b"\r", b"\n"):
            start += 1
        end = data.index(b"endstream", start)
        cut = start + (end - start) // 3
        data[cut : end - 4] = b"!" * (end - 4 - cut)
    dst.write_bytes(bytes(data))
    return dst


def _qdf_edit(src: Path, dst: Path, edit: Callable[[bytes], bytes]) -> Path:
    if shutil.which("qpdf") is None or shutil.which("fix-qdf") is None:
        pytest.skip("qpdf is needed to edit a sample's content streams")
    qdf = dst.with_suffix(".qdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(src), str(qdf)], check=True)
    qdf.write_bytes(edit(qdf.read_bytes()))
    with open(dst, "wb") as out:
        subprocess.run(["fix-qdf", str(qdf)], stdout=out, check=True)
    return dst


def _page_stream(data: bytes, page: int) -> tuple[int, int]:
    """Start and end of page ``page``'s content stream data in a QDF file."""
    mark = data.index(b"%% Contents for page " + str(page).encode() + b"\n")
    start = data.index(b"stream\n", mark) + len(b"stream\n")
    return start, data.index(b"endstream", start)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """vss-2020-grid.pdf with the content streams of its last two pages (6, 7) cut short."""
    return _cut_streams(GRID, tmp_path_factory.mktemp("d") / "damaged.pdf", (20, 21))


def test_damaged_pages_are_findings_and_readable_rows_are_kept(damaged: Path) -> None:
    result = followup.extract_document(damaged)
    pages = [(f.page, f.message) for f in result.findings if f.kind == "damaged_page"]
    assert [p for p, _ in pages] == [6, 7]
    assert all(
        m.startswith(f"damaged.pdf p. {p}: content could not be fully decoded") for p, m in pages
    )
    expected = pd.read_csv(EXPECTED / "vss-2020-grid.csv", dtype=str, keep_default_na=False)
    whole = expected[expected["page"].astype(int) <= 5]
    got = result.rows[result.rows["page"] <= 5]
    assert got["activity"].tolist() == whole["activity"].tolist()
    assert len(result.rows) < len(expected)  # some rows of pages 6-7 are gone


def test_extract_exits_3_and_writes_every_readable_row(tmp_path: Path, damaged: Path) -> None:
    good = tmp_path / "good.pdf"
    shutil.copyfile(SAMPLES / "vss-2021-hrules.pdf", good)
    out = tmp_path / "rows.csv"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup",
            "extract",
            str(damaged),
            str(good),
            "-o",
            str(out),
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 3, proc.stderr
    warnings = [x for x in proc.stderr.splitlines() if "could not be fully decoded" in x]
    assert [w.split(":")[1].strip() for w in warnings] == ["damaged.pdf p. 6", "damaged.pdf p. 7"]
    assert "1 partial (damaged pages)" in proc.stderr
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    library = followup.extract_document(damaged)
    expected_good = pd.read_csv(EXPECTED / "vss-2021-hrules.csv", dtype=str)
    assert len(rows) == len(library.rows) + len(expected_good)


def test_failures_outrank_partial(tmp_path: Path, damaged: Path) -> None:
    result = runner.invoke(
        app,
        [
            "extract",
            str(damaged),
            str(tmp_path / "nope.pdf"),
            "-o",
            str(tmp_path / "o.csv"),
            "--no-cache",
        ],
    )
    assert result.exit_code == 1


def test_textless_page_inside_a_table_is_damaged(tmp_path: Path) -> None:
    def empty_page_4(data: bytes) -> bytes:
        start, end = _page_stream(data, 4)
        return data[:start] + b"\n" + data[end:]

    pdf = _qdf_edit(GRID, tmp_path / "hole.pdf", empty_page_4)
    result = followup.extract_document(pdf)
    found = [(f.page, f.message) for f in result.findings if f.kind == "damaged_page"]
    assert found == [
        (
            4,
            "hole.pdf p. 4: content could not be fully decoded (no text on a page inside a "
            "table); rows of this page may be missing or incomplete",
        )
    ]


def test_pdfminer_warnings_become_findings_not_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    def bad_operands(data: bytes) -> bytes:
        start, _ = _page_stream(data, 3)
        return data[:start] + b"(a) (b) (c) (d) (e) (f) cm\n" + data[start:]

    pdf = _qdf_edit(GRID, tmp_path / "warn.pdf", bad_operands)
    logging.getLogger("pdfminer").setLevel(logging.NOTSET)
    capfd.readouterr()
    result = followup.extract_document(pdf)
    assert capfd.readouterr().err == ""
    found = [f for f in result.findings if f.kind == "damaged_page"]
    assert [f.page for f in found] == [3]
    assert "Cannot concatenate matrix" in found[0].message
    assert len(result.rows) == len(pd.read_csv(EXPECTED / "vss-2020-grid.csv"))
    assert not logging.getLogger("pdfminer").handlers  # the routing ends with the call
    assert logging.getLogger("pdfminer").propagate
