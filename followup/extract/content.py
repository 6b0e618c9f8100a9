"""A page's content streams → the operands and operators pdfminer's interpreter runs.

pdfminer reads a content stream a byte at a time through a chain of small parsing states
(``PSBaseParser``), logging every token, then builds arrays and dictionaries on a stack
(``PSStackParser``). On a page whose producer places every glyph on its own (Chromium prints
``<0041> Tj`` with a move before each glyph), that parse is over half of the time spent on the
page. :func:`streams_to_objects` reads the same bytes with one regular expression per token and
gives the same objects in the same order: ints, floats, booleans, ``bytes`` strings, ``PSLiteral``
names, ``PSKeyword`` operators, lists and dicts, with pdfminer's own quirks (a malformed number is
dropped, an unknown escape in a string drops its character, an odd hex digit stays a byte).
Anything it does not read exactly as pdfminer would (an inline image, a string
or hex string left open at a stream's end, an odd dictionary, strict mode) makes it give ``None``,
and :class:`LeanInterpreter` then runs pdfminer's own parser on the page instead.
``tests/test_content.py`` compares the two on every sample and on hand-written streams.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import islice
from typing import Any

from pdfminer import settings
from pdfminer.pdfinterp import (
    PDFGraphicState,
    PDFInterpreterError,
    PDFPageInterpreter,
    PDFStackT,
)
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import (
    HEX_PAIR,
    KWD,
    LIT,
    SPC,
    PSKeyword,
    PSLiteral,
    keyword_name,
    literal_name,
)

from followup.extract.settings import LINE_KEPT_BYTES, PIECES_KEPT

#: One token after any white space; each alternative is one of pdfminer's parsing states, and
#: its group number tells :func:`stream_to_tokens` which (a malformed number has no group).
_TOKEN = re.compile(
    rb"""[\s\x00]*+(?:
    (%[^\r\n]*)                             # 1 comment
    |([A-Za-z][^#/%\[\]()<>{}\s]*)            # 2 keyword
    |([-+]?[0-9]+)(?![.0-9])                  # 3 integer
    |([-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+))        # 4 real
    |[-+]\.?|\.                               #   "+", "-", "." alone: pdfminer drops them
    |(<<)                                     # 5 dictionary begins
    |<([\s0-9a-fA-F]*)(?=>)                   # 6 hex string (its ">" read as pdfminer does)
    |/([^/%\[\]()<>{}\s]*)                    # 7 name
    |\(([^()\\]*)\)                           # 8 plain literal string
    |(>>)                                     # 9 dictionary ends
    |(>)(?=.)                                 # 10 a lone ">", which pdfminer drops
    |(\()                                     # 11 string with escapes or nesting
    |([<>])                                   # 12 "<" or ">" at the stream's end
    |([^\s\x00])                               # 13 any other byte: a one-byte keyword
    )""",
    re.VERBOSE | re.DOTALL,
)
_REAL = re.compile(rb"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")  # as the pattern's real (4)
_HEX_DIGITS = re.compile(rb"[0-9a-fA-F]*")
#: ``#`` and up to two hex digits in a name: a byte, or nothing when no digit follows.
_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{0,2})")
_OCTAL = frozenset(b"01234567")
_ESCAPES = {ord(k): v for k, v in {"b": 8, "t": 9, "n": 10, "f": 12, "r": 13}.items()} | {
    40: 40,
    41: 41,
    92: 92,
}
_INLINE_IMAGE = (KWD(b"BI"), KWD(b"ID"))
_TRUE, _FALSE = b"true", b"false"
#: Keywords met so far (``KWD`` interns them too; this saves the call), booleans included.
_KEYWORDS: dict[bytes, Any] = {}
_ARRAY_BEGIN, _ARRAY_END = KWD(b"["), KWD(b"]")
_PROC_BEGIN, _PROC_END = KWD(b"{"), KWD(b"}")


class Unread(Exception):
    """The stream holds something this reader leaves to pdfminer's parser."""


def _unescape_name(m: re.Match[bytes]) -> bytes:
    return bytes((int(m.group(1), 16),)) if m.group(1) else b""


def _string_at(data: bytes, start: int) -> tuple[bytes, int]:
    """The literal string opening at ``data[start]`` (a ``(``) and the position after it, read
    as pdfminer's ``_parse_string`` reads it: nested parentheses kept, escapes resolved, an
    unknown escape dropped with its character."""
    out = bytearray()
    depth = 1
    i = start + 1
    end = len(data)
    while i < end:
        c = data[i]
        if c == 92:  # backslash
            i += 1
            if i >= end:
                break
            c = data[i]
            if c in _OCTAL:
                j = i
                while j < end and j - i < 3 and data[j] in _OCTAL:
                    j += 1
                if j >= end:
                    break
                code = int(data[i:j], 8)
                if code > 255:
                    raise Unread
                out.append(code)
                i = j
                continue
            if c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif c == 13 and i + 1 < end and data[i + 1] == 10:
                i += 1
            i += 1
            continue
        if c == 40:
            depth += 1
        elif c == 41:
            depth -= 1
            if not depth:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    raise Unread  # open at the stream's end: pdfminer carries it into the next stream


#: A literal string without white space, parentheses or escapes: one piece, read as one token.
_SIMPLE_STRING = re.compile(rb"\([^()\\\s]*\)")
#: Each white-space-separated piece met so far → its tokens (see :func:`stream_to_tokens`).
_PIECES: dict[bytes, tuple[Any, ...]] = {}
_LAST_PIECES: dict[bytes, tuple[Any, ...]] = {}  # the same for a stream's last piece
_LINES: dict[bytes, tuple[Any, ...]] = {}  # the same for a line (see :func:`stream_to_tokens`)


def stream_to_tokens(data: bytes) -> list[Any]:
    """One content stream's bytes → its tokens (keywords as ``PSKeyword``, ``[`` ``]`` ``<<``
    ``>>`` ``{`` ``}`` as keywords too); raises :class:`Unread` where pdfminer would read
    differently or across into the next stream.

    A stream without comments, and whose literal strings hold no white space, parentheses or
    escapes, is read as its white-space-separated pieces, each piece's tokens looked up once
    (:data:`_PIECES`): a page's pieces repeat (glyph codes, advances, operators), and no other
    token runs on past white space. A piece is read as if white space followed it, which it
    does everywhere but at the stream's end, so the last piece is read where it stands. A hex
    string broken by white space (``<00 41>``) reads as an unclosed ``<`` in its first piece;
    the stream is then read token by token. Whole lines are looked up first (:data:`_LINES`):
    a browser prints each glyph on a line of its own (``7.41 0 Td <0059> Tj``), and those
    lines repeat as the pieces do.
    """
    if _splittable(data):
        head, _, tail = data.rstrip().rpartition(b"\n")
        pieces = tail.split()
        if pieces:
            last = pieces.pop()
            try:
                tokens = _lines_to_tokens(head) if head else []
                tokens += _pieces_to_tokens(pieces)
                ending = _LAST_PIECES.get(last)
                tokens += ending if ending is not None else _keep(_LAST_PIECES, last, _tokens(last))
                return tokens
            except Unread:
                pass
    return _tokens(data)


def _lines_to_tokens(data: bytes) -> list[Any]:
    """The tokens of ``data``'s lines, each line's looked up once (a line longer than
    :data:`LINE_KEPT_BYTES` is read piece by piece each time)."""
    tokens: list[Any] = []
    known = _LINES
    for line in data.split(b"\n"):
        found: Sequence[Any] | None = known.get(line)
        if found is None:
            read = _pieces_to_tokens(line.split())
            found = _keep(known, line, read) if len(line) <= LINE_KEPT_BYTES else read
        tokens += found
    return tokens


def _splittable(data: bytes) -> bool:
    """No comment, and every parenthesis in a string that is one piece (see above)."""
    if b"%" in data:
        return False
    opens = data.count(b"(")
    if not opens:
        return b")" not in data
    return opens == data.count(b")") == len(_SIMPLE_STRING.findall(data))


def _pieces_to_tokens(pieces: list[bytes]) -> list[Any]:
    tokens: list[Any] = []
    known = _PIECES
    for piece in pieces:
        found = known.get(piece)
        if found is None:
            if piece.isdigit():  # an object number, a coordinate: the commonest new pieces
                found = _keep(known, piece, [int(piece)])
            elif _REAL.fullmatch(piece):
                found = _keep(known, piece, [float(piece)])
            else:
                found = _keep(known, piece, _tokens(piece + b" "))
        tokens += found
    return tokens


def _keep(kept: dict[bytes, tuple[Any, ...]], piece: bytes, tokens: list[Any]) -> tuple[Any, ...]:
    """Remember a piece's tokens (all forgotten at once when :data:`PIECES_KEPT` are kept)."""
    if len(kept) >= PIECES_KEPT:
        kept.clear()
    found = kept[piece] = tuple(tokens)
    return found


def _tokens(data: bytes) -> list[Any]:
    """:func:`stream_to_tokens` read token by token."""
    tokens: list[Any] = []
    append = tokens.append
    keywords = _KEYWORDS
    pos = 0
    while True:
        for m in _TOKEN.finditer(data, pos):
            kind = m.lastindex
            if kind == 2:
                text = m.group(2)
                keyword = keywords.get(text)
                if keyword is None:
                    keyword = keywords[text] = (
                        True if text == _TRUE else False if text == _FALSE else KWD(text)
                    )
                append(keyword)
            elif kind == 3:
                append(int(m.group(3)))
            elif kind == 4:
                append(float(m.group(4)))
            elif kind == 6:
                text = m.group(6)
                if len(text) % 2 == 0 and _HEX_DIGITS.fullmatch(text):
                    append(bytes.fromhex(text.decode("ascii")))
                else:
                    append(_hex_string(text))
            elif kind == 7:
                append(_name(m.group(7), m.end() == len(data)))
            elif kind == 8:
                append(m.group(8))
            elif kind == 5 or kind == 9 or kind == 13:
                append(KWD(m.group(kind)))
            elif kind == 11:  # nested parentheses or escapes: read on from here
                text, pos = _string_at(data, m.start(11))
                append(text)
                break
            elif kind == 12:  # pdfminer reads on into the next stream
                raise Unread
            # 1 comment, 10 a lone ">", None a malformed number: nothing
        else:
            return tokens


def _hex_string(text: bytes) -> bytes:
    """A hex string's digits with white space among them, or an odd last digit (kept as its
    own byte, as pdfminer does)."""
    text = SPC.sub(b"", text)
    if len(text) % 2:
        return HEX_PAIR.sub(lambda p: bytes((int(p.group(0), 16),)), text)
    return bytes.fromhex(text.decode("ascii"))


def _name(text: bytes, at_end: bool) -> PSLiteral:
    """A name's bytes (after ``/``) → pdfminer's literal: ``#xx`` escapes resolved, UTF-8 text
    where it decodes."""
    if b"#" in text:
        if at_end:  # pdfminer reads on into the next stream
            raise Unread
        text = _NAME_ESCAPE.sub(_unescape_name, text)
    try:
        return LIT(str(text, "utf-8"))
    except UnicodeDecodeError:
        return LIT(text)


_DICT_BEGIN, _DICT_END = KWD(b"<<"), KWD(b">>")
#: The keywords that open and close an array, a dictionary and a procedure, with their kind.
OPENERS = {_ARRAY_BEGIN: "a", _DICT_BEGIN: "d", _PROC_BEGIN: "p"}
CLOSERS = {_ARRAY_END: "a", _DICT_END: "d", _PROC_END: "p"}
#: The keywords :func:`tokens_to_objects` acts on in a content stream (the rest are operators).
_ACTED_ON = frozenset([*OPENERS, *CLOSERS, *_INLINE_IMAGE])


def tokens_to_objects(
    tokens: list[Any],
    keyword: Callable[[PSKeyword, list[Any], bool], None] | None = None,
    strict: bool = False,
) -> list[Any]:
    """Tokens → the top-level objects pdfminer's stack parser gives: arrays as lists,
    dictionaries as dicts keyed by name (``None`` values left out), a closer that matches no
    opener dropped, and whatever is still open at the end dropped. Other keywords go to
    ``keyword`` with the stack they land on and whether that is inside an array or dictionary;
    without one, as ``PDFContentParser`` handles them: an operator or an array element is kept,
    an inline image is pdfminer's to read. ``strict``: an array or dictionary left open at the
    end is pdfminer's to read too."""
    objects: list[Any] = []
    stack: list[tuple[str, list[Any]]] = []
    current = objects
    kind = ""
    for token in tokens:
        if type(token) is not PSKeyword or (keyword is None and token not in _ACTED_ON):
            current.append(token)  # an operand, or an operator of a content stream
            continue
        opened = OPENERS.get(token)
        if opened is not None:
            stack.append((kind, current))
            kind, current = opened, []
            continue
        closed = CLOSERS.get(token)
        if closed is not None:
            if closed != kind:  # pdfminer's PSTypeError, ignored outside strict mode
                continue
            made: Any = current
            if closed == "d":
                if len(made) % 2:
                    raise Unread
                made = {
                    literal_name(k): v
                    for k, v in zip(made[::2], made[1::2], strict=True)
                    if v is not None
                }
            kind, current = stack.pop()
            current.append(made)
            continue
        if keyword is not None:
            keyword(token, current, current is not objects)
        elif token in _INLINE_IMAGE:
            raise Unread
        else:
            current.append(token)
    if strict and stack:
        raise Unread
    return objects


def streams_to_objects(datas: Sequence[bytes]) -> list[Any] | None:
    """The decoded content streams of a page (or form) → its top-level objects, or ``None``
    where only pdfminer's own parser reads them exactly."""
    if settings.STRICT:
        return None
    try:
        tokens: list[Any] = []
        for data in datas:
            tokens += stream_to_tokens(data)
        return tokens_to_objects(tokens)
    except Unread:
        return None


#: Operators that change neither the graphics state nor what a glyph's copy of it holds: text
#: state, text showing, marked content. A run of them shares one copy of the graphics state.
_TEXT_OPERATORS = frozenset(
    KWD(op)
    for op in (
        b"BT", b"ET", b"Tc", b"Tw", b"Tz", b"TL", b"Tf", b"Tr", b"Ts", b"Td", b"TD", b"Tm",
        b"T*", b"Tj", b"TJ", b"'", b'"', b"BMC", b"BDC", b"EMC", b"MP", b"DP",
    )
)  # fmt: skip


_SHOW, _MOVE = KWD(b"Tj"), KWD(b"Td")


#: Operand types an operator takes as numbers without pdfminer's parsing (not bool).
_NUMBERS = (int, float)


def moves_end(objects: Sequence[Any], start: int) -> int:
    """The end of the run of ``tx ty Td <string> Tj`` (numbers, a string) from ``start``:
    ``start`` when there is none. A browser prints a line a glyph at a time so."""
    end = start
    count = len(objects)
    while (
        end + 5 <= count
        and objects[end + 4] is _SHOW
        and objects[end + 2] is _MOVE
        and type(objects[end + 3]) is bytes
        and type(objects[end]) in _NUMBERS
        and type(objects[end + 1]) in _NUMBERS
    ):
        end += 5
    return end


class LeanInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, reading content streams with :func:`streams_to_objects`
    (pdfminer's own parser where that gives ``None``), finding each operator's method once per
    page instead of once per use, and handing the glyphs of a run of text operators one copy of
    the graphics state (pdfminer copies it for every string shown; a browser shows one string
    per glyph). A run of ``tx ty Td <string> Tj`` after a shown string, how a browser prints a
    line glyph by glyph, goes to the device in one call where it places such runs
    (``LeanDevice.render_strings``)."""

    _state: PDFGraphicState | None = None  # the copy shown strings share (None: make one)
    _sharing = False  # only while execute() below runs the operators

    def execute(self, streams: Sequence[object]) -> None:
        resolved = [stream_value(obj) for obj in streams]
        if any(s.objid is None or s.objid in self.parent_stream_ids for s in resolved):
            return super().execute(streams)  # pdfminer warns and skips these
        objects = streams_to_objects([stream.get_data() for stream in resolved])
        if objects is None:
            return super().execute(streams)
        self.stream_ids.clear()
        self.stream_ids.update(stream.objid for stream in resolved if stream.objid is not None)
        operators: dict[PSKeyword, tuple[Any, int] | None] = {}
        text = _TEXT_OPERATORS
        self._state, self._sharing = None, True
        try:
            steps = enumerate(objects)
            for i, obj in steps:
                if type(obj) is not PSKeyword:
                    self.argstack.append(obj)  # pdfminer's push, without its call
                    continue
                if obj is _SHOW:  # Tj: pdfminer's do_Tj, without its calls
                    stack = self.argstack
                    if not stack:
                        continue
                    end = moves_end(objects, i + 1)
                    if end == i + 1:
                        self._show([stack.pop()])
                    else:  # moves and strings to show after this one: shown with it
                        self._show_moves([stack.pop()], objects[i + 1 : end])
                        next(islice(steps, end - i - 2, None))  # past them
                    continue
                if obj not in text:
                    self._state = None
                if obj in operators:
                    found = operators[obj]
                else:
                    found = operators[obj] = self._operator(obj)
                if found is None:
                    continue
                func, nargs = found
                if nargs:
                    stack = self.argstack  # pdfminer's pop, without its call and copies
                    args = stack[-nargs:]
                    del stack[-nargs:]
                    if len(args) == nargs:
                        func(*args)
                else:
                    func()
        finally:
            self._state, self._sharing = None, False
        return None

    def do_TJ(self, seq: PDFStackT) -> None:
        """pdfminer's ``TJ`` (``Tj``, ``'`` and ``"`` come here too), with the shared copy of
        the graphics state while :meth:`execute` runs."""
        if not self._sharing:
            return super().do_TJ(seq)
        return self._show(seq)

    def _show(self, seq: Any) -> None:
        """Show ``seq`` (pdfminer's device checks what it holds) with the shared state."""
        textstate = self.textstate
        if textstate.font is None:
            if settings.STRICT:
                raise PDFInterpreterError("No font specified!")
            return
        self.device.render_string(textstate, seq, self.graphicstate.ncs, self._shared_state())

    def _shared_state(self) -> PDFGraphicState:
        """The copy of the graphics state the strings shown in a run of text operators share."""
        state = self._state
        if state is None:
            state = self._state = self.graphicstate.copy()
        return state

    def _show_moves(self, seq: Any, moves: Sequence[Any]) -> None:
        """Show ``seq``, then each string of ``moves`` (``tx ty Td <string> Tj``, see
        :func:`moves_end`) after its move: in one call of a device that places such a run
        (``render_strings``), else operator by operator."""
        textstate = self.textstate
        render = getattr(self.device, "render_strings", None)
        if (
            textstate.font is not None
            and render is not None
            and render(textstate, seq, moves, self.graphicstate.ncs, self._shared_state())
        ):
            return
        self._show(seq)
        steps = iter(moves)
        for tx, ty, _, shown, _ in zip(steps, steps, steps, steps, steps, strict=True):
            self.do_Td(tx, ty)
            self._show([shown])

    def do_Td(self, tx: PDFStackT, ty: PDFStackT) -> None:
        """pdfminer's ``Td`` with numbers taken as they are (a browser moves to every glyph);
        anything else goes through pdfminer's own, which parses or refuses it."""
        if type(tx) not in _NUMBERS or type(ty) not in _NUMBERS:
            return super().do_Td(tx, ty)
        x: float = tx  # type: ignore[assignment]  # an int or a float (checked above)
        y: float = ty  # type: ignore[assignment]
        state = self.textstate
        a, b, c, d, e, f = state.matrix
        state.matrix = (a, b, c, d, x * a + y * c + e, x * b + y * d + f)
        state.linematrix = (0, 0)
        return None

    def _operator(self, keyword: PSKeyword) -> tuple[Any, int] | None:
        name = keyword_name(keyword)
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        func = getattr(self, method, None)
        if func is None:
            return None
        return func, func.__code__.co_argcount - 1
