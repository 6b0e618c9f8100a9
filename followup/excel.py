"""The ``--excel`` CSV dialect: what Swedish Excel and LibreOffice Calc open as values.

- ``;`` between fields and a UTF-8 BOM (so Excel picks UTF-8 and the Swedish list separator);
- decimal commas (``163,50``): Swedish Excel and Calc read them as numbers, ``163.50`` as text;
- booleans as ``1``/``0``: numbers in every spreadsheet and every language, so ``SUM`` counts
  strategic activities. ``SANT``/``FALSKT`` are booleans only in a Swedish-language Excel or
  Calc, and only while Calc's "detect special numbers" is on; an English Excel shows them as
  text. ``TRUE``/``FALSE`` fail the same way in Swedish;
- dates in ISO form (``2020-12-31``), which both read as dates whatever the language;
- a formula guard: a text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return (which Excel, and for ``=`` Calc, would run as a formula) is written as the formula
  ``="…"`` that yields the text itself. The cell then shows exactly the text (``=1+1``,
  ``- punkt``) and holds nothing a spreadsheet can execute; a ``'`` prefix instead stays visible
  in the cell in both programs. Every other cell is written as it is.
"""

from __future__ import annotations

import re

SEPARATOR = ";"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TRUE, FALSE = "1", "0"

#: Excel refuses string literals longer than 255 characters inside a formula.
_LITERAL_MAX = 255
_GUARDED = re.compile(r'^="((?:[^"]|"")*)"((?:&"(?:[^"]|"")*"|&CHAR\(10\))*)$', re.S)
_PIECE = re.compile(r'&"((?:[^"]|"")*)"|&CHAR\(10\)')


def needs_guard(text: str) -> bool:
    """``text`` would be run as a formula if a spreadsheet read it as it is."""
    return text.startswith(FORMULA_STARTS)


def guard(text: str) -> str:
    """``text`` as a cell a spreadsheet shows as that text and never runs (see module doc)."""
    if not needs_guard(text):
        return text
    parts: list[str] = []
    for k, line in enumerate(text.split("\n")):
        if k:
            parts.append("CHAR(10)")
        chunks = [line[i : i + _LITERAL_MAX] for i in range(0, len(line), _LITERAL_MAX)] or [""]
        parts.extend('"' + chunk.replace('"', '""') + '"' for chunk in chunks)
    return "=" + "&".join(parts)


def unguard(cell: str) -> str:
    """The text a cell written by :func:`guard` shows (other cells are returned unchanged)."""
    match = _GUARDED.match(cell)
    if match is None:
        return cell
    text = match.group(1).replace('""', '"')
    for piece in _PIECE.finditer(match.group(2)):
        text += "\n" if piece.group(1) is None else piece.group(1).replace('""', '"')
    return text if needs_guard(text) else cell


def number(value: float, decimals: int = 2) -> str:
    """``value`` with a decimal comma: ``163,50``."""
    return f"{value:.{decimals}f}".replace(".", ",")


def parse_number(text: str) -> float:
    """Inverse of :func:`number` (also accepts a decimal point)."""
    return float(text.replace(",", "."))
