"""Deadlines as printed ("Tertial 2", "April 2020", "Q3 2021", "Löpande under året") → ISO dates."""

from __future__ import annotations

import calendar
import re
from datetime import date

from followup.normalize.text import clean_text

MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
TERTIAL_END = {1: (4, 30), 2: (8, 31), 3: (12, 31)}

_TERTIAL = re.compile(r"^(?:tertial|t)\s*([123])(?:\s+(\d{4}))?$", re.I)
_QUARTER = re.compile(r"^(?:q|kvartal)\s*([1-4])(?:\s+(\d{4}))?$", re.I)
_MONTH = re.compile(r"^([a-zåäö]+)\.?\s+(\d{4})$", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(?:år\s+)?(\d{4})$", re.I)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def deadline_to_date(deadline: str, year: int | None) -> str:
    """ISO date of the deadline's last day, or '' when it names no date ("Löpande under året")."""
    text = clean_text(deadline).rstrip(".")
    if not text:
        return ""
    match = _TERTIAL.match(text)
    if match:
        y = int(match.group(2)) if match.group(2) else year
        if y is None:
            return ""
        month, day = TERTIAL_END[int(match.group(1))]
        return date(y, month, day).isoformat()
    match = _QUARTER.match(text)
    if match:
        y = int(match.group(2)) if match.group(2) else year
        return "" if y is None else _month_end(y, int(match.group(1)) * 3).isoformat()
    match = _MONTH.match(text)
    if match and match.group(1).casefold() in MONTHS:
        return _month_end(int(match.group(2)), MONTHS[match.group(1).casefold()]).isoformat()
    match = _ISO.match(text)
    if match:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return ""
    match = _YEAR.match(text)
    if match:
        return date(int(match.group(1)), 12, 31).isoformat()
    return ""
