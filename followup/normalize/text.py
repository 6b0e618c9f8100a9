"""Cell text: wrapped lines joined the way a reader would join them.

Rules (applied at each line end):
- a soft hyphen at the line end goes, and the halves join without a space;
- a hyphen at the line end stays: ``e-`` + ``handel`` → ``e-handel``; when the next line starts
  with a conjunction it is a suspended hyphen and keeps its space: ``utvecklings-`` + ``och`` →
  ``utvecklings- och``;
- a word broken by the cell edge without a hyphen joins without a space. A word-wrapper only does
  that to a word wider than the cell: it starts the word on a fresh line and fills the line to the
  edge. So: the line holds that one word, its gap to the cell's right edge is narrower than one
  character, the next line starts lower-case or with punctuation, not with a common short word,
  and the two pieces together are wider than the cell. Geometry cannot tell a broken word from
  a long word followed by a short one, so the document's own words decide: when the next piece
  occurs elsewhere in the document as a word of its own and the joined word does not, it is a word;
- otherwise lines join with one space.
All text is NFC, ligatures are expanded, soft hyphens removed and whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SOFT_HYPHEN = "\u00ad"
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE_RE = re.compile("|".join(LIGATURES))
_SPACE_RE = re.compile(r"\s+")
HYPHENS = ("-", "\u2010", "\u2011")
#: Words after which a line-end hyphen is a suspended hyphen ("utvecklings- och").
CONJUNCTIONS = frozenset(
    {"och", "eller", "samt", "resp", "resp.", "respektive", "som", "till", "&"}
)
#: Short words that start a line far more often than a word's broken-off tail does.
COMMON_WORDS = frozenset(
    [
        "och",
        "i",
        "att",
        "det",
        "som",
        "en",
        "på",
        "är",
        "av",
        "för",
        "med",
        "till",
        "den",
        "har",
        "de",
        "inte",
        "om",
        "ett",
        "vi",
        "men",
        "sig",
        "så",
        "kan",
        "ska",
        "sker",
        "per",
        "nu",
        "vid",
        "mot",
        "under",
        "inom",
        "samt",
        "efter",
        "från",
        "där",
        "då",
        "även",
        "eller",
        "utan",
        "mer",
    ]
)


def clean_text(text: str) -> str:
    """NFC, ligatures expanded, soft hyphens removed, whitespace collapsed and stripped."""
    text = _LIGATURE_RE.sub(lambda m: LIGATURES[m.group(0)], text)
    text = unicodedata.normalize("NFC", text).replace(SOFT_HYPHEN, "")
    return _SPACE_RE.sub(" ", text).strip()


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
    size: float = 10.0
    first_char_width: float = 0.0  # width of the line's first character


#: Words that never end a sentence: "…försörjning" + "en." is a broken word, not the article.
NEVER_FINAL = frozenset(
    [
        "en",
        "ett",
        "och",
        "att",
        "av",
        "för",
        "med",
        "till",
        "på",
        "som",
        "i",
        "om",
        "vid",
        "mot",
        "samt",
        "eller",
        "den",
        "det",
    ]
)


def _is_own_word(left: str, first: str, vocabulary: Mapping[str, int]) -> bool:
    """Whether the next line's first piece reads as a word of its own rather than a word's tail.

    Geometry cannot tell "ledningsgruppsutveckling" + "har" (a long word, then a new line) from
    "kompetensförsörjning" + "en." (one word broken at the cell edge); the words decide: a common
    short word is a word unless punctuation follows one that never ends a sentence; a piece the
    document uses elsewhere as a word, while it never uses the joined word, is a word.
    """
    piece = word_key(first)
    if not piece:
        return False
    if piece in COMMON_WORDS:
        return not (first[-1] in ".,;:" and piece in NEVER_FINAL)
    joined = word_key(left.rsplit(" ", 1)[-1] + first)
    return not vocabulary.get(joined, 0) and len(piece) >= 3 and vocabulary.get(piece, 0) >= 2


def word_key(word: str) -> str:
    """A word as counted in a document's vocabulary: casefolded, outer punctuation stripped."""
    return word.casefold().strip(".,;:!?()[]\"'”“’")


@dataclass(frozen=True, slots=True)
class Pending:
    """A line break whose join the document's own words decide (see :func:`_is_own_word`)."""

    left: str  # the word that ends the line
    first: str  # the piece that starts the next line


#: A cell's text while the document is still being read: strings and undecided line breaks.
Piece = str | Pending


def line_break(prev: Line, nxt: Line, content: tuple[float, float, bool] | None) -> Piece:
    """What goes between two consecutive lines of a cell: '', ' ', or a :class:`Pending`."""
    left = prev.text.rstrip()
    right = nxt.text.lstrip()
    if not left or not right:
        return " "
    if left.endswith(SOFT_HYPHEN):
        return ""
    if left.endswith(HYPHENS) and len(left) > 1 and left[-2].isalnum():
        first = right.split(" ", 1)[0].casefold()
        return " " if first in CONJUNCTIONS else ""
    first = right.split(" ", 1)[0]
    if (
        content is not None
        and " " not in left
        and left[-1].isalpha()
        and (right[0].islower() or right[0] in ".,;:)")
    ):
        content_left, content_right, exact = content
        char_width = nxt.first_char_width or nxt.first_word_width / max(len(first), 1)
        gap = content_right - prev.x1
        too_long = prev.last_word_width + nxt.first_word_width > content_right - content_left - 0.25
        filled = gap < (char_width + 0.3 if exact else 1.3 * char_width)
        if too_long and filled:
            return Pending(left.rsplit(" ", 1)[-1], first)
    return " "


def lines_to_pieces(
    lines: Sequence[Line], content: tuple[float, float, bool] | None = None
) -> list[Piece]:
    """A cell's lines → its text as pieces; only the breaks that need the vocabulary stay open."""
    if not lines:
        return []
    pieces: list[Piece] = [lines[0].text.strip()]
    for prev, nxt in zip(lines, lines[1:], strict=False):
        pieces.append(line_break(prev, nxt, content))
        pieces.append(nxt.text.strip())
    return pieces


def pieces_to_text(pieces: Sequence[Piece], vocabulary: Mapping[str, int] | None = None) -> str:
    """Close the open breaks with the document's vocabulary and clean the text."""
    vocabulary = vocabulary or {}
    out = []
    for piece in pieces:
        if isinstance(piece, Pending):
            out.append(" " if _is_own_word(piece.left, piece.first, vocabulary) else "")
        else:
            out.append(piece)
    return clean_text("".join(out))


def join_lines(
    lines: Sequence[Line],
    content: tuple[float, float, bool] | None = None,
    vocabulary: Mapping[str, int] | None = None,
) -> str:
    """Join a cell's lines (top to bottom) into one clean string.

    ``content`` is the cell's text area (left, right, exact): exact when the right edge comes from
    the cell's rules, else estimated from the text. Without it no mid-word joins are made.
    ``vocabulary`` counts the document's words (see :func:`word_key`).
    """
    return pieces_to_text(lines_to_pieces(lines, content), vocabulary)


def casefold_key(text: str) -> str:
    """Letters only, casefolded and NFC: the key statuses and headers are compared on."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(ch for ch in text if ch.isalpha())
