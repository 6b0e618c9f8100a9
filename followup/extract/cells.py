"""A cell's words → its text: wrapped lines joined the way a reader would join them.

Rules (applied at each line end):
- a soft hyphen at the line end goes, and the halves join without a space;
- a space glyph printed at the line end (word processors print the space where a line wraps)
  keeps its space, whatever the line ends with: ``IT- `` + ``tjänster`` → ``IT- tjänster``;
- a hyphen at the line end stays: ``e-`` + ``handel`` → ``e-handel``; when the next line starts
  with a conjunction it is a suspended hyphen and keeps its space: ``utvecklings-`` + ``och`` →
  ``utvecklings- och``;
- a word broken by the cell edge without a hyphen joins without a space. A word-wrapper only does
  that to a word wider than the cell: it starts the word on a fresh line and fills the line to the
  edge. So: the line holds that one word, its gap to the cell's right edge is narrower than one
  character, the next line starts lower-case or with punctuation, not with a common short word,
  and the two pieces together are wider than the cell. Geometry cannot tell a broken word from
  a long word followed by a short one, so the document's own words decide (:func:`_is_own_word`),
  counted where they are printed whole, not where a line break may have cut them;
- otherwise lines join with one space.
The joined text is cleaned (:func:`followup.normalize.text.clean_text`).

A cell is read page by page, before the document's vocabulary is known: its text is kept as
pieces, strings and the undecided breaks (:class:`Pending`), closed by :func:`pieces_to_text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

from followup.extract.layout import Word, line_text, words_to_lines
from followup.extract.settings import MIN_PIECE_LETTERS, MIN_WORD_COUNT, Tolerances
from followup.normalize.text import SOFT_HYPHEN, clean_text, word_key

HYPHENS = ("-", "\u2010", "\u2011")
#: Characters that start a word's broken-off end but never a word ("…aktiviteter" + "/projekt").
TAIL_STARTS = ".,;:)/"
#: Words after which a line-end hyphen is a suspended hyphen ("utvecklings- och").
CONJUNCTIONS = frozenset(
    {"och", "eller", "samt", "resp", "resp.", "respektive", "som", "till", "&"}
)
#: Short words that start a line far more often than a word's broken-off tail does.
# fmt: off
COMMON_WORDS = frozenset({
    "och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har",
    "de", "inte", "om", "ett", "vi", "men", "sig", "så", "kan", "ska", "sker", "per", "nu", "vid",
    "mot", "under", "inom", "samt", "efter", "från", "där", "då", "även", "eller", "utan", "mer",
})
#: Words that never end a sentence: "…försörjning" + "en." is a broken word, not the article.
NEVER_FINAL = frozenset({
    "en", "ett", "och", "att", "av", "för", "med", "till", "på", "som", "i", "om", "vid", "mot",
    "samt", "eller", "den", "det", "de",
})
#: Short words that are also inflection endings (definite "-en", "-et", "-na", past "-de"): alone
#: after a word that fills its line and is printed nowhere else, they are its broken-off end.
ENDING_WORDS = frozenset({"en", "et", "na", "de"})
# fmt: on

#: A cell's text area: left, right, and whether the right edge is exact (from the cell's rules).
Extent = tuple[float, float, bool]


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of a cell: its words joined by single spaces, and its extent."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    first_word_width: float = 0.0
    last_word_width: float = 0.0
    first_char_width: float = 0.0  # width of the line's first character
    spaced: bool = False  # a space glyph is printed at the line's end (its last word ends there)


@dataclass(frozen=True, slots=True)
class Pending:
    """A line break whose join the document's own words decide (see :func:`_is_own_word`)."""

    left: str  # the word that ends the line
    first: str  # the piece that starts the next line
    after: str = ""  # the word after it on that line ("" when the piece ends the line)


#: A cell's text while the document is still being read: strings and undecided line breaks.
Piece = str | Pending


@dataclass(frozen=True)
class CellPart:
    """A cell's text on one page as pieces; its first and last line stay, to join it to the
    cell's part on the next page."""

    pieces: tuple[Piece, ...]
    first: Line
    last: Line


