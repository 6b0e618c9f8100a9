"""The content-stream reader (followup/extract/content.py) gives exactly the objects pdfminer's own
parser gives, or ``None`` where it leaves the stream to pdfminer.

Every sample's pages go through both interpreters in ``tests/test_parse.py`` (lean parsing equals
pdfplumber's full parse there); here the reader meets pdfminer's quirks one by one, and random
streams built from the tokens that trip a hand-written tokenizer.
"""

from __future__ import annotations

from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.layout import LTChar, LTRect
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import KWD, LIT, PSEOF, PSKeyword

from followup.extract import content
from followup.extract.content import LeanInterpreter, Unread, stream_to_tokens, streams_to_objects
from followup.extract.parse import LeanDevice, page_to_layout_tree
from tests.conftest import SAMPLES


def pdfminer_objects(datas: list[bytes]) -> list[Any]:
    """What pdfminer's interpreter loop sees: every object ``nextobject`` gives, in order."""
    try:
        parser = PDFContentParser([PDFStream({}, data) for data in datas])
    except PSEOF:
        return []
    out: list[Any] = []
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return out
        out.append(obj)


def same(got: list[Any] | None, want: list[Any]) -> bool:
    """Equal values of equal types, all the way down (``1 == 1.0 == True`` is not enough)."""
    if got is None:
        return False

    def shape(obj: Any) -> Any:
        if isinstance(obj, list):
            return ("list", [shape(x) for x in obj])
        if isinstance(obj, dict):
            return ("dict", [(k, shape(v)) for k, v in obj.items()])
        return (type(obj).__name__, repr(obj))

    return shape(got) == shape(want)


QUIRKS = [
    b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
    b"0 0 1 rg 1 0 0 1 0 0 cm 0g 1G",  # an operator glued to its operand
    b"[(A) -120 (B)] TJ [<0041> 3.5 <00420043>] TJ",
    b"<0041 00 4> Tj <4> Tj <> Tj <a1B2> Tj",  # spaces, an odd digit, an empty hex string
    b"(a (nested) string) Tj (esc \\( \\) \\\\ \\n \\t \\r \\b \\f) Tj",
    b"(octal \\101\\60\\0601 and \\q unknown) Tj (line \\\ncontinued) Tj (cr \\\r\nlf) Tj",
    b"/Span <</MCID 3 /Lang (sv-SE) /Alt <00e5>>> BDC EMC /P <</MCID 0>>BDC",
    b"/Name#20With#41Hex /A#2 /B# /C#zz Do",
    b"1.5 -2 +3 .5 -.25 5. 1.2.3 +- - . -. 4 Tw",
    b"true false null Tz % a comment to the end of the line\n9 Tc",
    b"] ] >> } 1 2 re [ 1 2 >> 3 ] f { 4 5 } q",  # closers that match no opener
    b'12 \x00 13 Td\x00Tj \' " 1 2 (x) "',
    b"<12>> 1 2 >3 Tj",  # a hex string closed by '>>': pdfminer reads a dictionary end
    b"/\xc3\xa5\xc3\xa4 /\xff\xfe 1 \x80 2 #",
    b"(unbalanced ) ) Tj",
]


@pytest.mark.parametrize("data", QUIRKS, ids=range(len(QUIRKS)))
def test_reads_what_pdfminer_reads(data: bytes) -> None:
    assert same(streams_to_objects([data]), pdfminer_objects([data]))


def test_streams_of_a_page_read_as_one_sequence() -> None:
    datas = [b"BT /F1 12 Tf [(A", b") 3 (B)] TJ ET", b"q [1 2", b"] 0 d Q"]
    split = [b"BT /F1 12 Tf", b"[(A) 3", b"(B)] TJ ET q [1 2", b"] 0 d Q"]
    assert same(streams_to_objects(split), pdfminer_objects(split))
    # a string or hex string left open at a stream's end is pdfminer's to read
    assert streams_to_objects(datas) is None
    assert streams_to_objects([b"<00", b"41> Tj"]) is None


