"""OCR-specific fixes of single words, before they reach the table reader.

- ``Tertiai``, ``Tertia1``, ``TertiaI`` → ``Tertial``: Tesseract confuses l, i, 1 and I at the end
  of the deadline word.
- Swedish letters: with ``swe+eng`` Tesseract reads some words with its English model, which has
  no å, ä or ö (``Pågår`` → ``Pagar``, ``används`` → ``anvands``), so its spelling says nothing
  about them. Such a word gets its letters back when, with å/ä→a and ö→o, it equals exactly one
  word with å, ä or ö of Tesseract's own Swedish dictionary (the word list inside
  ``swe.traineddata``, see :mod:`followup.ocr.words`), of the document as the Swedish model read
  it, or of the report words below (when several fold alike, ``är``/``år``, the document's own
  words must decide); or when it begins with a document or report word of at least five letters
  (a compound: ``Atgardsplan`` → ``Åtgärdsplan``). It stays as read when the document itself has
  it without marks (read by the Swedish model). Words read by the Swedish model are never
  changed.

- A speck of noise read as ``'`` ``,`` ``.`` glued before a word's first letter
  (``'Samhällsvägledarna``) goes when Tesseract's confidence in the word is low.

Status words with OCR noise need nothing here: they go through the fuzzy match to the legend
like every status, and a match below the threshold is reported as a finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_TERTIAL = re.compile(r"^([Tt])ertia[il1I|!]$")
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O"})
_SWEDISH = set("åäöÅÄÖ")
MIN_PREFIX = 5
_SPECKS = "'‘’`,.·"
SPECK_CONFIDENCE = 70.0  # below this, a speck glued before a word's first letter is noise

#: Words of follow-up reports that carry å, ä or ö (legend words, headers, frequent words).
_REPORT_WORDS = (
    "Pågår Pågående Utgått Genomförd Försenad påbörjad Bedömning Förvaltningsmål Nämndmål Åtgärd "
    "åtgärd åtgärder åtgärden åtgärderna åtgärdsplan är på för år från även också här enligt "
    "Löpande året än återupptas genomförs genomförda uppnått förändringar förvaltningen "
    "förvaltningens kommunövergripande Uppföljning verksamhetsstöd tjänster fördelning "
    "påverkat påverkas mål målet någon några skäl därför därmed också"
)
REPORT_WORDS = tuple(_REPORT_WORDS.split())


def fold(text: str) -> str:
    """``text`` without the Swedish letters' marks: å ä → a, ö → o (case kept)."""
    return unicodedata.normalize("NFC", text).translate(_FOLD)


def has_swedish_letters(text: str) -> bool:
    return any(ch in _SWEDISH for ch in text)


def _strip(word: str) -> str:
    return word.strip(".,;:()!?\"'")


class SwedishLetters:
    """Restores å, ä, ö in words read by an English model, from vocabularies of Swedish words.

    ``dictionary``: a large word list (exact matches only); ``words`` and :meth:`add`: the
    report's and the document's own words (exact matches and compound prefixes). A plain word the
    document itself has (read by the Swedish model) is never changed.
    """

    def __init__(self, words: Iterable[str] = (), dictionary: Iterable[str] = ()) -> None:
        self._by_fold: dict[str, set[str]] = {}
        self._prefix: dict[str, set[str]] = {}
        self._plain: set[str] = set()  # the document's own words without å ä ö
        for word in dictionary:
            word = _strip(word)
            if has_swedish_letters(word):
                self._by_fold.setdefault(fold(word).casefold(), set()).add(word.casefold())
        for word in REPORT_WORDS:
            self.add(word)
        for word in words:
            self.add(word)

    def add(self, word: str) -> None:
        """A word of the document, as the Swedish model read it."""
        word = _strip(word)
        if not word.isalpha():
            return
        if has_swedish_letters(word):
            key = fold(word).casefold()
            self._by_fold.setdefault(key, set()).add(word.casefold())
            self._prefix.setdefault(key, set()).add(word.casefold())
        else:
            self._plain.add(word.casefold())

    @staticmethod
    def _unique(table: dict[str, set[str]], key: str) -> str | None:
        found = table.get(key)
        return next(iter(found)) if found and len(found) == 1 else None

    def restore(self, word: str) -> str:
        """``word`` with its Swedish letters restored when the vocabulary says so unambiguously."""
        match = re.match(r"^(\W*)(\w+)(\W*)$", word)
        if match is None or has_swedish_letters(word):
            return word
        lead, core, tail = match.groups()
        key = core.casefold()
        if key in self._plain:
            return word
        restored = self._unique(self._by_fold, key)
        if restored is None and len(self._by_fold.get(key, ())) > 1:
            # several words fold alike (är, år): the document's own decides, if it can
            restored = self._unique(self._prefix, key)
        if restored is None:
            for length in range(len(key) - 1, MIN_PREFIX - 1, -1):
                prefix = self._unique(self._prefix, key[:length])
                if prefix is not None:
                    restored = prefix + key[length:]
                    break
        if restored is None:
            return word
        return lead + _same_case(restored, core) + tail


def _same_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def fix_ocr_word(text: str, lang: str, letters: SwedishLetters, confidence: float = 100.0) -> str:
    """One OCR word as it should read (see the module docstring)."""
    if confidence < SPECK_CONFIDENCE and len(text) > 2 and text[0] in _SPECKS and text[1].isalpha():
        text = text[1:]
    match = _TERTIAL.match(text)
    if match:
        return match.group(1) + "ertial"
    if lang and lang != "swe" and not has_swedish_letters(text):
        return letters.restore(text)
    return text
