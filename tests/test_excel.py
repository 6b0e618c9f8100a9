"""``--excel`` CSV as Swedish LibreOffice Calc opens it: numbers, booleans and dates are values,
formula-like text shows exactly as extracted and nothing runs.

Calc is driven headless (``soffice --convert-to fods`` with the CSV import options of a Swedish
Calc: ``;``, UTF-8, language sv-SE) and the cells' types and shown text are read from the flat
ODF file. Skipped when LibreOffice Calc is absent (required when CI is set).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup import excel
from followup.tableio import frame_to_csv_text, read_table, write_table

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
SWEDISH = 1053  # LibreOffice language id of sv-SE
CSV_IMPORT = f"Text - txt - csv (StarCalc):59,34,76,1,,{SWEDISH}"

TEXTS = [
    "=1+1",
    '=HYPERLINK("http://x.example","klicka")',
    "+46 13 20 00 00",
    "-data",
    "- Genomföra kartläggning",
    "@SUM(1)",
    "Klar",
    "Löpande under året",
    "=" + "x" * 600,  # longer than Excel's 255-character string literals
]


def _frame() -> pd.DataFrame:
    n = len(TEXTS)
    return pd.DataFrame(
        {
            "activity": TEXTS,
            "strategic": [k % 2 == 0 for k in range(n)],
            "page": list(range(1, n + 1)),
            "deadline_date": ["2020-12-31", ""] * (n // 2) + ["2021-04-30"] * (n % 2),
            "x0": [163.5 + k for k in range(n)],
        }
    )


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice Calc) is missing (required when CI is set)")
        pytest.skip("LibreOffice is not installed")
    return found


def _calc_cells(csv_path: Path, tmp_path: Path) -> list[list[tuple[str, str, str | None]]]:
    """Rows of (value type, shown text, formula) as Calc imports ``csv_path``."""
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            f"--infilter={CSV_IMPORT}",
            "--convert-to",
            "fods",
            "--outdir",
            str(tmp_path),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = tmp_path / (csv_path.stem + ".fods")
    if not out.exists():
        if os.environ.get("CI"):
            pytest.fail("LibreOffice could not convert the CSV: is libreoffice-calc installed?")
        pytest.skip("LibreOffice Calc is not installed (only Writer?)")
    rows = []
    for row in ET.parse(out).getroot().iter(f"{{{NS['table']}}}table-row"):
        cells = []
        for cell in row.findall("table:table-cell", NS):
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            kind = cell.get(f"{{{NS['office']}}}value-type", "")
            shown = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
            formula = cell.get(f"{{{NS['table']}}}formula")
            cells.extend([(kind, shown, formula)] * min(repeat, 10))
        rows.append(cells)
    return rows


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> list[list[tuple[str, str, str | None]]]:
    tmp = tmp_path_factory.mktemp("calc")
    path = tmp / "rows.csv"
    write_table(_frame(), path, excel=True)
    return _calc_cells(path, tmp)


def test_calc_reads_numbers_booleans_and_dates_as_values(calc: list) -> None:
    header, *rows = calc
    assert [c[1] for c in header[:5]] == ["activity", "strategic", "page", "deadline_date", "x0"]
    frame = _frame()
    for k, row in enumerate(rows[: len(frame)]):
        _, strategic, page, date, x0 = row[:5]
        assert strategic[0] == "float" and strategic[1] == ("1" if k % 2 == 0 else "0")
        assert page[0] == "float" and page[1] == str(k + 1)
        assert x0[0] == "float" and x0[1].replace(",", ".") == f"{163.5 + k:.2f}".rstrip("0")
        if frame["deadline_date"][k]:
            assert date[0] == "date", date
        else:
            assert date[0] == "", date


def test_calc_shows_formula_like_text_exactly_and_never_runs_it(calc: list) -> None:
    for k, text in enumerate(TEXTS):
        kind, shown, formula = calc[k + 1][0]
        assert kind == "string", (text, kind)
        assert shown == text, (text, shown)  # no visible ' or other guard
        if excel.needs_guard(text):  # the formula is the guard: string literals, nothing else
            assert formula == "of:" + excel.guard(text), formula
        else:
            assert formula is None  # normal cells are written as they are


def test_guarded_cells_are_literal_formulas_within_excel_limits() -> None:
    for text in TEXTS:
        cell = excel.guard(text)
        if excel.needs_guard(text):
            assert cell.startswith('="') and cell.endswith('"')
            literals = cell[1:].split("&")
            assert all(len(lit) - 2 <= 255 + lit.count('""') for lit in literals)
        else:
            assert cell == text


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=600))
def test_guard_unguard_roundtrip(text: str) -> None:
    cell = excel.guard(text)
    assert excel.unguard(cell) == text
    if excel.needs_guard(text):
        body = cell[1:].replace('""', "")
        assert cell.startswith('="') and set(body.split('"')[::2]) <= {"", "&", "&CHAR(10)&"}
    else:
        assert cell == text


def test_excel_csv_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    write_table(_frame(), path, excel=True)
    back = read_table(path)
    assert back["activity"].tolist() == TEXTS
    assert back["x0"].tolist() == _frame()["x0"].tolist()


def test_excel_dialect_bytes() -> None:
    text = frame_to_csv_text(_frame().iloc[:2], excel=True)
    assert text.splitlines() == [
        "\ufeffactivity;strategic;page;deadline_date;x0",
        '"=""=1+1""";1;1;2020-12-31;163,50',
        '"=""=HYPERLINK(""""http://x.example"""",""""klicka"""")""";0;2;;164,50',
    ]
