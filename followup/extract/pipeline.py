"""The chain of stages: PDF → page layouts → regions → segments → rows → output frame."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pdfplumber
from rapidfuzz import fuzz

from followup.errors import ExtractError
from followup.extract.document import NO_TEXT_REASON, as_extract_error, is_garbled, open_document
from followup.extract.header import CORE_ROLES, Header, words_to_lines
from followup.extract.layout import PageLayout, page_to_layout
from followup.extract.options import ExtractOptions
from followup.extract.regions import Region, RegionCutter
from followup.extract.rows import Row, segments_to_rows
from followup.extract.segments import RegionSegments, region_to_segments
from followup.hashing import file_sha256
from followup.normalize.deadline import deadline_to_date
from followup.normalize.status import (
    LegendEntry,
    StatusMatch,
    lines_to_legend,
    match_status,
    match_symbol,
)
from followup.normalize.text import casefold_key, clean_text, word_key
from followup.records import Extraction, Finding
from followup.schema import BUILTIN_STATUSES, EXTRA_COLUMNS, columns_for

PERSPECTIVES = ["Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"]
_STRATEGIC = re.compile(r"\s*Strategiskt\s+utvecklingsuppdrag\b.*$", re.I | re.S)
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")


def _line_texts(layout: PageLayout) -> list[str]:
    return [" ".join(w.text for w in line) for line in words_to_lines(layout.words)]


def _perspective(layout: PageLayout, header: Header, floor: float) -> str:
    """The heading nearest above a header row: a known perspective, or a short larger line."""
    lines = words_to_lines([w for w in layout.words if floor <= w.bottom <= header.top + 0.5])
    for line in reversed(lines[-4:]):
        text = clean_text(" ".join(w.text for w in line))
        key = casefold_key(text)
        for name in PERSPECTIVES:
            if key and (
                fuzz.ratio(key, casefold_key(name)) >= 85 or key.startswith(name.casefold())
            ):
                return name
    body = [w.size for w in layout.words]
    median = sorted(body)[len(body) // 2] if body else 10.0
    for line in reversed(lines[-3:]):
        if max(w.size for w in line) >= median * 1.15 and len(line) <= 6:
            return clean_text(" ".join(w.text for w in line))
    return ""


def legend_lines(layout: PageLayout, below: float = math.inf) -> list[tuple[str, str | None]]:
    """A page's text lines above ``below``, each with the symbol drawn just left of it, if any."""
    out: list[tuple[str, str | None]] = []
    for line in words_to_lines([w for w in layout.words if w.top < below]):
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        left = [
            s
            for s in layout.shapes
            if s.x1 <= line[0].x0 + 1
            and s.top < bottom
            and s.bottom > top
            and line[0].x0 - s.x1 < 40
        ]
        symbol = max(left, key=lambda s: s.x1).description if left else None
        out.append((" ".join(w.text for w in line), symbol))
    return out


def _title_year(lines: Sequence[str]) -> int | None:
    for text in lines:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def _status(row: Row, legend: Sequence[LegendEntry], threshold: int) -> StatusMatch:
    raw = row.text("status")
    if raw:
        vocabulary = [e.word for e in legend] or BUILTIN_STATUSES
        return match_status(raw, vocabulary, threshold)
    if row.shapes:
        return match_symbol(row.shapes[0].description, legend, threshold)
    return StatusMatch("", "", 0)


def _row_findings(
    index: int, row: Row, status: StatusMatch, activity: str, path: Path
) -> list[Finding]:
    page = row.first.page
    box = row.box()
    found: list[Finding] = []
    short = activity[:60] + ("…" if len(activity) > 60 else "")
    if not status.status:
        found.append(
            Finding(
                "low_status",
                page,
                f"{path.name} p. {page}: status {status.raw!r} not matched (score {status.score}) "
                f"for activity {short!r}",
                index,
                box,
            )
        )
    if len({seg.page for seg in row.segments}) > 1:
        found.append(
            Finding(
                "page_break_join",
                page,
                f"row joined across pages {row.pages[0]}-{row.pages[1]}: {short!r}",
                index,
                box,
            )
        )
    if row.goal_note:
        how = "merged goal cell" if row.goal_note == "merged" else "goal carried from above"
        found.append(Finding("goal_carried", page, f"{how}: {short!r}", index, box))
    return found


