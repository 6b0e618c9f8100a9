"""Printed lines → header rows: a follow-up table is found by its column headers, fuzzily."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz

from followup.extract.layout import Line, PageLayout, Rule, Word, line_text
from followup.extract.settings import (
    HEADER_MAX_LINES,
    HEADER_WORD_SCORE,
    MIN_PREFIX_LETTERS,
    MIN_ROLE_LETTERS,
    NAME_SCORE,
    ROLE_CACHE_SIZE,
    Tolerances,
)
from followup.normalize.fuzzy import round_half_up
from followup.normalize.text import casefold_key
from followup.schema import EXTRA_COLUMNS

#: Column roles and the header words that name them.
ROLE_SYNONYMS: dict[str, list[str]] = {
    "goal": ["Förvaltningsmål", "Nämndmål", "Mål", "Målområde", "Verksamhetsmål", "Delmål"],
    "activity": ["Aktivitet", "Aktiviteter", "Åtgärd", "Åtgärder", "Uppdrag"],
    "deadline": ["Slutdatum", "Klart senast", "Tidplan", "Deadline"],
    "status": ["Status", "Bedömning"],
    "comment": ["Kommentar", "Kommentar och analys", "Kommentarer", "Analys"],
}
CORE_ROLES = ("goal", "activity", "deadline", "status", "comment")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass(frozen=True)
class Column:
    role: str  # goal, activity, deadline, status, comment, or an extra column's name
    header: str  # header text as printed
    score: int  # how well the header matched its role (0-100)
    x0: float  # left boundary of the column
    x1: float  # right boundary of the column
    text_x0: float  # where the header text starts
    text_x1: float = 0.0  # where the header text ends
    ruled: bool = False  # boundaries come from vertical rules (exact cell edges)

    def content_right(self) -> float | None:
        """Right edge of the cell's text area when the cell's rules are known (padding mirrored)."""
        if not self.ruled:
            return None
        return self.x1 - (self.text_x0 - self.x0)


@dataclass(frozen=True)
class Header:
    page: int
    top: float
    bottom: float
    columns: tuple[Column, ...]
    year: int | None = None
    words: tuple[Word, ...] = ()

    @property
    def x0(self) -> float:
        return self.columns[0].x0

    @property
    def x1(self) -> float:
        return self.columns[-1].x1


#: (role, key of the synonym, key of its first word), computed once.
_SYNONYM_KEYS = [
    (role, casefold_key(name), casefold_key(name.split()[0]))
    for role, names in ROLE_SYNONYMS.items()
    for name in names
]


@functools.lru_cache(maxsize=ROLE_CACHE_SIZE)
def role_score(text: str) -> tuple[str, int]:
    """Best role for a header text and its score (letters only, casefolded).

    Called for every line of every page while looking for header rows, on few distinct texts:
    cached.
    """
    key = casefold_key(text)
    best_role, best = "", 0
    if not key:
        return best_role, best
    for role, name_key, _ in _SYNONYM_KEYS:
        s = round_half_up(fuzz.ratio(key, name_key))
        if s > best:
            best_role, best = role, s
    return best_role, best


def _seed_role(word: Word, threshold: int) -> str | None:
    """Role a single header word starts, allowing a word cut by a narrow cell ("Förvaltningsm")."""
    key = casefold_key(word.text)
    if len(key) < MIN_ROLE_LETTERS:
        return None
    role, score = role_score(word.text)
    if score >= max(threshold, HEADER_WORD_SCORE):
        return role
    if len(key) >= MIN_PREFIX_LETTERS:
        for role, _, first in _SYNONYM_KEYS:
            if first.startswith(key):
                return role
    return None


def extra_name(text: str) -> str:
    """Output column name of a header that names no core column ("Ansvarig" → responsible)."""
    for label, name in EXTRA_COLUMNS.items():
        if fuzz.ratio(casefold_key(text), casefold_key(label)) >= NAME_SCORE:
            return name
    slug = re.sub(r"[^a-z0-9]+", "_", casefold_key(text) or "column").strip("_")
    return slug or "column"


def lines_to_headers(
    lines: Sequence[Line], layout: PageLayout, threshold: int, tol: Tolerances
) -> tuple[Header, ...]:
    """Every header row among a page's lines (one page can end a table and start the next)."""
    headers: list[Header] = []
    used: set[int] = set()
    for index, line in enumerate(lines):
        if index in used:
            continue
        cells = _line_cells(line, threshold, tol)
        if not _is_header_cells(cells, threshold):
            continue
        headers.append(_build_header(lines, index, cells, layout, threshold, used, tol))
    return tuple(headers)


