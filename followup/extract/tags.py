"""Tagged PDFs: tables read from the document's own structure tree.

A tagged PDF (Word's "Save as PDF", Chromium's print-to-PDF, LibreOffice on request) carries a
structure tree: ``Table`` elements with ``TR`` rows of ``TH``/``TD`` cells, ``RowSpan``/``ColSpan``
attributes, and marked-content ids (MCIDs) that tie every glyph on a page to the element that owns
it. :func:`read_structure` walks that tree; :class:`TagReader` collects, page by page, the glyphs
whose MCID a table cell or a text block owns, and :meth:`TagReader.finish` returns the tables with
every span resolved and every cell's text rebuilt from its own glyphs, so wrapped lines and cells
split by a page break join by construction.

pdfplumber's ``PDFStructTree`` is not used: it keeps one page per element, while a cell split by a
page break holds marked-content references (MCRs) on two pages, and it asserts on malformed trees.
The walk here follows every reference once (cycles and shared elements are cut), inherits ``/Pg``
from the nearest element that has one and lets an MCR's own ``/Pg`` win.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

import pdfplumber
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral
from pdfplumber.page import Page

from followup.extract.cells import (
    Extent,
    Line,
    Piece,
    line_break,
    open_line_end,
    pieces_to_text,
    without_breaks,
    words_to_cell_lines,
)
from followup.extract.layout import PageLayout, Word, chars_to_words
from followup.extract.marked import equal_runs
from followup.extract.pagetree import PageTree
from followup.extract.settings import MAX_SPAN, MAX_STRUCT_ELEMENTS, Tolerances
from followup.normalize.text import word_key

if TYPE_CHECKING:  # the page-parallel parser (and its process pool) loads only when it runs
    from followup.extract.parallel import MarkedPage

Box = tuple[float, float, float, float]
MCRef = tuple[int, int]  # (page number, MCID)
Stretch = tuple[int, int, int]  # (MCID, first glyph, one past the last glyph) of a page's glyphs
Owner = tuple[str, int, int, int]  # ("cell", table, row, cell) or ("block", block, 0, 0)

#: Elements whose text is kept outside tables (headings, paragraphs, list items) for titles,
#: perspectives and the status legend.
TEXT_TYPES = frozenset(["P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "LBody", "Caption"])
HEADING_TYPES = frozenset(["H", "H1", "H2", "H3", "H4", "H5", "H6"])
ROW_GROUPS = frozenset(["THead", "TBody", "TFoot"])
CELL_TYPES = frozenset(["TH", "TD"])


@dataclass
class Node:
    """One structure element: its standard type, attributes (read for table cells only: their
    spans), and children in order."""

    type: str
    attrs: dict[str, Any]
    kids: list[Node | MCRef] = field(default_factory=list)

    def refs(self) -> list[MCRef]:
        """Every marked-content reference below this element, in reading order."""
        out: list[MCRef] = []
        stack: list[Node | MCRef] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, Node):
                stack.extend(reversed(item.kids))
            else:
                out.append(item)
        return out

    def children(self, types: Iterable[str] | None = None) -> list[Node]:
        wanted = set(types) if types is not None else None
        return [
            k for k in self.kids if isinstance(k, Node) and (wanted is None or k.type in wanted)
        ]


def _name(obj: Any) -> str:
    obj = resolve1(obj)
    if isinstance(obj, PSLiteral):
        name = obj.name
        return name.decode("latin-1") if isinstance(name, bytes) else str(name)
    if isinstance(obj, bytes):
        return obj.decode("latin-1")
    return str(obj) if obj is not None else ""


def _standard_type(tag: str, role_map: Mapping[str, Any]) -> str:
    """Follow the RoleMap (``/Table1 -> /Table``) a few steps, cycles cut."""
    seen = {tag}
    while tag in role_map:
        nxt = _name(role_map[tag])
        if not nxt or nxt in seen:
            break
        seen.add(nxt)
        tag = nxt
    return tag


def _attributes(obj: Mapping[str, Any], class_map: Mapping[str, Any]) -> dict[str, Any]:
    """``/C`` classes, then ``/A`` attribute objects merged (``/A`` wins)."""
    out: dict[str, Any] = {}
    for key in ("C", "A"):
        value = resolve1(obj.get(key))
        items = value if isinstance(value, list) else [value]
        for item in items:
            item = resolve1(item)
            if isinstance(item, PSLiteral):
                item = resolve1(class_map.get(_name(item)))
            if isinstance(item, dict):
                for k, v in item.items():
                    out[k] = resolve1(v)
    return out


def read_structure(pdf: pdfplumber.PDF) -> Node | None:
    """The document's structure tree (root node of type ``StructTreeRoot``), or None.

    Only elements are kept; object references (``OBJR``: links, annotations) and marked content in
    form XObjects (MCRs with ``/Stm``) are skipped. Raises nothing on a malformed tree: whatever
    cannot be read is left out.
    """
    catalog = pdf.doc.catalog
    if "StructTreeRoot" not in catalog:
        return None
    root = resolve1(catalog["StructTreeRoot"])
    if not isinstance(root, dict):
        return None
    role_map = resolve1(root.get("RoleMap")) or {}
    class_map = resolve1(root.get("ClassMap")) or {}
    role_map = {k: v for k, v in role_map.items()} if isinstance(role_map, dict) else {}
    class_map = {k: v for k, v in class_map.items()} if isinstance(class_map, dict) else {}
    tree_pages = pdf.pages
    pages: dict[Any, int] = (
        tree_pages.numbers()  # no page built
        if isinstance(tree_pages, PageTree)
        else {page.page_obj.pageid: page.page_number for page in tree_pages}
    )
    tree = Node("StructTreeRoot", {})
    seen: set[int] = set()
    count = 0
    # (reference or object, parent node, inherited page)
    stack: list[tuple[Any, Node, int | None]] = [(root.get("K"), tree, None)]
    while stack:
        ref, parent, page = stack.pop()
        if isinstance(ref, PDFObjRef):
            if ref.objid in seen:
                continue
            seen.add(ref.objid)
        obj = resolve1(ref)
        if isinstance(obj, list):
            stack.extend((kid, parent, page) for kid in reversed(obj))
            continue
        if isinstance(obj, int) and not isinstance(obj, bool):
            if page is not None:
                parent.kids.append((page, obj))
            continue
        if not isinstance(obj, dict):
            continue
        own_page = page
        pg = obj.get("Pg")
        if isinstance(pg, PDFObjRef) and pg.objid in pages:
            own_page = pages[pg.objid]
        if "MCID" in obj:  # a marked-content reference
            mcid = resolve1(obj["MCID"])
            if "Stm" not in obj and isinstance(mcid, int) and own_page is not None:
                parent.kids.append((own_page, mcid))
            continue
        if "Obj" in obj or "S" not in obj:
            continue
        count += 1
        if count > MAX_STRUCT_ELEMENTS:
            break
        kind = _standard_type(_name(obj["S"]), role_map)
        node = Node(kind, _attributes(obj, class_map) if kind in CELL_TYPES else {})
        parent.kids.append(node)
        if "K" in obj:
            stack.append((obj["K"], node, own_page))
    return tree


# ---------------------------------------------------------------------------------------------
# Glyphs → text


@dataclass
class Part:
    """The text of one element on one page: its printed lines and the box of its glyphs."""

    page: int
    lines: list[Line]
    box: Box
    spaced: frozenset[int] = frozenset()  # lines whose glyphs end with a space (a real word gap)


def _spaced_lines(
    chars: Sequence[dict[str, Any]], lines: Sequence[Line], tol: Tolerances
) -> frozenset[int]:
    """Lines whose last glyph in content order is followed by a space glyph on the same line.

    Some producers (LibreOffice) keep the space at a line's end: "IT- " + "tjänster" is then two
    words, not a word broken at its hyphen.
    """
    slack = tol.spaced_line_slack
    inked = [bool(ch["text"].strip()) for ch in chars]
    # glyphs followed by a space on their line: only such a glyph can end a spaced line
    followed = {
        i
        for i in range(len(chars) - 1)
        if inked[i] and not inked[i + 1] and abs(chars[i + 1]["top"] - chars[i]["top"]) < slack
    }
    if not followed:
        return frozenset()
    tops = [ch["top"] for ch in chars]
    spaced = set()
    for index, line in enumerate(lines):
        low, high = line.top - slack, line.bottom + slack
        if not any(low <= tops[i] <= high for i in followed):
            continue
        last, right = -1, 0.0  # the inked glyph furthest right, the later one of equals
        for i, top in enumerate(tops):
            if inked[i] and low <= top <= high:
                x1 = chars[i]["x1"]
                if last < 0 or x1 >= right:
                    last, right = i, x1
        if last in followed:
            spaced.add(index)
    return frozenset(spaced)


def words_to_part(
    page: int, words: Sequence[Word], chars: Sequence[dict[str, Any]], tol: Tolerances
) -> Part | None:
    """An element's glyphs on one page → its printed lines and box (None without words).

    Whether a line ends with a space is asked only of the lines a break may join without one
    (:func:`~followup.extract.cells.open_line_end`): after any other line the break is a space
    either way.
    """
    if not words:
        return None
    lines = words_to_cell_lines(words, tol)
    box = (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )
    asked = [i for i, line in enumerate(lines) if open_line_end(line.text.rstrip())]
    spaced = _spaced_lines(chars, [lines[i] for i in asked], tol) if asked else frozenset()
    return Part(page, lines, box, frozenset(asked[i] for i in spaced))


def parts_to_pieces(
    parts: Sequence[Part], tol: Tolerances, extents: Mapping[int, Extent] | None = None
) -> list[Piece]:
    """An element's lines over all its pages; a page break joins like a line break.

    ``extents``: the text area of each part (by page), so a word broken at the cell edge can be
    told from a wrapped line.
    """
    extents = extents or {}
    pieces: list[Piece] = []
    previous: Part | None = None
    for part in parts:
        if previous is not None:
            last = len(previous.lines) - 1
            pieces.append(_join(previous, last, part.lines[0], extents.get(previous.page), tol))
        pieces.append(part.lines[0].text.strip())
        for index in range(1, len(part.lines)):
            line = part.lines[index]
            pieces.append(_join(part, index - 1, line, extents.get(part.page), tol))
            pieces.append(line.text.strip())
        previous = part
    return pieces


def _join(part: Part, index: int, nxt: Line, extent: Extent | None, tol: Tolerances) -> Piece:
    return " " if index in part.spaced else line_break(part.lines[index], nxt, extent, tol)


def marked_stretches(chars: Sequence[dict[str, Any]], tol: Tolerances) -> list[Stretch]:
    """The glyphs in marked content as stretches ``(mcid, start, end)``: ``chars[start:end]``
    are in the sequence with that marked-content id, in content order; glyphs in no sequence
    are in no stretch.

    pdfplumber keeps one level of marked content: a sequence nested inside one with an id
    (Chromium wraps a ligature in ``/Span <</ActualText …>> BDC``) clears the id, for the nested
    glyphs and for the rest of the outer sequence. Those glyphs (no id; a tag, or no tag after a
    nested one) take the id of the sequence they continue, while they go on near its last glyph;
    an ``Artifact`` or another id ends it.
    """
    stretches: list[Stretch] = []
    mcids = list(map(dict.get, chars, repeat("mcid")))
    for start, end in equal_runs(mcids):  # a glyph with an id is in its neighbours' stretch
        mcid = mcids[start]
        if mcid is not None:
            if stretches and stretches[-1][0] == mcid and stretches[-1][2] == start:
                start = stretches.pop()[1]  # continued by glyphs that lost its id
            stretches.append((mcid, start, end))
            continue
        if not stretches:
            continue  # glyphs before any sequence
        current, _, _ = stretches[-1]
        last, nested, taken = chars[start - 1], False, start
        for ch in chars[start:end]:
            tag = ch.get("tag")
            if tag == "Artifact":
                break
            near = ch["top"] - last["bottom"] < tol.nested_content_ems * ch["size"]
            if tag is None and not (nested and near):
                break
            nested, last, taken = True, ch, taken + 1
        if taken > start:
            _, first, _ = stretches.pop()
            stretches.append((current, first, taken))
    return stretches


def vertical_rules(page: Page | MarkedPage, tol: Tolerances) -> list[tuple[float, float, float]]:
    """A page's vertical rules as (x, top, bottom): lines and thin filled rectangles (browsers
    draw a cell's border as one); the tags carry no cell edges, the page does."""
    rules = []
    for obj in [*page.lines, *page.rects]:
        width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if width <= tol.rule_max_thickness and height >= tol.rule_min_length:
            rules.append(((obj["x0"] + obj["x1"]) / 2, obj["top"], obj["bottom"]))
    return rules


