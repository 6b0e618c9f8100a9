"""A PDF page → the primitives tables are built from: words, rules and filled symbols."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdfplumber.page import Page

from followup.normalize.text import clean_text

RULE_MIN_LENGTH = 15.0  # shorter strokes are glyph parts or symbols, not table rules
RULE_MAX_THICKNESS = 2.5


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


@dataclass
class PageLayout:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    rules: list[Rule]
    shapes: list[Shape]
    char_count: int


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
    elif len(values) == 3:
        r, g, b = values
    elif len(values) == 4:
        c, m, y, k = values
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in (r, g, b))


def _shape_kind(obj: dict[str, Any]) -> str:
    width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
    if obj.get("object_type") == "rect":
        return "square"
    path = obj.get("path") or []
    if any(cmd[0] in ("c", "v", "y") for cmd in path):
        return "circle"
    points = {(round(p[0], 1), round(p[1], 1)) for p in obj.get("pts") or []}
    if len(points) == 3:
        return "triangle"
    if len(points) == 4:
        xs = {p[0] for p in points}
        return "square" if len(xs) == 2 and abs(width - height) < 1 else "diamond"
    return "shape"


def _rules_and_shapes(page: Page) -> tuple[list[Rule], list[Shape]]:
    rules: list[Rule] = []
    shapes: list[Shape] = []
    for line in page.lines:
        rules.append(Rule(line["x0"], line["x1"], line["top"], line["bottom"]))
    for obj in list(page.rects) + list(page.curves):
        width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if obj.get("object_type") == "rect" and (
            min(width, height) <= RULE_MAX_THICKNESS and max(width, height) >= RULE_MIN_LENGTH
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
            if max(width, height) >= RULE_MIN_LENGTH:
                rules += [Rule(x0, x1, top, top), Rule(x0, x1, bottom, bottom)]
                rules += [Rule(x0, x0, top, bottom), Rule(x1, x1, top, bottom)]
            continue
        if obj.get("fill") and 3 <= width <= 30 and 3 <= height <= 30:
            color = color_to_hex(obj.get("non_stroking_color"))
            if color is not None:
                shapes.append(
                    Shape(_shape_kind(obj), color, obj["x0"], obj["x1"], obj["top"], obj["bottom"])
                )
    rules = [r for r in rules if max(r.x1 - r.x0, r.bottom - r.top) >= RULE_MIN_LENGTH]
    return rules, shapes


def page_to_layout(page: Page) -> PageLayout:
    """Read one page's words (with font), rules and filled symbols."""
    raw = page.extract_words(
        x_tolerance=1.5,
        y_tolerance=2.0,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["fontname", "size"],
        return_chars=True,
    )
    words = []
    for w in raw:
        text = clean_text(w["text"])
        if text:
            chars = w.get("chars") or []
            first = chars[0]["x1"] - chars[0]["x0"] if chars else 0.0
            words.append(
                Word(text, w["x0"], w["x1"], w["top"], w["bottom"], w["fontname"], w["size"], first)
            )
    rules, shapes = _rules_and_shapes(page)
    return PageLayout(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        words=words,
        rules=rules,
        shapes=shapes,
        char_count=len(page.chars),
    )
