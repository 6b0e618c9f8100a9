"""Extraction of every sample PDF equals its expected CSV, cell by cell, in both formats."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from followup import extract_document, extract_pdf
from followup.schema import BOX_COLUMNS, LEADING_COLUMNS
from followup.tableio import frame_to_csv_text, read_table, write_table
from tests.conftest import EXPECTED, REPORTLAB_PDFS, SAMPLE_PDFS, SAMPLES, XFAIL, sample_params

BOX_TOLERANCE = 0.05  # points; coordinates are printed with two decimals


def _as_strings(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(frame_to_csv_text(frame)), dtype=str, keep_default_na=False)


def _expected(pdf: Path) -> pd.DataFrame:
    return pd.read_csv(EXPECTED / f"{pdf.stem}.csv", dtype=str, keep_default_na=False)


def assert_same_cells(got: pd.DataFrame, expected: pd.DataFrame, name: str) -> None:
    assert list(got.columns) == list(expected.columns), name
    assert len(got) == len(expected), f"{name}: {len(got)} rows, expected {len(expected)}"
    wrong = []
    for i in range(len(expected)):
        for col in expected.columns:
            g, e = got.at[i, col], expected.at[i, col]
            if col in BOX_COLUMNS:
                if abs(float(g) - float(e)) > BOX_TOLERANCE:
                    wrong.append((i, col, g, e))
            elif g != e:
                wrong.append((i, col, g, e))
    assert not wrong, f"{name}: {len(wrong)} cells differ, first: {wrong[:3]}"


class _Extracted(dict):
    """Sample stem -> extracted rows, extracted on first use (a sample that fails fails alone)."""

    def __missing__(self, stem: str) -> pd.DataFrame:
        pdf = next(p for p in SAMPLE_PDFS if p.stem == stem)
        self[stem] = frame = extract_pdf(pdf)
        return frame


@pytest.fixture(scope="module")
def extracted() -> dict[str, pd.DataFrame]:
    return _Extracted()


@pytest.mark.parametrize("pdf", sample_params(SAMPLE_PDFS))
def test_csv_equals_expected(pdf: Path, extracted: dict[str, pd.DataFrame]) -> None:
    assert_same_cells(_as_strings(extracted[pdf.stem]), _expected(pdf), pdf.name)


@pytest.mark.parametrize("pdf", sample_params(SAMPLE_PDFS))
def test_parquet_equals_expected_and_keeps_types(
    pdf: Path, extracted: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    out = tmp_path / "rows.parquet"
    write_table(extracted[pdf.stem], out)
    back = pd.read_parquet(out)
    assert back["year"].dtype == "Int64"
    assert back["page"].dtype == "int64"
    assert back["strategic"].dtype == bool
    assert back["status_score"].dtype == "int64"
    assert back["x0"].dtype == "float64"
    assert_same_cells(_as_strings(back), _expected(pdf), pdf.name)


def test_csv_reads_back_with_schema_types(
    extracted: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    out = tmp_path / "rows.csv"
    write_table(extracted["vss-2020-grid"], out)
    back = read_table(out)
    assert back["strategic"].sum() == extracted["vss-2020-grid"]["strategic"].sum() == 6
    assert back["page"].tolist() == extracted["vss-2020-grid"]["page"].tolist()


def test_schema_column_order(extracted: dict[str, pd.DataFrame]) -> None:
    for name in (p.stem for p in SAMPLE_PDFS if p.stem not in XFAIL):
        frame = extracted[name]
        cols = list(frame.columns)
        assert cols[: len(LEADING_COLUMNS)] == LEADING_COLUMNS, name
        assert cols[-7:] == ["structure", "ocr", "ocr_confidence", *BOX_COLUMNS], name
    assert "responsible" in extracted["kfn-2022-ansvarig"].columns


def test_same_input_gives_byte_identical_output() -> None:
    pdf = REPORTLAB_PDFS[0]
    assert frame_to_csv_text(extract_pdf(pdf)) == frame_to_csv_text(extract_pdf(pdf))


def test_traits_of_real_reports(extracted: dict[str, pd.DataFrame]) -> None:
    grid = extracted["vss-2020-grid"]
    comments = " ".join(grid["comment"])
    assert "e-handel" in comments and "utvecklings- och" in comments
    assert "tjänsteutvecklingsprojektet" in comments  # broken mid-word at the cell edge
    assert (grid["page_end"] > grid["page"]).sum() >= 3  # rows broken by a page break
    assert not grid["activity"].str.contains("Strategiskt").any()
    assert grid.groupby("perspective", sort=False).size().to_dict() == {
        "Medborgare": 10,
        "Ekonomi": 11,
        "Verksamhet": 33,
        "Medarbetare": 8,
    }
    hrules = extracted["vss-2020-hrules"]
    variants = hrules[hrules["status_raw"] != hrules["status"]]
    assert sorted(variants["status_raw"]) == ["KLAR", "Klar.", "Pausad*", "Pågaende"]
    assert variants.set_index("status_raw")["status_score"]["Pågaende"] == 88
    symbols = extracted["vss-2020-symbols"]
    assert symbols["status_raw"].str.match(r"^(circle|square|triangle|diamond) #[0-9a-f]{6}$").all()
    kfn = extracted["kfn-2022-ansvarig"]
    assert set(kfn["status"]) <= {"Genomförd", "Pågår", "Försenad", "Ej påbörjad"}


def test_findings_report_page_breaks_and_merged_goals() -> None:
    result = extract_document(SAMPLES / "vss-2020-grid.pdf")
    kinds = [f.kind for f in result.findings]
    broken = int((result.rows["page_end"] > result.rows["page"]).sum())
    assert kinds.count("page_break_join") == broken
    assert kinds.count("goal_merged") > 40  # goals merged over many rows
    assert "low_status" not in kinds
    assert result.pages == 7


def test_unmatched_status_is_kept_raw_and_flagged(tmp_path: Path) -> None:
    from followup.extract.pipeline import extract_document as run
    from followup.extract.settings import ExtractOptions

    strict = run(SAMPLES / "vss-2020-hrules.pdf", ExtractOptions(status_threshold=95))
    rows = strict.rows
    low = rows[rows["status"] == ""]
    assert low["status_raw"].tolist() == ["Pågaende"]
    messages = [f.message for f in strict.findings if f.kind == "low_status"]
    assert len(messages) == 1 and "vss-2020-hrules.pdf" in messages[0] and "Pågaende" in messages[0]


def test_year_override() -> None:
    frame = extract_pdf(SAMPLES / "vss-2020-grid.pdf", year=2019)
    assert set(frame["year"]) == {2019}
    assert frame["deadline_date"].iloc[0] == "2019-12-31"
