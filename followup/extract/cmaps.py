"""A font's ToUnicode CMap read with the content-stream tokenizer instead of pdfminer's.

An embedded font's ToUnicode map (which glyph is which character) is a small PostScript program
that pdfminer's ``CMapParser`` reads a byte at a time. Browsers and word processors embed a
subset of every font with a map of its own, so a short report spends more time reading these
maps than laying out a page. :class:`TokenCMapParser` is pdfminer's parser with its tokens
taken from :func:`~followup.extract.content.stream_to_tokens` (the same tokens, ``tests/
test_cmaps.py`` checks every map of every sample); a map that tokenizer hands back is read by
pdfminer's own. :func:`token_cmaps` has pdfminer's fonts use it while a page is parsed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import BinaryIO

import pdfminer.pdffont
from pdfminer.cmapdb import CMapBase, CMapParser
from pdfminer.psparser import PSEOF, PSBaseParserToken

from followup.extract.content import Unread, stream_to_tokens


class TokenCMapParser(CMapParser):
    """pdfminer's CMap parser, its tokens read at once by :func:`stream_to_tokens`."""

    def __init__(self, cmap: CMapBase, fp: BinaryIO) -> None:
        super().__init__(cmap, fp)
        self._read: Iterator[PSBaseParserToken] | None = None

    def run(self) -> None:
        start = self.fp.tell()
        try:
            self._read = iter(stream_to_tokens(self.fp.read()))
        except Unread:
            self.fp.seek(start)
            self._read = None
        super().run()

    def nexttoken(self) -> tuple[int, PSBaseParserToken]:
        if self._read is None:
            return super().nexttoken()
        for token in self._read:
            return 0, token  # positions are only kept on the stack, never read from a map
        raise PSEOF("Unexpected EOF")


@contextlib.contextmanager
def token_cmaps() -> Iterator[None]:
    """pdfminer's fonts read their ToUnicode maps with :class:`TokenCMapParser` (the same maps:
    a thread that reads one meanwhile gets it from either parser)."""
    before = pdfminer.pdffont.CMapParser
    pdfminer.pdffont.CMapParser = TokenCMapParser  # type: ignore[misc]
    try:
        yield
    finally:
        pdfminer.pdffont.CMapParser = before  # type: ignore[misc]
