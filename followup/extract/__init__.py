"""PDF → cells with page and box → rows (see pipeline.py for the chain of stages)."""

from followup.extract.pipeline import extract_document
from followup.extract.settings import ExtractOptions, Tolerances

__all__ = ["ExtractOptions", "Tolerances", "extract_document"]
