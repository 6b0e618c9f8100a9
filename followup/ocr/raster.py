"""Table rules in a page image: found by long runs of dark pixels, and erased before OCR.

On a scan the table's rules exist only as pixels. This is the morphological line detection of
camelot's lattice mode done with run lengths: a horizontal rule is a run of dark pixels at least
``min_length`` long in a pixel row (an opening with a 1×N kernel; one-pixel gaps from noise are
bridged), a vertical rule the same in a pixel column; runs in neighbouring rows (a rule a few
pixels thick, or slightly skewed) are merged into one rule. Text strokes are far shorter than a
table cell, so they never qualify.

The rules are then painted white in the image Tesseract reads: a vertical rule left in place is
read as ``|`` or ``I`` glued to the cell text, and cells separated by a rule are easier to segment
without it. The rules themselves are kept (in pixels of the OCR image, which is also the text
layer's coordinate system) as geometric evidence for the table reader.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

DARK = 160  # grey level below which a pixel is ink
MIN_LENGTH_IN = 0.3  # a rule is at least this long (inches): longer than any glyph stroke
MAX_THICKNESS_IN = 0.04  # and at most this thick (inches): thicker dark areas are not rules
MERGE_GAP_PX = 3  # runs this close (pixels) belong to the same rule


@dataclass(frozen=True)
class PixelRule:
    """A rule in image pixels: horizontal when ``x1 - x0 >= y1 - y0``."""

    x0: int
    y0: int
    x1: int  # exclusive
    y1: int  # exclusive

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.y1 - self.y0)


def _runs(mask: np.ndarray, min_length: int) -> np.ndarray:
    """Runs of True at least ``min_length`` long in each row: array of (row, start, end)."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    starts = np.argwhere(edges == 1)
    ends = np.argwhere(edges == -1)
    lengths = ends[:, 1] - starts[:, 1]
    keep = lengths >= min_length
    return np.column_stack([starts[keep, 0], starts[keep, 1], ends[keep, 1]])


def _merge(runs: np.ndarray, gap: int) -> list[list[int]]:
    """Merge (row, start, end) runs of neighbouring rows that overlap: [row0, row1, x0, x1]."""
    groups: list[list[int]] = []
    for row, start, end in sorted(runs.tolist()):
        for group in reversed(groups):
            if row - group[1] > gap:
                continue
            if start <= group[3] + gap and end >= group[2] - gap:
                group[1] = row + 1
                group[2] = min(group[2], start)
                group[3] = max(group[3], end)
                break
        else:
            groups.append([row, row + 1, start, end])
    return groups


def _bridged(ink: np.ndarray) -> np.ndarray:
    """``ink`` with one-pixel gaps along each row filled (noise that breaks a thin rule)."""
    out = ink.copy()
    out[:, 1:-1] |= ink[:, :-2] & ink[:, 2:]
    return out


def find_rules(image: Image.Image, dpi: float) -> list[PixelRule]:
    """Horizontal and vertical rules of a page image (any mode), in its pixels."""
    ink = np.asarray(image.convert("L")) < DARK
    min_length = max(10, round(MIN_LENGTH_IN * dpi))
    max_thickness = max(3, round(MAX_THICKNESS_IN * dpi)) + 2 * MERGE_GAP_PX
    rules: list[PixelRule] = []
    for row0, row1, x0, x1 in _merge(_runs(_bridged(ink), min_length), MERGE_GAP_PX):
        if row1 - row0 <= max_thickness:
            rules.append(PixelRule(x0, row0, x1, row1))
    for col0, col1, y0, y1 in _merge(_runs(_bridged(ink.T), min_length), MERGE_GAP_PX):
        if col1 - col0 <= max_thickness:
            rules.append(PixelRule(col0, y0, col1, y1))
    return rules


def erase_rules(image: Image.Image, rules: list[PixelRule], margin: int = 2) -> Image.Image:
    """A copy of ``image`` with every rule (plus ``margin`` pixels) painted white."""
    out = image.copy()
    pixels = np.array(out.convert("L"))
    for r in rules:
        pixels[
            max(0, r.y0 - margin) : r.y1 + margin,
            max(0, r.x0 - margin) : r.x1 + margin,
        ] = 255
    cleaned = Image.fromarray(pixels, mode="L")
    if "dpi" in image.info:
        cleaned.info["dpi"] = image.info["dpi"]
    return cleaned
