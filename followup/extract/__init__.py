"""PDF → cells with page and box → rows (see pipeline.py for the chain of stages, structure.py for
tagged PDFs; ocr.py OCRs scanned pages first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup.extract.settings import ExtractOptions, Tolerances

if TYPE_CHECKING:
    from followup.extract.ocr import extract_document


def __getattr__(name: str) -> Any:
    # imported on first use: pdfplumber and pandas are not needed to parse a command line
    if name == "extract_document":
        from followup.extract.ocr import extract_document

        return extract_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ExtractOptions", "Tolerances", "extract_document"]
