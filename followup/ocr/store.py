"""OCR results on disk, keyed by the PDF's content, the pages OCRed and the OCR settings.

OCR costs seconds per page, extraction a fraction of that, so an OCR result is kept on its own:
a re-extraction with other settings (``--year``, thresholds, a new followup version) reuses it.
An entry ``<root>/ocr/<key[:2]>/<key>/`` holds ``ocr.pdf`` (the OCRed copy, which the audit page
can show) and ``pages.json`` (words with confidences, raster rules). It is written in a temporary
folder and renamed into place, so a reader sees a whole entry or none; a damaged entry is a miss.
The key covers the content hash, the page list, the settings, ``OCR_FORMAT`` and the versions of
OCRmyPDF and Tesseract; the file's name and path are not part of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from followup.ocr.engine import (
    OCR_FORMAT,
    OcrPage,
    OcrResult,
    OcrSettings,
    OcrWord,
    tool_versions,
)


def ocr_key(content_sha256: str, pages: Sequence[int], settings: OcrSettings) -> str:
    data = {
        "format": OCR_FORMAT,
        "content": content_sha256,
        "pages": sorted(set(pages)),
        "settings": settings.key(),
        "tools": tool_versions(),
    }
    text = json.dumps(data, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pages_to_json(pages: dict[int, OcrPage]) -> str:
    data = [
        {
            "number": p.number,
            "words": [list(asdict(w).values()) for w in p.words],
            "rules": [list(r) for r in p.rules],
        }
        for p in pages.values()
    ]
    return json.dumps({"format": OCR_FORMAT, "pages": data}, ensure_ascii=False)


def _pages_from_json(text: str) -> dict[int, OcrPage]:
    data = json.loads(text)
    if data.get("format") != OCR_FORMAT:
        raise ValueError("other format")
    pages: dict[int, OcrPage] = {}
    for item in data["pages"]:
        page = OcrPage(int(item["number"]))
        page.words = [OcrWord(*w) for w in item["words"]]
        page.rules = [tuple(r) for r in item["rules"]]  # type: ignore[misc]
        pages[page.number] = page
    return pages


class OcrStore:
    """Get and put :class:`OcrResult` objects under ``<root>/ocr``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root) / "ocr"

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> OcrResult | None:
        entry = self._entry(key)
        try:
            pages = _pages_from_json((entry / "pages.json").read_text(encoding="utf-8"))
            pdf = entry / "ocr.pdf"
            if not pdf.is_file():
                return None
            return OcrResult(pdf, pages)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: OcrResult) -> OcrResult:
        """Store ``result`` (its PDF is copied) and return it as read from the store."""
        entry = self._entry(key)
        if not entry.exists():
            for folder in (self.root.parent, self.root, entry.parent):  # private, like the cache
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=entry.parent))
            try:
                shutil.copyfile(result.pdf, tmp / "ocr.pdf")
                (tmp / "pages.json").write_text(_pages_to_json(result.pages), encoding="utf-8")
                for item in tmp.iterdir():
                    item.chmod(0o600)
                try:
                    os.rename(tmp, entry)
                except OSError:  # another process stored the same entry first
                    shutil.rmtree(tmp, ignore_errors=True)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        return self.get(key) or result
