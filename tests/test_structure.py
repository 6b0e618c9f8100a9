"""Stage: which structure rows are read from (extract/structure.py): the mode chosen per document,
every row's ``structure`` column, the tagged rows' findings."""

from __future__ import annotations

import pandas as pd
import pdfplumber
import pytest

from followup.errors import ExtractError
from followup.extract.settings import ExtractOptions, Tolerances
from followup.extract.structure import (
    extract_document,
    first_page_identity,
    read_tagged,
    tag_reader,
)
from followup.rowtable import RowTable
from followup.schema import columns_for
from tests.conftest import SAMPLES

GRID = SAMPLES / "vss-2020-grid.pdf"
TAGGED = SAMPLES / "tagged" / "kfn-2022-chromium.pdf"


def test_with_column_sets_every_row_in_schema_order() -> None:
    table = RowTable({c: ["a", "b"] for c in reversed(columns_for(["responsible"]))})
    got = table.with_column("structure", "tags")
    assert got.names == columns_for(["responsible"])
    assert got.columns["structure"] == ["tags", "tags"]
    assert table.columns["structure"] == ["a", "b"]  # the caller's table is left as it was


def test_an_unknown_structure_is_refused_naming_the_choices() -> None:
    with pytest.raises(ExtractError) as err:
        extract_document(GRID, ExtractOptions(structure="both"))
    assert err.value.reason == "unknown structure 'both' (auto, tags, geometry)"


def test_tags_mode_refuses_an_untagged_pdf() -> None:
    assert tag_reader(GRID, ExtractOptions()) is None  # no structure tree
    with pytest.raises(ExtractError, match="no tagged follow-up table"):
        extract_document(GRID, ExtractOptions(structure="tags"))


def test_auto_on_an_untagged_pdf_is_the_geometry() -> None:
    auto = extract_document(GRID, ExtractOptions(structure="auto"))
    geometry = extract_document(GRID, ExtractOptions(structure="geometry"))
    assert set(auto.rows["structure"]) == {"geometry"}
    assert not [f for f in auto.findings if f.kind == "tag_disagreement"]
    pd.testing.assert_frame_equal(auto.rows, geometry.rows)


def test_read_tagged_parses_every_page_once_for_the_tags() -> None:
    doc, pages, identity = read_tagged(TAGGED, ExtractOptions())
    with pdfplumber.open(TAGGED) as pdf:
        assert pages == len(pdf.pages)
        assert identity == first_page_identity(pdf.pages[0], Tolerances())
    assert doc.tables
    assert all(table.rows for table in doc.tables)


def test_tags_mode_reads_rows_with_their_findings_in_page_order() -> None:
    result = extract_document(TAGGED, ExtractOptions(structure="tags"))
    assert len(result.rows)
    assert set(result.rows["structure"]) == {"tags"}
    keys = [(f.page, f.row if f.row is not None else -1, f.kind) for f in result.findings]
    assert keys == sorted(keys)
    carried = [f for f in result.findings if f.kind == "goal_carried"]
    assert carried, "a tagged goal cell spanning rows is named for the auditor"
    assert all(f.row is not None and f.bbox is not None for f in carried)
