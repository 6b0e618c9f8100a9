"""Cells stage: a cell's lines joined the way a reader would join them (hand-built lines)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.extract.cells import (
    Extent,
    Line,
    Pending,
    Piece,
    compact_pieces,
    lines_to_pieces,
    pieces_to_text,
    without_breaks,
    words_to_part,
)
from followup.extract.settings import Tolerances
from followup.normalize.text import SOFT_HYPHEN
from tests.hand_built import word

TOL = Tolerances()


def _join(
    lines: Sequence[Line],
    content: Extent | None = None,
    vocabulary: Mapping[str, int] | None = None,
) -> str:
    return pieces_to_text(lines_to_pieces(lines, content, TOL), vocabulary)


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 0.0, 50.0, 10.0 * i, 10.0 * i + 9) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (("Både e-", "handel och"), "Både e-handel och"),
        (
            ("kvarstående verksamhetsområden (LK-", "data, HR)"),
            "kvarstående verksamhetsområden (LK-data, HR)",
        ),
        (
            ("Fortsatt utvecklings-", "och etableringsarbete"),
            "Fortsatt utvecklings- och etableringsarbete",
        ),
        (("Ta fram", "en plan"), "Ta fram en plan"),
        (("inköps" + SOFT_HYPHEN, "organisation"), "inköpsorganisation"),
        (("  spridda   ord ", " här "), "spridda ord här"),
    ],
)
def test_join_lines_examples(lines: tuple[str, ...], joined: str) -> None:
    assert _join(_lines(*lines)) == joined


def test_space_printed_at_a_line_end_keeps_the_space_after_a_hyphen() -> None:
    # LibreOffice prints the space where "IT- tjänster" wraps; a bare line-end hyphen joins
    nxt = Line("tjänster", 0.0, 40.0, 10, 19)
    spaced = [Line("för IT-", 0.0, 50.0, 0.0, 9.0, spaced=True), nxt]
    bare = [Line("för IT-", 0.0, 50.0, 0.0, 9.0), nxt]
    assert _join(spaced) == "för IT- tjänster"
    assert _join(bare) == "för IT-tjänster"


def test_space_printed_at_a_line_end_is_never_a_broken_word() -> None:
    # a word that fills the cell to its edge, then a lower-case piece: a space glyph after it
    # says the writer typed a space there, whatever the vocabulary says
    def lines(spaced: bool) -> list[Line]:
        return [
            _edge_line("Förvaltningsm", 58.0, 0, 58.0, 58.0, 9.0, spaced),
            _edge_line("ål", 10.0, 10, 10.0, 10.0, 5.0),
        ]

    assert _join(lines(False), (0.0, 60.0, True)) == "Förvaltningsmål"
    assert _join(lines(True), (0.0, 60.0, True)) == "Förvaltningsm ål"


def _edge_line(
    text: str,
    x1: float,
    top: float,
    first_w: float,
    last_w: float,
    ch: float,
    spaced: bool = False,
) -> Line:
    return Line(text, 0.0, x1, top, top + 9, first_w, last_w, ch, spaced)


def test_mid_word_break_at_exact_cell_edge_joins() -> None:
    # "Förvaltningsm" fills a 60 pt cell; "ål" could not follow on that line
    lines = [
        _edge_line("Förvaltningsm", 58.0, 0, 58.0, 58.0, 9.0),
        _edge_line("ål", 10.0, 10, 10.0, 10.0, 5.0),
    ]
    assert _join(lines, (0.0, 60.0, True)) == "Förvaltningsmål"


def test_long_word_then_common_word_keeps_space() -> None:
    lines = [
        _edge_line("ledningsgruppsutveckling", 58.0, 0, 58.0, 58.0, 9.0),
        _edge_line("har pågått", 40.0, 10, 15.0, 20.0, 5.0),
    ]
    assert _join(lines, (0.0, 60.0, True)) == "ledningsgruppsutveckling har pågått"


def test_broken_word_before_punctuation_joins_even_when_piece_is_common() -> None:
    lines = [
        _edge_line("kompetensförsörjning", 58.0, 0, 58.0, 58.0, 9.0),
        _edge_line("en.", 12.0, 10, 12.0, 12.0, 5.0),
    ]
    assert _join(lines, (0.0, 60.0, True)) == "kompetensförsörjningen."


def test_line_with_room_left_is_never_joined() -> None:
    lines = [
        _edge_line("Goda", 20.0, 0, 20.0, 20.0, 9.0),
        _edge_line("arbetsplatser", 50.0, 10, 50.0, 50.0, 5.0),
    ]
    assert _join(lines, (0.0, 60.0, True)) == "Goda arbetsplatser"


@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("abcåäö -")), min_size=1, max_size=15),
        min_size=1,
        max_size=6,
    )
)
def test_join_lines_keeps_every_visible_character(texts: list[str]) -> None:
    joined = _join(_lines(*texts))
    assert joined.replace(" ", "") == "".join(texts).replace(" ", "")
    assert _join(_lines(joined)) == joined


def test_empty_lines_join_with_a_space_and_no_lines_give_no_text() -> None:
    blank = Line("", 0.0, 0.0, 0.0, 9.0)
    assert _join([blank, Line("text", 0.0, 20.0, 10.0, 19.0)]) == "text"
    assert _join([]) == ""
    assert words_to_part([], None, TOL) is None


def test_words_to_part_keeps_first_and_last_line() -> None:
    part = words_to_part(
        [word("första", 0.0, 0.0), word("andra", 0.0, 11.0), word("sista", 0.0, 22.0)], None, TOL
    )
    assert part is not None
    assert (part.first.text, part.last.text) == ("första", "sista")
    assert pieces_to_text(part.pieces) == "första andra sista"


def test_a_piece_the_document_uses_as_a_word_stays_a_word() -> None:
    lines = [
        _edge_line("kvalitetsutvecklingsarbete", 58.0, 0, 58.0, 58.0, 9.0),
        _edge_line("inleds nu", 40.0, 10, 25.0, 10.0, 5.0),
    ]
    assert _join(lines, (0.0, 60.0, True), {"inleds": 3}) == "kvalitetsutvecklingsarbete inleds nu"
    assert _join(lines, (0.0, 60.0, True), {}) == "kvalitetsutvecklingsarbeteinleds nu"


def _edge_pair(left: str, right: str) -> list[Line]:
    """``left`` fills a 60 pt cell to its edge; ``right`` starts the next line and cannot follow."""
    return [
        _edge_line(left, 58.0, 0, 58.0, 58.0, 9.0),
        _edge_line(right, 40.0, 10, 20.0, 10.0, 5.0),
    ]


@pytest.mark.parametrize(
    ("left", "right", "vocabulary", "joined"),
    [
        # a compound ending in a word printed elsewhere: "kundsamver" + "kan" is "kundsamverkan"
        ("kundsamver", "kan", {"samverkan": 4, "kan": 9}, "kundsamverkan"),
        # the line's word is printed whole elsewhere: a wrapped line
        ("medarbetare", "känner", {"medarbetare": 4}, "medarbetare känner"),
        # a suspended compound starts the line: "chef- och ledarskap"
        ("Framgångsrikt", "chef- och", {}, "Framgångsrikt chef- och"),
        # an inflection ending after a word printed nowhere else is its broken-off end
        ("kommunikationsstab", "en och de", {"en": 27, "och": 85}, "kommunikationsstaben och de"),
        # ... but a common word after a word printed elsewhere stays a word
        (
            "kommunikationsstaben",
            "och de",
            {"kommunikationsstaben": 2},
            "kommunikationsstaben och de",
        ),
        # a piece printed only at breaks like this one is no word of the document
        ("tjänsteutvecklingsprojek", "tet", {"tet": 0}, "tjänsteutvecklingsprojektet"),
    ],
)
def test_the_documents_words_decide_a_break_at_the_edge(
    left: str, right: str, vocabulary: dict[str, int], joined: str
) -> None:
    assert _join(_edge_pair(left, right), (0.0, 60.0, True), vocabulary) == joined


def test_words_at_open_breaks_are_not_counted_as_words() -> None:
    pieces = lines_to_pieces(_edge_pair("tjänsteutvecklingsprojek", "tet"), (0.0, 60.0, True), TOL)
    counted = {"tjänsteutvecklingsprojek": 2, "tet": 2, "och": 5}
    # the same cell printed twice: both pieces only ever occur at the break
    closed = without_breaks(counted, [pieces, pieces])
    assert closed == {"tjänsteutvecklingsprojek": 0, "tet": 0, "och": 5}
    assert pieces_to_text(pieces, counted) == "tjänsteutvecklingsprojek tet"
    assert pieces_to_text(pieces, closed) == "tjänsteutvecklingsprojektet"


_WORDS = st.sampled_from(["en", "och", "het", "kompetensförsörjning", "samver", "kan", "x."])
_BREAKS = st.one_of(
    st.sampled_from(["", " "]),
    st.builds(Pending, _WORDS, _WORDS, st.sampled_from(["", "och", "nu"])),
)
_TEXTS = st.one_of(_WORDS, st.lists(_WORDS, min_size=1, max_size=3).map(" ".join))


@st.composite
def _cells(draw: st.DrawFn) -> list[Piece]:
    """A cell's pieces as a row holds them: texts with a break between each two."""
    texts = draw(st.lists(_TEXTS, min_size=1, max_size=6))
    pieces: list[Piece] = [texts[0]]
    for text in texts[1:]:
        pieces += [draw(_BREAKS), text]
    return pieces


