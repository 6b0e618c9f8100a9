"""ToUnicode maps read with the content-stream tokenizer (followup/extract/cmaps.py) equal
pdfminer's, on every font of every sample and on hand-written maps."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.cmapdb import CMapParser, FileUnicodeMap

from followup.extract import cmaps
from followup.extract.cmaps import TokenCMapParser, token_cmaps
from followup.extract.parse import lean_objects
from tests.conftest import SAMPLES

PRODUCED = sorted(SAMPLES.glob("*/*.pdf"))


def _maps(pdf: Path, lean: bool) -> dict[Any, Any]:
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            if lean:
                lean_objects(page)
            else:
                _ = page.chars  # pdfplumber's own parse, pdfminer's CMapParser
        return {
            key: (font.fontname, getattr(font.unicode_map, "cid2unichr", None))
            for key, font in doc.rsrcmgr._cached_fonts.items()
        }


@pytest.mark.parametrize("pdf", PRODUCED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_font_maps_its_glyphs_as_pdfminer_does(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []
    original = TokenCMapParser.run

    def counting(self: TokenCMapParser) -> None:
        original(self)
        read.append(self._read is not None)

    monkeypatch.setattr(TokenCMapParser, "run", counting)
    assert _maps(pdf, lean=True) == _maps(pdf, lean=False)
    if pdf.parent.name in {"chromium", "libreoffice", "tagged"}:  # subset fonts, each its map
        assert any(read)


MAPS = [
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    b"2 beginbfchar <0003> <0020> <0044> <00E4> endbfchar\n"
    b"2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<0066 0069> <0066 006C>] endbfrange\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end",
    b"beginbfchar <01> <0041> endbfchar",  # no begincmap
    b"% a comment\nbegincmap 1 beginbfchar <02> <D83DDE00> endbfchar endcmap",
    b"begincmap 1 beginbfchar <03> (B) endbfchar endcmap",  # a literal string
    b"begincmap 1 beginbfchar <04> (\\101\\(\\)) endbfchar endcmap",  # escapes: pdfminer's
    b"begincmap 1 beginbfchar <05> <00",  # cut short
]


@pytest.mark.parametrize("data", MAPS, ids=range(len(MAPS)))
def test_hand_written_maps_read_as_pdfminer_reads_them(data: bytes) -> None:
    ours, theirs = FileUnicodeMap(), FileUnicodeMap()
    TokenCMapParser(ours, BytesIO(data)).run()
    CMapParser(theirs, BytesIO(data)).run()
    assert ours.cid2unichr == theirs.cid2unichr
    assert ours.attrs == theirs.attrs


def test_pdfminer_parser_is_restored_after_a_page() -> None:
    import pdfminer.pdffont

    with token_cmaps():
        assert pdfminer.pdffont.CMapParser is TokenCMapParser
    assert pdfminer.pdffont.CMapParser is CMapParser
    assert cmaps.TokenCMapParser.__mro__[1] is CMapParser
