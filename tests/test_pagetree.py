"""Pages built one at a time, when they are read (extract/pagetree.py)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pdfplumber
import pytest

from followup.extract.document import close_document, open_document
from followup.extract.pagetree import PageTree, forget_page
from followup.extract.parse import release_page
from tests.conftest import SAMPLE_PDFS, SAMPLES, SHARED

CORPUS = sorted((SHARED / "corpus" / "pdfplumber-tests").glob("*.pdf"))
LO = SAMPLES / "libreoffice" / "lo-vss-2020-grid.pdf"


def _page_facts(page: pdfplumber.page.Page) -> tuple[object, ...]:
    obj = page.page_obj
    contents = [getattr(c, "objid", None) for c in obj.contents]
    return (
        page.page_number,
        page.initial_doctop,
        page.rotation,
        page.mediabox,
        page.cropbox,
        page.bbox,
        obj.pageid,
        obj.label,
        obj.mediabox,
        obj.cropbox,
        obj.rotate,
        sorted(obj.attrs),
        repr(obj.resources),
        contents,
        repr(obj.annots),
    )


def _plain_pages(path: Path) -> list[tuple[object, ...]] | None:
    try:
        with pdfplumber.open(path) as pdf:
            return [_page_facts(page) for page in pdf.pages]
    except Exception:  # noqa: BLE001 - a file pdfplumber cannot open is not compared
        return None


@pytest.mark.parametrize("path", SAMPLE_PDFS + CORPUS, ids=lambda p: p.stem)
def test_pages_built_one_at_a_time_are_the_pages_pdfplumber_builds(path: Path) -> None:
    expected = _plain_pages(path)
    if not expected:
        pytest.skip("pdfplumber cannot open it, or finds no page")
    pdf = open_document(path)
    try:
        assert isinstance(pdf.pages, PageTree)
        assert len(pdf.pages) == len(expected)
        got = []
        for page in pdf.pages:
            got.append(_page_facts(page))
            release_page(page)
            forget_page(page)
        assert got == expected
        built = {page.page_obj.pageid: page.page_number for page in pdf.pages}
        assert pdf.pages.numbers() == built  # page numbers by object, no page built
        assert [_page_facts(p) for p in pdf.pages[1:3]] == expected[1:3]
        assert _page_facts(pdf.pages[-1]) == expected[-1]
        with pytest.raises(IndexError):
            pdf.pages[len(expected)]
    finally:
        close_document(pdf)


def test_an_opened_document_holds_no_page_and_a_read_page_goes_at_once() -> None:
    pdf = open_document(LO)
    try:
        from pdfplumber.page import Page

        gc.collect()
        assert not [o for o in gc.get_objects() if isinstance(o, Page) and o.pdf is pdf]
        assert isinstance(pdf.pages, PageTree)
        objids = {getattr(obj, "objid", obj) for obj, _, _ in pdf.pages.entries}
        assert len(objids) == len(pdf.pages) and not objids & set(pdf.doc._cached_objs)
        gc.disable()  # the page must go by reference counting alone
        try:
            page = pdf.pages[2]
            assert page.chars
            gone = weakref.ref(page)
            release_page(page)
            forget_page(page)
            del page
            assert gone() is None
        finally:
            gc.enable()
    finally:
        close_document(pdf)
