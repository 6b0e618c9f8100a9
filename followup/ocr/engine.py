"""Run OCRmyPDF (Tesseract underneath) on the pages of a PDF that need OCR.

:func:`ocr_pdf` writes a copy of the PDF whose chosen pages are rasterised, rotated upright,
deskewed and given a text layer (``swe+eng``), and returns per page the OCR words in PDF points
(with Tesseract's confidence and language) and the table rules read from the raster. Every
failure is an :class:`~followup.errors.ExtractError` whose one-line reason says what to do,
including which Debian packages to install when a tool is missing.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from followup.errors import ExtractError
from followup.ocr.hocr import parse_hocr
from followup.ocr.words import list_langs

#: Bump when the plugin or the conversion below changes what an OCR result holds.
OCR_FORMAT = 2
ENCRYPTED_SCAN = "encrypted scan: OCR cannot read encrypted PDFs; decrypt it first (qpdf --decrypt)"
#: What OCR needs on Debian/Ubuntu. Ghostscript is not among it: OCRmyPDF 17 rasterises pages with
#: pypdfium2 (a pip dependency) and followup asks for a plain PDF, not PDF/A.
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-swe (or use --ocr never)"


def import_ocrmypdf() -> ModuleType:
    """OCRmyPDF, imported without its change to pdfminer.

    Importing OCRmyPDF replaces pdfminer's ``PDFSimpleFont.__init__`` for the whole process (a
    simple font without ToUnicode and Encoding then reads as ``(cid:NN)``), so every PDF read
    later in the same process, OCRed or not, would read differently from one read before. The
    original is put back; OCRmyPDF itself does not need it (followup OCRs with ``mode="force"``).
    """
    from pdfminer.pdffont import PDFSimpleFont

    before = PDFSimpleFont.__init__
    import ocrmypdf
    from ocrmypdf.pdfinfo import layout

    PDFSimpleFont.__init__ = getattr(layout, "original_pdfsimplefont_init", before)  # type: ignore[method-assign]
    return ocrmypdf


@dataclass(frozen=True)
class OcrSettings:
    """What changes an OCR result (the OCR cache key holds all of it)."""

    languages: tuple[str, ...] = ("swe", "eng")
    deskew: bool = True
    rotate_pages: bool = True
    tesseract_timeout: float = 180.0  # seconds per page

    def key(self) -> dict[str, Any]:
        data = asdict(self)
        data["languages"] = "+".join(self.languages)
        return data


@dataclass(frozen=True)
class OcrWord:
    """A word read by OCR, in PDF points of the OCRed page (origin top-left, as pdfplumber)."""

    text: str
    x0: float
    top: float  # top of the word's line
    x1: float
    bottom: float  # bottom of the word's line
    confidence: float  # Tesseract's word confidence, 0-100
    lang: str  # language model that read it ("swe", "eng")
    size: float  # estimated text size, points


@dataclass
class OcrPage:
    number: int  # 1-based
    words: list[OcrWord] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0 top x1 bot

    @property
    def confidence(self) -> float | None:
        """Mean word confidence of the page, or None without words."""
        if not self.words:
            return None
        return sum(w.confidence for w in self.words) / len(self.words)


@dataclass
class OcrResult:
    """The OCRed copy of a PDF and what OCR read on each page it processed."""

    pdf: Path
    pages: dict[int, OcrPage]


def _tesseract_languages() -> set[str] | None:
    lines = list_langs()
    if lines is None:
        return None
    return {line.strip() for line in lines[1:] if line.strip()}


@functools.lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    """Versions of OCRmyPDF and Tesseract (they change OCR output: part of the cache key)."""
    versions: dict[str, str] = {}
    with contextlib.suppress(Exception):
        ocrmypdf = import_ocrmypdf()
        versions["ocrmypdf"] = str(ocrmypdf.__version__)
    exe = shutil.which("tesseract")
    if exe:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [exe, "--version"], capture_output=True, text=True, timeout=30, check=False
            )
            first = (out.stdout or out.stderr).splitlines()
            versions["tesseract"] = first[0].strip() if first else "unknown"
    return versions


def missing_tools(settings: OcrSettings) -> str | None:
    """None when OCR can run, else a one-line reason saying what to install."""
    try:
        import_ocrmypdf()
    except ImportError:
        return "OCR needs the Python package ocrmypdf: pip install ocrmypdf (or use --ocr never)"
    langs = _tesseract_languages()
    if langs is None:
        return f"OCR needs Tesseract, which is not installed: {INSTALL_HINT}"
    needed = [*settings.languages, *(["osd"] if settings.rotate_pages else [])]
    missing = [lang for lang in needed if lang not in langs]
    if missing:
        packages = " ".join(f"tesseract-ocr-{m}" for m in missing)
        return (
            f"Tesseract has no language data for {'+'.join(missing)}: apt-get install {packages} "
            "(or use --ocr never)"
        )
    return None


def _reason(exc: BaseException) -> str:
    """One line for an OCRmyPDF failure."""
    from ocrmypdf import exceptions as ox

    first = " ".join(str(exc).split())[:160] or type(exc).__name__
    if isinstance(exc, ox.MissingDependencyError):
        return f"OCR needs a program that is missing ({first}): {INSTALL_HINT}"
    if isinstance(exc, ox.EncryptedPdfError):
        return ENCRYPTED_SCAN
    if isinstance(exc, ox.SubprocessOutputError):
        return f"OCR failed (Tesseract or Ghostscript error: {first})"
    return f"OCR failed ({type(exc).__name__}: {first})"


def _quiet_ocrmypdf() -> None:
    # OCRmyPDF logs every page's progress; followup reports failures itself.
    for name in ("ocrmypdf", "pikepdf", "PIL"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _page_sizes(pdf: Path) -> dict[int, tuple[float, float, float, float]]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return {p.page_number: tuple(float(v) for v in p.bbox) for p in doc.pages}  # type: ignore[misc]


def read_sidecar(folder: Path, page: int, bbox: tuple[float, float, float, float]) -> OcrPage:
    """One page's hOCR and rules (pixels of the OCR image) → an OcrPage in PDF points."""
    from followup.ocr.plugin import sidecar_name

    x0, top, x1, bottom = bbox
    result = OcrPage(page)
    hocr_file = folder / sidecar_name(page, ".hocr")
    rules_file = folder / sidecar_name(page, ".rules.json")
    if hocr_file.exists():
        hocr = parse_hocr(hocr_file.read_text(encoding="utf-8"))
        sx = (x1 - x0) / max(hocr.width, 1)
        sy = (bottom - top) / max(hocr.height, 1)
        for w in hocr.words:
            result.words.append(
                OcrWord(
                    text=w.text,
                    x0=round(x0 + w.x0 * sx, 2),
                    top=round(top + w.line_top * sy, 2),
                    x1=round(x0 + w.x1 * sx, 2),
                    bottom=round(top + w.line_bottom * sy, 2),
                    confidence=w.confidence,
                    lang=w.lang,
                    size=round(w.x_size * sy, 2),
                )
            )
    if rules_file.exists():
        data = json.loads(rules_file.read_text(encoding="utf-8"))
        sx = (x1 - x0) / max(int(data["width"]), 1)
        sy = (bottom - top) / max(int(data["height"]), 1)
        for rx0, ry0, rx1, ry1 in data["rules"]:
            horizontal = (rx1 - rx0) >= (ry1 - ry0)
            if horizontal:
                y = round(top + (ry0 + ry1) / 2 * sy, 2)
                result.rules.append((round(x0 + rx0 * sx, 2), y, round(x0 + rx1 * sx, 2), y))
            else:
                x = round(x0 + (rx0 + rx1) / 2 * sx, 2)
                result.rules.append((x, round(top + ry0 * sy, 2), x, round(top + ry1 * sy, 2)))
    return result


