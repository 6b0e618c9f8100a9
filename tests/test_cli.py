"""The command line: through typer's CliRunner and as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from followup.cli import app
from followup.tableio import frame_to_csv_text
from tests.conftest import EXPECTED, ROOT, SAMPLE_PDFS, SAMPLES, XFAIL
from tests.test_extract import assert_same_cells

runner = CliRunner()


def _read(path: Path | str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_extract_one_pdf_to_csv(tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    result = runner.invoke(
        app,
        [
            "extract",
            str(SAMPLES / "vss-2020-grid.pdf"),
            "-o",
            str(out),
            "--no-cache",
            "--jobs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert_same_cells(_read(out), _read(EXPECTED / "vss-2020-grid.csv"), "cli")


def test_extract_folder_to_parquet_and_excel(tmp_path: Path) -> None:
    # the samples' folder tree (producer samples in subfolders), less those not yet read exactly
    tree = tmp_path / "samples"
    passing = [p for p in SAMPLE_PDFS if p.stem not in XFAIL]
    for pdf in passing:
        link = tree / pdf.relative_to(SAMPLES)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(pdf)
    out = tmp_path / "rows.parquet"
    result = runner.invoke(
        app, ["extract", str(tree), "-o", str(out), "--cache", str(tmp_path / "c")]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert frame.groupby("source", sort=False).size().to_dict() == {
        pdf.name: len(_read(EXPECTED / f"{pdf.stem}.csv")) for pdf in sorted(passing)
    }
    assert list(frame.columns)[-8:] == [
        "responsible", "structure", "ocr", "ocr_confidence", "x0", "top", "x1", "bottom"
    ]  # fmt: skip
    assert not frame["ocr"].any() and frame["ocr_confidence"].isna().all()
    excel = tmp_path / "rows.csv"
    result = runner.invoke(
        app,
        [
            "extract",
            str(SAMPLES / "kfn-2022-ansvarig.pdf"),
            "-o",
            str(excel),
            "--excel",
            "--cache",
            str(tmp_path / "c"),
        ],
    )
    assert result.exit_code == 0, result.output
    raw = excel.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]


def test_bad_file_fails_alone(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_text("<html>not a pdf</html>")
    good = tmp_path / "good.pdf"
    good.write_bytes((SAMPLES / "vss-2021-hrules.pdf").read_bytes())
    out = tmp_path / "rows.csv"
    result = runner.invoke(app, ["extract", str(bad), str(good), "-o", str(out), "--no-cache"])
    assert result.exit_code == 1
    assert "broken.pdf: not a PDF" in result.output
    assert "Traceback" not in result.output
    assert len(_read(out)) == len(_read(EXPECTED / "vss-2021-hrules.csv"))


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes((SAMPLES / "vss-2021-hrules.pdf").read_bytes())
    result = runner.invoke(app, ["extract", str(pdf), "-o", str(pdf)])
    assert result.exit_code == 1
    assert pdf.read_bytes() == (SAMPLES / "vss-2021-hrules.pdf").read_bytes()


def test_subprocess_stdout_is_the_expected_csv(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup",
            "extract",
            str(SAMPLES / "kfn-2022-ansvarig.pdf"),
            "--no-cache",
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "o.csv").write_text(proc.stdout, encoding="utf-8")
    assert_same_cells(
        _read(tmp_path / "o.csv"), _read(EXPECTED / "kfn-2022-ansvarig.csv"), "stdout"
    )


def test_subprocess_missing_file_one_line_error() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "followup", "extract", "nope.pdf", "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert "nope.pdf: file not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_diff_command_on_sample_pdfs(tmp_path: Path) -> None:
    out = tmp_path / "diff.csv"
    result = runner.invoke(
        app,
        [
            "diff",
            str(SAMPLES / "vss-2020-grid.pdf"),
            str(SAMPLES / "vss-2021-hrules.pdf"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (
        EXPECTED / "diff_vss-2020-grid_vss-2021-hrules.csv"
    ).read_text(encoding="utf-8")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("followup ")


def test_frame_to_csv_roundtrip_of_expected() -> None:
    frame = _read(EXPECTED / "vss-2020-plain.csv")
    assert frame_to_csv_text(frame) == (EXPECTED / "vss-2020-plain.csv").read_text(encoding="utf-8")


def test_extract_parquet_dataset_partitioned_by_year(tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    args = ["extract", str(SAMPLES / "vss-2020-grid.pdf"), str(SAMPLES / "vss-2021-hrules.pdf")]
    result = runner.invoke(app, [*args, "-o", str(out), "--format", "parquet", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["year=2020", "year=2021"]
    frame = pd.read_parquet(out)
    assert len(frame) == 62 + 39
    assert frame.groupby(frame["year"].astype(int)).size().to_dict() == {2020: 62, 2021: 39}
