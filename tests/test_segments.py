"""Segments stage: a region cut into row segments and goal bands (hand-built regions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from followup.extract.cells import pieces_to_text
from followup.extract.layout import Rule, Shape, Word
from followup.extract.regions import Region
from followup.extract.segments import Segment, Table, region_to_table
from tests.hand_built import TOL, header, hrule, words


def _region(
    content: Sequence[Word],
    rules: Sequence[Rule] = (),
    shapes: Sequence[Shape] = (),
    ruled: bool = False,
    bottom: float = 800.0,
) -> Region:
    return Region(
        header(ruled=ruled),
        1,
        112.0,
        bottom,
        tuple(content),
        tuple(rules),
        tuple(shapes),
        False,
        10,
    )


def _text(seg: Segment, role: str) -> str:
    part = seg.parts.get(role)
    return pieces_to_text(part.pieces) if part else ""


def _row(top: float, activity: str, deadline: str = "", status: str = "") -> list[Word]:
    out = words(activity, 153.0, top)
    if deadline:
        out += words(deadline, 303.0, top)
    if status:
        out += words(status, 373.0, top)
    return out


def _table(*args, **kwargs) -> Table:  # type: ignore[no-untyped-def]
    return region_to_table(_region(*args, **kwargs), "Medborgare", TOL)


def test_unruled_rows_start_at_each_deadline_or_status() -> None:
    content = (
        _row(120.0, "Första aktiviteten", "Tertial 1", "Klar")
        + _row(131.0, "fortsätter här")
        + _row(160.0, "Andra", "", "Pågående")
        + _row(190.0, "Tredje", "2021-06-30")
    )
    table = _table(content)
    assert [_text(s, "activity") for s in table.segments] == [
        "Första aktiviteten fortsätter här",
        "Andra",
        "Tredje",
    ]
    assert [s.anchored for s in table.segments] == [True, True, True]
    assert table.segments[0].first_in_region and not table.segments[1].first_in_region
    assert table.perspective == "Medborgare" and table.uncovered == ()


def test_ruled_rows_follow_the_rules_and_a_rule_through_a_line_does_not_split_it() -> None:
    rules = [hrule(50.0, 560.0, y) for y in (150.0, 200.0, 260.0)]
    # a stray rule crosses the second row's first line at 171.5 (between its top and bottom)
    rules.append(hrule(140.0, 310.0, 175.0))
    content = (
        _row(120.0, "Ett", "Tertial 1")
        + _row(131.0, "två rader")
        + _row(170.0, "Rad utan datum men med regel")
        + _row(210.0, "Tre", "", "Klar")
    )
    table = _table(content, rules, ruled=True)
    texts = [_text(s, "activity") for s in table.segments]
    assert texts[0] == "Ett två rader"
    assert "Rad utan datum men med regel" in " ".join(texts)
    assert texts[-1] == "Tre"
    ruled = [s.ruled for s in table.segments]
    assert ruled[0] and ruled[-1]


def test_footnote_far_below_the_last_row_is_not_part_of_it() -> None:
    content = _row(120.0, "Sista aktiviteten", "Tertial 3") + words("* Fotnot om", 53.0, 400.0)
    content += words("budgeten", 153.0, 400.0)
    table = _table(words("Målet", 53.0, 120.0) + content)
    assert [_text(s, "activity") for s in table.segments] == ["Sista aktiviteten"]
    assert [pieces_to_text(b.pieces) for b in table.bands] == ["", "Målet"]
    assert [w.text for w in table.uncovered] == ["budgeten", "*", "Fotnot", "om"]


def test_trailing_text_without_deadline_or_status_is_dropped() -> None:
    content = _row(120.0, "Aktivitet", "Tertial 3") + _row(500.0, "Text efter tabellen")
    unruled = _table(content)
    assert len(unruled.segments) == 1
    assert {w.text for w in unruled.uncovered} >= {"Text", "efter", "tabellen"}
    rules = [hrule(50.0, 560.0, 112.0), hrule(50.0, 560.0, 150.0)]
    ruled = _table(content, rules, ruled=True)
    assert len(ruled.segments) == 1
    assert {w.text for w in ruled.uncovered} >= {"Text", "efter", "tabellen"}


def test_symbols_in_the_status_column_anchor_rows() -> None:
    dot = Shape("circle", "#00ff00", 380.0, 388.0, 160.0, 168.0)
    elsewhere = Shape("circle", "#00ff00", 10.0, 18.0, 160.0, 168.0)
    content = _row(120.0, "Ett", "Tertial 1") + _row(160.0, "Två")
    table = _table(content, shapes=[dot, elsewhere])
    assert [len(s.shapes) for s in table.segments] == [0, 1]
    assert table.segments[1].anchored
    assert table.segments[1].box == (153.0, 160.0, 388.0, 170.0)


def test_ruled_goal_cell_merged_over_rows() -> None:
    rules = [hrule(150.0, 560.0, y) for y in (150.0, 200.0)]
    rules += [hrule(50.0, 560.0, 250.0)]
    goal = words("Ett gemensamt mål", 53.0, 120.0) + words("Nästa mål", 53.0, 260.0)
    content = (
        goal
        + _row(120.0, "Ett", "T1")
        + _row(160.0, "Två", "T2")
        + _row(210.0, "Tre", "T3")
        + _row(260.0, "Fyra", "T3")
    )
    table = _table(content, rules, ruled=True)
    assert [b.rows for b in table.bands] == [3, 1]
    assert all(b.ruled for b in table.bands)
    assert [pieces_to_text(b.pieces) for b in table.bands] == ["Ett gemensamt mål", "Nästa mål"]
    assert [s.goal_band for s in table.segments] == [0, 0, 0, 1]


def test_unruled_goal_printed_on_a_row_carries_down() -> None:
    goal = words("Mål A", 53.0, 120.0) + words("Mål B", 53.0, 190.0)
    content = goal + _row(120.0, "Ett", "T1") + _row(150.0, "Två", "T2") + _row(190.0, "Tre", "T3")
    table = _table(content)
    # the band above the first row (region top to first row) is empty
    assert [pieces_to_text(b.pieces) for b in table.bands] == ["", "Mål A", "Mål B"]
    assert [s.goal_band for s in table.segments] == [1, 1, 2]
    assert not any(b.ruled for b in table.bands)


def test_goal_starting_below_the_region_top_leaves_an_empty_band_above() -> None:
    goal = words("Mål B", 53.0, 190.0)
    content = goal + _row(120.0, "Ett", "T1") + _row(190.0, "Tre", "T3")
    table = _table(content)
    assert [pieces_to_text(b.pieces) for b in table.bands] == ["", "Mål B"]
    assert [s.goal_band for s in table.segments] == [0, 1]


def test_extents_are_exact_only_between_rules() -> None:
    content = _row(120.0, "Ett", "T1")
    assert _table(content).segments[0].extents["activity"][2] is False
    exact = _table(content, ruled=True).segments[0].extents["activity"]
    assert exact == (153.0, 297.0, True)  # the right edge mirrors the left padding


def test_words_outside_every_column_are_uncovered() -> None:
    content = _row(120.0, "Ett", "T1") + words("marginal", 5.0, 120.0)
    assert [w.text for w in _table(content).uncovered] == []  # the first column reaches out
    ruled = _table(content, ruled=True)
    assert [w.text for w in ruled.uncovered] == ["marginal"]


def test_an_empty_region_has_no_segments() -> None:
    table = _table([])
    assert table.segments == () and table.uncovered == ()


# --- cells centred vertically, no rules (a word processor's HTML import) ----------------------

PITCH = 12.0  # line pitch of the centred layouts below: 10 pt lines, 2 pt apart


def _centred(lines: Sequence[str], x0: float, centre: float) -> list[Word]:
    """A cell's lines centred vertically on ``centre``."""
    top = centre - ((len(lines) - 1) * PITCH + 10.0) / 2
    return [w for i, line in enumerate(lines) for w in words(line, x0, top + i * PITCH)]


