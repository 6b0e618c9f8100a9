"""Opening PDFs defensively: every failure becomes an :class:`ExtractError` with a one-line reason.

pdfminer raises many exception classes on hostile input (its own ``PSException`` tree, but also
plain ``KeyError``, ``TypeError``, ``struct.error``, ``zlib.error``, ``RecursionError`` ...), and
pdfplumber wraps some of them in ``PdfminerException``. :func:`reason_for` maps all of them to a
sentence the user can act on; :func:`as_extract_error` wraps that in an ``ExtractError``.
"""

from __future__ import annotations

import contextlib
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from followup.damage import PageDamage
from followup.errors import ExtractError, FollowupError
from followup.extract.fontcache import RecentFonts
from followup.extract.layout import PageLayout, page_to_layout
from followup.extract.objects import read_objects_fast
from followup.extract.pagetree import PageTree, build_page, forget_page, page_entries
from followup.extract.parse import release_contents, release_page
from followup.extract.settings import ExtractOptions

if TYPE_CHECKING:
    from followup.extract.ocr import OcrPages

HEADER_WINDOW = 1024
NO_TEXT_REASON = "no text layer (scanned image?): OCR it first, e.g. with ocrmypdf"
CORRUPT_HINT = "re-download or re-export it"
_MAX_DETAIL = 120

#: Magic bytes of common non-PDF files, for "not a PDF (looks like ...)".
_MAGIC: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a ZIP archive, e.g. .docx/.xlsx"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript file"),
]


