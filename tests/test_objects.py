"""A file's objects read by followup/extract/objects.py equal pdfminer's, object by object, on
every sample, on object streams (made by qpdf) and on the quirks of pdfminer's two parsers."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psparser import KWD

from followup.extract import objects
from followup.extract.content import Unread
from followup.extract.objects import (
    file_object,
    flat_object,
    read_objects_fast,
    stream_objects,
)
from tests.conftest import SAMPLES

ALL_PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted(SAMPLES.glob("*/*.pdf"))


def shape(obj: Any) -> Any:
    """Type and value all the way down; a reference by its id, a stream by its dictionary."""
    if isinstance(obj, list):
        return ("list", [shape(x) for x in obj])
    if isinstance(obj, dict):
        return ("dict", [(k, shape(v)) for k, v in obj.items()])
    if isinstance(obj, PDFObjRef):
        return ("ref", obj.objid)
    if isinstance(obj, PDFStream):
        return ("stream", shape(obj.attrs), obj.get_data())
    return (type(obj).__name__, repr(obj))


def every_object(doc: PDFDocument) -> list[Any]:
    ids = sorted({i for xref in doc.xrefs for i in xref.get_objids()})
    out = []
    for objid in ids:
        try:
            out.append(shape(doc.getobj(objid)))
        except Exception as exc:  # noqa: BLE001 - both readers must fail alike
            out.append(("error", type(exc).__name__))
    return out


def both(pdf: Path) -> tuple[list[Any], list[Any], int]:
    """Every object as pdfminer reads it, as the fast readers read it, and how many of them
    the fast readers read themselves."""
    read = 0
    one, many = objects.file_object, objects.stream_objects

    def counting_one(*args: Any) -> Any:
        nonlocal read
        result = one(*args)
        read += 1
        return result

    def counting_many(doc: PDFDocument, data: bytes) -> list[Any]:
        nonlocal read
        result = many(doc, data)
        read += len(result) // 2  # a number and an offset per object, then the objects
        return result

    with pdf.open("rb") as plain_fp, pdf.open("rb") as fast_fp:
        plain = PDFDocument(PDFParser(plain_fp))
        fast = PDFDocument(PDFParser(fast_fp))
        read_objects_fast(fast)
        objects.file_object, objects.stream_objects = counting_one, counting_many
        try:
            return every_object(plain), every_object(fast), read
        finally:
            objects.file_object, objects.stream_objects = one, many


@pytest.mark.parametrize("pdf", ALL_PDFS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_object_of_every_sample(pdf: Path) -> None:
    plain, fast, read = both(pdf)
    assert fast == plain
    if pdf.parent.name in ("tagged", "chromium"):  # structure trees: many small dictionaries
        assert read > len(plain) // 2  # most objects are read by the fast reader


def test_objects_of_a_file_too_large_to_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above FILE_HELD_BYTES the objects are read from the file one at a time, alike."""
    monkeypatch.setattr(objects, "FILE_HELD_BYTES", 1000)
    plain, fast, read = both(SAMPLES / "tagged" / "vss-2020-chromium.pdf")
    assert fast == plain
    assert read > len(plain) // 2


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf makes the object streams")
def test_object_streams(tmp_path: Path) -> None:
    packed = tmp_path / "packed.pdf"
    source = SAMPLES / "tagged" / "vss-2020-chromium.pdf"
    subprocess.run(["qpdf", "--object-streams=generate", str(source), str(packed)], check=True)
    plain, fast, read = both(packed)
    assert fast == plain
    assert read > len(plain) // 2  # the streams opened after the catalog's


class Doc:
    """Stands in for the document a reference points into."""


DOC: Any = Doc()


@pytest.mark.parametrize(
    ("data", "want"),
    [
        (b"7 0 obj\n<< /A 1 /B [2 0 R 3] /C null /D (s) >>\nendobj", {"A": 1, "B": "refs"}),
        (b"7 0 obj 42 endobj", 42),
        (b"7 0 obj 1 2 endobj", 1),  # the first of the objects before "endobj"
        (b"7 0 obj 1 2 3 4 5 endobj", 2),  # … of the last four
        (b"7 0 obj null endobj", None),
        (b"7 0 obj [1 [2] <</K 3 0 R>>] 9 endobj", "list"),
        (b"7 0 obj /Name endobj", "name"),
    ],
    ids=range(7),
)
def test_file_objects(data: bytes, want: Any) -> None:
    got = file_object(DOC, data + b"\ntrailing", 7)
    if want == {"A": 1, "B": "refs"}:
        assert got["A"] == 1 and "C" not in got and got["D"] == b"s"
        assert isinstance(got["B"][0], PDFObjRef) and got["B"][0].objid == 2
        assert got["B"][1] == 3
    elif want == "list":
        assert got[0] == 1 and got[1] == [2] and got[2]["K"].objid == 3
    elif want == "name":
        assert got.name == "Name"
    else:
        assert got == want