def ruled_extent(part: Part, rules: Sequence[tuple[float, float, float]]) -> Extent | None:
    """The text area of a cell's part between the vertical rules left and right of its glyphs
    (its padding mirrored), or None when no rules enclose it."""
    x0, top, x1, bottom = part.box
    crossing = [x for x, r_top, r_bottom in rules if r_top <= bottom and r_bottom >= top]
    left = max((x for x in crossing if x <= x0), default=None)
    right = min((x for x in crossing if x >= x1), default=None)
    if left is None or right is None:
        return None
    return x0, right - (x0 - left), True


def column_extents(cells: Sequence[TagCell]) -> dict[int, Extent]:
    """Column → the text area of a table's column: the left and right edge of the lines of its
    one-column data cells on all pages (estimated: tags carry no cell edges; a table keeps its
    columns from page to page)."""
    edges: dict[int, tuple[float, float]] = {}
    for cell in cells:
        if cell.col_span != 1 or cell.kind != "TD":
            continue  # header cells may be centred or set in bold
        for part in cell.parts:
            for line in part.lines:
                x0, x1 = edges.get(cell.col, (line.x0, line.x1))
                edges[cell.col] = (min(x0, line.x0), max(x1, line.x1))
    return {col: (x0, x1, False) for col, (x0, x1) in edges.items()}


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass
class TagCell:
    """One ``TH``/``TD`` cell placed on the table's grid (spans resolved)."""

    kind: str  # "TH" or "TD"
    row: int  # grid row of its top-left corner (0-based, within the table)
    col: int  # grid column of its top-left corner
    row_span: int
    col_span: int
    parts: list[Part] = field(default_factory=list)  # per page, in reading order
    pieces: list[Piece] = field(default_factory=list)
    text: str = ""  # set by TagReader.finish()

    @property
    def pages(self) -> list[int]:
        return [p.page for p in self.parts]

    def covers(self, row: int, col: int) -> bool:
        return (
            self.row <= row < self.row + self.row_span
            and self.col <= col < self.col + self.col_span
        )


