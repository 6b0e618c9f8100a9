"""Report identity: which report a PDF is, independent of its year.

``report`` is the report's title with the year, dates and the words "Uppföljning av" removed and
its spacing and punctuation normalised: "Uppföljning av Verksamhetsstöd och services verksamhet och
utveckling 2020" → "Verksamhetsstöd och services verksamhet och utveckling". The same report keeps
the same ``report`` from year to year, which is what lets the diff pair a batch of reports with the
batch of the year before. ``organisation`` is the municipality or region when the first page names
it in its title block, running header or footer ("Linköpings kommun"), else empty.

The title is the first run of consecutive lines on page 1 printed clearly larger than the body text
(>= ``TITLE_SIZE_RATIO`` x the median line size) that looks like a follow-up title; without one,
the first line that mentions "uppföljning".
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence

#: A title line is printed at least this much larger than the median line of page 1.
TITLE_SIZE_RATIO = 1.2
#: Running headers and footers: lines within this share of the page height from its top/bottom.
MARGIN_SHARE = 0.08

_SPACES = re.compile(r"\s+")
_FOLLOWUP = re.compile(r"\buppföljning(?:en)?(?:\s+(?:av|för))?\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:per|t\.?\s?o\.?\s?m\.?|till och med)?\s*(?:den\s+)?\d{1,2}\s+"
    r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
    r"(?:\s+(?:19|20)\d\d)?\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?(?!\d)")
_PERIOD = re.compile(r"\b(?:helår|delår|tertial\s*[1-3]|år)\b", re.IGNORECASE)
#: Words and marks that cannot start or end a report name once the year and "Uppföljning av" are
#: gone ("Verksamhetsplan för år 2021" → "Verksamhetsplan").
_EDGE_WORDS = {"av", "för", "i", "per", "den", "och", "samt", "inför"}
_EDGE_MARKS = "-–—:;,./|·•()[] "
_TITLE_HINT = re.compile(r"uppföljning|verksamhetsplan|verksamhetsberättelse", re.IGNORECASE)
_ORGANISATION = re.compile(
    r"\bRegion\s+[A-ZÅÄÖ][\w-]+"
    r"|\b(?:[A-ZÅÄÖ][\w-]*\s+){0,2}[A-ZÅÄÖ][\w-]*\s+(?:kommun|stad|landsting)\b"
)

#: A printed line of page 1: text, font size (pt), top (pt from the page top).
Line = tuple[str, float, float]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return _SPACES.sub(" ", text).strip()


def title_to_report(title: str) -> str:
    """The report name in ``title``: years, dates, "Uppföljning av" removed; spacing normalised.

    Idempotent; ``""`` when nothing is left.
    """
    s = _clean(title)
    s = _ISO_DATE.sub(" ", s)
    s = _DATE.sub(" ", s)
    s = _YEARS.sub(" ", s)
    s = _FOLLOWUP.sub(" ", s)
    s = _PERIOD.sub(" ", s)
    s = re.sub(r"\s+([,.;:)])", r"\1", s)  # no space before closing marks
    s = re.sub(r"\(\s*\)", " ", s)  # parentheses left empty
    s = re.sub(r"\s*([-–—])(?:\s*[-–—])+", r" \1", s)  # separators left doubled
    s = _SPACES.sub(" ", s).strip()
    while True:
        before = s
        s = s.strip(_EDGE_MARKS)
        words = s.split(" ")
        while words and words[0].casefold() in _EDGE_WORDS:
            words.pop(0)
        while words and words[-1].casefold() in _EDGE_WORDS:
            words.pop()
        s = " ".join(words)
        if s == before:
            break
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    return s


def find_organisation(text: str) -> str:
    """The first municipality or region named in ``text`` ("Linköpings kommun"), else ``""``."""
    match = _ORGANISATION.search(_clean(text))
    return match.group(0) if match else ""


def _title_lines(lines: Sequence[Line]) -> list[Line]:
    if not lines:
        return []
    body = statistics.median(size for _, size, _ in lines)
    runs: list[list[Line]] = []
    for line in lines:
        large = line[1] >= TITLE_SIZE_RATIO * body
        if large and runs and runs[-1] and abs(runs[-1][-1][1] - line[1]) <= 0.5:
            runs[-1].append(line)
        elif large:
            runs.append([line])
        elif runs and runs[-1]:
            runs.append([])  # a smaller line ends the run
    runs = [r for r in runs if r]
    for run in runs:
        if _TITLE_HINT.search(" ".join(t for t, _, _ in run)):
            return run
    for line in lines:
        if re.search(r"uppföljning", line[0], re.IGNORECASE):
            return [line]
    return runs[0] if runs else []


def report_identity(lines: Sequence[Line], page_height: float) -> tuple[str, str]:
    """``(report, organisation)`` from the printed lines of page 1, top to bottom.

    ``organisation`` is searched in the title, the lines above it and the running header and
    footer (lines within ``MARGIN_SHARE`` of the page's top or bottom), never in the tables.
    """
    ordered = sorted(lines, key=lambda line: line[2])
    title = _title_lines(ordered)
    report = title_to_report(" ".join(t for t, _, _ in title))
    title_bottom = title[-1][2] if title else -1.0
    margin = MARGIN_SHARE * page_height
    places = [
        t
        for t, _, top in ordered
        if top <= title_bottom or top <= margin or top >= page_height - margin
    ]
    organisation = next((o for o in map(find_organisation, places) if o), "")
    return report, organisation
