"""Header rows: find a follow-up table by its column headers, fuzzily, and model its columns."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from followup.extract.layout import Rule, Word
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


@dataclass
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


@dataclass
class Header:
    page: int
    top: float
    bottom: float
    columns: list[Column]
    year: int | None = None
    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.columns[0].x0

    @property
    def x1(self) -> float:
        return self.columns[-1].x1

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    def column_at(self, x: float) -> Column | None:
        for col in self.columns:
            if col.x0 <= x < col.x1:
                return col
        return None


def words_to_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into printed lines (by vertical position), each sorted left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        if lines:
            last = lines[-1]
            ref = last[0]
            if abs(word.top - ref.top) <= max(2.0, 0.3 * ref.size):
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


#: (role, key of the synonym, key of its first word), computed once.
_SYNONYM_KEYS = [
    (role, casefold_key(name), casefold_key(name.split()[0]))
    for role, names in ROLE_SYNONYMS.items()
    for name in names
]


@functools.lru_cache(maxsize=1 << 16)
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
        s = int(fuzz.ratio(key, name_key) + 0.5)
        if s > best:
            best_role, best = role, s
    return best_role, best


def _seed_role(word: Word, threshold: int) -> str | None:
    """Role a single header word starts, allowing a word cut by a narrow cell ("Förvaltningsm")."""
    key = casefold_key(word.text)
    if len(key) < 3:
        return None
    role, score = role_score(word.text)
    if score >= max(threshold, 88):
        return role
    if len(key) >= 6:
        for role, _, first in _SYNONYM_KEYS:
            if first.startswith(key):
                return role
    return None


def _extra_name(text: str) -> str:
    for label, name in EXTRA_COLUMNS.items():
        if fuzz.ratio(casefold_key(text), casefold_key(label)) >= 85:
            return name
    slug = re.sub(r"[^a-z0-9]+", "_", casefold_key(text) or "column").strip("_")
    return slug or "column"


def find_headers(
    lines: Sequence[Sequence[Word]], rules: Sequence[Rule], page: int, width: float, threshold: int
) -> list[Header]:
    """Every header row on a page (one page can end a table and start the next)."""
    headers: list[Header] = []
    used: set[int] = set()
    for index, line in enumerate(lines):
        if index in used:
            continue
        cells = _line_cells(line, threshold)
        if not _is_header_cells(cells, threshold):
            continue
        headers.append(_build_header(lines, index, cells, rules, page, width, threshold, used))
    return headers


def _is_header_cells(cells: Sequence[Sequence[Word]], threshold: int) -> bool:
    """A header names activity and status and at least one more column, each once; a data row
    that happens to say "aktivitet" and "status" has more, unmatched cells."""
    found = []
    for cell in cells:
        role, score = role_score(" ".join(w.text for w in cell))
        if score >= threshold:
            found.append(role)
    return (
        len(set(found)) >= 3
        and {"activity", "status"} <= set(found)
        and len(found) == len(set(found))
        and len(cells) <= len(found) + 2
    )


def is_header_line(line: Sequence[Word], threshold: int = 80) -> bool:
    """True when a printed line is (the first line of) a follow-up table's header row."""
    return _is_header_cells(_line_cells(line, threshold), threshold)


def _line_cells(line: Sequence[Word], threshold: int) -> list[list[Word]]:
    """Header cells of one line: a new cell where a role word starts one, or where the gap
    between words is wider than a space ("Klart senast" is one cell, "Ansvarig" another)."""
    seeds = [(w, _seed_role(w, threshold)) for w in line]
    for i in range(len(seeds) - 1):
        if seeds[i][1] is None:
            pair_role, pair_score = role_score(f"{line[i].text} {line[i + 1].text}")
            if pair_score >= max(threshold, 88):
                seeds[i] = (line[i], pair_role)
    cells: list[list[Word]] = []
    for word, role in seeds:
        if cells:
            prev = cells[-1][-1]
            text = " ".join(w.text for w in cells[-1]) + " " + word.text
            close = word.x0 - prev.x1 <= 0.6 * word.size
            if close and (role is None or role_score(text)[1] >= max(threshold, 88)):
                cells[-1].append(word)
                continue
        cells.append([word])
    return cells


