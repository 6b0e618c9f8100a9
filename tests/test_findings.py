"""Findings stage: what an auditor is shown, from tables, rows and the frame."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from followup.extract import ExtractOptions
from followup.extract.context import DocumentContext
from followup.extract.findings import document_findings, table_findings
from followup.extract.header import Column
from followup.extract.layout import Word
from followup.extract.records import rows_to_table
from followup.extract.regions import Region
from followup.extract.rows import tables_to_rows
from followup.extract.segments import Table, region_to_table
from followup.records import FINDING_KINDS
from tests.hand_built import TOL, header, hrule, words

PATH = Path("rapport.pdf")


def _table(
    content: list[Word],
    page: int = 1,
    continued: bool = False,
    ruled: bool = False,
    top: float = 112.0,
) -> Table:
    rules = (hrule(50.0, 560.0, 112.0),) if ruled else ()
    region = Region(
        header(ruled=ruled), page, top, 800.0, tuple(content), rules, (), continued, 10.0
    )
    return region_to_table(region, "Ekonomi", TOL)


def _findings(*tables: Table) -> list:  # type: ignore[type-arg]
    rows = tables_to_rows(tables, {}, TOL)
    table, _ = rows_to_table(rows, DocumentContext(), PATH, "0" * 64, ExtractOptions())
    found = document_findings(tables, rows, table, PATH)
    assert {f.kind for f in found} <= set(FINDING_KINDS)
    return found


def _row(top: float, activity: str, deadline: str, status: str = "") -> list[Word]:
    out = words(activity, 153.0, top) + words(deadline, 303.0, top)
    return out + (words(status, 373.0, top) if status else [])


def test_a_clean_row_has_no_finding() -> None:
    assert _findings(_table(_row(120.0, "Ett", "T1", "Klar"))) == []


def test_no_status_is_flagged_with_the_activity() -> None:
    (found,) = _findings(_table(_row(120.0, "Ett", "T1")))
    assert (found.kind, found.page, found.row) == ("low_status", 1, 0)
    assert found.message == "rapport.pdf p. 1: status '' not matched (score 0) for activity 'Ett'"
    assert found.bbox == (153.0, 120.0, 313.0, 130.0)


def test_long_activities_are_shortened_in_messages() -> None:
    lines = ["Aktivitet med väldigt", "lång text som fortsätter", "rad efter rad i tabellen"]
    content = [w for i, t in enumerate(lines) for w in words(t, 153.0, 120.0 + 11 * i)]
    (found,) = _findings(_table(content + words("T1", 303.0, 120.0)))
    assert found.message.endswith("som fortsätter rad efter rad…'")  # 60 characters


def test_page_break_join_and_carried_goal() -> None:
    first = _table(words("Mål", 53.0, 120.0) + _row(120.0, "Början", "T1", "Klar"))
    second = _table(
        words("fortsatt", 153.0, 60.0) + _row(90.0, "Nästa", "T2", "Klar"), 2, True, top=59.0
    )
    kinds = [(f.kind, f.page, f.row) for f in _findings(first, second)]
    assert kinds == [("page_break_join", 1, 0), ("goal_carried", 2, 1)]


def test_uncovered_text_and_header_mismatch() -> None:
    stray = words("marginal", 5.0, 120.0)
    table = _table(stray + _row(120.0, "Ett", "T1", "Klar"), ruled=True)
    hdr = replace(
        table.header,
        columns=(*table.header.columns[1:], Column("kostnad", "Kostnad", 0, 560, 600, 563)),
    )
    table = replace(table, header=hdr)
    found = table_findings(table)
    assert [f.kind for f in found] == ["uncovered_text", "header_mismatch"]
    assert found[0].message == "1 word inside the table went into no cell: 'marginal'"
    assert found[0].bbox == (5.0, 120.0, 45.0, 130.0)
    assert "missing ['goal'], unknown ['Kostnad']" in found[1].message
    assert table_findings(replace(table, continued=True, uncovered=())) == []


def test_garbled_glyphs_are_flagged() -> None:
    garbled = "(cid:1)(cid:2)(cid:3)(cid:4)"
    content = [w for i in range(4) for w in words(garbled, 153.0, 120.0 + 11 * i)]
    content += words("T1", 303.0, 120.0) + words("Klar", 373.0, 120.0)
    kinds = [f.kind for f in _findings(_table(content))]
    assert kinds == ["garbled_text"]
