"""PDF → cells with page and box → rows (see pipeline.py for the chain of stages)."""

from followup.extract.options import ExtractOptions
from followup.extract.pipeline import extract_document

__all__ = ["ExtractOptions", "extract_document"]
