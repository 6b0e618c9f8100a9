"""Glyphs → words, exactly as pdfplumber's ``WordExtractor`` cuts them, in a fraction of the time.

Extraction cuts words twice over: every page's glyphs, and in a tagged PDF every cell's glyphs
again. pdfplumber's ``extract_words`` is general (four text directions, tolerance ratios,
punctuation splits, text flow) and pays for it on every glyph. :func:`chars_to_raw_words` is the
case extraction uses — upright glyphs, left to right, lines clustered by their top, fixed
tolerances — with pdfplumber's steps in pdfplumber's order and arithmetic: runs of glyphs with
the same ``upright`` and extra attributes, lines by clustering tops within ``y_tolerance``,
glyphs sorted by ``x0`` within a line, a new word at a space, at a glyph left of the previous
one's start, a gap over ``x_tolerance`` or a top more than ``y_tolerance`` away; ligatures
expanded. A run with a glyph that is not upright is handed to pdfplumber.
``tests/test_words.py`` compares the two on every page and cell of every sample and on random
glyphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.utils.text import LIGATURES, WordExtractor

Char = dict[str, Any]
_X0 = itemgetter("x0")


def _lines(run: list[Char], y_tolerance: float) -> list[list[Char]]:
    """pdfplumber's ``cluster_objects`` on ``top``: tops within ``y_tolerance`` of the previous
    (sorted) top are one line; lines top to bottom, glyphs in their order within a line."""
    tops = sorted({c["top"] for c in run})
    cluster: dict[float, int] = {}
    if y_tolerance == 0 or len(tops) < 2:
        cluster = {top: i for i, top in enumerate(tops)}
    else:
        index, last = 0, tops[0]
        for top in tops:
            if top > last + y_tolerance:
                index += 1
            cluster[top] = index
            last = top
    if len(set(cluster.values())) == 1:
        return [run]
    ordered = sorted(run, key=lambda c: cluster[c["top"]])
    return [list(line) for _, line in groupby(ordered, key=lambda c: cluster[c["top"]])]


def _merge(word: list[Char], extra_attrs: Sequence[str]) -> Char:
    """pdfplumber's ``merge_chars`` for upright glyphs read left to right."""
    first = word[0]
    if len(word) == 1:
        x0, top, x1, bottom = first["x0"], first["top"], first["x1"], first["bottom"]
    else:
        x0 = min([c["x0"] for c in word])
        top = min([c["top"] for c in word])
        x1 = max([c["x1"] for c in word])
        bottom = max([c["bottom"] for c in word])
    texts = [c["text"] for c in word]
    merged = {
        "text": "".join([LIGATURES.get(t, t or "") for t in texts]),
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top + (first["doctop"] - first["top"]),
        "bottom": bottom,
        "upright": first["upright"],
        "height": bottom - top,
        "width": x1 - x0,
        "direction": "ltr",
    }
    for key in extra_attrs:
        merged[key] = first[key]
    merged["chars"] = word
    return merged


def chars_to_raw_words(
    chars: Sequence[Char],
    x_tolerance: float,
    y_tolerance: float,
    extra_attrs: Sequence[str] = (),
) -> list[Char]:
    """pdfplumber's ``extract_words(chars, x_tolerance=..., y_tolerance=...,
    keep_blank_chars=False, use_text_flow=False, extra_attrs=..., return_chars=True)``."""
    words: list[Char] = []
    key = itemgetter("upright", *extra_attrs)
    for attrs, group in groupby(chars, key):
        run = list(group)
        upright = attrs[0] if extra_attrs else attrs
        if not upright:
            words += WordExtractor(
                x_tolerance=x_tolerance,
                y_tolerance=y_tolerance,
                extra_attrs=list(extra_attrs),
            ).extract_words(run, return_chars=True)
            continue
        for line in _lines(run, y_tolerance):
            line.sort(key=_X0)
            word: list[Char] = []
            for char in line:
                text = char["text"]
                if text.isspace():
                    if word:
                        words.append(_merge(word, extra_attrs))
                    word = []
                elif not text:  # pdfplumber's punctuation test: "" is "in" every string
                    if word:
                        words.append(_merge(word, extra_attrs))
                    words.append(_merge([char], extra_attrs))
                    word = []
                elif word and (
                    char["x0"] < word[-1]["x0"]
                    or char["x0"] > word[-1]["x1"] + x_tolerance
                    or abs(char["top"] - word[-1]["top"]) > y_tolerance
                ):
                    words.append(_merge(word, extra_attrs))
                    word = [char]
                else:
                    word.append(char)
            if word:
                words.append(_merge(word, extra_attrs))
    return words
