"""The Swedish word list inside Tesseract's language data (``swe.traineddata``).

Tesseract's LSTM models carry a dictionary (a DAWG) of the words of their language: 230 000
Swedish words with Tesseract 5 on Debian. ``combine_tessdata`` and ``dawg2wordlist``, both in
Debian's ``tesseract-ocr`` package, unpack it; :mod:`followup.normalize.ocr` uses it to give
back å, ä and ö to words that Tesseract's English model read. Without the tools or the data the
list is empty and only the document's own words are used.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_DATA_DIR = re.compile(r'"([^"]+)"')


def list_langs() -> list[str] | None:
    """The lines of ``tesseract --list-langs`` (a header naming the data folder, then one
    language a line); None without Tesseract."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return (out or "").splitlines()


def tessdata_dir() -> Path | None:
    """Where Tesseract keeps its language data (from ``tesseract --list-langs``)."""
    lines = list_langs()
    match = _DATA_DIR.search(lines[0]) if lines else None
    return Path(match.group(1)) if match else None


@functools.lru_cache(maxsize=4)
def tesseract_words(lang: str = "swe") -> tuple[str, ...]:
    """The words of Tesseract's ``lang`` dictionary, or () when they cannot be read."""
    folder = tessdata_dir()
    combine, dawg2 = shutil.which("combine_tessdata"), shutil.which("dawg2wordlist")
    if folder is None or combine is None or dawg2 is None:
        return ()
    data = folder / f"{lang}.traineddata"
    if not data.is_file():
        return ()
    with tempfile.TemporaryDirectory(prefix="followup-words-") as tmp:
        # combine_tessdata picks the component by the file name's suffix
        dawg, unicharset = Path(tmp) / "w.lstm-word-dawg", Path(tmp) / "w.lstm-unicharset"
        words = Path(tmp) / "words.txt"
        try:
            subprocess.run(
                [combine, "-e", str(data), str(dawg), str(unicharset)],
                capture_output=True, timeout=60, check=True,
            )  # fmt: skip
            subprocess.run(
                [dawg2, str(unicharset), str(dawg), str(words)],
                capture_output=True, timeout=60, check=True,
            )  # fmt: skip
            return tuple(words.read_text(encoding="utf-8").split())
        except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
            return ()