@dataclass
class TagRow:
    """One ``TR``: the cells it starts (cells spanning down from above are not repeated)."""

    index: int  # grid row
    cells: list[TagCell]
    header: bool  # every cell is a ``TH``


@dataclass
class TagTable:
    """One ``Table`` element: rows in reading order, on a grid of ``columns`` columns."""

    index: int  # position among the document's tables (0-based)
    rows: list[TagRow]
    columns: int
    blocks_before: int  # text blocks read before the table (see TagDocument.blocks)
    cells: list[TagCell] = field(default_factory=list)
    _over: dict[int, list[TagCell]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def cells_over(self, row: int) -> list[TagCell]:
        """The cells covering grid row ``row``, those spanning down into it too, in reading
        order (indexed by row when first asked: a cell's row and span never change)."""
        if self._over is None:
            over: dict[int, list[TagCell]] = defaultdict(list)
            for cell in self.cells:
                for r in range(cell.row, min(cell.row + cell.row_span, len(self.rows))):
                    over[r].append(cell)
            self._over = dict(over)
        return self._over.get(row, [])

    def cell_at(self, row: int, col: int) -> TagCell | None:
        """The cell covering a grid position, including one spanning into it."""
        for cell in self.cells_over(row):
            if cell.covers(row, col):
                return cell
        return None


@dataclass
class TextBlock:
    """A heading or paragraph outside tables, with the tables read before it counted."""

    type: str
    tables_before: int
    parts: list[Part] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    text: str = ""

    @property
    def lines(self) -> list[str]:
        return [line.text for part in self.parts for line in part.lines]


@dataclass
class TagDocument:
    tables: list[TagTable]
    blocks: list[TextBlock]  # headings and paragraphs outside tables, in reading order
    vocabulary: dict[str, int]
    elements: int  # structure elements read


def _span(attrs: Mapping[str, Any], key: str) -> int:
    value = attrs.get(key, 1)
    try:
        span = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(span, 1), MAX_SPAN)


