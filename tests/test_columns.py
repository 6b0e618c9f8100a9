"""Columns stage: boundaries fitted to the data's gutters (hand-built words)."""

from __future__ import annotations

from dataclasses import replace

from followup.extract.columns import column_of, fit_columns
from tests.hand_built import TOL, header, word, words


def test_centred_header_cells_move_the_boundary_to_the_gutter() -> None:
    # "Status" is centred over its column (text at 380), its data left-aligned at 372; the
    # boundary from the header text (377) would cut "Pågående" in two
    cols = list(header().columns)
    cols[3] = replace(cols[3], x0=377.0, text_x0=380.0)
    cols[2] = replace(cols[2], x1=377.0)
    data = [word("Tertial 2", 303.0, 130.0), word("Pågående", 372.0, 130.0)]
    fitted = fit_columns(cols, data, TOL)
    assert fitted[3].x0 == fitted[2].x1 == 371.5  # just left of "Pågående"
    assert column_of(fitted, data[1]).role == "status"  # type: ignore[union-attr]


def test_words_that_cross_no_boundary_change_nothing_but_the_left_edge() -> None:
    cols = header().columns
    data = words("Mål ett", 40.0, 130.0) + words("Aktivitet ett", 153.0, 130.0)
    fitted = fit_columns(cols, data, TOL)
    assert [c.x0 for c in fitted[1:]] == [c.x0 for c in cols[1:]]
    assert fitted[0].x0 == 39.5  # the first column reaches the data's left edge


def test_ruled_columns_are_never_moved() -> None:
    cols = header(ruled=True).columns
    data = [word("Långtlångtord", 290.0, 130.0)]  # crosses the deadline boundary at 300
    assert fit_columns(cols, data, TOL) == cols


def test_no_gutter_keeps_the_header_boundary() -> None:
    cols = header().columns
    data = [word("x" * 60, 100.0, 130.0)]  # covers everything between goal and activity text
    fitted = fit_columns(cols, data, TOL)
    assert fitted[1].x0 == cols[1].x0


def test_column_of_uses_the_word_centre() -> None:
    cols = header().columns
    assert column_of(cols, word("ab", 294.0, 0.0)).role == "activity"  # type: ignore[union-attr]
    assert column_of(cols, word("ab", 297.0, 0.0)).role == "deadline"  # type: ignore[union-attr]
    assert column_of(cols, word("ab", 10.0, 0.0)) is None


def test_a_word_overflowing_a_ruled_column_belongs_where_it_starts() -> None:
    # a goal word wider than its cell runs across the ruled boundary at 150 into the activity
    # column, most of it (and so its centre) past the rule; it starts in the goal column
    ruled = header(ruled=True).columns
    long_word = word("kompetensförsörjningen", 100.0, 130.0)  # 100 .. 210, centre 155
    assert column_of(ruled, long_word).role == "goal"  # type: ignore[union-attr]
    # a first glyph straddling the rule, or no rule: the centre decides, as before
    assert column_of(ruled, word("ab", 147.0, 130.0)).role == "activity"  # type: ignore[union-attr]
    assert column_of(header().columns, long_word).role == "activity"  # type: ignore[union-attr]
