"""Stage: opening a PDF (extract/document.py) — every failure a one-line reason naming the file,
the page layouts in page order, each page shown to the hook before it is released."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.psexceptions import PSEOF
from pdfplumber.utils.exceptions import PdfminerException

from followup.errors import ExtractError
from followup.extract.document import (
    close_document,
    describe_non_pdf,
    garbled_fraction,
    is_garbled,
    open_document,
    open_pages,
    reason_for,
)
from followup.extract.settings import ExtractOptions
from tests.conftest import SAMPLES

GRID = SAMPLES / "vss-2020-grid.pdf"


@pytest.mark.parametrize(
    ("head", "looks_like"),
    [
        (b"PK\x03\x04rest", "a ZIP archive, e.g. .docx/.xlsx"),
        (b"\x89PNG\r\n", "a PNG image"),
        (
            b"\xef\xbb\xbf  <!DOCTYPE html><html>",
            "an HTML page (a download that returned a web page?)",
        ),
        (b"<?xml version='1.0'?><a/>", "an XML/markup file"),
        ("Mål;Aktivitet;Status\nÖka;Ny rutin;Klar\n".encode(), "a text file"),
        (bytes(range(256)), "binary data"),
    ],
)
def test_describe_non_pdf_names_what_the_file_looks_like(head: bytes, looks_like: str) -> None:
    assert describe_non_pdf(head) == looks_like


@pytest.mark.parametrize(
    ("exc", "password", "reason"),
    [
        (PdfminerException(PDFPasswordIncorrect()), None, "encrypted: pass --password"),
        (PdfminerException(PDFPasswordIncorrect()), "secret", "wrong password"),
        (FileNotFoundError(), None, "file not found"),
        (RecursionError(), None, "corrupt PDF (objects nested too deeply or in a cycle)"),
        (PSEOF("Unexpected EOF"), None, "corrupt or truncated PDF (Unexpected EOF)"),
        (zlib.error("incorrect header check"), None, "corrupt or truncated PDF (damaged stream"),
        (struct.error("unpack requires a buffer"), None, "corrupt or truncated PDF (damaged"),
        (KeyError("Root"), None, "corrupt PDF (KeyError: 'Root')"),
    ],
)
def test_reason_for_maps_parser_errors_to_one_line(
    exc: BaseException, password: str | None, reason: str
) -> None:
    got = reason_for(exc, password=password)
    assert got.startswith(reason)
    assert "\n" not in got


def test_reason_for_shortens_a_long_detail_to_one_line() -> None:
    got = reason_for(ValueError("bad object\n" + "x" * 500))
    assert "\n" not in got
    assert "..." in got
    assert len(got) < 200


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file (0 bytes)"),
        (b"PK\x03\x04" + b"\0" * 40, "not a PDF (looks like a ZIP archive, e.g. .docx/.xlsx)"),
    ],
)
def test_open_document_refuses_what_is_not_a_pdf(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    with pytest.raises(ExtractError) as err:
        open_document(path)
    assert str(err.value) == f"{path}: {reason}"


def test_open_document_refuses_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="is a folder, not a PDF file"):
        open_document(tmp_path)
    with pytest.raises(ExtractError, match="file not found"):
        open_document(tmp_path / "missing.pdf")


def test_open_document_names_a_truncated_pdf_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(GRID.read_bytes()[:600])
    with pytest.raises(ExtractError) as err:
        open_document(path)
    assert err.value.path == path
    assert "corrupt" in err.value.reason
    assert err.value.reason.endswith("re-download or re-export it")


def test_open_document_counts_pages_against_max_pages() -> None:
    with open_document(GRID) as pdf:
        pages = len(pdf.pages)
    assert pages > 1
    with open_document(GRID, max_pages=pages) as pdf:
        assert len(pdf.pages) == pages
    with pytest.raises(ExtractError) as err:
        open_document(GRID, max_pages=pages - 1)
    assert err.value.reason == (
        f"too many pages: {pages} > {pages - 1} (raise --max-pages to allow it)"
    )


def test_open_pages_gives_layouts_in_page_order_after_the_hook() -> None:
    seen: list[int] = []
    given: list[Any] = []

    def hook(page: Any, layout: Any) -> None:
        seen.append(page.page_number)
        given.append(layout)

    with open_pages(GRID, ExtractOptions(), hook) as pages:
        assert not pages.encrypted
        numbers = []
        for layout in pages.layouts:
            numbers.append(layout.number)
            assert seen[-1] == layout.number  # the hook saw the page before its layout came
            assert given[-1] is layout  # and the layout with it
            assert layout.words and layout.width > 0 and layout.height > 0
    assert numbers == seen == list(range(1, len(numbers) + 1))
    assert not pages.damage.reasons


@pytest.mark.parametrize(
    ("text", "fraction"),
    [
        ("", 0.0),
        ("   ", 0.0),
        ("Klar", 0.0),
        ("(cid:12)(cid:13)ab", 0.5),
        ("ab\ufffd\ufffd", 0.5),
        ("a b\x01", 1 / 3),
    ],
)
def test_garbled_fraction_counts_unreadable_glyphs(text: str, fraction: float) -> None:
    assert garbled_fraction(text) == pytest.approx(fraction)


def test_is_garbled_needs_a_bad_glyph_and_the_threshold() -> None:
    assert not is_garbled("Klar", threshold=0.0)
    assert is_garbled("(cid:1)" + "a" * 9, threshold=0.1)
    assert not is_garbled("(cid:1)" + "a" * 10, threshold=0.1)


def test_an_opened_document_holds_no_page_content_streams_until_a_page_is_parsed() -> None:
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    from followup.extract.layout import page_to_layout
    from followup.extract.parse import release_page

    with pdfplumber.open(GRID) as plain:
        streams = {
            item.objid
            for page in plain.pages
            for item in page.page_obj.contents
            if isinstance(item, PDFObjRef | PDFStream)
        }
        expected = page_to_layout(plain.pages[0], ExtractOptions().tolerances)
    pdf = open_document(GRID)
    assert streams and not streams & set(pdf.doc._cached_objs)
    # a page reads its streams from the file when it is parsed, and lets them go after
    page = pdf.pages[0]
    layout = page_to_layout(page, ExtractOptions().tolerances)
    release_page(page)
    assert not streams & set(pdf.doc._cached_objs)
    close_document(pdf)
    assert layout == expected and layout.words


def test_closing_a_document_builds_no_page_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from pdfminer.pdfpage import PDFPage

    def read_again(*args: object) -> None:
        raise AssertionError("the page tree was read again")

    ours, theirs = open_document(GRID), open_document(GRID)
    assert ours.pages and theirs.pages
    monkeypatch.setattr(PDFPage, "create_pages", read_again)
    close_document(ours)
    assert ours.stream.closed and "_pages" not in vars(ours)
    with pytest.raises(AssertionError, match="read again"):
        theirs.close()  # pdfplumber's own close builds every page anew
    theirs.stream.close()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "ä", " ", "\t", "\x0b", "\x0c", "\x1c", "\x1f", "\x00", "\x7f"])
        | st.sampled_from(["\u00a0", "\u2028", "\u3000", "\ufffd", "\x85", "(cid:7)", "\n"]),
        max_size=16,
    ).map("".join)
)
def test_garbled_fraction_counts_glyphs_as_defined(text: str) -> None:
    """Unreadable glyphs over visible ones: a placeholder is one glyph, white space is not
    visible unless it is a control character."""
    rest = re.sub(r"\(cid:\d+\)", "", text)
    cids = (len(text) - len(rest)) // len("(cid:7)")
    unreadable = set("\ufffd\x7f") | {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"}
    bad = cids + sum(ch in unreadable for ch in rest)
    visible = cids + sum(not ch.isspace() or ch in unreadable for ch in rest)
    assert garbled_fraction(text) == (bad / visible if visible else 0.0)
