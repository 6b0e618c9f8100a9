"""Lint, types and the README: checked like code."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from followup.extract.document import NO_TEXT_REASON
from followup.schema import BOX_COLUMNS, LEADING_COLUMNS, TRAILING_COLUMNS, markdown_table
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_clean() -> None:
    proc = _run("ruff", "check", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_clean() -> None:
    proc = _run("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_two_lines_and_ci_runs_the_second() -> None:
    lines = _quick_start()
    assert len(lines) == 2
    assert "followup extract samples/" in lines[0]
    assert "pytest" in lines[1] and ".[test]" in lines[1]
    assert lines[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_schema_table_is_the_schema() -> None:
    """The README's table is followup/schema.py's, row by row (regenerate it with
    ``followup schema --markdown``)."""
    section = README.split("## Output schema", 1)[1].split("\n## ", 1)[0]
    names = re.findall(r"^\| `([a-z_0-9]+)` \|", section, re.M)
    assert names == LEADING_COLUMNS + TRAILING_COLUMNS + BOX_COLUMNS
    table = [line for line in section.splitlines() if line.startswith("|")]
    assert table == markdown_table().splitlines()


def test_readme_lists_failure_reasons() -> None:
    section = README.split("## When a file fails", 1)[1].split("\n## ", 1)[0]
    for reason in (
        "file not found",
        "empty file (0 bytes)",
        "not a PDF",
        "corrupt or truncated PDF",
        "encrypted: pass --password",
        "wrong password",
        NO_TEXT_REASON,
        "no follow-up table found",
        "too many pages",
        "timed out after",
        "worker crashed",
    ):
        assert reason in section, reason


@pytest.mark.parametrize(
    "module",
    sorted(p.stem for p in (ROOT / "followup" / "extract").glob("*.py") if p.stem != "__init__"),
)
def test_every_extraction_stage_has_its_own_test_file(module: str) -> None:
    assert (ROOT / "tests" / f"test_{module}.py").is_file()