@pytest.mark.parametrize(
    "data",
    [
        b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",  # an inline image
        b"(never closed Tj",
        b"<0041",  # hex string open at the end
        b"1 2 <",
        b"1 2 >",
        b"<</MCID>> BDC",  # a dictionary with a key and no value
        b"(\\777) Tj",  # an octal escape above 255: pdfminer asserts
        b"/Name#4",  # a name escape at the stream's end
    ],
    ids=range(8),
)
def test_leaves_to_pdfminer(data: bytes) -> None:
    assert streams_to_objects([data]) is None


def test_strict_mode_is_left_to_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content.settings, "STRICT", True)
    assert streams_to_objects([b"1 0 0 1 0 0 cm"]) is None


FRAGMENTS = st.sampled_from(
    [
        b" ",
        b"\n",
        b"\r\n",
        b"\x00",
        b"\t",
        b"\x0b",
        b"\x0c",
        b"%c\n",
        b"1",
        b"-2",
        b"+",
        b".",
        b"3.25",
        b"-.5",
        b"7.",
        b"/N",
        b"/N#41",
        b"/#",
        b"Tj",
        b"T*",
        b"'",
        b'"',
        b"true",
        b"false",
        b"re",
        b"a#b",
        b"[",
        b"]",
        b"<<",
        b">>",
        b"{",
        b"}",
        b"<",
        b">",
        b"<0041>",
        b"<4 1>",
        b"<abc>",
        b"(s)",
        b"(s s)",
        b"(node1)",
        b"(n(e)st)",
        b"(\\101)",
        b"(\\n\\q)",
        b"(\\\n)",
        b"(",
        b")",
        b"\\",
        b"\x80",
        b"BI",
        b"ID",
        b"EI",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(FRAGMENTS, max_size=25).map(b"".join), min_size=1, max_size=3))
def test_random_streams_read_as_pdfminer_or_left_to_it(datas: list[bytes]) -> None:
    got = streams_to_objects(datas)
    if got is not None:
        want = pdfminer_objects(datas)
        assert same(got, want), (datas, got, want)


def _read(reader: Any, data: bytes) -> list[tuple[type, Any]] | None:
    try:
        return [(type(token), token) for token in reader(data)]
    except Unread:
        return None


@settings(max_examples=600, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map(b"".join), st.booleans())
def test_pieces_read_as_token_by_token(data: bytes, warm: bool) -> None:
    """Reading a stream line by line and piece by piece (with the lines' and pieces' tokens
    remembered from earlier streams, or not) gives the tokens, or the hand-back, of reading it
    token by token."""
    if not warm:
        content._PIECES.clear()
        content._LAST_PIECES.clear()
        content._LINES.clear()
    assert _read(stream_to_tokens, data) == _read(content._tokens, data), data


def test_pieces_are_forgotten_when_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content, "PIECES_KEPT", 3)
    content._PIECES.clear()
    tokens = stream_to_tokens(b"/A /B /C /D 1 Tj")
    assert tokens == [*stream_to_tokens(b"/A /B /C /D 1"), KWD(b"Tj")]
    assert len(content._PIECES) <= 3