@given(_cells(), st.dictionaries(_WORDS, st.integers(0, 3)))
def test_compact_pieces_close_to_the_same_text(pieces: list[Piece], counts: dict[str, int]) -> None:
    compact = compact_pieces(pieces)
    assert pieces_to_text(compact, counts) == pieces_to_text(pieces, counts)
    assert without_breaks(counts, [compact]) == without_breaks(counts, [pieces])
    assert [p for p in compact if isinstance(p, Pending)] == [
        p for p in pieces if isinstance(p, Pending)
    ]
    assert len(compact) <= 2 * sum(isinstance(p, Pending) for p in pieces) + 2


def test_compact_pieces_join_each_run_of_strings() -> None:
    assert compact_pieces(["Ta fram", " ", "en plan", "", "-", " ", "nu"]) == (
        "Ta fram en plan- nu",
    )
    broken = Pending("kundsamver", "kan")
    pieces: list[Piece] = ["a", " ", "kundsamver", broken, "kan"]
    assert compact_pieces(pieces) == ("a kundsamver", broken, "kan")


def test_compact_pieces_keep_apart_what_may_end_the_cell() -> None:
    # "en" alone at the cell's end would be a broken-off ending; followed by more text it is not
    pieces: list[Piece] = ["kompetensförsörjning", Pending("kompetensförsörjning", "en"), "en"]
    tail: list[Piece] = [*pieces, "", "het"]
    counts = {"kompetensförsörjning": 2}
    assert pieces_to_text(compact_pieces(pieces), counts) == "kompetensförsörjningen"
    assert pieces_to_text(compact_pieces(tail), counts) == "kompetensförsörjning enhet"
    assert compact_pieces(tail)[-2:] == ("en", "het")