@pytest.mark.parametrize(
    "data",
    [
        b"7 0 obj << /Length 3 >> stream\nabc\nendstream endobj",  # a stream
        b"8 0 obj << >> endobj",  # another object's number
        b"7 0 obj << /T (not endobj here) >> endobj",  # "endobj" inside a string
        b"7 0 obj << /A 1 >>",  # no endobj in reach
        b"7 0 obj [1 2 >> endobj",  # mismatched closer
        b"7 0 obj R endobj",  # a reference with no numbers
        b"7 0 obj 5 0 R endobj",  # a reference at the top level
        b"7 0 obj << /A 1 endobj",  # a dictionary left open: pdfminer reads on
        b"7 0 obj << /A 1 /B >> endobj",  # a key without a value
    ],
    ids=range(9),
)
def test_file_objects_left_to_pdfminer(data: bytes) -> None:
    with pytest.raises(Unread):
        file_object(DOC, data, 7)


def test_object_stream_quirks() -> None:
    got = stream_objects(DOC, b"10 0 11 9 << /A 1 0 R /N null >> 1 0 obj [true] endobj")
    assert got[:4] == [10, 0, 11, 9]
    assert got[4]["A"].objid == 1 and got[4]["N"] is KWD(b"null")  # a keyword there
    assert got[5:] == [1, 0, [True]]
    with pytest.raises(Unread):
        stream_objects(DOC, b"1 0 R")  # pdfminer fails on a reference at the top level


def pdfminer_object(data: bytes) -> Any:
    """``7 0 obj <object> …`` read as ``PDFDocument._getobj_parse`` reads it."""
    parser = PDFParser(io.BytesIO(data))
    parser.set_document(DOC)
    for _ in range(3):  # the number, the generation, "obj"
        parser.nexttoken()
    return parser.nextobject()[1]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<<", ">>", "[", "]", "/K", "/S", "1", "2", "0 R", "null", "(s)", "true"]),
        min_size=1,
        max_size=14,
    )
)
def test_file_objects_read_as_pdfminer_reads_them(body: list[str]) -> None:
    """Whatever the tokens after "obj", the fast reader gives pdfminer's first object, or
    leaves it to pdfminer (a mismatched closer, a second object that stops it, …)."""
    data = b"7 0 obj " + " ".join(body).encode() + b" endobj\n8 0 obj 5 endobj\n"
    try:
        got = file_object(DOC, data, 7)
    except Unread:
        return
    assert shape(got) == shape(pdfminer_object(data))


FLAT_PIECES = st.sampled_from(
    ["<<", ">>", "[", "]", "/K", "/S", "/TD", "/A1", "1", "23", "0", "R", "0 R", "-1", ".5"]
    + ["null", "(s)", "#20", "x", "/"]
)
SEPARATORS = st.sampled_from(["", " ", "\n", "\x00", "\r\n"])
FLAT_VALUES = st.sampled_from(["/TD", "41", "99 0 R", "[1 2 0 R 3]", "[]", "[ 4 ]", "/A1"])


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(st.tuples(FLAT_PIECES, SEPARATORS).map("".join), max_size=16),
        st.lists(
            st.tuples(
                st.sampled_from(["/K", "/S", "/Pg"]), SEPARATORS, FLAT_VALUES, SEPARATORS
            ).map("".join),
            max_size=6,
        ),
    )
)
def test_flat_objects_read_as_pdfminer_reads_them(entries: list[str]) -> None:
    """A dictionary read by the flat reader is the one pdfminer reads, wherever white space
    is left out or put in (``/K41`` is one name, ``1 0 R2`` no reference); anything else is
    not read by it."""
    data = b"7 0 obj <<" + "".join(entries).encode() + b">> endobj\n"
    got = flat_object(DOC, data, 7)
    if got is not None:
        assert shape(got) == shape(pdfminer_object(data)), data


def test_structure_elements_of_a_browser_print_are_flat() -> None:
    """Chromium's leaf elements and rows are read by the flat reader; its cells (attribute
    dictionaries inside) are not, and are read token by token, alike."""
    leaf = b"100 0 obj\n<</Type /StructElem\n/S /NonStruct\n/P 99 0 R\n/Pg 2 0 R\n/K 41>>\nendobj"
    row = b"105 0 obj\n<</Type /StructElem\n/S /TR\n/P 43 0 R\n/K [106 0 R 108 0 R]>>\nendobj"
    cell = b"101 0 obj\n<</S /TD\n/K 102 0 R\n/A [<</O /Table\n/RowSpan 1>>]>>\nendobj"
    assert shape(flat_object(DOC, leaf, 100)) == shape(pdfminer_object(leaf))
    assert shape(flat_object(DOC, row, 105)) == shape(pdfminer_object(row))
    assert flat_object(DOC, leaf, 101) is None  # another object's number
    assert flat_object(DOC, cell, 101) is None
    named = b"7 0 obj << /Xendobj 1 >> endobj"  # "endobj" inside a name: read to its end
    assert shape(file_object(DOC, named, 7)) == shape(pdfminer_object(named))
    assert shape(file_object(DOC, cell, 101)) == shape(pdfminer_object(cell))


def test_flat_names_kept_are_forgotten_when_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(objects, "PIECES_KEPT", 4)
    for n in range(20):
        data = b"7 0 obj <</K%c /V%d /S /P>> endobj" % (65 + n, n)  # keys are letters only
        got = flat_object(DOC, data, 7)
        assert shape(got) == shape(pdfminer_object(data))
        assert len(objects._KEYS) + len(objects._LITERALS) <= 4 + 4
