"""Text as printed → clean text: NFC, ligatures expanded, soft hyphens removed, spaces collapsed.

Joining a cell's wrapped lines is part of the extraction (``followup.extract.cells``): it needs
the lines' geometry.
"""

from __future__ import annotations

import functools
import re
import unicodedata

CASEFOLD_KEYS_KEPT = 4096
SOFT_HYPHEN = "\u00ad"
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE_RE = re.compile("|".join(LIGATURES))
_SPACE_RE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """NFC, ligatures expanded, soft hyphens removed, whitespace collapsed and stripped; a text
    already clean is returned as it is (the same string, not a copy: a long document's texts
    are held once)."""
    cleaned = _LIGATURE_RE.sub(lambda m: LIGATURES[m.group(0)], text)
    cleaned = unicodedata.normalize("NFC", cleaned).replace(SOFT_HYPHEN, "")
    cleaned = _SPACE_RE.sub(" ", cleaned).strip()
    return text if cleaned == text else cleaned


def word_key(word: str) -> str:
    """A word as counted in a document's vocabulary: casefolded, outer punctuation stripped."""
    return word.casefold().strip(".,;:!?()[]\"'”“’")


@functools.lru_cache(maxsize=CASEFOLD_KEYS_KEPT)
def casefold_key(text: str) -> str:
    """Letters only, casefolded and NFC: the key statuses and headers are compared on (kept for
    the texts met most: a header word or a status is compared on every line)."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(ch for ch in text if ch.isalpha())