def _is_header_cells(cells: Sequence[Sequence[Word]], threshold: int) -> bool:
    return is_header_texts([line_text(cell) for cell in cells], threshold)


def is_header_texts(texts: Sequence[str], threshold: int) -> bool:
    """A header names activity and status and at least one more column, each once; a data row
    that happens to say "aktivitet" and "status" has more, unmatched cells."""
    found = []
    for text in texts:
        role, score = role_score(text)
        if score >= threshold:
            found.append(role)
    return (
        len(set(found)) > len({"activity", "status"})
        and {"activity", "status"} <= set(found)
        and len(found) == len(set(found))
        and len(texts) <= len(found) + 2
    )


def is_header_line(line: Sequence[Word], threshold: int, tol: Tolerances) -> bool:
    """True when a printed line is (the first line of) a follow-up table's header row."""
    return _is_header_cells(_line_cells(line, threshold, tol), threshold)


def _line_cells(line: Sequence[Word], threshold: int, tol: Tolerances) -> list[list[Word]]:
    """Header cells of one line: a new cell where a role word starts one, or where the gap
    between words is wider than a space ("Klart senast" is one cell, "Ansvarig" another)."""
    strict = max(threshold, HEADER_WORD_SCORE)
    seeds = [(w, _seed_role(w, threshold)) for w in line]
    for i in range(len(seeds) - 1):
        if seeds[i][1] is None:
            pair_role, pair_score = role_score(f"{line[i].text} {line[i + 1].text}")
            if pair_score >= strict:
                seeds[i] = (line[i], pair_role)
    cells: list[list[Word]] = []
    for word, role in seeds:
        if cells:
            prev = cells[-1][-1]
            text = line_text(cells[-1]) + " " + word.text
            close = word.x0 - prev.x1 <= tol.cell_gap_ems * word.size
            if close and (role is None or role_score(text)[1] >= strict):
                cells[-1].append(word)
                continue
        cells.append([word])
    return cells


def _build_header(
    lines: Sequence[Line],
    index: int,
    cells: list[list[Word]],
    layout: PageLayout,
    threshold: int,
    used: set[int],
    tol: Tolerances,
) -> Header:
    rules = layout.rules
    first = lines[index]
    size = max(w.size for w in first)
    bold = all(w.bold for w in first)
    # the header may wrap onto a few more lines ("Slutdatum" / "2020", "Förvaltningsm" / "ål")
    block = [list(first)]
    used.add(index)
    bottom = max(w.bottom for w in first)
    for nxt_index in range(index + 1, min(index + HEADER_MAX_LINES, len(lines))):
        nxt = lines[nxt_index]
        gap = min(w.top for w in nxt) - bottom
        if gap > tol.header_wrap_ems * size or any(w.bold != bold for w in nxt):
            break
        if _rule_between(rules, bottom, min(w.top for w in nxt), first[0].x0, first[-1].x1, tol):
            break
        block.append(list(nxt))
        used.add(nxt_index)
        bottom = max(w.bottom for w in nxt)
    # ... and, with cells centred vertically, start above it: a two-line "Slutdatum / 2020"
    # beside one-line labels begins half a line higher
    above = _lines_above(lines, index, size, bold, rules, used, tol)
    cells = [list(c) for c in cells]
    for line in [*above, *block[1:]]:
        for word in line:
            _place(cells, word, tol)
    named: list[_Named] = []
    year = None
    for cell in cells:
        text_spaced = line_text(cell)
        match = _YEAR.search(text_spaced)
        role, score = role_score(_YEAR.sub("", text_spaced))
        if role == "deadline" and match:
            year = int(match.group(0))
        if score < threshold:
            role = extra_name(text_spaced)
        x0, x1 = min(w.x0 for w in cell), max(w.x1 for w in cell)
        named.append(_Named(role, text_spaced, score, x0, x1))
    columns = _columns(named, rules, layout.width, max(w.top for w in first), bottom, tol)
    within = tol.header_rule_ems * size
    header_bottom = _rule_below(rules, bottom, columns[0].x0, columns[-1].x1, within, tol)
    words = tuple(w for line in [*above, *block] for w in line)
    return Header(
        layout.number, min(w.top for w in words), header_bottom or bottom, columns, year, words
    )


