"""A PDF page → the primitives tables are built from: words, rules and filled symbols."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from pdfplumber.page import Page
from pdfplumber.utils.text import WordExtractor

from followup.extract.marked import SEQUENCE, MarkedRun, marked_runs, marked_sequences
from followup.extract.parse import lean_objects
from followup.extract.settings import (
    COLOR_SCALE,
    HEADING_MAX_WORDS,
    QUAD_CORNERS,
    TRIANGLE_CORNERS,
    Tolerances,
)
from followup.extract.words import chars_to_raw_words
from followup.normalize.text import clean_text


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    fontname: str
    size: float
    first_char_width: float = 0.0
    space_after: bool = False  # a space glyph is printed right after it (kept at a line's end)

    @property
    def bold(self) -> bool:
        return "bold" in self.fontname.lower()


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight stroke: horizontal (y = top = bottom) or vertical (x = x0 = x1)."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class Shape:
    """A small filled drawing (a status symbol): its kind, fill colour and box."""

    kind: str  # circle, square, triangle, diamond, shape
    color: str  # "#rrggbb"
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def description(self) -> str:
        return f"{self.kind} {self.color}"


@dataclass(frozen=True)
class PageLayout:
    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...]
    shapes: tuple[Shape, ...]
    char_count: int
    marked: tuple[MarkedRun, ...] = ()  # a tagged page's marked-content sequences (tag reader)


Line = list[Word]


def color_to_hex(color: Any) -> str | None:
    """pdfplumber's colour (gray, RGB or CMYK tuple of 0..1) as '#rrggbb'."""
    if color is None:
        return None
    if isinstance(color, int | float):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return None
    if len(values) == 1:
        r = g = b = values[0]
    elif len(values) == len("rgb"):
        r, g, b = values
    elif len(values) == len("cmyk"):
        c, m, y, k = values
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    return "#" + "".join(
        f"{max(0, min(COLOR_SCALE, round(v * COLOR_SCALE))):02x}" for v in (r, g, b)
    )


def _shape_kind(obj: dict[str, Any], tol: Tolerances) -> str:
    width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
    if obj.get("object_type") == "rect":
        return "square"
    path = obj.get("path") or []
    if any(cmd[0] in ("c", "v", "y") for cmd in path):
        return "circle"
    points = {(round(p[0], 1), round(p[1], 1)) for p in obj.get("pts") or []}
    if len(points) == TRIANGLE_CORNERS:
        return "triangle"
    if len(points) == QUAD_CORNERS:
        xs = {p[0] for p in points}
        return "square" if len(xs) == 2 and abs(width - height) < tol.square_slack else "diamond"
    return "shape"


def _rules_and_shapes(page: Page, tol: Tolerances) -> tuple[list[Rule], list[Shape]]:
    rules: list[Rule] = []
    shapes: list[Shape] = []
    for line in page.lines:
        rules.append(Rule(line["x0"], line["x1"], line["top"], line["bottom"]))
    for obj in list(page.rects) + list(page.curves):
        width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if obj.get("object_type") == "rect" and (
            min(width, height) <= tol.rule_max_thickness
            and max(width, height) >= tol.rule_min_length
        ):
            if width >= height:
                y = (obj["top"] + obj["bottom"]) / 2
                rules.append(Rule(obj["x0"], obj["x1"], y, y))
            else:
                x = (obj["x0"] + obj["x1"]) / 2
                rules.append(Rule(x, x, obj["top"], obj["bottom"]))
            continue
        if obj.get("object_type") == "rect" and obj.get("stroke") and not obj.get("fill"):
            # an outlined box (a table cell drawn as a rectangle): its four sides are rules
            x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
            if max(width, height) >= tol.rule_min_length:
                rules += [Rule(x0, x1, top, top), Rule(x0, x1, bottom, bottom)]
                rules += [Rule(x0, x0, top, bottom), Rule(x1, x1, top, bottom)]
            continue
        lo, hi = tol.symbol_min_size, tol.symbol_max_size
        if obj.get("fill") and lo <= width <= hi and lo <= height <= hi:
            color = color_to_hex(obj.get("non_stroking_color"))
            if color is not None:
                shapes.append(
                    Shape(
                        _shape_kind(obj, tol),
                        color,
                        obj["x0"],
                        obj["x1"],
                        obj["top"],
                        obj["bottom"],
                    )
                )
    rules = [
        r
        for r in _join_rules(rules, tol)
        if max(r.x1 - r.x0, r.bottom - r.top) >= tol.rule_min_length
    ]
    return rules, shapes


def chars_to_words(chars: Sequence[dict[str, Any]], tol: Tolerances) -> list[Word]:
    """Words of a set of glyphs, e.g. those one tagged table cell owns."""
    chars = list(chars)
    raw = chars_to_raw_words(chars, tol.word_x_tolerance, tol.word_y_tolerance, WORD_ATTRS)
    return _words(_split_interleaved(raw, chars, tol), chars, tol)


