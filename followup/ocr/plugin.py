"""OCRmyPDF plugin: keep each page's hOCR (word confidences) and read table rules from the raster.

OCRmyPDF loads this module by name (``plugins=["followup.ocr.plugin"]``). Two hooks:

- ``filter_ocr_image``: the page image Tesseract is about to read (already deskewed and rotated,
  in the pixels of the text layer) → its table rules (``raster.find_rules``), saved as JSON, and
  the same image with the rules painted white, which Tesseract then reads.
- ``get_ocr_engine``: OCRmyPDF's own Tesseract engine, unchanged, except that after it wrote a
  page's hOCR the file is copied out of OCRmyPDF's temporary folder.

Both write into the folder passed to ``ocrmypdf.ocr`` as ``followup_sidecar`` (OCRmyPDF keeps
unknown keyword arguments in ``options.extra_attrs``), one ``page-NNNNNN.*`` per page. This is
the public plugin interface, so no OCRmyPDF internals are patched; OCRmyPDF must run with
``use_threads=True`` (it does inside followup's worker processes, which may not fork).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins import tesseract_ocr

from followup.ocr.raster import erase_rules, find_rules

SIDECAR_OPTION = "followup_sidecar"
_PAGE_PREFIX = re.compile(r"^(\d+)_")


def sidecar_name(page: int, suffix: str) -> str:
    """File name of a 1-based page's sidecar file: ``page-000001.hocr``, ``.rules.json``."""
    return f"page-{page:06d}{suffix}"


def _sidecar_dir(options: Any) -> Path | None:
    extra = getattr(options, "extra_attrs", None) or {}
    value = extra.get(SIDECAR_OPTION)
    return Path(value) if value else None


class CapturingTesseract(tesseract_ocr.TesseractOcrEngine):
    """OCRmyPDF's Tesseract engine that also keeps the hOCR it writes."""

    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        tesseract_ocr.TesseractOcrEngine.generate_hocr(
            input_file, output_hocr, output_text, options
        )
        out = _sidecar_dir(options)
        match = _PAGE_PREFIX.match(Path(output_hocr).name)  # OCRmyPDF names it 000001_...
        if out is not None and match:
            shutil.copyfile(output_hocr, out / sidecar_name(int(match.group(1)), ".hocr"))


@hookimpl
def get_ocr_engine(options: Any) -> tesseract_ocr.TesseractOcrEngine:
    return CapturingTesseract()


@hookimpl
def filter_ocr_image(page: Any, image: Any) -> Any:
    image = tesseract_ocr.filter_ocr_image(page, image)  # Tesseract's own size limits first
    out = _sidecar_dir(page.options)
    if out is None:
        return image
    dpi = float(image.info.get("dpi", (300, 300))[0]) or 300.0
    rules = find_rules(image, dpi)
    data = {
        "width": image.width,
        "height": image.height,
        "dpi": dpi,
        "rules": [[r.x0, r.y0, r.x1, r.y1] for r in rules],
    }
    target = out / sidecar_name(page.pageno + 1, ".rules.json")
    target.write_text(json.dumps(data), encoding="utf-8")
    return erase_rules(image, rules) if rules else image