def test_pieces_kept_before_are_read_when_the_rest_are_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A stream whose new pieces overflow the store still reads the pieces it shares with
    the streams before it."""
    monkeypatch.setattr(content, "PIECES_KEPT", 4)
    content._PIECES.clear()
    assert stream_to_tokens(b"/A /B 1 2 m") == [LIT("A"), LIT("B"), 1, 2, KWD(b"m")]
    tokens = stream_to_tokens(b"/A 3 4 5 /B l")
    assert tokens == [LIT("A"), 3, 4, 5, LIT("B"), KWD(b"l")]
    assert stream_to_tokens(b"/A 6 l") == [LIT("A"), 6, KWD(b"l")]


def test_a_sample_page_is_read() -> None:
    """The fallback is for the odd stream, not the common one."""
    pdf = SAMPLES / "chromium" / "chromium-vss-2020-landscape.pdf"
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        datas = [stream_value(s).get_data() for s in page.page_obj.contents]
    objects = streams_to_objects(datas)
    assert objects is not None
    assert sum(isinstance(o, PSKeyword) for o in objects) > 1000


def test_interpreter_lays_out_a_page_as_pdfminer_does() -> None:
    pdf = SAMPLES / "tagged" / "vss-2020-writer.pdf"
    with pdfplumber.open(pdf) as lean_doc, pdfplumber.open(pdf) as full_doc:
        lean = page_to_layout_tree(lean_doc.pages[0])
        full = full_doc.pages[0].layout
        assert [_described(o) for o in lean] == [_described(o) for o in full]
        assert lean_doc.pages[0].layout is lean  # pdfplumber's own property reuses it


def _described(obj: Any) -> Any:
    """A layout item's kind and what extraction reads of it (a glyph's box, text, font, size,
    orientation and marked content; any other item's repr)."""
    if isinstance(obj, LTChar):
        fields = ("bbox", "fontname", "size", "upright", "adv", "mcid", "tag")
        return ("char", obj.get_text(), *(getattr(obj, f, None) for f in fields))
    if isinstance(obj, LTRect):  # the lean device's own rectangles (Box) among them
        return ("rect", sorted(vars(obj).items()))
    return repr(obj)


def test_operators_are_found_once_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    original = LeanInterpreter._operator

    def counting(self: LeanInterpreter, keyword: PSKeyword) -> Any:
        looked_up.append(keyword.name.decode())
        return original(self, keyword)

    monkeypatch.setattr(LeanInterpreter, "_operator", counting)
    with pdfplumber.open(SAMPLES / "vss-2020-grid.pdf") as doc:
        page_to_layout_tree(doc.pages[0])
    assert "Tf" in looked_up and "Tm" in looked_up
    assert "Tj" not in looked_up  # shown without a look-up at all
    assert len(looked_up) == len(set(looked_up))
    assert issubclass(LeanInterpreter, PDFPageInterpreter)


@pytest.mark.parametrize(
    "name", ["tagged/vss-2020-chromium.pdf", "tagged/kfn-2022-writer.pdf", "vss-2020-grid.pdf"]
)
def test_glyphs_carry_the_graphics_state_pdfminer_gives_them(name: str) -> None:
    """Shown strings share a copy of the graphics state while only text operators run: every
    glyph still has the colours and line state pdfminer's interpreter gives it (these samples
    print text in up to 72 colours)."""
    colours = set()
    with pdfplumber.open(SAMPLES / name) as lean_doc, pdfplumber.open(SAMPLES / name) as full_doc:
        for lean_page, full_page in zip(lean_doc.pages, full_doc.pages, strict=True):
            lean = [o for o in page_to_layout_tree(lean_page) if isinstance(o, LTChar)]
            full = [o for o in full_page.layout if isinstance(o, LTChar)]
            assert len(lean) == len(full)
            for got, want in zip(lean, full, strict=True):
                assert vars(got.graphicstate) == vars(want.graphicstate)
                assert got.ncs == want.ncs
                colours.add(repr(want.graphicstate.ncolor))
    assert len(colours) > 1


OPERANDS = st.one_of(
    st.integers(-10_000, 10_000),
    st.floats(-1e4, 1e4, allow_nan=False),
    st.booleans(),
    st.none(),
    st.binary(max_size=3),
    st.sampled_from([KWD(b"x"), "1.5"]),
)


