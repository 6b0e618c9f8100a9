"""A pdfplumber page → only the objects extraction reads, each with only the keys it reads.

pdfplumber turns every object pdfminer lays out into a dict of up to 22 keys, resolving each
value (``Page.process_object``); on a page of table text that is most of the time spent beyond
pdfminer's own parse. Extraction reads a few keys of four kinds of object:

- chars: ``text``, the box (``x0``, ``x1``, ``top``, ``bottom``, ``doctop``), ``upright``,
  ``fontname``, ``size`` (what pdfplumber's word extractor reads), ``mcid`` (the tag reader);
- lines: the box; rects: the box, ``fill``, ``stroke``, ``non_stroking_color`` (status symbols,
  outlined cells); curves: the same plus ``pts`` and ``path`` (a symbol's shape); images: the
  box (whether a page needs OCR).

:func:`lean_objects` builds these from pdfminer's layout (``page.layout``) with pdfplumber's own
arithmetic, so every value is the float pdfplumber computes, and stores them as the page's
objects: ``page.chars``, ``page.rects`` ... then answer from them, for the tag reader and the
damage check too. That relies on pdfplumber internals (``Page._objects``, the layout items'
attributes, ``point2coord``): pyproject pins pdfplumber to the tested range, and
``tests/test_parse.py`` compares lean and full parsing on every sample.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTPage, LTRect
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextSeq
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFStackT, PDFTextState
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psparser import PSLiteral
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.pdfinternals import decode_text, resolve_all

from followup.extract.cmaps import token_cmaps
from followup.extract.content import LeanInterpreter
from followup.extract.settings import DECODED_BYTES, PERCENT, SPACE_CODE, TEXT_SPACE_UNIT

Objects = dict[str, list[dict[str, Any]]]

#: The keys of each kind that extraction reads (the test compares these with pdfplumber's).
CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "doctop", "upright", "fontname", "size")
LINE_KEYS = ("object_type", "x0", "x1", "top", "bottom")
RECT_KEYS = (*LINE_KEYS, "fill", "stroke", "non_stroking_color")
CURVE_KEYS = (*RECT_KEYS, "pts", "path")
IMAGE_KEYS = LINE_KEYS


def lean_objects(page: Page) -> Objects:
    """The page's chars, lines, rects and curves with the keys above (``mcid``, ``tag`` where
    marked);
    parsed once and kept as the page's objects until ``page.close()``."""
    cached: Objects | None = getattr(page, "_objects", None)
    if cached is not None:
        return cached
    objects: Objects = {"char": [], "line": [], "rect": [], "curve": [], "image": []}
    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    doctop = page.initial_doctop
    norm = page.pdf.unicode_norm
    chars, lines, rects, curves, images = (
        objects[k] for k in ("char", "line", "rect", "curve", "image")
    )
    point = page.point2coord

    def walk(items: list[Any]) -> None:
        for obj in items:
            if isinstance(obj, LTContainer):
                walk(obj._objs)  # noqa: F821 - deleted after the walk
                continue
            if isinstance(obj, LTChar):
                text = obj.get_text()
                fontname = obj.fontname
                if isinstance(fontname, bytes):  # pragma: no cover - rare byte-encoded names
                    fontname = fix_fontname_bytes(fontname)
                top = (height - obj.y1) + mb_top
                char = {
                    "text": normalize_unicode(norm, text) if norm is not None else text,
                    "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                    "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                    "top": top,
                    "bottom": (height - obj.y0) + mb_top,
                    "doctop": doctop + top,
                    "upright": obj.upright,
                    "fontname": fontname,
                    "size": obj.size,
                }
                mcid, tag = getattr(obj, "mcid", None), getattr(obj, "tag", None)
                if mcid is not None:
                    char["mcid"] = mcid
                if tag is not None:
                    char["tag"] = tag
                chars.append(char)
            elif isinstance(obj, LTImage):
                images.append(
                    {
                        "object_type": "image",
                        "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                        "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                        "top": (height - obj.y1) + mb_top,
                        "bottom": (height - obj.y0) + mb_top,
                    }
                )
            elif isinstance(obj, LTCurve):
                kind = (
                    "line"
                    if isinstance(obj, LTLine)
                    else "rect"
                    if isinstance(obj, LTRect)
                    else "curve"
                )
                item: dict[str, Any] = {
                    "object_type": kind,
                    "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                    "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                    "top": (height - obj.y1) + mb_top,
                    "bottom": (height - obj.y0) + mb_top,
                }
                if kind == "line":
                    lines.append(item)
                    continue
                item["fill"] = obj.fill
                item["stroke"] = obj.stroke
                item["non_stroking_color"] = resolve_all(obj.non_stroking_color)
                if kind == "rect":
                    rects.append(item)
                    continue
                item["pts"] = [point(p) for p in obj.pts]
                path: list[Any] = list(obj.original_path or [])
                item["path"] = [(cmd, *map(point, pts)) for cmd, *pts in path]
                curves.append(item)

    walk(page_to_layout_tree(page)._objs)
    del walk  # it refers to itself: the cycle would hold the page's objects until a full gc
    page._objects = objects
    return objects