def _interleaved(glyphs: Sequence[dict[str, Any]], tol: Tolerances) -> bool:
    """Whether a word's glyphs (left to right) hold two texts printed over each other: a glyph
    covering most of its left neighbour, as where a long word overflows its cell into the text
    of the next column. Kerned neighbours overlap by a sliver."""
    for prev, glyph in zip(glyphs, glyphs[1:], strict=False):
        narrower = min(prev["x1"] - prev["x0"], glyph["x1"] - glyph["x0"])
        if narrower > 0 and prev["x1"] - glyph["x0"] > tol.glyph_overlap_share * narrower:
            return True
    return False


def _split_interleaved(
    raw: Sequence[dict[str, Any]], chars: Sequence[dict[str, Any]], tol: Tolerances
) -> list[dict[str, Any]]:
    """pdfplumber's words with the interleaved ones rebuilt from the content stream.

    pdfplumber sorts a line's glyphs left to right before it cuts words, so a word that
    overflows its cell ("kompetensförsörjni|ng" across a column rule) and the next column's
    word printed under its end interleave ("kompetensförsörjnibnlgand"). Their glyphs are
    rebuilt into words in content order, where each text is printed in one piece: a word ends
    where the next glyph is not the next one in the stream, goes back left, leaves a gap,
    changes line or font (as pdfplumber cuts words).
    """
    flagged = [w for w in raw if _interleaved(w.get("chars") or (), tol)]
    if not flagged:
        return list(raw)
    position = {id(ch): i for i, ch in enumerate(chars)}
    glyphs = sorted(
        (ch for w in flagged for ch in w["chars"]), key=lambda ch: position.get(id(ch), -1)
    )
    runs: list[list[dict[str, Any]]] = []
    for ch in glyphs:
        if runs:
            prev = runs[-1][-1]
            if (
                position.get(id(ch), -1) == position.get(id(prev), -1) + 1
                and ch["x0"] >= prev["x0"]
                and ch["x0"] <= prev["x1"] + tol.word_x_tolerance
                and abs(ch["top"] - prev["top"]) <= tol.word_y_tolerance
                and (ch["fontname"], ch["size"]) == (prev["fontname"], prev["size"])
            ):
                runs[-1].append(ch)
                continue
        runs.append([ch])
    merge = WordExtractor(**_word_options(tol)).merge_chars
    rebuilt = sorted(
        ({**merge(run), "chars": run} for run in runs), key=lambda w: (w["top"], w["x0"])
    )
    first = raw.index(flagged[0])  # the words before it are kept as they are
    dropped = {id(w) for w in flagged}
    kept = [w for w in raw if id(w) not in dropped]
    return kept[:first] + rebuilt + kept[first:]


#: What else but position parts two glyphs into two words (as in pdfplumber's ``extra_attrs``).
WORD_ATTRS = ("fontname", "size")


def _word_options(tol: Tolerances) -> dict[str, Any]:
    """pdfplumber's ``WordExtractor`` settings that :func:`chars_to_raw_words` stands for."""
    return dict(
        x_tolerance=tol.word_x_tolerance,
        y_tolerance=tol.word_y_tolerance,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=list(WORD_ATTRS),
    )


def _words(
    raw: Sequence[dict[str, Any]], chars: Sequence[dict[str, Any]], tol: Tolerances
) -> list[Word]:
    """pdfplumber's words as :class:`Word`; ``chars``: the glyphs they were built from, in
    content order (what follows a word's last glyph in the content stream)."""
    return [word for _, word in _cut(raw, chars, tol)]


def _cut(
    raw: Sequence[dict[str, Any]], chars: Sequence[dict[str, Any]], tol: Tolerances
) -> list[tuple[dict[str, Any], Word]]:
    """:func:`_words`, each with the pdfplumber word it comes from (words of no text left out)."""
    position = {id(ch): i for i, ch in enumerate(chars)}
    words = []
    for w in raw:
        text = clean_text(w["text"])
        if text:
            glyphs = w.get("chars") or []
            first = glyphs[0]["x1"] - glyphs[0]["x0"] if glyphs else 0.0
            spaced = bool(glyphs) and _space_follows(glyphs[-1], chars, position, tol)
            words.append(
                (
                    w,
                    Word(
                        text,
                        w["x0"],
                        w["x1"],
                        w["top"],
                        w["bottom"],
                        w["fontname"],
                        w["size"],
                        first,
                        spaced,
                    ),
                )
            )
    return words


