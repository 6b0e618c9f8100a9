"""The chain of stages: PDF → page layouts → regions → segments → rows → output frame."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from followup.cache import file_sha256
from followup.errors import ExtractError
from followup.extract.document import NO_TEXT_REASON, as_extract_error, is_garbled, open_document
from followup.extract.header import Header, words_to_lines
from followup.extract.layout import PageLayout, Shape, page_to_layout
from followup.extract.options import ExtractOptions
from followup.extract.regions import Region, layouts_to_regions
from followup.extract.rows import Row, segments_to_rows, words_to_text
from followup.extract.segments import RegionSegments, region_to_segments
from followup.normalize.deadline import deadline_to_date
from followup.normalize.status import LegendEntry, StatusMatch, lines_to_legend, match_status
from followup.normalize.text import casefold_key, clean_text, word_key
from followup.records import Extraction, Finding
from followup.schema import BUILTIN_STATUSES, columns_for

PERSPECTIVES = ["Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"]
_STRATEGIC = re.compile(r"\s*Strategiskt\s+utvecklingsuppdrag\b.*$", re.I | re.S)
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")


def _line_texts(layout: PageLayout, below: float = 0.0, above: float = math.inf) -> list[str]:
    return [
        " ".join(w.text for w in line)
        for line in words_to_lines([w for w in layout.words if below <= w.top < above])
    ]


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


def _legend(layouts: Sequence[PageLayout], first: Region | None) -> list[LegendEntry]:
    """Status legend from the text before the first table (words, or symbols then words)."""
    texts: list[str] = []
    symbols: list[str | None] = []
    for layout in layouts:
        if first is not None and layout.number > first.page:
            break
        stop = first.header.top if first is not None and layout.number == first.page else math.inf
        for line in words_to_lines([w for w in layout.words if w.top < stop]):
            top, bottom = min(w.top for w in line), max(w.bottom for w in line)
            left = [
                s
                for s in layout.shapes
                if s.x1 <= line[0].x0 + 1
                and s.top < bottom
                and s.bottom > top
                and line[0].x0 - s.x1 < 40
            ]
            texts.append(" ".join(w.text for w in line))
            symbols.append(max(left, key=lambda s: s.x1).description if left else None)
    return lines_to_legend(texts, symbols)


def _year(headers: Sequence[Sequence[Header]], layouts: Sequence[PageLayout]) -> int | None:
    for page_headers in headers:
        for header in page_headers:
            if header.year:
                return header.year
    for layout in layouts[:2]:
        for text in _line_texts(layout)[:8]:
            match = _YEAR.search(text)
            if match:
                return int(match.group(1))
    return None


def _symbol_status(shapes: Sequence[Shape], legend: Sequence[LegendEntry]) -> StatusMatch:
    shape = shapes[0]
    desc = shape.description
    for entry in legend:
        if entry.symbol == desc:
            return StatusMatch(entry.word, desc, 100)
    return StatusMatch("", desc, 0)


def _status(row: Row, legend: Sequence[LegendEntry], threshold: int) -> StatusMatch:
    raw = words_to_text(row.words("status"), row.extent("status"))
    if raw:
        vocabulary = [e.word for e in legend] or BUILTIN_STATUSES
        return match_status(raw, vocabulary, threshold)
    if row.shapes:
        return _symbol_status(row.shapes, [e for e in legend if e.symbol])
    return StatusMatch("", "", 0)


CORE = ("goal", "activity", "deadline", "status", "comment")


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
        missing = [r for r in CORE if r not in roles]
        extra = [
            c.header
            for c in header.columns
            if c.role not in CORE and c.score < 80 and c.role not in ("responsible",)
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
            if col.role not in CORE and col.role not in extras:
                extras.append(col.role)
    records = []
    findings: list[Finding] = []
    for index, row in enumerate(rows):
        activity = words_to_text(row.words("activity"), row.extent("activity"), vocabulary)
        strategic = bool(_STRATEGIC.search(activity))
        activity = clean_text(_STRATEGIC.sub("", activity))
        deadline = words_to_text(row.words("deadline"))
        status = _status(row, legend, options.status_threshold)
        comment = words_to_text(row.words("comment"), row.extent("comment"), vocabulary)
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
            record[name] = words_to_text(row.words(name), row.extent(name), vocabulary)
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


def extract_document(path: str | Path, options: ExtractOptions | None = None) -> Extraction:
    """Extract one PDF: every follow-up row with provenance, plus findings for auditors."""
    options = options or ExtractOptions()
    path = Path(path)
    pdf = open_document(path, password=options.password, max_pages=options.max_pages)
    try:
        layouts: list[PageLayout] = []
        for page in pdf.pages:
            layouts.append(page_to_layout(page))
            page.close()  # release the page's parsed objects: memory stays flat
        pages = len(layouts)
    except ExtractError:
        raise
    except Exception as exc:  # pdfminer can fail mid-document on hostile input
        raise as_extract_error(path, exc, password=options.password) from None
    finally:
        pdf.close()
    if not any(layout.char_count for layout in layouts):
        raise ExtractError(path, NO_TEXT_REASON)
    regions, headers = layouts_to_regions(layouts, options.header_threshold)
    if not regions:
        looked = (
            "Förvaltningsmål/Nämndmål, Aktivitet/Åtgärd, Slutdatum, Status/Bedömning, Kommentar"
        )
        raise ExtractError(path, f"no follow-up table found (looked for header rows with {looked})")
    year = options.year or _year(headers, layouts)
    by_page = {layout.number: layout for layout in layouts}
    segmented = [region_to_segments(r) for r in regions]
    perspectives: list[str] = []
    years: list[int | None] = []
    floor_by_page: dict[int, float] = {}
    current = ""
    for rs in segmented:
        region = rs.region
        if not region.continued:
            current = (
                _perspective(
                    by_page[region.page], region.header, floor_by_page.get(region.page, 0.0)
                )
                or current
            )
        floor_by_page[region.page] = region.bottom
        perspectives.append(current)
        years.append(options.year or region.header.year or year)
    vocabulary = Counter(word_key(w.text) for layout in layouts for w in layout.words)
    rows = segments_to_rows(segmented, perspectives, years, vocabulary)
    legend = _legend(layouts, regions[0])
    sha = file_sha256(path)
    frame, findings = rows_to_frame(rows, legend, path, sha, options, year, vocabulary)
    seen: set[int] = set()
    for rs in segmented:
        findings += _region_findings(rs, seen)
    findings.sort(key=lambda f: (f.page, f.row if f.row is not None else -1, f.kind))
    return Extraction(path=path, rows=frame, pages=pages, findings=findings)