@settings(max_examples=300, deadline=None)
@given(
    OPERANDS,
    OPERANDS,
    st.tuples(*(st.floats(-5, 5, allow_nan=False) for _ in range(4))),
    st.tuples(st.floats(-900, 900, allow_nan=False), st.floats(-900, 900, allow_nan=False)),
)
def test_td_moves_the_text_matrix_as_pdfminer_does(
    tx: Any, ty: Any, abcd: tuple[float, ...], ef: tuple[float, float]
) -> None:
    """``Td`` with numbers is worked out without pdfminer's parsing, to the same matrix; any
    other operand (a bool, a string, None) goes through pdfminer's own, warning or not."""
    with pdfplumber.open(SAMPLES / "vss-2020-grid.pdf") as doc:
        states = []
        for cls in (LeanInterpreter, PDFPageInterpreter):
            interpreter = cls(doc.rsrcmgr, PDFDevice(doc.rsrcmgr))
            interpreter.init_state((1, 0, 0, 1, 0, 0))
            interpreter.textstate.matrix = (*abcd, *ef)
            interpreter.textstate.linematrix = (3, 4)
            interpreter.do_Td(tx, ty)
            states.append((interpreter.textstate.matrix, interpreter.textstate.linematrix))
        assert states[0] == states[1]


def _layout_of(stream: bytes, lean: bool) -> list[Any]:
    """``stream`` laid out as the content of page 1 of a Chromium sample (its fonts: ``F4``,
    ``F5``, ``F6``) by the lean interpreter and device, or by pdfminer's and pdfplumber's."""
    with pdfplumber.open(SAMPLES / "tagged" / "vss-2020-chromium.pdf") as doc:
        page = doc.pages[0]
        content = PDFStream({}, stream)
        content.objid = 10**6  # a stream of the file's own (the interpreter checks for loops)
        page.page_obj.contents = [content]
        items = page_to_layout_tree(page) if lean else page.layout
        return [_described(o) for o in items]


GLYPHS = st.sampled_from([b"<0048>", b"<0003>", b"<00B8>", b"<00480051>", b"<>", b"(A)"])
NUMBER = st.one_of(
    st.integers(-50, 50).map(lambda n: b"%d" % n),
    st.floats(-50, 50, allow_nan=False).map(lambda f: b"%.4f" % f),
)
MOVE = st.tuples(NUMBER, NUMBER, GLYPHS).map(lambda m: b"%s %s Td %s Tj" % m)
OTHER = st.sampled_from(
    [
        b"<0037> Tj",
        b"true 0 Td <0048> Tj",  # not a number: pdfminer's own Td
        b"1 Td <0048> Tj",  # an operand short
        b"/F5 9 Tf",
        b"0.5 Tc",
        b"[<0048> -250 <0051>] TJ",
        b"/NonStruct <</MCID 3>> BDC",
        b"EMC",
        b"1 0 0 -1 90 400 Tm",
        b"2 0 0 2 10 10 cm",
        b"Tj",
        b"5 Tj",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(MOVE, MOVE, OTHER), max_size=40))
def test_runs_of_moves_and_glyphs_are_placed_as_pdfminer_places_them(ops: list[bytes]) -> None:
    """A browser's line, ``tx ty Td <glyph> Tj`` glyph after glyph, is placed in one call of
    the lean device: every glyph lands where pdfminer's ``Td`` and ``Tj`` put it, whatever
    breaks the run (another operator, an operand that is not a number, a missing one)."""
    stream = b"BT /F4 12 Tf 1 0 0 -1 72 700 Tm <0037> Tj " + b" ".join(ops) + b" ET"
    assert _layout_of(stream, lean=True) == _layout_of(stream, lean=False)


def test_a_run_of_moves_is_shown_in_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = LeanDevice.render_strings

    def counting(self: LeanDevice, *args: Any) -> bool:
        calls.append(len(args[2]))
        return original(self, *args)

    monkeypatch.setattr(LeanDevice, "render_strings", counting)
    stream = b"BT /F4 12 Tf 1 0 0 -1 72 700 Tm <0051> Tj 6 0 Td <0048> Tj 7.5 0 Td <0051> Tj ET"
    layout = _layout_of(stream, lean=True)
    assert calls == [10]  # the first string, then two moves of five objects
    assert [o[1] for o in layout if o[0] == "char"] == ["n", "e", "n"]