def _build_header(
    lines: Sequence[Sequence[Word]],
    index: int,
    cells: list[list[Word]],
    rules: Sequence[Rule],
    page: int,
    width: float,
    threshold: int,
    used: set[int],
) -> Header:
    first = lines[index]
    size = max(w.size for w in first)
    bold = all(w.bold for w in first)
    # the header may wrap onto a few more lines ("Slutdatum" / "2020", "Förvaltningsm" / "ål")
    block = [list(first)]
    used.add(index)
    bottom = max(w.bottom for w in first)
    for nxt_index in range(index + 1, min(index + 4, len(lines))):
        nxt = lines[nxt_index]
        gap = min(w.top for w in nxt) - bottom
        if gap > 0.8 * size or any(w.bold != bold for w in nxt):
            break
        if _rule_between(rules, bottom, min(w.top for w in nxt), first[0].x0, first[-1].x1):
            break
        block.append(list(nxt))
        used.add(nxt_index)
        bottom = max(w.bottom for w in nxt)
    starts = [c[0].x0 for c in cells]
    for line in block[1:]:
        for word in line:
            pos = max((i for i, x in enumerate(starts) if x <= word.x0 + 3), default=0)
            cells[pos].append(word)
    columns: list[Column] = []
    year = None
    for cell in cells:
        text_spaced = " ".join(w.text for w in cell)
        match = _YEAR.search(text_spaced)
        role, score = role_score(_YEAR.sub("", text_spaced))
        if role == "deadline" and match:
            year = int(match.group(0))
        x = min(w.x0 for w in cell)
        if score < threshold:
            role = _extra_name(text_spaced)
        columns.append(Column(role, text_spaced, score, x, x, x, max(w.x1 for w in cell)))
    _set_boundaries(columns, rules, width, max(w.top for w in first), bottom)
    header_bottom = _rule_below(rules, bottom, columns[0].x0, columns[-1].x1, 1.5 * size)
    words = [w for line in block for w in line]
    return Header(page, min(w.top for w in first), header_bottom or bottom, columns, year, words)


def _rule_between(rules: Sequence[Rule], top: float, bottom: float, x0: float, x1: float) -> bool:
    return any(
        r.horizontal and top - 0.5 <= r.top <= bottom + 0.5 and r.x0 <= x1 and r.x1 >= x0
        for r in rules
    )


def _rule_below(
    rules: Sequence[Rule], y: float, x0: float, x1: float, within: float
) -> float | None:
    ys = [
        r.top
        for r in rules
        if r.horizontal and y - 1 <= r.top <= y + within and r.x0 <= x0 + 30 and r.x1 >= x1 - 30
    ]
    return min(ys) if ys else None


def _set_boundaries(
    columns: list[Column], rules: Sequence[Rule], width: float, top: float, bottom: float
) -> None:
    """Column boundaries: vertical rules crossing the header where present, else text starts."""
    verticals = sorted(
        r.x0 for r in rules if not r.horizontal and r.top <= bottom + 2 and r.bottom >= top - 2
    )
    for i, col in enumerate(columns):
        prev_start = columns[i - 1].text_x0 if i else -1.0
        candidates = [x for x in verticals if prev_start + 2 < x <= col.text_x0 + 0.5]
        col.x0 = max(candidates) if candidates else col.text_x0 - 3.0
        col.ruled = bool(candidates)
    for i, col in enumerate(columns):
        if i + 1 < len(columns):
            col.x1 = columns[i + 1].x0
            col.ruled = col.ruled and columns[i + 1].ruled
        else:
            right = [x for x in verticals if x > col.text_x0 + 10]
            col.x1 = max(right) if right else width
            col.ruled = col.ruled and bool(right)
