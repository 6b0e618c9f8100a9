"""Settings: every number the extraction stages use is named in ``followup/extract/settings.py``.

The rule, checked on the syntax tree of every module in ``followup/extract/``:
- no float literal but ``0.0`` (a start value or an empty box), and no integer literal but
  ``0``, ``1`` and ``2`` (indices, counts, halves, ``round(x, 2)``), outside ``settings.py``;
- ``document.py``, ``damage.py``, ``content.py`` and ``objects.py`` are exempt: they open
  files, report damage and read content streams and objects, and their numbers are byte counts
  of file sniffing, lengths of messages and the byte values and number bases of PDF syntax,
  not geometry.
Geometry numbers live in :class:`Tolerances` with a one-line reason each; other numbers (fuzzy
scores, counts) are named module constants of ``settings.py``.
"""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

import pytest

from followup.extract import ExtractOptions, Tolerances, extract_document
from followup.extract.settings import __file__ as settings_file
from followup.tableio import frame_to_csv_text
from tests.conftest import SAMPLE_PDFS

EXTRACT = Path(settings_file).parent
ALLOWED = {0, 1, 2}
EXEMPT = {"settings.py", "document.py", "damage.py", "content.py", "objects.py"}
MODULES = sorted(p for p in EXTRACT.glob("*.py") if p.name not in EXEMPT)


def _literals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
            continue
        value = node.value
        number = isinstance(value, int | float)
        if number and (value not in ALLOWED or (isinstance(value, float) and value != 0.0)):
            found.append(f"{path.name}:{node.lineno}: {value!r}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_number_outside_settings(path: Path) -> None:
    assert not _literals(path)


def test_the_literal_check_finds_numbers(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("x = 3.0\ny = a[1] + 2\nz = w.top - 1.5\nok = 0.0\n", encoding="utf-8")
    assert _literals(module) == ["m.py:1: 3.0", "m.py:3: 1.5"]


def test_every_tolerance_has_a_reason() -> None:
    source = Path(settings_file).read_text(encoding="utf-8").splitlines()
    names = [f.name for f in fields(Tolerances)]
    assert len(names) > 40
    for name in names:
        line = next(line for line in source if line.strip().startswith(f"{name}:"))
        assert "#" in line and len(line.split("#", 1)[1].strip()) > 3, name


def test_tolerances_are_used() -> None:
    code = " ".join(p.read_text(encoding="utf-8") for p in EXTRACT.glob("*.py"))
    unused = [f.name for f in fields(Tolerances) if f"tol.{f.name}" not in code]
    assert not unused


def test_tolerances_change_the_extraction() -> None:
    """A tolerance is read by the stages, not copied: with rules this long, a grid has none."""
    pdf = next(p for p in SAMPLE_PDFS if p.name == "vss-2020-grid.pdf")
    default = extract_document(pdf)
    ruleless = ExtractOptions(tolerances=Tolerances(rule_min_length=1000.0))
    glued = extract_document(pdf, ruleless)
    assert frame_to_csv_text(default.rows) != frame_to_csv_text(glued.rows)


def test_cache_key_names_tolerances_only_when_changed() -> None:
    assert "tolerances" not in ExtractOptions().cache_key()
    key = ExtractOptions(tolerances=Tolerances(rule_merge=2.0)).cache_key()
    assert key["tolerances"]["rule_merge"] == 2.0
