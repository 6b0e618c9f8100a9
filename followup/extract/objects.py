"""A PDF file's indirect objects read with the content-stream tokenizer instead of pdfminer's.

pdfminer parses each indirect object it is asked for (``PDFDocument._getobj_parse``) and each
object stream (``_get_objects``) with the same byte-at-a-time parser as content streams. A tagged
report's structure tree is hundreds of small dictionaries, one object each; reading them is most
of what the tag reader costs before any page is parsed. :func:`read_objects_fast` gives an open
document two readers that tokenize with :func:`~followup.extract.content.stream_to_tokens` and
build the same objects pdfminer's ``PDFParser`` and ``PDFStreamParser`` build (``n 0 R``
references, ``null``, dictionaries without ``None`` values), and hand everything else back to
pdfminer: an object with a stream, a malformed header, a keyword only pdfminer's parser acts on,
strict mode. A flat dictionary (names, integers, references: most structure elements) is read
with two regular expressions before any of that (:func:`flat_object`).
``tests/test_objects.py`` compares the readers with pdfminer's on every object of every sample
and on generated ones.
"""

from __future__ import annotations

import os
import re
from typing import Any, BinaryIO

from pdfminer import settings
from pdfminer.casting import safe_int
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psparser import KWD, LIT, PSKeyword, PSLiteral

from followup.extract.content import (
    Unread,
    stream_to_tokens,
    tokens_to_objects,
)
from followup.extract.settings import FILE_HELD_BYTES, OBJECT_READ_BYTES, PIECES_KEPT

_OBJ, _ENDOBJ, _R, _NULL = KWD(b"obj"), KWD(b"endobj"), KWD(b"R"), KWD(b"null")

# A flat dictionary object: names, non-negative integers, references and arrays of integers
# and references as its values, every token ended where pdfminer ends it (white space or a
# delimiter after a key, white space between an array's items), "endobj" after it. Chromium
# and Word write most structure elements so; anything else (a string, a nested dictionary, a
# real) is read token by token.
# White space is pdfminer's ``\s`` (a NUL byte is not: it would be part of a name).
_ITEM = rb"\d+\s+\d+\s+R|\d+"  # a reference or an integer
_VALUE = (
    rb"/[A-Za-z0-9]+|" + _ITEM + rb"|\[\s*(?:(?:" + _ITEM + rb")(?:\s+(?:" + _ITEM + rb"))*)?\s*\]"
)
_FLAT_OBJECT = re.compile(
    rb"\s*(\d+)\s+\d+\s+obj\s*<<((?:\s*/[A-Za-z]+(?:\s+|(?=[/\[]))(?:" + _VALUE + rb"))*)"
    rb"\s*>>\s*endobj"
)
_FLAT_ENTRY = re.compile(rb"/([A-Za-z]+)\s*(?:/([A-Za-z0-9]+)|(\d+)\s+\d+\s+R|(\d+)|\[([^\]]*)\])")
_FLAT_ITEM = re.compile(rb"(\d+)\s+\d+\s+R|(\d+)")
#: A flat dictionary's keys as ``str`` and its names as ``PSLiteral`` (pdfminer keeps every name
#: it meets too).
_KEYS: dict[bytes, str] = {}
_LITERALS: dict[bytes, PSLiteral] = {}
#: Keywords ``PDFParser`` acts on beyond references and ``null``: left to it.
_FILE_ONLY = frozenset([KWD(b"xref"), KWD(b"startxref"), _ENDOBJ, KWD(b"stream"), _OBJ])


def _reference(doc: PDFDocument, stack: list[Any], nested: bool) -> None:
    """``n g R`` in an array or dictionary: the two numbers before it become a reference
    (nothing when ``n`` is not one). At the top level pdfminer has handed the numbers on as
    objects already, and its two parsers differ there: left to them."""
    if not nested or len(stack) < 2:
        raise Unread
    objid = stack[-2]
    del stack[-2:]
    if type(objid) is not int:
        objid = safe_int(objid)
    if objid is not None:
        stack.append(PDFObjRef(doc, objid))


