"""Centred cells: row tops and goal cells of unruled tables whose cells are centred vertically
(hand-built words; the whole segments stage on them is in tests/test_segments.py)."""

from __future__ import annotations

from collections.abc import Sequence

from followup.extract.centred import (
    centred_goal_spans,
    centred_row_tops,
    column_line_gap,
    text_blocks,
)
from followup.extract.layout import Word
from tests.hand_built import TOL, words

PITCH = 12.0  # 10 pt lines, 2 pt apart


def _cell(lines: Sequence[str], x0: float, centre: float) -> list[Word]:
    top = centre - ((len(lines) - 1) * PITCH + 10.0) / 2
    return [w for i, line in enumerate(lines) for w in words(line, x0, top + i * PITCH)]


def test_wrap_gap_is_measured_within_each_column() -> None:
    # two columns whose lines sit half a line apart: across columns no gap is a wrap
    activity = _cell(["ett", "två", "tre"], 150.0, 150.0)
    comment = _cell(["fyra", "fem"], 440.0, 150.0)
    assert column_line_gap([activity, comment], TOL) == PITCH - 10.0
    assert text_blocks(activity + _cell(["sex"], 150.0, 190.0), 3.5, TOL) == [
        (133.0, 167.0),
        (185.0, 195.0),
    ]


def test_rows_start_where_their_tallest_cell_does() -> None:
    by_role = {
        "activity": _cell(["a", "b", "c", "d"], 150.0, 150.0) + _cell(["e"], 150.0, 200.0),
        "deadline": _cell(["T1"], 300.0, 150.0) + _cell(["T2"], 300.0, 200.0),
        "comment": _cell(["x", "y"], 440.0, 150.0) + _cell(["z", "w", "v"], 440.0, 200.0),
    }
    assert centred_row_tops(by_role, (), TOL) == [127.0, 183.0]


def test_cells_aligned_at_the_top_are_not_centred() -> None:
    by_role = {
        "activity": words("a", 150.0, 120.0) + words("b", 150.0, 132.0),
        "deadline": words("T1", 300.0, 120.0),
    }
    assert centred_row_tops(by_role, (), TOL) is None


def test_goals_share_out_the_rows_by_where_their_text_is_centred() -> None:
    rows = [(120.0, 154.0), (160.0, 194.0), (200.0, 234.0), (240.0, 274.0)]
    cuts = [top - 1.0 for top, _ in rows]
    # goal A on the first row, goal B centred over the other three (its text in the third)
    goals = _cell(["Mål A"], 50.0, 137.0) + _cell(["Mål B"], 50.0, (160.0 + 274.0) / 2)
    spans = centred_goal_spans(goals, cuts, rows, (112.0, 800.0), False, TOL)
    assert [(top, bottom) for top, bottom, _ in spans] == [(112.0, 159.0), (159.0, 800.0)]
    assert [" ".join(w.text for w in ws) for _, _, ws in spans] == ["Mål A", "Mål B"]
