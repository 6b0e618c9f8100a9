"""A small table layout engine on top of the reportlab canvas (dev-only, used by make_samples.py).

Everything is laid out first (pages of draw operations in top-left coordinates, like pdfplumber),
then rendered. Every string drawn for a table row is recorded with its character box, so the
expected row boxes come from what was drawn, not from re-reading the PDF.

Wrapping: greedy, by ``pdfmetrics.stringWidth``. A line may break at a space or after a hyphen
inside a word ("e-" / "handel"); a word wider than the column is broken mid-word without a hyphen;
the wrapper never adds hyphens. A word ending in "-" followed by a word that is not a conjunction
("IT- tjänster") is kept together, so a line-end hyphen can always be read back unambiguously.
Hints "left|right" force a break between two pieces (or inside a word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen import canvas

CONJUNCTIONS = {"och", "eller", "samt"}
REG, BOLD, ITAL = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


# ----------------------------------------------------------------------------- wrapping
@dataclass
class _Unit:
    text: str
    space_before: bool
    force: bool = False


def _units(text: str, hints: tuple[str, ...]) -> list[_Unit]:
    pieces: list[_Unit] = []  # break allowed before each piece unless glued
    glued: list[bool] = []
    words = text.split()
    for wi, word in enumerate(words):
        for pi, piece in enumerate(re.findall(r"[^-]*-|[^-]+", word)):
            pieces.append(_Unit(piece, space_before=(pi == 0 and wi > 0)))
            glue = (
                pi == 0
                and wi > 0
                and words[wi - 1].endswith("-")
                and word.lower() not in CONJUNCTIONS
            )
            glued.append(glue)
    for hint in hints:  # "left|right": force a break between two pieces or inside one
        left, right = hint.split("|")
        for i, p in enumerate(pieces):
            nxt = pieces[i + 1].text if i + 1 < len(pieces) else None
            if nxt is not None and p.text.endswith(left) and nxt.startswith(right):
                pieces[i + 1].force = True
                glued[i + 1] = False
            elif left + right in p.text and not p.text.endswith(left):
                k = p.text.index(left + right) + len(left)
                pieces[i : i + 1] = [
                    _Unit(p.text[:k], p.space_before, p.force),
                    _Unit(p.text[k:], False, True),
                ]
                glued[i : i + 1] = [glued[i], False]
                break
    units: list[_Unit] = []
    for p, g in zip(pieces, glued, strict=True):
        if g and units:
            units[-1].text += (" " if p.space_before else "") + p.text
        else:
            units.append(_Unit(p.text, p.space_before, p.force))
    return units


def wrap(text: str, font: str, size: float, width: float, hints: tuple[str, ...] = ()) -> list[str]:
    """Greedy wrap; explicit newlines are kept as line breaks."""
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(_wrap_para(para, font, size, width, hints))
    return out


def _wrap_para(
    text: str, font: str, size: float, width: float, hints: tuple[str, ...]
) -> list[str]:
    def fits(s: str) -> bool:
        return stringWidth(s, font, size) <= width

    lines: list[str] = []
    cur = ""
    for u in _units(text, hints):
        cand = cur + (" " if u.space_before and cur else "") + u.text
        if cur and not u.force and fits(cand):
            cur = cand
            continue
        if cur:
            lines.append(cur)
        rest = u.text
        while not fits(rest):  # too wide for an empty line: break mid-word, no hyphen
            k = len(rest) - 1
            while k > 1 and not fits(rest[:k]):
                k -= 1
            lines.append(rest[:k])
            rest = rest[k:]
        cur = rest
    if cur:
        lines.append(cur)
    return lines


# ----------------------------------------------------------------------------- geometry
def char_box(x: float, base_top: float, text: str, font: str, size: float) -> tuple:
    """pdfminer's union of char boxes of ``text`` drawn at baseline ``base_top`` (top-left)."""
    descent = getFont(font).face.descent * size / 1000.0
    bottom = base_top - descent
    return (x, bottom - size, x + stringWidth(text, font, size), bottom)


def union(a: tuple | None, b: tuple) -> tuple:
    if a is None:
        return b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


@dataclass
class Line:
    text: str
    font: str = REG
    size: float = 9.0
    symbol: tuple | None = None  # (shape, "#rrggbb")