def flat_object(doc: PDFDocument, data: bytes, objid: int) -> dict[str, Any] | None:
    """``objid 0 obj << … >> endobj`` at the start of ``data`` → the dictionary, when it is
    flat (see ``_FLAT_OBJECT``); None otherwise."""
    m = _FLAT_OBJECT.match(data)
    if m is None or int(m[1]) != objid:
        return None
    out: dict[str, Any] = {}
    keys, names = _KEYS, _LITERALS
    if len(keys) + len(names) > PIECES_KEPT:  # a hostile file's endless names: forget them
        keys.clear()
        names.clear()
    for key, name, ref, number, array in _FLAT_ENTRY.findall(m[2]):
        value: Any
        if name:
            value = names.get(name)
            if value is None:
                value = names[name] = LIT(name.decode("ascii"))
        elif ref:
            value = PDFObjRef(doc, int(ref))
        elif number:
            value = int(number)
        else:
            value = [PDFObjRef(doc, int(r)) if r else int(n) for r, n in _FLAT_ITEM.findall(array)]
        text = keys.get(key)
        if text is None:
            text = keys[key] = key.decode("ascii")
        out[text] = value
    return out


def file_object(doc: PDFDocument, data: bytes, objid: int) -> Any:
    """``objid 0 obj <object> endobj`` at the start of ``data`` → the object, as
    ``PDFDocument._getobj_parse`` reads it (raises :class:`Unread` where only it can)."""
    flat = flat_object(doc, data, objid)
    if flat is not None:
        return flat

    def keyword(token: PSKeyword, stack: list[Any], nested: bool) -> None:
        if token is _R:
            _reference(doc, stack, nested)
        elif token is _NULL:
            stack.append(None)
        elif token in _FILE_ONLY:
            raise Unread
        else:
            stack.append(token)

    end = data.find(b"endobj")
    if end < 0 or b"stream" in data[:end]:
        raise Unread
    tokens = stream_to_tokens(data[: end + len(b"endobj")])
    if (
        len(tokens) < 5
        or type(tokens[0]) is not int
        or tokens[0] != objid
        or type(tokens[1]) is not int
        or tokens[2] is not _OBJ
        or tokens[-1] is not _ENDOBJ  # not "endobj" inside a string, a name or a keyword
    ):
        raise Unread
    # pdfminer ends the object at "endobj" and gives the first of the (at most) four objects
    # before it; with an array or dictionary still open it reads on past "endobj": left to it
    objects = tokens_to_objects(tokens[3:-1], keyword, strict=True)
    if not objects:
        raise Unread
    return objects[-4:][0]


def stream_objects(doc: PDFDocument, data: bytes) -> list[Any]:
    """An object stream's decoded data → every object in it, as ``PDFStreamParser`` reads them
    (``obj``/``endobj`` skipped, ``null`` kept as a keyword, as pdfminer does there)."""

    def keyword(token: PSKeyword, stack: list[Any], nested: bool) -> None:
        if token is _R:
            _reference(doc, stack, nested)
        elif token is not _OBJ and token is not _ENDOBJ:
            stack.append(token)

    return tokens_to_objects(stream_to_tokens(data), keyword)


def _held_bytes(fp: BinaryIO) -> bytes | None:
    """The whole file, read once, when it is at most :data:`FILE_HELD_BYTES` long: a tagged
    report's structure tree is hundreds of small objects, and a seek and a read each cost
    more than the object's parse. None for a larger file (or one that cannot be read so)."""
    try:
        at = fp.tell()
        size = fp.seek(0, os.SEEK_END)
        if size > FILE_HELD_BYTES:
            fp.seek(at)
            return None
        fp.seek(0)
        data = fp.read()
        fp.seek(at)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, bytes) else None


def read_objects_fast(doc: PDFDocument) -> None:
    """Give ``doc`` the readers above (each falls back to pdfminer's own per object)."""
    parse, objects = doc._getobj_parse, doc._get_objects
    parser = doc._parser
    if parser is None or settings.STRICT:
        return
    fp = parser.fp
    held = _held_bytes(fp)

    def getobj_parse(pos: int, objid: int) -> object:
        if held is not None and pos >= 0:
            data = held[pos : pos + OBJECT_READ_BYTES]
        else:
            fp.seek(pos)
            data = fp.read(OBJECT_READ_BYTES)
        try:
            return file_object(doc, data, objid)
        except Unread:
            return parse(pos, objid)

    def get_objects(stream: PDFStream) -> tuple[list[object], int]:
        n = stream.get("N")
        if type(n) is not int:
            return objects(stream)
        try:
            return stream_objects(doc, stream.get_data()), n
        except Unread:
            return objects(stream)

    doc._getobj_parse = getobj_parse  # type: ignore[method-assign]
    doc._get_objects = get_objects  # type: ignore[method-assign]