def _centred_row(
    centre: float, activity: Sequence[str], deadline: str, comment: Sequence[str] = ()
) -> list[Word]:
    out = _centred(activity, 153.0, centre) + _centred([deadline], 303.0, centre)
    return out + _centred(list(comment), 443.0, centre)


def test_centred_cells_make_rows_from_the_blocks_beside_each_deadline() -> None:
    # each deadline sits in the middle of its row; the row's other cells start above it
    content = (
        _centred_row(143.0, ["Första", "aktiviteten", "har fyra", "rader"], "T1", ["Klart"])
        + _centred_row(
            202.0, ["Andra", "aktiviteten"], "T2", ["En", "lång", "kommentar", "i fem", "rader"]
        )
        + _centred_row(248.0, ["Tredje"], "T3")
    )
    table = _table(content)
    assert [_text(s, "activity") for s in table.segments] == [
        "Första aktiviteten har fyra rader",
        "Andra aktiviteten",
        "Tredje",
    ]
    assert [_text(s, "comment") for s in table.segments] == [
        "Klart",
        "En lång kommentar i fem rader",
        "",
    ]
    assert all(s.anchored for s in table.segments)


def test_centred_goal_cells_share_out_the_rows_their_text_is_centred_on() -> None:
    rows = [137.0, 177.0, 217.0, 257.0]  # row centres: three-line activities, 6 pt between rows
    content = [
        w
        for i, centre in enumerate(rows)
        for w in _centred_row(centre, [f"Aktivitet {i}", "på tre", "rader"], f"T{i}")
    ]
    # goal A is one row's goal; goal B is centred over the other three, in the third row
    content += _centred(["Mål A"], 53.0, rows[0]) + _centred(["Mål B"], 53.0, (160.0 + 274.0) / 2)
    table = _table(content)
    assert [pieces_to_text(b.pieces) for b in table.bands] == ["Mål A", "Mål B"]
    assert [s.goal_band for s in table.segments] == [0, 1, 1, 1]
    assert all(b.centred and not b.ruled for b in table.bands)


