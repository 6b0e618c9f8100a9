"""A document's pages built one at a time, when they are read, instead of all when it is opened.

pdfplumber's ``PDF.pages`` builds every page of the document (pdfminer's ``PDFPage`` with its
attributes, resources and content references, pdfplumber's ``Page`` with its boxes and a text-map
cache) and keeps them until the document closes: about 3 KB a page, held by every process that
opens the document (with ``--jobs 2`` the calling process and its worker, whose copy of the
caller's memory counts once more). :class:`PageTree` walks the page tree once, as
``PDFPage.create_pages`` does, and keeps of each page only where it is and what it inherits (the
attributes of the ``Pages`` node above it, shared by its siblings) and where it starts in the
document (``doctop``); ``pages[i]`` builds the page anew, the same page pdfplumber builds.
:func:`forget_page` lets a page built so go at once: it refers to itself (as its root page and
through its text-map cache), so it would otherwise wait for a full collection of cyclic garbage.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any, overload

import pdfplumber
from pdfminer import settings
from pdfminer.pdfdocument import PDFDocument, PDFNoPageLabels
from pdfminer.pdfexceptions import PDFObjectNotFound
from pdfminer.pdfpage import LITERAL_PAGE, LITERAL_PAGES, PDFPage
from pdfminer.pdftypes import dict_value, list_value
from pdfplumber.page import Page

#: A page: its object (an object number or a reference), the attributes of the node above it
#: (None when the document has no page tree and its pages were found among its objects), its label.
Entry = tuple[Any, dict[str, Any] | None, Any]


def page_entries(doc: PDFDocument) -> list[Entry]:
    """Every page of ``doc`` in order, as ``PDFPage.create_pages`` finds them (the same walk:
    inherited attributes, visited nodes, the lower-case ``type`` outside strict mode, the
    fallback to every object of type ``Page`` when there is no page tree), none built."""
    try:
        labels: Iterator[Any] = doc.get_page_labels()
    except PDFNoPageLabels:
        labels = itertools.repeat(None)
    entries: list[Entry] = []
    visited: set[Any] = set()

    def walk(obj: Any, parent: dict[str, Any]) -> None:
        objid = obj if isinstance(obj, int) else obj.objid
        props = _properties(doc, obj, parent)
        if objid in visited:
            return
        visited.add(objid)
        kind = props.get("Type")
        if kind is None and not settings.STRICT:
            kind = props.get("type")
        if kind is LITERAL_PAGES and "Kids" in props:
            for kid in list_value(props["Kids"]):
                walk(kid, props)
        elif kind is LITERAL_PAGE:
            entries.append((obj, parent, next(labels)))

    if "Pages" in doc.catalog:
        walk(doc.catalog["Pages"], doc.catalog)
    if not entries:
        for xref in doc.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = doc.getobj(objid)
                except PDFObjectNotFound:
                    continue
                if isinstance(obj, dict) and obj.get("Type") is LITERAL_PAGE:
                    entries.append((objid, None, next(labels)))
    return entries


def _properties(doc: PDFDocument, obj: Any, parent: dict[str, Any]) -> dict[str, Any]:
    """A page tree node's attributes with those it inherits from ``parent``."""
    own = doc.getobj(obj) if isinstance(obj, int) else obj
    props: dict[str, Any] = dict_value(own).copy()
    for key, value in parent.items():
        if key in PDFPage.INHERITABLE_ATTRS and key not in props:
            props[key] = value
    return props


def build_page(doc: PDFDocument, entry: Entry) -> PDFPage:
    """pdfminer's page for ``entry``, as ``PDFPage.create_pages`` builds it. The page's own
    object leaves the document's object cache (the page holds a copy of it)."""
    obj, parent, label = entry
    if parent is None:
        return PDFPage(doc, obj, doc.getobj(obj), label)
    objid = obj if isinstance(obj, int) else obj.objid
    page = PDFPage(doc, objid, _properties(doc, obj, parent), label)
    doc._cached_objs.pop(objid, None)
    return page


class PageTree(Sequence[Page]):
    """The pages of ``pdf``, each built when it is asked for (see the module's docstring)."""

    def __init__(self, pdf: pdfplumber.PDF, entries: list[Entry], doctops: list[float]) -> None:
        self.pdf, self.entries, self.doctops = pdf, entries, doctops

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> Page: ...

    @overload
    def __getitem__(self, index: slice) -> list[Page]: ...

    def __getitem__(self, index: int | slice) -> Page | list[Page]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        page_obj = build_page(self.pdf.doc, self.entries[index])
        return Page(self.pdf, page_obj, page_number=index + 1, initial_doctop=self.doctops[index])

    def __iter__(self) -> Iterator[Page]:
        return (self[i] for i in range(len(self)))

    def numbers(self) -> dict[int, int]:
        """Each page's object number (pdfminer's ``pageid``) → its page number, no page built."""
        return {
            (obj if isinstance(obj, int) else obj.objid): number
            for number, (obj, _, _) in enumerate(self.entries, 1)
        }


def forget_page(page: Page) -> None:
    """Let a closed page go as soon as nothing refers to it (see the module's docstring)."""
    page.__dict__.pop("get_textmap", None)  # an lru_cache of the page's own method
    page.__dict__.pop("root_page", None)  # the page itself