@dataclass
class Column:
    key: str
    header: str
    width: float


@dataclass
class Style:
    rules: str  # "grid" | "hrules" | "none"
    goal_mode: str  # "merged" | "first"
    landscape: bool = False
    margin: float = 50.0
    size: float = 9.0
    pad: float = 3.5
    header_fill: str | None = None
    running_header: str | None = None
    footer: str = "{n}"  # format with n (page) and total
    footer_align: str = "center"
    symbol_size: float = 6.5


@dataclass
class Page:
    ops: list = field(default_factory=list)


@dataclass
class RowInfo:
    page: int = 0
    page_end: int = 0
    box: tuple | None = None


class Doc:
    """Pages of draw operations, top-left coordinates."""

    def __init__(self, style: Style):
        self.style = style
        self.w, self.h = (841.89, 595.28) if style.landscape else (595.28, 841.89)
        self.pages: list[Page] = []
        self.rows: dict[int, RowInfo] = {}
        self.strings: list[tuple] = []  # (page, box, text) for the bbox self-check
        self.symbols: list[tuple] = []  # (page, box)
        self.goal_width = 0.0
        self.goals_drawn: set = set()
        self.cell_lines: dict = {}
        self.new_page()

    # -- pages
    @property
    def top_limit(self) -> float:
        return self.style.margin + (14 if self.style.running_header else 0)

    @property
    def bottom_limit(self) -> float:
        return self.h - self.style.margin

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.top_limit

    @property
    def pno(self) -> int:
        return len(self.pages)

    # -- primitives
    def text(
        self,
        x: float,
        base: float,
        s: str,
        font: str = REG,
        size: float = 9.0,
        owner: int | None = None,
    ) -> None:
        self.pages[-1].ops.append(("text", x, base, s, font, size))
        box = char_box(x, base, s, font, size)
        self.strings.append((self.pno, box, s))
        if owner is not None:
            self._own(owner, box)

    def symbol(
        self, shape: str, colour: str, x: float, cy: float, owner: int | None = None
    ) -> float:
        d = self.style.symbol_size
        box = (x, cy - d / 2, x + d, cy + d / 2)
        self.pages[-1].ops.append(("symbol", shape, colour, box))
        self.symbols.append((self.pno, box))
        if owner is not None:
            self._own(owner, box)
        return d

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5) -> None:
        self.pages[-1].ops.append(("line", x1, y1, x2, y2, width))

    def fill(self, x: float, y: float, w: float, h: float, colour: str) -> None:
        self.pages[-1].ops.append(("fill", x, y, w, h, colour))

    def _own(self, owner: int, box: tuple) -> None:
        info = self.rows.setdefault(owner, RowInfo(page=self.pno))
        info.page_end = self.pno
        if info.page == self.pno:
            info.box = union(info.box, box)

    # -- flowing text
    def paragraph(
        self, s: str, font: str = REG, size: float = 10.0, gap: float = 6.0, indent: float = 0.0
    ) -> None:
        lead = size * 1.25
        for ln in wrap(s, font, size, self.w - 2 * self.style.margin - indent):
            if self.y + lead > self.bottom_limit:
                self.new_page()
            self.text(self.style.margin + indent, self.y + size * 0.8, ln, font, size)
            self.y += lead
        self.y += gap

    def legend_line(
        self, word: str, definition: str, sym: tuple | None, size: float = 10.0
    ) -> None:
        x = self.style.margin + 12
        if sym is not None:
            self.symbol(sym[0], sym[1], x, self.y + size * 0.45)
            x += self.style.symbol_size + 5
        self.text(x, self.y + size * 0.8, f"{word} = {definition}", REG, size)
        self.y += size * 1.35

    # -- tables
    def table(self, columns: list[Column], rows: list[dict], heading: str) -> None:
        """rows: {"id", "group", "cells": {key: [Line]}}; the goal cell is keyed "goal"."""
        st = self.style
        lead = st.size * 1.2
        x0 = st.margin
        self.goal_width = columns[0].width
        xs, x = {}, x0
        for c in columns:
            xs[c.key] = x
            x += c.width
        x_end = x
        header_cells = {
            c.key: [
                Line(t, BOLD, st.size) for t in wrap(c.header, BOLD, st.size, c.width - 2 * st.pad)
            ]
            for c in columns
        }
        header_h = 2 * st.pad + lead * max(len(v) for v in header_cells.values())
        merged = st.goal_mode == "merged"
        if merged:  # a group's rows together must be tall enough for the goal text
            for i, r in enumerate(rows):
                last = i + 1 == len(rows) or rows[i + 1]["group"] != r["group"]
                if last:
                    group = [q for q in rows if q["group"] == r["group"]]
                    need = len(r["goal_lines"]) + 0.5
                    have = sum(
                        max(len(v) for k, v in q["cells"].items() if k != "goal") for q in group
                    ) + 0.6 * (len(group) - 1)
                    r["min_lines"] = max(0.0, need - have)
        # heading + header + two lines must fit
        if self.y + 18 + header_h + 2 * lead + 2 * st.pad > self.bottom_limit:
            self.new_page()
        self.text(x0, self.y + 12 * 0.8 + 2, heading, BOLD, 13)
        self.y += 22
        goal_parts: list[tuple] = []  # (page, group, top, bottom, lines)

        def draw_header() -> None:
            top = self.y
            if st.header_fill:
                self.fill(x0, top, x_end - x0, header_h, st.header_fill)
            for c in columns:
                for i, ln in enumerate(header_cells[c.key]):
                    self.text(
                        xs[c.key] + st.pad,
                        top + st.pad + i * lead + st.size * 0.85,
                        ln.text,
                        ln.font,
                        ln.size,
                    )
            if st.rules == "grid":
                self._grid(xs, columns, top, top + header_h, x_end, skip_goal=False)
            elif st.rules == "hrules":
                self.line(x0, top + header_h, x_end, top + header_h, 0.8)
            self.y += header_h

        draw_header()
        for ri, r in enumerate(rows):
            cells = {k: list(v) for k, v in r["cells"].items() if not (merged and k == "goal")}
            extra = r.get("min_lines", 0.0) * lead
            first_part = True
            while True:
                n = max(len(v) for v in cells.values())
                h = 2 * st.pad + n * lead + extra
                room = self.bottom_limit - self.y
                if h <= room:
                    take, part_h = n, h
                else:
                    take = int((room - 2 * st.pad) // lead)
                    if take < 2 or n - take < 1:
                        self._close_page_goals(goal_parts)
                        self.new_page()
                        draw_header()
                        continue
                    part_h = 2 * st.pad + take * lead
                top = self.y
                for key, lines in cells.items():
                    owner = None if key == "goal" else r["id"]
                    self._cell(xs[key], top, lines[:take], lead, owner)
                if merged:
                    goal_parts.append((self.pno, r["group"], top, top + part_h, r["goal_lines"]))
                if st.rules == "grid":
                    self._grid(xs, columns, top, top + part_h, x_end, skip_goal=merged)
                elif st.rules == "hrules":
                    nxt = rows[ri + 1]["group"] if ri + 1 < len(rows) else None
                    gx = xs[columns[1].key] if nxt == r["group"] and take == n else x0
                    self.line(gx, top + part_h, x_end, top + part_h, 0.4)
                self.y += part_h
                if first_part:
                    self.rows.setdefault(r["id"], RowInfo(page=self.pno))
                    first_part = False
                if take == n:
                    break
                cells = {k: v[take:] for k, v in cells.items()}
                extra = 0.0
                self._close_page_goals(goal_parts)
                self.new_page()
                draw_header()
        self._close_page_goals(goal_parts)
        self.y += 16

    def _cell(
        self, x: float, top: float, lines: list[Line], lead: float, owner: int | None
    ) -> None:
        st = self.style
        for i, ln in enumerate(lines):
            base = top + st.pad + i * lead + ln.size * 0.85
            tx = x + st.pad
            if ln.symbol is not None:
                tx += self.symbol(ln.symbol[0], ln.symbol[1], tx, base - ln.size * 0.33, owner) + 3
            if ln.text:
                self.text(tx, base, ln.text, ln.font, ln.size, owner)

    def _grid(
        self,
        xs: dict,
        columns: list[Column],
        top: float,
        bottom: float,
        x_end: float,
        skip_goal: bool,
    ) -> None:
        left = xs[columns[1].key] if skip_goal else xs[columns[0].key]
        self.line(left, top, x_end, top)
        self.line(left, bottom, x_end, bottom)
        for c in columns[1:] if skip_goal else columns:
            self.line(xs[c.key], top, xs[c.key], bottom)
        self.line(x_end, top, x_end, bottom)

    def _close_page_goals(self, parts: list) -> None:
        """Merged goal cells: one rectangle per group and page, text centred if it fits."""
        st = self.style
        lead = st.size * 1.2
        spans: dict = {}
        for pno, group, top, bottom, lines in parts:
            if pno != self.pno:
                continue
            s = spans.setdefault(group, [top, bottom, lines])
            s[0], s[1] = min(s[0], top), max(s[1], bottom)
        parts.clear()
        x = st.margin
        for group, (top, bottom, lines) in spans.items():
            if st.rules == "grid":
                self.line(x, top, x, bottom)
                self.line(x, top, x + self.goal_width, top)
                self.line(x, bottom, x + self.goal_width, bottom)
            need = len(lines) * lead
            if need <= bottom - top - 2 * st.pad + 0.01:
                y0 = top + (bottom - top - need) / 2
                for i, ln in enumerate(lines):
                    self.text(x + st.pad, y0 + i * lead + ln.size * 0.85, ln.text, ln.font, ln.size)
                self.goals_drawn.add(group)

    # ------------------------------------------------------------------ rendering
    def render(self, path: str, title: str) -> None:
        st = self.style
        c = canvas.Canvas(path, pagesize=(self.w, self.h), invariant=1, pageCompression=1)
        c.setTitle(title)
        c.setAuthor("followup samples")
        total = len(self.pages)
        for n, page in enumerate(self.pages, start=1):
            if st.running_header:
                c.setFont(REG, 8)
                c.drawString(st.margin, self.h - (st.margin - 12), st.running_header)
            c.setFont(REG, 9)
            foot = st.footer.format(n=n, total=total)
            fy = st.margin / 2
            if st.footer_align == "center":
                c.drawCentredString(self.w / 2, fy, foot)
            else:
                c.drawRightString(self.w - st.margin, fy, foot)
            for op in page.ops:
                self._render_op(c, op)
            c.showPage()
        c.save()

    def _render_op(self, c: canvas.Canvas, op: tuple) -> None:
        kind = op[0]
        if kind == "text":
            _, x, base, s, font, size = op
            c.setFillColorRGB(0, 0, 0)
            c.setFont(font, size)
            c.drawString(x, self.h - base, s)
        elif kind == "line":
            _, x1, y1, x2, y2, width = op
            c.setLineWidth(width)
            c.setStrokeColorRGB(0, 0, 0)
            c.line(x1, self.h - y1, x2, self.h - y2)
        elif kind == "fill":
            _, x, y, w, h, colour = op
            c.setFillColorRGB(*rgb(colour))
            c.rect(x, self.h - y - h, w, h, stroke=0, fill=1)
        elif kind == "symbol":
            _, shape, colour, (x0, top, x1, bottom) = op
            c.setFillColorRGB(*rgb(colour))
            yb, yt = self.h - bottom, self.h - top
            if shape == "circle":
                c.circle((x0 + x1) / 2, (yb + yt) / 2, (x1 - x0) / 2, stroke=0, fill=1)
            elif shape == "square":
                c.rect(x0, yb, x1 - x0, yt - yb, stroke=0, fill=1)
            else:
                p = c.beginPath()
                if shape == "triangle":
                    p.moveTo(x0, yb)
                    p.lineTo(x1, yb)
                    p.lineTo((x0 + x1) / 2, yt)
                else:  # diamond
                    xm, ym = (x0 + x1) / 2, (yb + yt) / 2
                    p.moveTo(xm, yb)
                    p.lineTo(x1, ym)
                    p.lineTo(xm, yt)
                    p.lineTo(x0, ym)
                p.close()
                c.drawPath(p, stroke=0, fill=1)


def rgb(colour: str) -> tuple[float, float, float]:
    v = colour.lstrip("#")
    return tuple(int(v[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