def test_centred_goal_on_a_continued_page_leaves_the_rows_above_to_carry() -> None:
    rows = [137.0, 177.0, 217.0]
    content = [
        w
        for i, centre in enumerate(rows)
        for w in _centred_row(centre, [f"Aktivitet {i}", "på tre", "rader"], f"T{i}")
    ]
    content += _centred(["Mål B"], 53.0, (160.0 + 194.0) / 2) + _centred(["Mål C"], 53.0, rows[2])
    table = region_to_table(replace(_region(content), continued=True), "Medborgare", TOL)
    assert [pieces_to_text(b.pieces) for b in table.bands] == ["", "Mål B", "Mål C"]
    assert [s.goal_band for s in table.segments] == [0, 1, 2]


def test_unruled_cell_reaches_to_the_next_column_less_the_narrowest_gutter() -> None:
    # "ekonomiska" ends a glyph short of the goal column's widest line, but the column reaches
    # much further: the activity text runs to 5 pt before the deadline column, so the cells'
    # gutter is at most 5 pt and the goal cell is 90 pt wide; the line break is a space
    goal = words("God", 53.0, 120.0) + words("ekonomiska", 53.0, 132.0)
    goal += words("hushållning", 53.0, 144.0)
    content = goal + _row(120.0, "Aktiviteten som fyller cellen", "T1")
    table = _table(content)
    assert table.segments[0].extents["goal"][1] == 148.0
    assert pieces_to_text(table.bands[-1].pieces) == "God ekonomiska hushållning"
