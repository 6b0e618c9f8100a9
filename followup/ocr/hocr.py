"""Tesseract's hOCR → words with their box, confidence and language.

hOCR is the XHTML Tesseract writes for OCRmyPDF: an ``ocr_page`` holding ``ocr_line``-like
elements holding ``ocrx_word`` spans whose ``title`` carries ``bbox x0 y0 x1 y1; x_wconf NN``
(pixels of the OCR image, origin top-left) and whose ``lang`` (or the paragraph's) says which
language model read it.
OCRmyPDF renders its text layer from these very words; reading them here gives each word's
confidence, which the PDF text layer does not keep.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

_BBOX = re.compile(r"bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_CONF = re.compile(r"x_wconf\s+(\d+(?:\.\d+)?)")
_XSIZE = re.compile(r"x_size\s+(\d+(?:\.\d+)?)")
_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}


@dataclass(frozen=True)
class HocrWord:
    """One word in pixels of the OCR image; ``line`` numbers the line it belongs to."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    confidence: float  # 0-100
    lang: str
    line: int
    line_top: int
    line_bottom: int
    x_size: float  # Tesseract's estimate of the line's text height, pixels


@dataclass(frozen=True)
class HocrPage:
    width: int  # pixels of the OCR image
    height: int
    words: list[HocrWord]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _bbox(title: str) -> tuple[int, int, int, int] | None:
    match = _BBOX.search(title)
    return tuple(int(v) for v in match.groups()) if match else None  # type: ignore[return-value]


def parse_hocr(text: str) -> HocrPage:
    """Parse one page of hOCR. Raises ``ValueError`` on text that is not hOCR."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"not hOCR: {exc}") from None
    page = next((el for el in root.iter() if el.get("class") == "ocr_page"), None)
    if page is None:
        raise ValueError("not hOCR: no ocr_page")
    box = _bbox(page.get("title", ""))
    if box is None:
        raise ValueError("not hOCR: ocr_page without bbox")
    words: list[HocrWord] = []
    langs: dict[int, str] = {}  # element id → language, inherited from the paragraph down

    def inherit(el: ET.Element, lang: str) -> None:
        lang = el.get("lang", lang)
        langs[id(el)] = lang
        for child in el:
            inherit(child, lang)

    inherit(page, "")
    lines = [el for el in page.iter() if el.get("class") in _LINE_CLASSES]
    for number, line in enumerate(lines):
        title = line.get("title", "")
        line_box = _bbox(title)
        xsize = _XSIZE.search(title)
        for el in line.iter():
            if el.get("class") != "ocrx_word":
                continue
            word_box = _bbox(el.get("title", ""))
            content = "".join(el.itertext()).strip()
            if word_box is None or not content:
                continue
            conf = _CONF.search(el.get("title", ""))
            top = line_box[1] if line_box else word_box[1]
            bottom = line_box[3] if line_box else word_box[3]
            words.append(
                HocrWord(
                    text=content,
                    x0=word_box[0],
                    top=word_box[1],
                    x1=word_box[2],
                    bottom=word_box[3],
                    confidence=float(conf.group(1)) if conf else 0.0,
                    lang=langs.get(id(el), ""),
                    line=number,
                    line_top=top,
                    line_bottom=bottom,
                    x_size=float(xsize.group(1)) if xsize else float(bottom - top),
                )
            )
    return HocrPage(width=box[2] - box[0], height=box[3] - box[1], words=words)
