"""OCR for one document: run it (or take it from the store), then per-row confidences.

:func:`run_ocr` is what extraction calls for the pages that need OCR; :func:`row_confidence`
gives a row's mean word confidence and its low-confidence cells from the OCR words that lie in
the row's cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from followup.ocr.engine import OcrPage, OcrResult, OcrSettings, OcrWord, ocr_pdf
from followup.ocr.store import OcrStore, ocr_key

#: A cell whose words' mean confidence is below this is reported (``low_ocr_confidence``).
LOW_CONFIDENCE = 75.0

Box = tuple[float, float, float, float]


def run_ocr(
    path: str | Path,
    pages: Sequence[int],
    *,
    content_sha256: str,
    work_dir: str | Path,
    cache_dir: str | Path | None = None,
    settings: OcrSettings | None = None,
) -> OcrResult:
    """OCR ``pages`` of ``path``: from the store under ``cache_dir`` when there, else OCRmyPDF
    (the result is then stored). Without ``cache_dir`` the OCRed PDF is written in ``work_dir``.
    """
    settings = settings or OcrSettings()
    store = OcrStore(cache_dir) if cache_dir is not None else None
    key = ocr_key(content_sha256, pages, settings)
    if store is not None:
        hit = store.get(key)
        if hit is not None:
            return hit
    result = ocr_pdf(path, Path(work_dir) / "ocr.pdf", pages, settings)
    if store is not None:
        try:
            return store.put(key, result)
        except OSError:  # a full or read-only cache only costs speed
            return result
    return result


def _inside(word: OcrWord, box: Box) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


@dataclass(frozen=True)
class CellConfidence:
    role: str
    page: int
    box: Box
    confidence: float
    text: str


def cell_confidences(page: OcrPage, cells: Iterable[tuple[str, Box]]) -> list[CellConfidence]:
    """Mean confidence of the OCR words in each (role, box) cell of ``page`` that has words."""
    out: list[CellConfidence] = []
    for role, box in cells:
        words = [w for w in page.words if _inside(w, box)]
        if words:
            mean = sum(w.confidence for w in words) / len(words)
            text = " ".join(w.text for w in words)
            out.append(CellConfidence(role, page.number, box, mean, text))
    return out


def mean_confidence(page_words: Iterable[tuple[OcrPage, Box]]) -> float | None:
    """Mean confidence of the OCR words inside the boxes (each on its page), None if none."""
    confs = [w.confidence for page, box in page_words for w in page.words if _inside(w, box)]
    return round(sum(confs) / len(confs), 2) if confs else None
