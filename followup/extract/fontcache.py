"""pdfminer's font cache, bounded: the fonts of the pages read lately, not of every page read.

pdfminer keeps every font it has built (``PDFResourceManager._cached_fonts``, by object number)
and every object it has read (``PDFDocument._cached_objs``: the font's dictionary, descriptor,
widths, ``ToUnicode`` map) until the document closes. A document assembled from parts carries a
copy of its fonts in each part (the repeated document of ``bench/bench_extract.py`` one in every
11 pages), so that cache grows with the pages. :class:`RecentFonts` keeps the fonts used last
(``settings.FONT_CACHE_FONTS``); a font it lets go takes the objects it was built from out of
the object cache too (an object still needed is read from the file again, the same object). A
font needed again is built again, the same font: the output does not change, only a document
that cycles through more than that many fonts builds some of them more than once.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import PDFObjRef, PDFStream

from followup.extract import settings


class RecentFonts(OrderedDict[object, Any]):
    """A font cache for ``PDFResourceManager._cached_fonts`` holding the ``limit`` fonts used last
    (see the module's docstring)."""

    def __init__(self, doc: PDFDocument, limit: int | None = None) -> None:
        super().__init__()
        self.doc = doc
        self.limit = settings.FONT_CACHE_FONTS if limit is None else limit

    def __getitem__(self, objid: object) -> Any:
        font = super().__getitem__(objid)
        self.move_to_end(objid)
        return font

    def __setitem__(self, objid: object, font: Any) -> None:
        super().__setitem__(objid, font)
        self.move_to_end(objid)
        while len(self) > self.limit:
            old, _ = self.popitem(last=False)
            uncache(self.doc, old)


def uncache(doc: PDFDocument, objid: object) -> None:
    """Take object ``objid`` and the objects it refers to, as far as they are cached, out of
    ``doc``'s object cache."""
    cache: dict[int, tuple[object, int]] = doc._cached_objs
    todo: list[Any] = [objid]
    while todo:
        entry = cache.pop(todo.pop(), None)
        if entry is None:
            continue
        stack = [entry[0]]
        while stack:
            obj = stack.pop()
            if isinstance(obj, PDFObjRef):
                todo.append(obj.objid)
            elif isinstance(obj, PDFStream):
                stack.append(obj.attrs)
            elif isinstance(obj, dict):
                stack += obj.values()
            elif isinstance(obj, list):
                stack += obj