_top, _bottom = attrgetter("top"), attrgetter("bottom")


def words_to_cell_lines(words: Sequence[Word], tol: Tolerances) -> list[Line]:
    """A cell's words → its printed lines, top to bottom, with what joining them needs."""
    return [
        Line(
            text=line_text(line),
            x0=line[0].x0,
            x1=line[-1].x1,
            top=min(map(_top, line)),
            bottom=max(map(_bottom, line)),
            first_word_width=line[0].x1 - line[0].x0,
            last_word_width=line[-1].x1 - line[-1].x0,
            first_char_width=line[0].first_char_width,
            spaced=line[-1].space_after,
        )
        for line in words_to_lines(words, tol)
    ]


def words_to_part(words: Sequence[Word], extent: Extent | None, tol: Tolerances) -> CellPart | None:
    """A cell's words on one page → its text as pieces, or None when it has no words."""
    lines = words_to_cell_lines(words, tol)
    if not lines:
        return None
    return CellPart(tuple(lines_to_pieces(lines, extent, tol)), lines[0], lines[-1])


def open_line_end(left: str) -> bool:
    """Whether a line ending in ``left`` (white space stripped) may join the next line without a
    space (see :func:`line_break`): it ends in a soft hyphen, in a hyphen after a letter or digit,
    or is one word ending in a letter (a word the cell edge may have broken)."""
    if not left:
        return False
    return (
        left.endswith(SOFT_HYPHEN)
        or (left.endswith(HYPHENS) and len(left) > 1 and left[-2].isalnum())
        or (" " not in left and left[-1].isalpha())
    )


def line_break(prev: Line, nxt: Line, content: Extent | None, tol: Tolerances) -> Piece:
    """What goes between two consecutive lines of a cell: '', ' ', or a :class:`Pending`."""
    left = prev.text.rstrip()
    right = nxt.text.lstrip()
    if not right or not open_line_end(left):
        return " "
    if left.endswith(SOFT_HYPHEN):
        return ""
    if prev.spaced:
        return " "  # a space printed at the line end: the line ends a word ("IT- " + "tjänster")
    if left.endswith(HYPHENS) and len(left) > 1 and left[-2].isalnum():
        first = right.split(" ", 1)[0].casefold()
        return " " if first in CONJUNCTIONS else ""
    first = right.split(" ", 1)[0]
    if (
        content is not None
        and " " not in left
        and left[-1].isalpha()
        and (right[0].islower() or right[0] in TAIL_STARTS)
    ):
        content_left, content_right, exact = content
        char_width = nxt.first_char_width or nxt.first_word_width / max(len(first), 1)
        gap = content_right - prev.x1
        width = content_right - content_left - tol.cell_overflow_slack
        too_long = prev.last_word_width + nxt.first_word_width > width
        edge = char_width + tol.exact_edge_slack if exact else tol.estimated_edge_chars * char_width
        if too_long and gap < edge:
            after = right.split(" ", 2)[1] if " " in right else ""
            return Pending(left.rsplit(" ", 1)[-1], first, after)
    return " "


def lines_to_pieces(lines: Sequence[Line], content: Extent | None, tol: Tolerances) -> list[Piece]:
    """A cell's lines → its text as pieces; only the breaks that need the vocabulary stay open."""
    if not lines:
        return []
    pieces: list[Piece] = [lines[0].text.strip()]
    for prev, nxt in zip(lines, lines[1:], strict=False):
        pieces.append(line_break(prev, nxt, content, tol))
        pieces.append(nxt.text.strip())
    return pieces


