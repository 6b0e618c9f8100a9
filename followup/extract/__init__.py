"""PDF → cells with page and box → rows (see pipeline.py for the chain of stages, structure.py for
tagged PDFs; ocr.py OCRs scanned pages first)."""

from followup.extract.ocr import extract_document
from followup.extract.settings import ExtractOptions, Tolerances

__all__ = ["ExtractOptions", "Tolerances", "extract_document"]