def _region_findings(rs: RegionSegments, seen_headers: set[int]) -> list[Finding]:
    found: list[Finding] = []
    region = rs.region
    if rs.uncovered:
        text = " ".join(w.text for w in rs.uncovered)[:80]
        found.append(
            Finding(
                "uncovered_text",
                region.page,
                f"{len(rs.uncovered)} words inside the table went into no cell: {text!r}",
                None,
                (
                    min(w.x0 for w in rs.uncovered),
                    min(w.top for w in rs.uncovered),
                    max(w.x1 for w in rs.uncovered),
                    max(w.bottom for w in rs.uncovered),
                ),
            )
        )
    header = region.header
    if id(header) not in seen_headers and not region.continued:
        seen_headers.add(id(header))
        roles = {c.role for c in header.columns}
        missing = [r for r in CORE_ROLES if r not in roles]
        extra = [
            c.header
            for c in header.columns
            if c.role not in CORE_ROLES and c.role not in EXTRA_COLUMNS.values()
        ]
        if missing or extra:
            found.append(
                Finding(
                    "header_mismatch",
                    header.page,
                    f"header row {' | '.join(c.header for c in header.columns)!r}: "
                    f"missing {missing or 'none'}, unknown {extra or 'none'}",
                    None,
                    (header.x0, header.top, header.x1, header.bottom),
                )
            )
    return found


def rows_to_frame(
    rows: Sequence[Row],
    legend: Sequence[LegendEntry],
    path: Path,
    sha: str,
    options: ExtractOptions,
    year: int | None,
    vocabulary: Mapping[str, int],
) -> tuple[pd.DataFrame, list[Finding]]:
    """Rows → the output frame in the schema's column order, plus row findings."""
    extras: list[str] = []
    for row in rows:
        for col in row.columns:
            if col.role not in CORE_ROLES and col.role not in extras:
                extras.append(col.role)
    records = []
    findings: list[Finding] = []
    for index, row in enumerate(rows):
        activity = row.text("activity", vocabulary)
        strategic = bool(_STRATEGIC.search(activity))
        activity = clean_text(_STRATEGIC.sub("", activity))
        deadline = row.text("deadline")
        status = _status(row, legend, options.status_threshold)
        comment = row.text("comment", vocabulary)
        row_year = options.year or row.year or year
        x0, top, x1, bottom = row.box()
        record: dict[str, object] = {
            "source": path.name,
            "source_sha256": sha,
            "year": row_year,
            "page": row.pages[0],
            "page_end": row.pages[1],
            "perspective": row.perspective,
            "goal": row.goal.text if row.goal else "",
            "activity": activity,
            "strategic": strategic,
            "deadline": deadline,
            "deadline_date": deadline_to_date(deadline, row_year),
            "status": status.status,
            "status_raw": status.raw,
            "status_score": status.score,
            "comment": comment,
        }
        for name in extras:
            record[name] = row.text(name, vocabulary)
        record.update(
            {
                "x0": round(x0, 2),
                "top": round(top, 2),
                "x1": round(x1, 2),
                "bottom": round(bottom, 2),
            }
        )
        texts = " ".join(str(v) for v in record.values() if isinstance(v, str))
        if is_garbled(texts):
            findings.append(
                Finding(
                    "garbled_text",
                    row.pages[0],
                    f"{path.name} p. {row.pages[0]}: unreadable glyphs (cid) in row",
                    index,
                    (x0, top, x1, bottom),
                )
            )
        findings += _row_findings(index, row, status, activity, path)
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=columns_for(extras))
    return _typed(frame), findings


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype(
        {
            "year": "Int64",
            "page": "int64",
            "page_end": "int64",
            "status_score": "int64",
            "strategic": "bool",
        }
    )
    for col in ("x0", "top", "x1", "bottom"):
        frame[col] = frame[col].astype("float64")
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("string")
    return frame


