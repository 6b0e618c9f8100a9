"""Start-up: parsing a command line loads neither pandas nor the PDF parser (checked by the
modules a fresh interpreter has imported, not by a clock: speed is measured in bench/)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from followup.commands.diff import DEFAULT_MIN_SIMILARITY
from followup.diff.core import DEFAULT_MIN_SIMILARITY as CORE_MIN_SIMILARITY

HEAVY = ("pandas", "numpy", "pyarrow", "pdfplumber", "pdfminer", "rapidfuzz", "PIL")

_PROBE = """
import contextlib, io, json, sys
from followup.cli import app
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        app(sys.argv[1:], prog_name="followup")
    except SystemExit:
        pass
print(json.dumps({"help": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _imported(*argv: str) -> tuple[str, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
    )
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return data["help"], {name.split(".")[0] for name in data["modules"]}


@pytest.mark.parametrize(
    "argv",
    [("--help",), ("--version",), ("extract", "--help"), ("diff", "--help"), ("audit", "--help")],
    ids=lambda argv: " ".join(argv),
)
def test_help_imports_neither_pandas_nor_pdfplumber(argv: tuple[str, ...]) -> None:
    shown, modules = _imported(*argv)
    assert "followup" in shown  # the help (or version) was really printed
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_extract_imports_them_when_it_runs(tmp_path) -> None:
    from tests.conftest import REPORTLAB_PDFS

    out = tmp_path / "rows.csv"
    _, modules = _imported("extract", str(REPORTLAB_PDFS[0]), "-o", str(out), "-q", "--no-cache")
    assert {"pandas", "pdfplumber"} <= modules
    assert out.read_text().startswith("source,")


def test_diff_default_similarity_is_the_library_default() -> None:
    assert DEFAULT_MIN_SIMILARITY == CORE_MIN_SIMILARITY
