"""Hand-built layouts for the stage tests: a few words and rules each, in PDF points.

Text is 10 pt Helvetica unless said otherwise: a word's width is 5 pt per character, its
height 10 pt.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup.extract.header import Column, Header
from followup.extract.layout import PageLayout, Rule, Shape, Word
from followup.extract.settings import Tolerances

TOL = Tolerances()
CHAR = 5.0  # width of one character


def word(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False) -> Word:
    font = "Helvetica-Bold" if bold else "Helvetica"
    width = CHAR * len(text) * size / 10.0
    return Word(text, x0, x0 + width, top, top + size, font, size, CHAR * size / 10.0)


def words(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False) -> list[Word]:
    """A line of words separated by one space (one character wide)."""
    out = []
    x = x0
    for part in text.split():
        w = word(part, x, top, size, bold)
        out.append(w)
        x = w.x1 + CHAR * size / 10.0
    return out


def hrule(x0: float, x1: float, y: float) -> Rule:
    return Rule(x0, x1, y, y)


def vrule(x: float, top: float, bottom: float) -> Rule:
    return Rule(x, x, top, bottom)


def page(
    content: Sequence[Word],
    rules: Sequence[Rule] = (),
    shapes: Sequence[Shape] = (),
    number: int = 1,
    width: float = 600.0,
    height: float = 800.0,
) -> PageLayout:
    return PageLayout(
        number,
        width,
        height,
        tuple(content),
        tuple(rules),
        tuple(shapes),
        sum(len(w.text) for w in content),
    )


#: Column lefts of the standard five-column table: goal, activity, deadline, status, comment.
LEFTS = {"goal": 50.0, "activity": 150.0, "deadline": 300.0, "status": 370.0, "comment": 440.0}
HEADER_TEXT = {
    "goal": "Förvaltningsmål",
    "activity": "Aktivitet",
    "deadline": "Slutdatum",
    "status": "Status",
    "comment": "Kommentar",
}


def header_words(top: float, lefts: dict[str, float] | None = None) -> list[Word]:
    """The standard header row, each text starting at its column's left plus 3 pt."""
    lefts = lefts or LEFTS
    return [word(HEADER_TEXT[role], x + 3.0, top, bold=True) for role, x in lefts.items()]


def header(top: float = 100.0, page_number: int = 1, ruled: bool = False) -> Header:
    """A header record of the standard table (as lines_to_headers would build it)."""
    roles = list(LEFTS)
    columns = []
    for i, role in enumerate(roles):
        x0 = LEFTS[role]
        x1 = LEFTS[roles[i + 1]] if i + 1 < len(roles) else 560.0
        text = HEADER_TEXT[role]
        columns.append(
            Column(role, text, 100, x0, x1, x0 + 3.0, x0 + 3.0 + CHAR * len(text), ruled)
        )
    return Header(page_number, top, top + 12.0, tuple(columns))