def _one_line(text: str) -> str:
    text = " ".join(str(text).split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def describe_non_pdf(head: bytes) -> str:
    """What a file that is not a PDF looks like, from its first bytes."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith((b"<!doctype html", b"<html")) or b"<html" in sniff[:512]:
        return "an HTML page (a download that returned a web page?)"
    if sniff.startswith(b"<?xml") or sniff.startswith(b"<"):
        return "an XML/markup file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return "binary data"
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return "a text file" if printable >= 0.95 * max(len(text), 1) else "binary data"


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors in ``PdfminerException(original)``."""
    seen = 0
    while isinstance(exc, PdfminerException) and exc.args and seen < 5:
        inner = exc.args[0]
        if not isinstance(inner, BaseException):
            break
        exc = inner
        seen += 1
    return exc


def reason_for(exc: BaseException, *, password: str | None = None) -> str:
    """A one-line, actionable reason for an exception raised while reading a PDF."""
    exc = _unwrap(exc)
    if isinstance(exc, ExtractError):
        return exc.reason
    if isinstance(exc, PDFPasswordIncorrect):
        return "encrypted: pass --password" if not password else "wrong password"
    if isinstance(exc, PDFEncryptionError):
        return f"encrypted with an unsupported method ({_one_line(str(exc) or 'unknown')})"
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a PDF file"
    if isinstance(exc, PermissionError):
        return "cannot read file: permission denied"
    if isinstance(exc, MemoryError):
        return "too large to read into memory: split the PDF or free memory"
    if isinstance(exc, RecursionError):
        return f"corrupt PDF (objects nested too deeply or in a cycle): {CORRUPT_HINT}"
    if isinstance(exc, (PSException, PDFException, MalformedPDFException)):
        detail = _one_line(str(exc)) or type(exc).__name__
        return f"corrupt or truncated PDF ({detail}): {CORRUPT_HINT}"
    if isinstance(exc, (zlib.error, struct.error, EOFError)):
        detail = _one_line(str(exc)) or type(exc).__name__
        return f"corrupt or truncated PDF (damaged stream: {detail}): {CORRUPT_HINT}"
    if isinstance(exc, OSError) and not isinstance(exc, (UnicodeError,)):
        return f"cannot read file: {_one_line(exc.strerror or str(exc))}"
    if isinstance(exc, FollowupError):
        return _one_line(str(exc))
    # KeyError, TypeError, ValueError, AssertionError, IndexError, AttributeError, ... raised from
    # deep inside pdfminer on malformed objects.
    detail = _one_line(f"{type(exc).__name__}: {exc}")
    return f"corrupt PDF ({detail}): {CORRUPT_HINT}"


def as_extract_error(
    path: str | Path, exc: BaseException, *, password: str | None = None
) -> ExtractError:
    """Wrap any exception raised while reading ``path`` into an ``ExtractError``."""
    if isinstance(exc, ExtractError):
        return exc
    return ExtractError(path, reason_for(exc, password=password))


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ExtractError(path, "file not found")
    if path.is_dir():
        raise ExtractError(path, "is a folder, not a PDF file")
    if not path.is_file():
        raise ExtractError(path, "not a regular file")
    try:
        with path.open("rb") as fh:
            head = fh.read(HEADER_WINDOW)
    except OSError as exc:
        raise as_extract_error(path, exc) from None
    if not head:
        raise ExtractError(path, "empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise ExtractError(path, f"not a PDF (looks like {describe_non_pdf(head)})")


def _close_quietly(pdf: pdfplumber.PDF) -> None:
    # PDF.close() walks .pages, which can itself raise on a broken page tree.
    with contextlib.suppress(Exception):
        pdf.flush_cache()
    with contextlib.suppress(Exception):
        pdf.stream.close()


def close_document(pdf: pdfplumber.PDF) -> None:
    """``pdf.close()`` without building the pages again: pdfplumber's ``close`` forgets its list
    of pages and then builds every page anew to close it, reading each page's content streams
    once more (a long document's last peak of memory). The pages built are closed as they are.

    What the document held goes at once, not at the next full collection of cyclic garbage
    (each page refers to itself, as its root page and through its text-map cache): the pages,
    the objects and fonts pdfminer cached."""
    pages = pdf.__dict__.pop("_pages", ())
    if not isinstance(pages, PageTree):  # a PageTree's pages are released as they are read
        for page in pages:
            page.close()
            forget_page(page)
    pdf.flush_cache()
    pdf.rsrcmgr._cached_fonts.clear()
    pdf.doc._cached_objs.clear()
    pdf.doc._parsed_objs.clear()
    if not pdf.stream_is_external:
        pdf.stream.close()


def open_document(
    path: str | Path, *, password: str | None = None, max_pages: int | None = None
) -> pdfplumber.PDF:
    """Open ``path`` with pdfplumber, parsing its page tree now so corruption shows here.

    Every page is built once here and let go; ``pdf.pages`` is a :class:`PageTree`, which
    builds a page again when it is read (an open document holds no page, nor any page's
    content streams). pdfminer keeps the fonts of the pages read lately (:class:`RecentFonts`).

    Raises :class:`ExtractError` for every failure: missing file, folder, empty file, not a PDF,
    corrupt or truncated PDF, missing or wrong password, more than ``max_pages`` pages, no pages.
    """
    path = Path(path)
    _check_file(path)
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as exc:  # noqa: BLE001 - mapped to a reason
        raise as_extract_error(path, exc, password=password) from None
    read_objects_fast(pdf.doc)
    pdf.rsrcmgr._cached_fonts = RecentFonts(pdf.doc)
    try:
        entries = page_entries(pdf.doc)
        count = len(entries)
        if count == 0:
            raise ExtractError(path, f"PDF has no pages: {CORRUPT_HINT}")
        if max_pages is not None and count > max_pages:
            raise ExtractError(
                path, f"too many pages: {count} > {max_pages} (raise --max-pages to allow it)"
            )
        doctops: list[float] = []
        doctop: float = 0
        for number, entry in enumerate(entries, 1):  # every page built once: mediabox, rotation
            page = Page(pdf, build_page(pdf.doc, entry), page_number=number, initial_doctop=doctop)
            doctops.append(doctop)
            doctop += page.height
            release_contents(page)  # read again when the page is parsed
            forget_page(page)
        pdf._pages = PageTree(pdf, entries, doctops)  # type: ignore[assignment]
    except Exception as exc:  # noqa: BLE001 - mapped to a reason
        _close_quietly(pdf)
        raise as_extract_error(path, exc, password=password) from None
    return pdf


@dataclass(frozen=True)
class Pages:
    """An open document: whether it needed a password, and its page layouts one at a time."""

    encrypted: bool
    layouts: Iterator[PageLayout]
    damage: PageDamage  # pages whose content could not be fully decoded; pdfminer's records


#: Sees every parsed page before it is released (the tag reader takes its glyphs from it): a
#: pdfplumber page, or with page-parallel parsing its glyphs, lines and rectangles (MarkedPage),
#: and the page's layout (its marked-content sequences' words).
PageHook = Callable[[Any, Any], None]


@contextlib.contextmanager
def open_pages(
    path: str | Path, options: ExtractOptions, on_page: PageHook | None = None
) -> Iterator[Pages]:
    """The document's page layouts, one at a time, each page released as soon as it is read
    (after ``on_page``, if given, has seen it: the tag reader takes its glyphs from this parse).
    With ``options.page_jobs`` > 1 a long document's pages are parsed by that many processes
    (:mod:`followup.extract.parallel`); the layouts come in page order all the same.

    While it is open, pdfminer's log records go to ``Pages.damage``, never to stderr. With
    ``options.ocr_pages`` (``extract.ocr.OcrPages``): its OCRed copy is read instead of ``path``,
    its OCR layouts instead of those pages, and pages that need OCR are noted in its ``needs``.
    """
    from followup.extract.ocr import page_needs_ocr

    ocr: OcrPages | None = options.ocr_pages
    replace = ocr.layouts if ocr is not None else {}
    needs = ocr.needs if ocr is not None else None
    if ocr is not None and ocr.pdf is not None:
        path = ocr.pdf
    from followup.extract.settings import PARALLEL_MIN_PAGES  # read here: tests lower it

    with PageDamage(path) as damage:
        pdf = open_document(path, password=options.password, max_pages=options.max_pages)
        encrypted = getattr(pdf.doc, "encryption", None) is not None
        if options.page_jobs > 1 and len(pdf.pages) >= PARALLEL_MIN_PAGES:
            from followup.extract.parallel import parallel_layouts  # and its process pool

            layouts = parallel_layouts(Path(path), options, pdf, damage, on_page, replace, needs)
            try:
                yield Pages(encrypted, layouts, damage)
            finally:
                layouts.close()  # ends the worker processes if the caller stopped early
                close_document(pdf)
            return

        def pages() -> Iterator[PageLayout]:
            try:
                for page in pdf.pages:
                    if page.page_number in replace:
                        layout = replace[page.page_number]
                    else:
                        with damage.page(page):
                            layout = page_to_layout(page, options.tolerances, on_page is not None)
                        # a damaged page stays a damaged_page finding: its raster lacks the same
                        number = page.page_number
                        if (
                            needs is not None
                            and number not in damage.reasons
                            and page_needs_ocr(page)
                        ):
                            needs.append(number)
                    if on_page is not None:
                        on_page(page, layout)
                    release_page(page)
                    forget_page(page)
                    yield layout
            except ExtractError:
                raise
            except Exception as exc:  # pdfminer can fail mid-document on hostile input
                raise as_extract_error(path, exc, password=options.password) from None

        try:
            yield Pages(encrypted, pages(), damage)
        finally:
            close_document(pdf)


_CID = re.compile(r"\(cid:\d+\)")
_BAD_CHARS = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PLAIN_SPACE = re.compile("[^\\S\x0b\x0c\x1c-\x1f]")  # white space but not unreadable
GARBLED_THRESHOLD = 0.1


def garbled_fraction(text: str) -> float:
    """Share of the visible glyphs in ``text`` that are unreadable.

    A ``(cid:NN)`` placeholder (a glyph pdfminer could not map to Unicode) counts as one glyph,
    as does each replacement character U+FFFD and each control character. Whitespace is ignored.
    Empty text gives 0.0.
    """
    if not text:
        return 0.0
    cids = len(_CID.findall(text))
    rest = _CID.sub("", text)
    bad = cids + len(_BAD_CHARS.findall(rest))
    visible = cids + len(rest) - len(_PLAIN_SPACE.findall(rest))
    return bad / visible if visible else 0.0


def is_garbled(text: str, threshold: float = GARBLED_THRESHOLD) -> bool:
    """True when at least ``threshold`` of the glyphs in ``text`` are unreadable (and any are)."""
    frac = garbled_fraction(text)
    return frac > 0 and frac >= threshold
