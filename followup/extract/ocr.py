"""OCR in extraction: which pages need it, OCRed page → layout, rows → ``ocr`` columns.

A page needs OCR (``--ocr auto``) when it has no text layer but draws an image or curves (text
turned into outlines), when its text is garbled (unmapped glyphs), or when it is a scan with a few
characters stamped on it (an image covering most of the page and under ``OCR_STAMP_CHARS``
characters: a scanner's page number or a stamp). A blank page, or a page whose content stream is
damaged (a ``damaged_page`` finding), is not OCRed: its raster holds nothing more to read.

The layout of an OCRed page is built from Tesseract's own words (hOCR: one box, confidence and
language per word), fixed by :mod:`followup.normalize.ocr`, and from the rules read from the
raster. The OCRed PDF carries the same words as its text layer, but as invisible glyphs stretched
to each word's box; pdfplumber's grouping of those glyphs into words merges short words with
their neighbour ("nämnden i" → "nämndeni" on the 300 dpi sample), so the words are taken where
they come from.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.errors import ExtractError
from followup.extract.layout import PageLayout, Rule, Word
from followup.extract.rows import Row
from followup.extract.settings import (
    ACTIVITY_CHARS,
    OCR_IMAGE_COVER,
    OCR_STAMP_CHARS,
    OCR_SURE_CONFIDENCE,
    ExtractOptions,
)
from followup.hashing import file_sha256
from followup.normalize.ocr import SwedishLetters, fix_ocr_word
from followup.normalize.text import clean_text
from followup.records import Extraction, Finding
from followup.rowtable import RowTable

if TYPE_CHECKING:  # OCR's modules are imported when a page is OCRed
    from followup.ocr.engine import OcrPage, OcrResult

OCR_MODES = ("auto", "always", "never")
OCR_FONT = "OCR"  # fontname of OCR words (no font: Tesseract does not tell)


def page_needs_ocr(page: Any) -> bool:
    """True for a pdfplumber page without a usable text layer (see the module docstring)."""
    from followup.extract.document import is_garbled  # document.open_pages imports this module

    chars = page.chars
    if not chars:  # something to read must be drawn: an image, or text as outlines (curves)
        return bool(page.images or page.curves)
    text = "".join(c.get("text", "") for c in chars)
    if is_garbled(text):
        return True
    if len(chars) < OCR_STAMP_CHARS:
        area = max(float(page.width) * float(page.height), 1)
        for image in page.images:
            width = float(image["x1"]) - float(image["x0"])
            height = float(image["bottom"]) - float(image["top"])
            if width * height >= OCR_IMAGE_COVER * area:
                return True
    return False


def document_letters(pages: Iterable[OcrPage]) -> SwedishLetters:
    """Swedish words the Swedish model read with confidence, for restoring å ä ö elsewhere."""
    from followup.ocr.words import tesseract_words

    letters = SwedishLetters(dictionary=tesseract_words("swe"))
    for page in pages:
        for word in page.words:
            if word.lang == "swe" and word.confidence >= OCR_SURE_CONFIDENCE:
                letters.add(word.text)
    return letters


def ocr_page_to_layout(
    page: OcrPage, width: float, height: float, letters: SwedishLetters
) -> PageLayout:
    """An OCRed page → a PageLayout: OCR words (fixed), raster rules, no vector shapes."""
    words: list[Word] = []
    for w in page.words:
        text = clean_text(fix_ocr_word(w.text, w.lang, letters, w.confidence))
        if not text:
            continue
        char_width = (w.x1 - w.x0) / max(len(text), 1)
        words.append(Word(text, w.x0, w.x1, w.top, w.bottom, OCR_FONT, w.size, char_width))
    rules = tuple(Rule(x0, x1, top, bottom) for x0, top, x1, bottom in page.rules)
    return PageLayout(
        number=page.number,
        width=width,
        height=height,
        words=tuple(words),
        rules=rules,
        shapes=(),
        char_count=sum(len(w.text) for w in words),
    )


def rows_ocr_columns(
    table: RowTable, rows: Sequence[Row], ocr: OcrResult, path: Path
) -> list[Finding]:
    """Fill ``ocr`` and ``ocr_confidence`` for rows read by OCR; findings for low cells."""
    from followup.ocr.document import LOW_CONFIDENCE, cell_confidences, mean_confidence

    found: list[Finding] = []
    flags: list[object] = []
    means: list[object] = []
    for index, row in enumerate(rows):
        boxes = []
        for seg in row.spans:
            page = ocr.pages.get(seg.page)
            if page is None:
                continue
            cells = [
                (role, (left, seg.top, right, seg.bottom))
                for role, (left, right, _) in seg.extents.items()
                if role != "goal"
            ]
            boxes += [(page, box) for _, box in cells]
            for cell in cell_confidences(page, cells):
                if cell.confidence < LOW_CONFIDENCE:
                    found.append(
                        Finding(
                            "low_ocr_confidence",
                            cell.page,
                            f"{path.name} p. {cell.page}: {cell.role} read by OCR with "
                            f"confidence {cell.confidence:.0f}: {cell.text[:ACTIVITY_CHARS]!r}",
                            index,
                            cell.box,
                        )
                    )
        flags.append(bool(boxes))
        means.append(mean_confidence(boxes) if boxes else None)
    table.columns["ocr"], table.columns["ocr_confidence"] = flags, means
    return found


@dataclass
class OcrPages:
    """What a reading takes from OCR: the OCRed copy to read (None: the PDF itself), the layouts
    of its OCRed pages, and (first reading, ``--ocr auto``) the pages found to need OCR."""

    pdf: Path | None = None
    layouts: dict[int, PageLayout] = field(default_factory=dict)
    needs: list[int] | None = None
    result: OcrResult | None = None


def ocr_findings(
    table: RowTable, rows: Sequence[Row], ocr: OcrPages | None, path: Path
) -> list[Finding]:
    """The rows' ``ocr`` columns (set in ``table``) and ``low_ocr_confidence`` findings."""
    if ocr is None or ocr.result is None:
        return []
    return rows_ocr_columns(table, rows, ocr.result, path)