@dataclass(slots=True)
class _Setup:
    """What every string shown in one font and text state shares (pdfminer's ``render_string``
    works it out for each string)."""

    fontsize: float
    scaling: float
    charspace: float
    wordspace: float
    dxscale: float
    low: float  # a glyph's box: (0, low, adv, high) before the glyph matrix
    high: float
    fontname: str
    cids: dict[int, tuple[str, float]] = field(default_factory=dict)  # cid → text, width
    codes: dict[bytes, tuple[int, ...]] = field(default_factory=dict)  # short string → its cids


_UNSET: Any = object()


def _setup(textstate: PDFTextState) -> _Setup | None:
    """pdfminer's ``render_string`` arithmetic up to the glyph loop (None: vertical writing, or
    no font, for pdfminer's own)."""
    font = textstate.font
    if font is None or font.is_vertical():
        return None
    fontsize = textstate.fontsize
    scaling = textstate.scaling * PERCENT
    charspace = textstate.charspace * scaling
    wordspace = 0 if font.is_multibyte() else textstate.wordspace * scaling
    rise = textstate.rise
    dxscale = TEXT_SPACE_UNIT * fontsize * scaling
    descent = font.get_descent() * fontsize
    low, high = descent + rise, descent + rise + fontsize
    return _Setup(fontsize, scaling, charspace, wordspace, dxscale, low, high, font.fontname)


#: What a shown string holds: offsets and strings (pdfminer warns of anything else).
_SHOWN = (int, float, bytes)

#: A path of one rectangle: pdfminer writes ``re`` as these segments.
RECT_SHAPE = ("m", "l", "l", "l", "h")


class Glyph(LTChar):
    """pdfminer's ``LTChar``, built by :class:`LeanDevice` without its chain of constructors."""

    def __init__(self) -> None:  # pragma: no cover - built with __new__, fields set by the device
        raise TypeError("built by LeanDevice.render_string")


class Box(LTRect):
    """pdfminer's ``LTRect``, built by :meth:`LeanDevice.paint_path` without its chain of
    constructors."""

    def __init__(self) -> None:  # pragma: no cover - built with __new__, fields set by the device
        raise TypeError("built by LeanDevice.paint_path")


class LeanDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, placing horizontal text in one step: pdfminer's
    ``render_string``, ``render_string_horizontal``, ``render_char`` and ``LTChar`` arithmetic
    and pdfplumber's marked-content tag, written out in one method; what strings in one font
    and text state share (each glyph's text and width among it) is worked out once a page. A
    browser prints a landscape table glyph by glyph (``Td <glyph> Tj``), so the calls per
    string weigh as much as those per glyph. Vertical writing goes through pdfminer's own.

    A path that is one rectangle (``re``, or ``m l l l h``), how browsers draw a table's rules
    and cell backgrounds, is placed the same way (:meth:`paint_path`); every other path goes
    through pdfminer's own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: font and text state → what every string shown with them shares (None: vertical)
        self._setups: dict[tuple[Any, ...], _Setup | None] = {}
        #: a marked-content tag's name → its text (a tagged page marks every cell alike)
        self._tags: dict[Any, str] = {}

    def begin_tag(self, tag: PSLiteral, props: PDFStackT | None = None) -> None:
        """pdfplumber's ``begin_tag``, each tag name decoded once a page."""
        name = tag.name
        text = self._tags.get(name)
        if text is None:
            text = self._tags[name] = decode_text(name)
        self.cur_tag = text
        if isinstance(props, dict) and "MCID" in props:
            self.cur_mcid = props["MCID"]
        else:
            self.cur_mcid = None

    def render_string(
        self,
        textstate: PDFTextState,
        seq: PDFTextSeq,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> None:
        if not self.render_strings(textstate, seq, (), ncs, graphicstate):
            super().render_string(textstate, seq, ncs, graphicstate)

    def render_strings(
        self,
        textstate: PDFTextState,
        seq: PDFTextSeq,
        moves: Sequence[Any],
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> bool:
        """``render_string`` of ``seq``, then of each string in ``moves`` after its move:
        ``moves`` is a run of ``tx ty Td <string> Tj``, five objects each (a browser moves to
        each glyph of a line), placed here as pdfminer's ``Td`` and ``Tj`` would place them.
        False, with nothing placed, where pdfminer's own ``render_string`` must place ``seq``."""
        font = textstate.font
        key = (
            id(font),
            textstate.fontsize,
            textstate.scaling,
            textstate.charspace,
            textstate.wordspace,
            textstate.rise,
        )
        setup = self._setups.get(key, _UNSET)
        if setup is _UNSET:
            setup = self._setups[key] = _setup(textstate)
        if (
            setup is None
            or not isinstance(seq, list)
            or not (
                (len(seq) == 1 and type(seq[0]) is bytes)
                or all(isinstance(o, _SHOWN) for o in seq)  # pdfminer warns of the others
            )
        ):
            return False
        assert isinstance(setup, _Setup) and font is not None and self.ctm is not None
        # pdfminer's mult_matrix(textstate.matrix, self.ctm), written out
        a1, b1, c1, d1, e1, f1 = textstate.matrix
        a0, b0, c0, d0, e0, f0 = self.ctm
        a, b = a0 * a1 + c0 * b1, b0 * a1 + d0 * b1
        c, d = a0 * c1 + c0 * d1, b0 * c1 + d0 * d1
        e, f = a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0
        fontsize, scaling, charspace, wordspace = (
            setup.fontsize,
            setup.scaling,
            setup.charspace,
            setup.wordspace,
        )
        dxscale, cids, low, high, fontname, codes = (
            setup.dxscale,
            setup.cids,
            setup.low,
            setup.high,
            setup.fontname,
            setup.codes,
        )
        upright = a * d * scaling > 0 and b * c <= 0
        mcid, tag = self.cur_mcid, self.cur_tag
        objs = self.cur_item._objs
        x, y = textstate.linematrix
        steps = iter(moves)
        runs = zip(steps, steps, steps, steps, steps, strict=True)
        while True:
            needcharspace = False
            for obj in seq:
                if isinstance(obj, (int, float)):
                    x -= obj * dxscale
                    needcharspace = True
                else:
                    if len(obj) > DECODED_BYTES:
                        decoded: Iterable[int] = font.decode(obj)
                    else:  # a glyph or two: decoded once a page
                        cached = codes.get(obj)
                        if cached is None:
                            cached = codes[obj] = tuple(font.decode(obj))
                        decoded = cached
                    for cid in decoded:
                        if needcharspace:
                            x += charspace
                        known = cids.get(cid)
                        if known is None:
                            try:
                                text = font.to_unichr(cid)
                                assert isinstance(text, str), str(type(text))
                            except PDFUnicodeNotDefined:
                                text = self.handle_undefined_char(font, cid)
                            known = cids[cid] = (text, font.char_width(cid))
                        text, width = known
                        adv = width * fontsize * scaling
                        # pdfminer's translate_matrix, then LTChar's box from the glyph matrix
                        ge, gf = x * a + y * c + e, x * b + y * d + f
                        left1, bottom1 = a * 0 + c * low + ge, b * 0 + d * low + gf
                        right1, bottom2 = a * adv + c * low + ge, b * adv + d * low + gf
                        right2, top1 = a * adv + c * high + ge, b * adv + d * high + gf
                        left2, top2 = a * 0 + c * high + ge, b * 0 + d * high + gf
                        x0, y0 = (
                            min(left1, left2, right1, right2),
                            min(bottom1, bottom2, top1, top2),
                        )
                        x1, y1 = (
                            max(left1, left2, right1, right2),
                            max(bottom1, bottom2, top1, top2),
                        )
                        glyph = Glyph.__new__(Glyph)
                        glyph._text = text
                        glyph.matrix = (a, b, c, d, ge, gf)
                        glyph.fontname = fontname
                        glyph.ncs = ncs
                        glyph.graphicstate = graphicstate
                        glyph.adv = adv
                        glyph.upright = upright
                        glyph.x0, glyph.y0, glyph.x1, glyph.y1 = x0, y0, x1, y1
                        glyph.width, glyph.height = x1 - x0, y1 - y0
                        glyph.bbox = (x0, y0, x1, y1)
                        glyph.size = glyph.height
                        glyph.mcid = mcid  # type: ignore[attr-defined]
                        glyph.tag = tag  # type: ignore[attr-defined]
                        objs.append(glyph)
                        x += adv
                        if cid == SPACE_CODE and wordspace:
                            x += wordspace
                        needcharspace = True
            move = next(runs, None)
            if move is None:
                break
            tx, ty, _, shown, _ = move  # pdfminer's Td: the text matrix moved, the line's start
            e1, f1 = tx * a1 + ty * c1 + e1, tx * b1 + ty * d1 + f1
            e, f = a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0
            x, y = 0, 0
            seq = [shown]
        if moves:
            textstate.matrix = (a1, b1, c1, d1, e1, f1)
        textstate.linematrix = (x, y)
        return True

    def paint_path(
        self,
        gstate: PDFGraphicState,
        stroke: bool,
        fill: bool,
        evenodd: bool,
        path: Sequence[Any],
    ) -> None:
        """pdfminer's ``paint_path`` of a rectangle, then pdfplumber's marked-content tag,
        written out: the same ``LTRect``. Any other path goes through pdfminer's own."""
        if len(path) != len(RECT_SHAPE) or tuple(s[0] for s in path) != RECT_SHAPE:
            return super().paint_path(gstate, stroke, fill, evenodd, path)
        (_, mx, my), (_, ax, ay), (_, bx, by), (_, cx, cy), _ = path
        a, b, c, d, e, f = self.ctm
        x0, y0 = a * mx + c * my + e, b * mx + d * my + f
        x1, y1 = a * ax + c * ay + e, b * ax + d * ay + f
        x2, y2 = a * bx + c * by + e, b * bx + d * by + f
        x3, y3 = a * cx + c * cy + e, b * cx + d * cy + f
        if (x3, y3) == (x0, y0) or not (
            (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
            or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        ):  # its last corner on its first (pdfminer drops that line), or sheared: a curve
            return super().paint_path(gstate, stroke, fill, evenodd, path)
        box = Box.__new__(Box)
        box.pts = [(x0, y0), (x2, y0), (x2, y2), (x0, y2)]
        left, right, low, high = min(x0, x2), max(x0, x2), min(y0, y2), max(y0, y2)  # get_bound
        box.x0, box.y0, box.x1, box.y1 = left, low, right, high
        box.width, box.height = right - left, high - low
        box.bbox = (left, low, right, high)
        box.linewidth = gstate.linewidth
        box.stroke, box.fill, box.evenodd = stroke, fill, evenodd
        box.stroking_color, box.non_stroking_color = gstate.scolor, gstate.ncolor
        # pdfminer's segments hold points here, not the floats its PathSegment type names
        path_out: list[Any] = [
            ("m", (x0, y0)),
            ("l", (x1, y1)),
            ("l", (x2, y2)),
            ("l", (x3, y3)),
            ("h",),
        ]
        box.original_path = path_out
        box.dashing_style = gstate.dash
        box.mcid = self.cur_mcid  # type: ignore[attr-defined]
        box.tag = self.cur_tag  # type: ignore[attr-defined]
        self.cur_item._objs.append(box)
        return None


def page_to_layout_tree(page: Page) -> LTPage:
    """pdfminer's layout of the page, as pdfplumber's ``page.layout`` builds it but with
    :class:`~followup.extract.content.LeanInterpreter` reading the content streams and
    :class:`LeanDevice` placing the glyphs; kept as the page's layout like pdfplumber's."""
    cached: LTPage | None = getattr(page, "_layout", None)
    if cached is not None:
        return cached
    device = LeanDevice(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    try:
        with token_cmaps():
            LeanInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    except Exception as error:
        raise PdfminerException(error) from error
    layout: LTPage = device.get_result()
    page._layout = layout
    return layout


def release_page(page: Page) -> None:
    """``page.close()``, and let go of what pdfminer still holds of the page: its decoded content
    streams stay in the document's object cache, and in the page's ``contents``, until the
    document closes (about 10 KB a page, a long document's main growth). Both give way to
    references, so a page parsed again reads its streams from the file again."""
    page.close()
    release_contents(page)


def release_contents(page: Page) -> None:
    """Let go of the page's content streams (see :func:`release_page`): pdfminer reads them
    when it builds the page, so a document opened holds every page's streams until each page
    is parsed; references take their place and the page reads them when it is parsed."""
    page_obj = getattr(page, "page_obj", None)
    cache = getattr(page.pdf.doc, "_cached_objs", None)
    if page_obj is None or cache is None:
        return
    contents: list[Any] = []
    for item in page_obj.contents:
        objid = getattr(item, "objid", None)
        if isinstance(item, PDFStream | PDFObjRef) and objid is not None:
            cache.pop(objid, None)
            item = item if isinstance(item, PDFObjRef) else PDFObjRef(page.pdf.doc, objid)
        contents.append(item)
    page_obj.contents = contents