def ocr_pdf(
    src: str | Path,
    dest: str | Path,
    pages: Sequence[int],
    settings: OcrSettings | None = None,
) -> OcrResult:
    """OCR ``pages`` (1-based) of ``src`` into the PDF ``dest``; other pages are copied as they are.

    Raises :class:`ExtractError` (naming ``src``) when a tool is missing or OCR fails.
    """
    settings = settings or OcrSettings()
    src, dest = Path(src), Path(dest)
    reason = missing_tools(settings)
    if reason:
        raise ExtractError(src, reason)
    ocrmypdf = import_ocrmypdf()
    _quiet_ocrmypdf()
    with tempfile.TemporaryDirectory(prefix="followup-ocr-") as tmp:
        sidecar = Path(tmp)
        try:
            ocrmypdf.ocr(
                src,
                dest,
                language=list(settings.languages),
                deskew=settings.deskew,
                rotate_pages=settings.rotate_pages,
                mode="force",
                pages=",".join(str(p) for p in sorted(set(pages))),
                output_type="pdf",
                optimize=0,
                jobs=1,
                use_threads=True,
                progress_bar=False,
                invalidate_digital_signatures=True,
                tesseract_timeout=settings.tesseract_timeout,
                plugins=["followup.ocr.plugin"],
                followup_sidecar=str(sidecar),
            )
        except ExtractError:
            raise
        except Exception as exc:  # noqa: BLE001 - every OCRmyPDF failure becomes a reason
            raise ExtractError(src, _reason(exc)) from None
        boxes = _page_sizes(dest)
        result = {p: read_sidecar(sidecar, p, boxes[p]) for p in sorted(set(pages)) if p in boxes}
    return OcrResult(dest, result)