@dataclass
class _Notes:
    """What the stages need from the whole document besides its tables, gathered page by page."""

    pages: int = 0
    chars: int = 0
    vocabulary: Counter[str] = field(default_factory=Counter)
    title_lines: list[str] = field(default_factory=list)  # first lines of the first pages
    intro: list[tuple[str, str | None]] = field(default_factory=list)  # lines before a table
    intro_done: bool = False

    def add(self, layout: PageLayout) -> None:
        self.pages += 1
        self.chars += layout.char_count
        self.vocabulary.update(word_key(w.text) for w in layout.words)
        if self.pages <= 2:
            self.title_lines += _line_texts(layout)[:8]

    def first_table(self, layout: PageLayout, header_top: float, earlier: list[PageLayout]) -> None:
        """The text before the first table holds the status legend."""
        for page in earlier:
            self.intro += legend_lines(page)
        self.intro += legend_lines(layout, header_top)
        self.intro_done = True


def _pages(pdf: pdfplumber.PDF, path: Path, options: ExtractOptions) -> Iterator[PageLayout]:
    """Page layouts one at a time, each page released as soon as it is read."""
    try:
        for page in pdf.pages:
            layout = page_to_layout(page)
            page.close()
            yield layout
    except ExtractError:
        raise
    except Exception as exc:  # pdfminer can fail mid-document on hostile input
        raise as_extract_error(path, exc, password=options.password) from None


def extract_document(path: str | Path, options: ExtractOptions | None = None) -> Extraction:
    """Extract one PDF: every follow-up row with provenance, plus findings for auditors.

    Pages stream through the stages; after a page's rows are cut only their lines are kept, so
    memory grows with the rows of a document, not with its pages.
    """
    options = options or ExtractOptions()
    path = Path(path)
    pdf = open_document(path, password=options.password, max_pages=options.max_pages)
    encrypted = getattr(pdf.doc, "encryption", None) is not None
    notes = _Notes()
    cutter = RegionCutter(options.header_threshold)
    segmented: list[RegionSegments] = []
    perspectives: list[str] = []
    findings: list[Finding] = []
    seen_headers: set[int] = set()
    before_table: list[PageLayout] = []  # pages before the first table (for the legend)
    floor_by_page: dict[int, float] = {}
    current = ""

    def take(cut: list[tuple[Region, PageLayout]]) -> None:
        nonlocal current
        for region, layout in cut:
            if not notes.intro_done:
                earlier = [p for p in before_table if p.number < region.page]
                notes.first_table(layout, region.header.top, earlier)
                before_table.clear()
            if not region.continued:
                floor = floor_by_page.get(region.page, 0.0)
                current = _perspective(layout, region.header, floor) or current
            floor_by_page[region.page] = region.bottom
            rs = region_to_segments(region)
            findings.extend(_region_findings(rs, seen_headers))
            rs.compact()
            segmented.append(rs)
            perspectives.append(current)

    try:
        for layout in _pages(pdf, path, options):
            notes.add(layout)
            if not notes.intro_done:
                before_table.append(layout)
            take(cutter.feed(layout))
        take(cutter.finish())
    finally:
        pdf.close()
    if not notes.chars:
        raise ExtractError(path, NO_TEXT_REASON)
    if not segmented:
        looked = (
            "Förvaltningsmål/Nämndmål, Aktivitet/Åtgärd, Slutdatum, Status/Bedömning, Kommentar"
        )
        raise ExtractError(path, f"no follow-up table found (looked for header rows with {looked})")
    year = options.year or cutter.year or _title_year(notes.title_lines)
    years = [options.year or rs.region.header.year or year for rs in segmented]
    rows = segments_to_rows(segmented, perspectives, years, notes.vocabulary)
    legend = lines_to_legend([t for t, _ in notes.intro], [s for _, s in notes.intro])
    sha = file_sha256(path)
    frame, row_findings = rows_to_frame(rows, legend, path, sha, options, year, notes.vocabulary)
    findings = row_findings + findings
    findings.sort(key=lambda f: (f.page, f.row if f.row is not None else -1, f.kind))
    return Extraction(
        path=path, rows=frame, pages=notes.pages, findings=findings, encrypted=encrypted
    )
