"""pdfminer's font cache, bounded (extract/fontcache.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.pdftypes import PDFObjRef

from followup.extract import ExtractOptions, extract_document, settings
from followup.extract.document import close_document, open_document
from followup.extract.fontcache import RecentFonts, uncache
from followup.extract.pagetree import forget_page
from followup.extract.parse import release_page
from followup.tableio import frame_to_csv_text
from tests.conftest import SAMPLES

LO = SAMPLES / "libreoffice" / "lo-vss-2020-grid.pdf"


def _as_text(path: Path) -> str:
    result = extract_document(path, ExtractOptions())
    findings = "\n".join(repr(f) for f in result.findings)
    return f"{frame_to_csv_text(result.rows)}\n{result.pages}\n{findings}"


def test_a_font_cache_of_one_font_gives_the_same_output_and_holds_one_font(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pdf = open_document(LO)
    fonts = pdf.rsrcmgr._cached_fonts
    assert isinstance(fonts, RecentFonts) and fonts.limit == settings.FONT_CACHE_FONTS > 1
    for page in pdf.pages:
        assert page.chars
        release_page(page)
        forget_page(page)
    assert 1 < len(fonts) <= fonts.limit
    kept = set(fonts)
    fonts.limit = 1
    last = next(reversed(fonts))
    fonts[last] = fonts[last]  # over the limit: the fonts used before it go
    assert list(fonts) == [last]
    assert not (kept - {last}) & set(pdf.doc._cached_objs)  # and the objects they were built from
    close_document(pdf)

    expected = _as_text(LO)
    monkeypatch.setattr(settings, "FONT_CACHE_FONTS", 1)
    assert _as_text(LO) == expected


def test_uncache_takes_out_the_objects_a_font_refers_to() -> None:
    pdf = open_document(LO)
    try:
        page = pdf.pages[0]
        assert page.chars
        font_refs = page.page_obj.resources["Font"]
        font_refs = (
            pdf.doc.getobj(font_refs.objid) if isinstance(font_refs, PDFObjRef) else font_refs
        )
        ref = next(v for v in font_refs.values() if isinstance(v, PDFObjRef))
        font = pdf.doc.getobj(ref.objid)
        inner = [v.objid for v in font.values() if isinstance(v, PDFObjRef)]
        assert ref.objid in pdf.doc._cached_objs
        uncache(pdf.doc, ref.objid)
        assert ref.objid not in pdf.doc._cached_objs
        assert not set(inner) & set(pdf.doc._cached_objs)
        assert repr(pdf.doc.getobj(ref.objid)) == repr(font)  # read from the file again
        release_page(page)
    finally:
        close_document(pdf)