def _table_rows(table: Node) -> list[Node]:
    rows: list[Node] = []
    for kid in table.children():
        if kid.type == "TR":
            rows.append(kid)
        elif kid.type in ROW_GROUPS:
            rows += kid.children(["TR"])
    return rows


def place_cells(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[list[tuple[int, int]]]:
    """Grid positions (row, column) of cells given per row as (kind, row span, column span).

    The HTML table model: each cell takes the first column of its row not already covered by a
    cell spanning down from a row above.
    """
    taken: set[tuple[int, int]] = set()
    out: list[list[tuple[int, int]]] = []
    for r, cells in enumerate(rows):
        col = 0
        placed = []
        for _, row_span, col_span in cells:
            while (r, col) in taken:
                col += 1
            placed.append((r, col))
            for dr in range(row_span):
                for dc in range(col_span):
                    taken.add((r + dr, col + dc))
            col += col_span
        out.append(placed)
    return out


class TagReader:
    """Reads a tagged document's tables; fed the document's pages one at a time.

    ``TagReader(pdf)`` walks the structure tree (no page is parsed); :meth:`feed` takes each page's
    glyphs that belong to a table cell or a text block; :meth:`finish` builds the tables.
    """

    def __init__(self, pdf: pdfplumber.PDF, tol: Tolerances | None = None) -> None:
        self.tol = tol or Tolerances()
        self.tree = read_structure(pdf)
        self.elements = 0
        self._tables: list[tuple[Node, int]] = []  # table node, text blocks before it
        self._blocks: list[tuple[Node, int]] = []
        self._owner: dict[MCRef, Owner] = {}
        self._found: dict[Owner, dict[int, Part]] = defaultdict(dict)  # owner → page → its part
        self.reused = 0  # parts whose words the page's layout had cut already
        self.cut = 0  # parts whose words were cut from their glyphs here
        self._pages: set[int] = set()
        self._rules: dict[int, list[tuple[float, float, float]]] = {}  # page → vertical rules
        if self.tree is not None:
            self._index(self.tree)

    @property
    def tagged(self) -> bool:
        """The document has a structure tree with at least one table."""
        return bool(self._tables)

    def _index(self, tree: Node) -> None:
        stack: list[Node] = [tree]
        while stack:
            node = stack.pop()
            self.elements += 1
            if node.type == "Table":
                t = len(self._tables)
                self._tables.append((node, len(self._blocks)))
                for r, row in enumerate(_table_rows(node)):
                    for c, cell in enumerate(row.children(CELL_TYPES)):
                        for ref in cell.refs():
                            self._owner.setdefault(ref, ("cell", t, r, c))
                continue
            if node.type in TEXT_TYPES:
                b = len(self._blocks)
                self._blocks.append((node, len(self._tables)))
                for ref in node.refs():
                    self._owner.setdefault(ref, ("block", b, 0, 0))
                continue
            stack.extend(reversed(node.children()))
        self._pages = {page for page, _ in self._owner}

    def feed(self, page: Page | MarkedPage, layout: PageLayout | None = None) -> None:
        """Read the text of each table cell and text block on one page from the glyphs it owns;
        with the page's ``layout``, an owner that is one of its marked-content sequences takes
        the words the page has for it (see :mod:`~followup.extract.marked`). Only the owners'
        lines are kept, not the page's glyphs."""
        if page.page_number not in self._pages:
            return
        number = page.page_number
        self._rules[number] = vertical_rules(page, self.tol)
        chars = page.chars
        owned: dict[Owner, list[tuple[int, int]]] = {}  # owner → its stretches of the page
        sequences: dict[Owner, set[int]] = {}
        for mcid, start, end in marked_stretches(chars, self.tol):
            owner = self._owner.get((number, mcid))
            if owner is not None:
                owned.setdefault(owner, []).append((start, end))
                sequences.setdefault(owner, set()).add(mcid)
        runs = {run.mcid: run for run in layout.marked} if layout is not None else {}
        for owner, at in owned.items():
            glyphs = [ch for start, end in at for ch in chars[start:end]]
            (mcid, *others) = sequences[owner]
            run = runs.get(mcid)
            words: Sequence[Word]
            if (
                run is not None
                and not others
                and at[0][0] == run.start
                and at[-1][1] == run.end
                and len(glyphs) == run.end - run.start  # every glyph of the run
            ):
                words = run.words
                self.reused += 1
            else:
                words = chars_to_words(glyphs, self.tol)
                self.cut += 1
            part = words_to_part(number, words, glyphs, self.tol)
            if part is not None:
                self._found[owner][number] = part

    def _parts(self, owner: Owner) -> list[Part]:
        return [part for _, part in sorted(self._found.get(owner, {}).items())]

    def finish(self) -> TagDocument:
        """The document's tables and text blocks, texts joined with the document's vocabulary."""
        vocabulary: dict[str, int] = defaultdict(int)
        blocks = []
        for b, (node, tables_before) in enumerate(self._blocks):
            blocks.append(TextBlock(node.type, tables_before, self._parts(("block", b, 0, 0))))
        tables = [self._table(t, node, before) for t, (node, before) in enumerate(self._tables)]
        everything: list[TagCell | TextBlock] = [c for t in tables for c in t.cells] + blocks
        for item in everything:
            for part in item.parts:
                for line in part.lines:
                    for word in line.text.split(" "):
                        vocabulary[word_key(word)] += 1
        header_cells = {id(c) for t in tables for r in t.rows if r.header for c in r.cells}
        extents: dict[int, dict[int, Extent]] = {}  # id(cell) → page → its text area
        for table in tables:
            columns = column_extents(table.cells)
            for cell in table.cells:
                extents[id(cell)] = {}
                for part in cell.parts:
                    ruled = ruled_extent(part, self._rules.get(part.page, ()))
                    if ruled is not None:
                        extents[id(cell)][part.page] = ruled
                    elif cell.col in columns:
                        extents[id(cell)][part.page] = columns[cell.col]
        for item in everything:
            # a header row repeated on every page is one header: its first page's text
            parts = item.parts[:1] if id(item) in header_cells else item.parts
            item.pieces = parts_to_pieces(parts, self.tol, extents.get(id(item)))
        closed = without_breaks(vocabulary, [item.pieces for item in everything])
        for item in everything:
            item.text = pieces_to_text(item.pieces, closed)
        self._found.clear()
        return TagDocument(tables, blocks, dict(vocabulary), self.elements)

    def _table(self, t: int, node: Node, blocks_before: int) -> TagTable:
        row_nodes = _table_rows(node)
        specs = [
            [
                (c.type, _span(c.attrs, "RowSpan"), _span(c.attrs, "ColSpan"))
                for c in row.children(CELL_TYPES)
            ]
            for row in row_nodes
        ]
        positions = place_cells(specs)
        rows: list[TagRow] = []
        cells: list[TagCell] = []
        columns = 0
        for r, (spec, placed) in enumerate(zip(specs, positions, strict=True)):
            row_cells = []
            for c, ((kind, row_span, col_span), (gr, gc)) in enumerate(
                zip(spec, placed, strict=True)
            ):
                cell = TagCell(kind, gr, gc, row_span, col_span, self._parts(("cell", t, r, c)))
                row_cells.append(cell)
                columns = max(columns, gc + col_span)
            cells += row_cells
            rows.append(
                TagRow(r, row_cells, bool(row_cells) and all(c.kind == "TH" for c in row_cells))
            )
        return TagTable(t, rows, columns, blocks_before, cells)


def read_tables(pdf: pdfplumber.PDF, tol: Tolerances | None = None) -> TagDocument | None:
    """Every table of a tagged document (None when it has no structure tree with a table).

    Parses every page that holds tagged text; each page is released after it is read.
    """
    reader = TagReader(pdf, tol)
    if not reader.tagged:
        return None
    for page in pdf.pages:
        reader.feed(page)
        page.close()
    return reader.finish()