def _can_help(error: ExtractError) -> bool:
    from followup.extract.context import LOOKED_FOR
    from followup.extract.document import NO_TEXT_REASON

    return error.reason == NO_TEXT_REASON or LOOKED_FOR in error.reason


def extract_document(path: str | Path, options: ExtractOptions | None = None) -> Extraction:
    """Extract one PDF, OCRing the pages that need it (``options.ocr``): "auto" (default) reads
    the text layers and, if some pages have none (or garbled text), OCRs those pages and reads
    the document again with their OCR layouts; "always" OCRs every page; "never" does not OCR."""
    options, path = options or ExtractOptions(), Path(path)
    if options.ocr not in OCR_MODES:
        raise ExtractError(path, f"unknown OCR mode {options.ocr!r} (use auto, always or never)")
    if options.ocr == "never":
        return _read(path, options)
    needs: list[int] | None = None
    if options.ocr == "auto":
        first = OcrPages(needs=[])
        try:
            extraction = _read(path, replace(options, ocr_pages=first))
        except ExtractError as exc:
            if not first.needs or not _can_help(exc):
                raise
        else:
            if not first.needs:
                return extraction
        needs = first.needs
    with _ocred(path, options, needs) as ocr:
        extraction = _read(path, replace(options, ocr_pages=ocr))
    extraction.ocr_pages = len(ocr.layouts)
    extraction.ocr_pdf = ocr.pdf if options.ocr_cache is not None else None  # else temporary
    return extraction


def _read(path: Path, options: ExtractOptions) -> Extraction:
    """Rows from the structure ``options.structure`` names (``extract.structure``), with the OCR
    findings in their place. OCR words carry no tags: a reading of OCR pages is geometry."""
    from followup.extract.structure import extract_document as read

    ocr = options.ocr_pages
    if ocr is not None and ocr.result is not None:
        options = replace(options, structure="geometry")
    return read(path, options)


@contextlib.contextmanager
def _ocred(path: Path, options: ExtractOptions, pages: Sequence[int] | None) -> Iterator[OcrPages]:
    """OCR ``pages`` of ``path`` (None: every page), or take them from the OCR store. The OCRed
    copy lives as long as the context when it is not kept in the store."""
    import pdfplumber

    from followup.extract.document import open_document
    from followup.ocr.document import run_ocr
    from followup.ocr.engine import ENCRYPTED_SCAN

    if options.password:
        raise ExtractError(path, ENCRYPTED_SCAN)
    if pages is None:
        pdf = open_document(path, max_pages=options.max_pages)
        pages = list(range(1, len(pdf.pages) + 1))
        pdf.close()
    with tempfile.TemporaryDirectory(prefix="followup-ocr-") as work:
        ocr = run_ocr(
            path,
            pages,
            content_sha256=file_sha256(path),
            work_dir=work,
            cache_dir=options.ocr_cache,
        )
        with pdfplumber.open(ocr.pdf) as pdf:
            sizes = {p.page_number: (float(p.width), float(p.height)) for p in pdf.pages}
        letters = document_letters(ocr.pages.values())
        layouts = {
            n: ocr_page_to_layout(page, *sizes[n], letters)
            for n, page in ocr.pages.items()
            if n in sizes
        }
        yield OcrPages(ocr.pdf, layouts, None, ocr)
