"""PDF → cells with page and box → rows (see pipeline.py for the chain of stages, structure.py for
tagged PDFs)."""

from followup.extract.settings import ExtractOptions, Tolerances
from followup.extract.structure import extract_document

__all__ = ["ExtractOptions", "Tolerances", "extract_document"]