def _space_follows(
    glyph: dict[str, Any],
    chars: Sequence[dict[str, Any]],
    position: dict[int, int],
    tol: Tolerances,
) -> bool:
    """Whether the glyph after ``glyph`` in content order is a space printed right after it on
    its line. Word processors (LibreOffice) print the space where a line wraps: "IT- " +
    "tjänster" is then two words, not a word broken at its hyphen."""
    index = position.get(id(glyph))
    if index is None or index + 1 >= len(chars):
        return False
    nxt = chars[index + 1]
    return (
        not nxt.get("text", "x").strip()
        and abs(nxt["top"] - glyph["top"]) <= tol.word_y_tolerance
        and abs(nxt["x0"] - glyph["x1"]) <= tol.word_x_tolerance
    )


def page_to_layout(page: Page, tol: Tolerances, runs: bool = False) -> PageLayout:
    """Read one page's words (with font), rules and filled symbols; with ``runs``, a tagged
    page's marked-content sequences too (for the tag reader, see :mod:`marked`)."""
    if isinstance(page, Page):  # page.chars, .lines, .rects, .curves: only the keys read here
        lean_objects(page)
    chars: Sequence[dict[str, Any]] = page.chars
    marked = marked_sequences(chars)
    x_tolerance, y_tolerance = tol.word_x_tolerance, tol.word_y_tolerance
    if marked is None:
        raw = chars_to_raw_words(chars, x_tolerance, y_tolerance, WORD_ATTRS)
    else:  # glyphs of two marked-content sequences (two tagged cells) never make one word
        raw = chars_to_raw_words(chars, x_tolerance, y_tolerance, (*WORD_ATTRS, SEQUENCE))
    split = _split_interleaved(raw, chars, tol)
    cut = _cut(split, chars, tol)
    words = [word for _, word in cut]
    sequences = () if marked is None or not runs else marked_runs(marked, raw, split, cut)
    rules, shapes = _rules_and_shapes(page, tol)
    return PageLayout(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        words=tuple(words),
        rules=tuple(rules),
        shapes=tuple(shapes),
        char_count=len(page.chars),
        marked=sequences,
    )


def words_to_lines(words: Sequence[Word], tol: Tolerances) -> list[Line]:
    """Words grouped into printed lines (by vertical position), each sorted left to right."""
    lines: list[Line] = []
    slack, ems = tol.line_top_slack, tol.line_top_ems
    last: Line = []
    top = reach = 0.0  # the line's first word's top, and how far from it a word may start
    for word in sorted(words, key=_line_order):
        if last and abs(word.top - top) <= reach:
            last.append(word)
            continue
        last = [word]
        lines.append(last)
        top, reach = word.top, max(slack, ems * word.size)
    return [sorted(line, key=_left) for line in lines]


def _line_order(word: Word) -> tuple[float, float]:
    return (round(word.top, 1), word.x0)


_left = attrgetter("x0")


def line_text(line: Sequence[Word]) -> str:
    """A printed line's words joined by single spaces."""
    return " ".join(w.text for w in line)


def body_size(words: Sequence[Word], tol: Tolerances) -> float:
    """The most common font size of a page's body text."""
    sizes = Counter(round(w.size, 1) for w in words)
    return sizes.most_common(1)[0][0] if sizes else tol.body_size


def is_heading(line: Sequence[Word], body: float, tol: Tolerances) -> bool:
    """A short line in a font larger than the body text."""
    size = max(w.size for w in line)
    return size >= body * tol.heading_size_ratio and len(line) <= HEADING_MAX_WORDS


def _join_rules(rules: Sequence[Rule], tol: Tolerances) -> list[Rule]:
    """Collinear rules that touch joined into one: a browser draws a table's rule as one thin
    rectangle per cell edge, a word processor as one line per cell; either way it is one rule."""
    gap, offset = tol.rule_join_gap, tol.rule_join_offset
    out: list[Rule] = []
    horizontal = sorted((r for r in rules if r.horizontal), key=lambda r: (r.top, r.x0))
    vertical = sorted((r for r in rules if not r.horizontal), key=lambda r: (r.x0, r.top))
    for group, along in ((horizontal, True), (vertical, False)):
        runs: list[Rule] = []
        for r in group:
            joined = False
            for i in range(len(runs) - 1, -1, -1):
                run = runs[i]
                if along:
                    if run.top < r.top - offset:
                        break
                    if abs(run.top - r.top) <= offset and r.x0 <= run.x1 + gap:
                        runs[i] = Rule(run.x0, max(run.x1, r.x1), run.top, run.bottom)
                        joined = True
                        break
                else:
                    if run.x0 < r.x0 - offset:
                        break
                    if abs(run.x0 - r.x0) <= offset and r.top <= run.bottom + gap:
                        runs[i] = Rule(run.x0, run.x1, run.top, max(run.bottom, r.bottom))
                        joined = True
                        break
            if not joined:
                runs.append(r)
        out += runs
    return out
