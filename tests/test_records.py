"""Records stage: rows → the output frame (status, deadline date, strategic marker, types)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from followup.extract import ExtractOptions
from followup.extract.context import DocumentContext
from followup.extract.layout import Shape, Word
from followup.extract.records import rows_to_table
from followup.extract.regions import Region
from followup.extract.rows import Row, tables_to_rows
from followup.extract.segments import region_to_table
from followup.schema import BOX_COLUMNS, columns_for
from tests.hand_built import TOL, header, words

PATH = Path("rapport.pdf")


def _rows(
    content: list[Word], shapes: tuple[Shape, ...] = (), year: int | None = None
) -> tuple[Row, ...]:
    hdr = replace(header(), year=year)
    region = Region(hdr, 1, 112.0, 800.0, tuple(content), (), shapes, False, 10.0)
    return tables_to_rows([region_to_table(region, "Ekonomi", TOL)], {}, TOL)


def _frame(rows: tuple[Row, ...], context: DocumentContext | None = None, **options: object):  # type: ignore[no-untyped-def]
    table, _ = rows_to_table(
        rows,
        context or DocumentContext(),
        PATH,
        "ab" * 32,
        ExtractOptions(**options),  # type: ignore[arg-type]
    )
    return table.to_frame()


def _one(deadline: str, status: str = "Klar", activity: str = "Gör något") -> list[Word]:
    """One row: the activity wrapped at 25 characters, a small-print deadline, a status."""
    lines, line = [], ""
    for part in activity.split():
        if line and len(line) + 1 + len(part) > 25:
            lines.append(line)
            line = part
        else:
            line = f"{line} {part}".strip()
    lines.append(line)
    out = [w for i, text in enumerate(lines) for w in words(text, 153.0, 120.0 + 11 * i)]
    return out + words(deadline, 303.0, 120.0, size=7) + words(status, 373.0, 120.0)


@pytest.mark.parametrize(
    ("deadline", "year", "iso"),
    [
        ("Tertial 1", 2020, "2020-04-30"),
        ("T2", 2020, "2020-08-31"),
        ("Tertial 3 2021", None, "2021-12-31"),
        ("Tertial 1", None, ""),
        ("Q3 2021", None, "2021-09-30"),
        ("Kvartal 2", 2022, "2022-06-30"),
        ("Q4", None, ""),
        ("April 2020", None, "2020-04-30"),
        ("Jan. 2021", None, "2021-01-31"),
        ("Vecka 2020", None, ""),
        ("2020-06-30", None, "2020-06-30"),
        ("2020-02-30", None, ""),
        ("2021", None, "2021-12-31"),
        ("År 2022", None, "2022-12-31"),
        ("Löpande under året", 2020, ""),
    ],
)
def test_every_deadline_form(deadline: str, year: int | None, iso: str) -> None:
    frame = _frame(_rows(_one(deadline), year=year))
    assert frame.at[0, "deadline"] == deadline
    assert frame.at[0, "deadline_date"] == iso


def test_year_priority_option_then_header_then_document() -> None:
    rows = _rows(_one("Tertial 1"))
    titled = DocumentContext(title_lines=("Uppföljning 2019",))
    assert _frame(rows, titled).at[0, "year"] == 2019
    assert _frame(_rows(_one("Tertial 1"), year=2020), titled).at[0, "year"] == 2020
    assert _frame(rows, titled, year=2030).at[0, "deadline_date"] == "2030-04-30"


def test_strategic_marker_is_removed_and_flagged() -> None:
    text = "Bygg ut e-tjänster. Strategiskt utvecklingsuppdrag i Budget 2020"
    frame = _frame(_rows(_one("Tertial 2", activity=text)))
    assert frame.at[0, "activity"] == "Bygg ut e-tjänster."
    assert bool(frame.at[0, "strategic"]) is True


def test_status_matched_to_the_builtin_words_and_kept_raw_when_not() -> None:
    content = _one("T1", "Pågaende") + words("Två", 153.0, 160.0) + words("Okänt", 373.0, 160.0)
    frame = _frame(_rows(content))
    assert list(frame["status"]) == ["Pågående", ""]
    assert list(frame["status_raw"]) == ["Pågaende", "Okänt"]
    assert frame.at[0, "status_score"] >= 80


def test_status_symbol_matched_to_the_legend() -> None:
    dot = Shape("circle", "#00aa00", 380.0, 388.0, 121.0, 129.0)
    content = words("Ett", 153.0, 120.0) + words("T1", 303.0, 120.0)
    legend = DocumentContext(
        intro=(("= Klar genomförd", "circle #00aa00"), ("= Pausad", "circle #ff0000"))
    )
    frame = _frame(_rows(content, shapes=(dot,)), legend)
    assert (frame.at[0, "status"], frame.at[0, "status_raw"], frame.at[0, "status_score"]) == (
        "Klar",
        "circle #00aa00",
        100,
    )


def test_no_status_at_all() -> None:
    frame = _frame(_rows(words("Ett", 153.0, 120.0) + words("T1", 303.0, 120.0)))
    assert (frame.at[0, "status"], frame.at[0, "status_raw"], frame.at[0, "status_score"]) == (
        "",
        "",
        0,
    )


def test_schema_columns_types_and_box() -> None:
    frame = _frame(_rows(_one("T1")))
    assert list(frame.columns) == columns_for([])
    assert str(frame["year"].dtype) == "Int64" and str(frame["page"].dtype) == "int64"
    assert pd.api.types.is_string_dtype(frame["source"].dtype)
    assert [frame.at[0, c] for c in BOX_COLUMNS] == [153.0, 120.0, 393.0, 130.0]
    assert (frame.at[0, "source"], frame.at[0, "perspective"]) == ("rapport.pdf", "Ekonomi")


def test_empty_document_gives_an_empty_frame_in_the_schema() -> None:
    frame = _frame(())
    assert list(frame.columns) == columns_for([]) and len(frame) == 0