def _lines_above(
    lines: Sequence[Line],
    index: int,
    size: float,
    bold: bool,
    rules: Sequence[Rule],
    used: set[int],
    tol: Tolerances,
) -> list[Line]:
    """Lines just above a header line that belong to its row: same weight and size, ending no
    further above it than a fraction of a line, no rule between."""
    first = lines[index]
    top = min(w.top for w in first)
    out: list[Line] = []
    for prev_index in range(index - 1, max(index - HEADER_MAX_LINES, -1), -1):
        prev = lines[prev_index]
        if prev_index in used or any(w.bold != bold for w in prev):
            break
        if any(abs(w.size - size) > tol.header_size_slack for w in prev):
            break
        if top - max(w.bottom for w in prev) > tol.header_above_ems * size:
            break
        if _rule_between(rules, max(w.bottom for w in prev), top, first[0].x0, first[-1].x1, tol):
            break
        out.insert(0, list(prev))
        used.add(prev_index)
        top = min(w.top for w in prev)
    return out


def _place(cells: list[list[Word]], word: Word, tol: Tolerances) -> None:
    """Put a word of a header's other lines into the cell it starts under; a word clear of the
    cells beside it (a header whose first line is above or below the others) starts a cell."""
    at = word.x0 + tol.header_wrap_slack
    pos = max((i for i, c in enumerate(cells) if c[0].x0 <= at), default=0)
    cell = cells[pos]
    right = max(w.x1 for w in cell)
    nxt = cells[pos + 1][0].x0 if pos + 1 < len(cells) else float("inf")
    if word.x0 > right + tol.cell_gap_ems * word.size and word.x1 < nxt:
        cells.insert(pos + 1, [word])
    elif word.x0 < cell[0].x0 and pos == 0 and word.x1 < cell[0].x0:
        cells.insert(0, [word])
    else:
        cell.append(word)


class _Named(NamedTuple):
    """A header cell's text, the role it names and where the text lies."""

    role: str
    text: str
    score: int
    text_x0: float
    text_x1: float


def _rule_between(
    rules: Sequence[Rule], top: float, bottom: float, x0: float, x1: float, tol: Tolerances
) -> bool:
    return any(
        r.horizontal
        and top - tol.rule_slack <= r.top <= bottom + tol.rule_slack
        and r.x0 <= x1
        and r.x1 >= x0
        for r in rules
    )


def _rule_below(
    rules: Sequence[Rule], y: float, x0: float, x1: float, within: float, tol: Tolerances
) -> float | None:
    reach = tol.header_rule_reach
    ys = [
        r.top
        for r in rules
        if r.horizontal
        and y - tol.header_rule_above <= r.top <= y + within
        and r.x0 <= x0 + reach
        and r.x1 >= x1 - reach
    ]
    return min(ys) if ys else None


def _columns(
    named: Sequence[_Named],
    rules: Sequence[Rule],
    width: float,
    top: float,
    bottom: float,
    tol: Tolerances,
) -> tuple[Column, ...]:
    """Column boundaries: vertical rules crossing the header where present, else text starts."""
    slack = tol.vertical_rule_slack
    verticals = sorted(
        r.x0
        for r in rules
        if not r.horizontal and r.top <= bottom + slack and r.bottom >= top - slack
    )
    lefts: list[tuple[float, bool]] = []  # left boundary, from a rule
    for i, text_x0 in enumerate(n.text_x0 for n in named):
        prev_start = named[i - 1].text_x0 if i else -1
        candidates = [
            x
            for x in verticals
            if prev_start + tol.boundary_min_gap < x <= text_x0 + tol.boundary_text_slack
        ]
        left = max(candidates) if candidates else text_x0 - tol.unruled_padding
        lefts.append((left, bool(candidates)))
    columns: list[Column] = []
    for i, (role, text, score, text_x0, text_x1) in enumerate(named):
        x0, ruled = lefts[i]
        if i + 1 < len(named):
            x1, right_ruled = lefts[i + 1]
        else:
            right = [x for x in verticals if x > text_x0 + tol.last_column_min_width]
            x1, right_ruled = (max(right) if right else width), bool(right)
        columns.append(Column(role, text, score, x0, x1, text_x0, text_x1, ruled and right_ruled))
    return tuple(columns)