def _is_own_word(piece: Pending, ends: bool, vocabulary: Mapping[str, int]) -> bool:
    """Whether the next line's first piece reads as a word of its own rather than a word's tail.

    Geometry cannot tell "ledningsgruppsutveckling" + "har" (a long word, then a new line) from
    "kompetensförsörjning" + "en." (one word broken at the cell edge); the document's words
    decide, counted where they are printed whole (``vocabulary`` without the pieces at open
    breaks, :func:`without_breaks`). ``ends``: the piece is the last word of its sentence or cell.
    In order:
    - a word that never ends a sentence, at a sentence's end, is a tail ("försörjning" + "en.");
    - a piece shorter than a word ("n", "ad"), unless a common word, is a tail;
    - the joined word printed whole elsewhere, or ending in a longer word printed elsewhere
      ("kundsamver" + "kan": "samverkan"), is one word;
    - the line's word printed whole elsewhere ("medarbetare" + "känner"), or the piece the first
      half of a suspended compound ("chef- och"), makes two words;
    - an inflection ending left after a word printed nowhere else is a tail ("stab" + "en");
    - a common short word is a word; a piece printed whole elsewhere is a word; else a tail.
    """
    key = word_key(piece.first)
    if not key:
        return False
    if key in NEVER_FINAL and (ends or piece.first[-1] in ".,;:"):
        return False
    if len(key) < MIN_PIECE_LETTERS and key not in COMMON_WORDS:
        return False
    left = word_key(piece.left)
    joined = left + key
    if vocabulary.get(joined, 0) > 0 or _ends_in_word(joined, len(key), vocabulary):
        return False
    suspended = piece.first.endswith(HYPHENS) and piece.after.casefold() in CONJUNCTIONS
    if vocabulary.get(left, 0) > 0 or suspended:
        return True
    if key in ENDING_WORDS:
        return False
    return key in COMMON_WORDS or vocabulary.get(key, 0) >= MIN_WORD_COUNT


def _ends_in_word(joined: str, tail: int, vocabulary: Mapping[str, int]) -> bool:
    """Whether ``joined`` ends in a word of the vocabulary that reaches at least
    ``MIN_PIECE_LETTERS`` letters into its first piece (a compound's last part)."""
    longest = len(joined) - MIN_PIECE_LETTERS
    return any(
        vocabulary.get(joined[start:], 0) > 0
        for start in range(1, longest + 1)
        if len(joined) - start >= tail + MIN_PIECE_LETTERS
    )


def without_breaks(
    vocabulary: Mapping[str, int], cells: Iterable[Sequence[Piece]]
) -> dict[str, int]:
    """The vocabulary without the words printed at open breaks: a piece cut at the cell edge
    ("tjänsteutvecklingsprojek" + "tet") is printed as a word but is no word of the document."""
    counts = dict(vocabulary)
    for pieces in cells:
        for piece in pieces:
            if isinstance(piece, Pending):
                for word in (piece.left, piece.first):
                    key = word_key(word)
                    counts[key] = counts.get(key, 0) - 1
    return counts


def compact_pieces(pieces: Sequence[Piece]) -> tuple[Piece, ...]:
    """The same cell text in fewer objects, to hold until the vocabulary is known: each run of
    strings between open breaks joined into one string. After the last open break the run keeps
    its first string apart (:func:`close_pieces` asks whether that piece alone ends the cell),
    so the pieces close to the same text."""
    out: list[Piece] = []
    run: list[str] = []
    for piece in pieces:
        if isinstance(piece, Pending):
            if run:
                out.append("".join(run))
                run = []
            out.append(piece)
        else:
            run.append(piece)
    if len(run) > 1 and out:
        out += [run[0], "".join(run[1:])]
    elif run:
        out.append("".join(run))
    return tuple(out)


def close_pieces(
    pieces: Sequence[Piece], vocabulary: Mapping[str, int] | None = None
) -> tuple[str, ...]:
    """A cell's pieces with every open break closed with the document's vocabulary."""
    vocabulary = vocabulary or {}
    out = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, Pending):
            rest = pieces[index + 1 :]
            ends = len(rest) == 1 and isinstance(rest[0], str) and " " not in rest[0].strip()
            out.append(" " if _is_own_word(piece, ends, vocabulary) else "")
        else:
            out.append(piece)
    return tuple(out)


def pieces_to_text(pieces: Sequence[Piece], vocabulary: Mapping[str, int] | None = None) -> str:
    """Close the open breaks with the document's vocabulary and clean the text."""
    return clean_text("".join(close_pieces(pieces, vocabulary)))
