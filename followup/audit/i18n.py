"""Every text of the audit pages, in Swedish (default) and English.

The extractor writes its finding messages in English for logs; the page does not show them as
they are. :meth:`Catalogue.finding_text` says the same thing in the page's language, from the
row's fields and the numbers and quoted PDF text in the message.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from followup.records import Finding
from followup.schema import EXTRA_COLUMNS

#: Languages of the audit page; the first is the default.
LANGUAGES: tuple[str, ...] = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

_UI: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Granskning av extraherade aktiviteter",
        "title_short": "Granskning",
        "file": "Fil",
        "pages": "Sidor",
        "rows": "Rader",
        "findings": "Fynd",
        "summary": "Sammanfattning",
        "no_perspective": "(utan perspektiv)",
        "no_status": "(ingen status)",
        "done_line": "{part}: {done} av {total} klara{suffix}",
        "done_suffix": " (status {word})",
        "total": "Totalt",
        "perspective": "Perspektiv",
        "by_level": "Fynd per nivå",
        "kind": "Slag",
        "level": "Nivå",
        "count": "Antal",
        "page_short": "s. {page}",
        "document": "hela filen",
        "row_short": "rad {row}",
        "page": "Sida {page}",
        "page_index": "Sidor",
        "page_index_title": "Sida {page}: {rows} rader",
        "continued": "↳ Fortsättning av rad {row} från sida {page}",
        "continued_tag": "Fortsättning av rad {row}",
        "no_rows_on_page": "Inga rader börjar på sidan.",
        "unplaced": "Rader utan ruta på en sida",
        "search": "Sök",
        "search_placeholder": "Sök i alla fält …",
        "all": "alla",
        "filter_level": "Fynd",
        "level_none": "utan fynd",
        "level_any": "med fel eller varning",
        "filter_signoff": "Granskning",
        "signoff_open": "ej granskade",
        "signoff_done": "granskade",
        "order": "Ordning",
        "order_findings": "fel först",
        "order_document": "som i dokumentet",
        "shown": "Visar {shown} av {total} rader",
        "no_match": "Inga rader matchar.",
        "col_n": "Nr",
        "col_flags": "Fynd",
        "col_check": "Granskad",
        "check_row": "Markera rad {row} som granskad",
        "note": "Anteckning",
        "note_placeholder": "Anteckning om raden …",
        "checked_label": "Granskad",
        "export": "Exportera granskning (CSV)",
        "export_name": "granskning",
        "import": "Läs in granskning (CSV)",
        "import_done": "{count} markeringar inlästa.",
        "import_other": "Filen gäller en annan PDF (SHA-256 skiljer sig); inget lästes in.",
        "import_none": "Inga markeringar hittades i filen.",
        "progress": "{checked} av {total} rader granskade",
        "keys": "Tangenter: j/k nästa/föregående rad, Enter visar alla fält, x markerar granskad, "
        "/ söker, Esc stänger.",
        "details": "Alla fält",
        "close": "Stäng",
        "box": "Ruta (pt)",
        "yes": "ja",
        "no": "nej",
        "print_note": "Utskriften visar varje sida med sina rutor och radtabellen en gång.",
        "index_title": "Granskningar",
        "index_report": "Rapport",
        "index_done": "Klara",
        "index_open": "öppna",
        "ocr": "OCR {value}",
        "structure": "Struktur: {value}",
        "none": "inga",
    },
    "en": {
        "title": "Audit of extracted activities",
        "title_short": "Audit",
        "file": "File",
        "pages": "Pages",
        "rows": "Rows",
        "findings": "Findings",
        "summary": "Summary",
        "no_perspective": "(no perspective)",
        "no_status": "(no status)",
        "done_line": "{part}: {done} of {total} done{suffix}",
        "done_suffix": " (status {word})",
        "total": "Total",
        "perspective": "Perspective",
        "by_level": "Findings by level",
        "kind": "Kind",
        "level": "Level",
        "count": "Count",
        "page_short": "p. {page}",
        "document": "whole file",
        "row_short": "row {row}",
        "page": "Page {page}",
        "page_index": "Pages",
        "page_index_title": "Page {page}: {rows} rows",
        "continued": "↳ Continuation of row {row} from page {page}",
        "continued_tag": "Continuation of row {row}",
        "no_rows_on_page": "No rows start on this page.",
        "unplaced": "Rows without a box on a page",
        "search": "Search",
        "search_placeholder": "Search all fields …",
        "all": "all",
        "filter_level": "Findings",
        "level_none": "without findings",
        "level_any": "with errors or warnings",
        "filter_signoff": "Review",
        "signoff_open": "not checked",
        "signoff_done": "checked",
        "order": "Order",
        "order_findings": "errors first",
        "order_document": "as in the document",
        "shown": "Showing {shown} of {total} rows",
        "no_match": "No rows match.",
        "col_n": "No",
        "col_flags": "Findings",
        "col_check": "Checked",
        "check_row": "Mark row {row} as checked",
        "note": "Note",
        "note_placeholder": "Note on this row …",
        "checked_label": "Checked",
        "export": "Export review (CSV)",
        "export_name": "review",
        "import": "Load review (CSV)",
        "import_done": "{count} marks loaded.",
        "import_other": "The file is for another PDF (SHA-256 differs); nothing was loaded.",
        "import_none": "No marks found in the file.",
        "progress": "{checked} of {total} rows checked",
        "keys": "Keys: j/k next/previous row, Enter shows all fields, x marks checked, "
        "/ searches, Esc closes.",
        "details": "All fields",
        "close": "Close",
        "box": "Box (pt)",
        "yes": "yes",
        "no": "no",
        "print_note": "The print shows every page with its boxes and the row table once.",
        "index_title": "Audits",
        "index_report": "Report",
        "index_done": "Done",
        "index_open": "open",
        "ocr": "OCR {value}",
        "structure": "Structure: {value}",
        "none": "none",
    },
}

_LEVELS: dict[str, dict[str, tuple[str, str]]] = {  # level -> (singular, plural)
    "sv": {"error": ("Fel", "Fel"), "warning": ("Varning", "Varningar"), "info": ("Info", "Info")},
    "en": {
        "error": ("Error", "Errors"),
        "warning": ("Warning", "Warnings"),
        "info": ("Info", "Info"),
    },
}

_KINDS: dict[str, dict[str, str]] = {
    "sv": {
        "uncovered_text": "Text utanför celler",
        "low_status": "Osäker eller saknad status",
        "garbled_text": "Oläslig text",
        "damaged_page": "Skadad sida",
        "tag_disagreement": "Taggar och geometri säger olika",
        "low_ocr_confidence": "Låg OCR-säkerhet",
        "page_break_join": "Rad sammanfogad över sidbrytning",
        "goal_carried": "Mål hämtat ovanifrån",
        "header_mismatch": "Rubrikrad avviker",
        "pdf_warning": "Varning vid läsning av PDF-filen",
        "goal_merged": "Mål från sammanslagen cell",
    },
    "en": {
        "uncovered_text": "Text outside cells",
        "low_status": "Doubtful or missing status",
        "garbled_text": "Unreadable text",
        "damaged_page": "Damaged page",
        "tag_disagreement": "Tags and geometry disagree",
        "low_ocr_confidence": "Low OCR confidence",
        "page_break_join": "Row joined across a page break",
        "goal_carried": "Goal carried from above",
        "header_mismatch": "Header row differs",
        "pdf_warning": "Warning while reading the PDF",
        "goal_merged": "Goal from a merged cell",
    },
}

_FIELDS: dict[str, dict[str, str]] = {
    "sv": {
        "source": "Källa",
        "path": "Sökväg",
        "source_sha256": "SHA-256",
        "report": "Rapport",
        "organisation": "Organisation",
        "year": "År",
        "page": "Sida",
        "page_end": "Slutsida",
        "perspective": "Perspektiv",
        "goal": "Mål",
        "activity": "Aktivitet",
        "strategic": "Strategisk",
        "marker": "Markering",
        "deadline": "Tidsplan",
        "deadline_date": "Slutdatum",
        "status": "Status",
        "status_raw": "Status (text)",
        "status_score": "Statuspoäng",
        "comment": "Kommentar",
        "structure": "Struktur",
        "ocr": "OCR",
        "ocr_confidence": "OCR-säkerhet",
        **{column: header for header, column in EXTRA_COLUMNS.items()},
    },
    "en": {
        "source": "Source",
        "path": "Path",
        "source_sha256": "SHA-256",
        "report": "Report",
        "organisation": "Organisation",
        "year": "Year",
        "page": "Page",
        "page_end": "End page",
        "perspective": "Perspective",
        "goal": "Goal",
        "activity": "Activity",
        "strategic": "Strategic",
        "marker": "Marker",
        "deadline": "Deadline",
        "deadline_date": "Deadline date",
        "status": "Status",
        "status_raw": "Status (printed)",
        "status_score": "Status score",
        "comment": "Comment",
        "structure": "Structure",
        "ocr": "OCR",
        "ocr_confidence": "OCR confidence",
        "responsible": "Responsible",
    },
}

#: Finding texts per kind; ``{…}`` fields come from the row or the message (see finding_text).
_FINDINGS: dict[str, dict[str, str]] = {
    "sv": {
        "low_status": "Statusen ”{raw}” kunde inte matchas (poäng {score}).",
        "low_status_empty": "Ingen status utskriven.",
        "page_break_join": "Raden börjar på sida {page} och slutar på sida {page_end}.",
        "goal_merged": "Målet står i en cell över flera rader, eller en gång ovanför gruppen.",
        "goal_carried": "Målet står inte på sidan; det är hämtat från sida {source}.",
        "uncovered_text": "{count} ord i tabellen hamnade inte i någon cell: {text}",
        "header_mismatch": "Rubrikraden {header} saknar {missing}; okända kolumner: {unknown}.",
        "garbled_text": "Raden har oläsliga tecken (typsnitt utan teckentabell, (cid:NN)).",
        "damaged_page": "Sidan kunde inte läsas helt; rader på den kan saknas eller vara "
        "ofullständiga.",
        "pdf_warning": "PDF-läsaren varnade när filen lästes; kontrollera att inga rader saknas.",
        "tag_disagreement": "PDF:ens taggar och tabellens geometri ger olika rader.",
        "low_ocr_confidence": "Texten är OCR-läst med låg säkerhet.",
        "low_ocr_confidence_value": "Texten är OCR-läst med låg säkerhet ({value}).",
        "generic": "Kontrollera raden eller sidan.",
        "quoted": "Text i PDF:en: {text}",
    },
    "en": {
        "low_status": "Status “{raw}” could not be matched (score {score}).",
        "low_status_empty": "No status printed.",
        "page_break_join": "The row starts on page {page} and ends on page {page_end}.",
        "goal_merged": "The goal is in a cell spanning several rows, or printed once above them.",
        "goal_carried": "The goal is not on this page; it is taken from page {source}.",
        "uncovered_text": "{count} words inside the table went into no cell: {text}",
        "header_mismatch": "Header row {header} lacks {missing}; unknown columns: {unknown}.",
        "garbled_text": "The row has unreadable glyphs (font without a character map, (cid:NN)).",
        "damaged_page": "The page could not be read in full; its rows may be missing or "
        "incomplete.",
        "pdf_warning": "The PDF reader warned while reading the file; check that no rows are "
        "missing.",
        "tag_disagreement": "The PDF's tags and the table's geometry give different rows.",
        "low_ocr_confidence": "The text was read by OCR with low confidence.",
        "low_ocr_confidence_value": "The text was read by OCR with low confidence ({value}).",
        "generic": "Check the row or page.",
        "quoted": "Text in the PDF: {text}",
    },
}

#: Kinds whose text needs nothing from the message (others fall back to a generic text).
_PLAIN_KINDS = {"damaged_page", "pdf_warning", "tag_disagreement", "low_ocr_confidence"}

_QUOTED = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)\"""")
_UNCOVERED = re.compile(r"^(\d+) words? inside the table went into no cell: (.*)$", re.S)
_HEADER = re.compile(r"^header row (.*): missing (.*), unknown (.*)$", re.S)


def _literal(text: str) -> object:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text


@dataclass(frozen=True)
class Catalogue:
    """Texts of one language. ``Catalogue("en")``; unknown languages raise ValueError."""

    lang: str = DEFAULT_LANGUAGE

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown language {self.lang!r} (use {' or '.join(LANGUAGES)})")

    def t(self, key: str, **values: object) -> str:
        """A text of the page, with ``{name}`` fields filled in."""
        text = _UI[self.lang][key]
        return text.format(**values) if values else text

    def level(self, level: str, plural: bool = False) -> str:
        pair = _LEVELS[self.lang].get(level, (level, level))
        return pair[1] if plural else pair[0]

    def kind(self, kind: str) -> str:
        """Label of a finding kind; a kind without one shows as it is named."""
        return _KINDS[self.lang].get(kind, kind.replace("_", " "))

    def field(self, column: str) -> str:
        """Label of an output column; unknown (extra) columns show as they are named."""
        return _FIELDS[self.lang].get(column, column)

    def yes_no(self, value: bool) -> str:
        return self.t("yes") if value else self.t("no")

    def _f(self, key: str, **values: object) -> str:
        return _FINDINGS[self.lang][key].format(**values)

    def finding_text(self, finding: Finding, row: dict[str, str] | None = None) -> str:
        """What ``finding`` means, in this language. ``row``: the row's fields as displayed."""
        row = row or {}
        kind, message = finding.kind, finding.message
        if kind == "low_status":
            raw = row.get("status_raw", "")
            if not raw and row:
                return self._f("low_status_empty")
            if not row:
                quoted = self._quoted(message)
                raw = quoted[0] if quoted else ""
            return self._f("low_status", raw=raw, score=row.get("status_score", "?"))
        if kind == "page_break_join":
            found = re.search(r"pages (\d+)-(\d+)", message)
            page = row.get("page") or (found.group(1) if found else finding.page)
            page_end = row.get("page_end") or (found.group(2) if found else "?")
            return self._f("page_break_join", page=page, page_end=page_end)
        if kind == "goal_carried":
            found = re.search(r"from page (\d+)", message)
            return self._f(kind, source=found.group(1) if found else "?")
        if kind in ("goal_merged", "garbled_text"):
            return self._f(kind)
        if kind == "uncovered_text":
            match = _UNCOVERED.match(message)
            if match:
                text = _literal(match.group(2))
                return self._f("uncovered_text", count=match.group(1), text=f"”{text}”")
        if kind == "header_mismatch":
            match = _HEADER.match(message)
            if match:
                return self._f(
                    "header_mismatch",
                    header=f"”{_literal(match.group(1))}”",
                    missing=self._fields(_literal(match.group(2))),
                    unknown=self._names(_literal(match.group(3))),
                )
        if kind == "low_ocr_confidence":
            value = row.get("ocr_confidence", "")
            if value:
                return self._f("low_ocr_confidence_value", value=value)
        texts = _FINDINGS[self.lang]
        base = texts[kind] if kind in _PLAIN_KINDS else texts["generic"]
        if kind in ("damaged_page", "pdf_warning"):
            return base  # the reader's own diagnostics stay in the message (data-message)
        quoted = self._quoted(message)
        if quoted:
            return base + " " + self._f("quoted", text=" · ".join(f"”{q}”" for q in quoted))
        return base

    def _fields(self, value: object) -> str:
        if isinstance(value, list) and value:
            return ", ".join(self.field(str(v)) for v in value)
        return self.t("none")

    def _names(self, value: object) -> str:
        if isinstance(value, list) and value:
            return ", ".join(f"”{v}”" for v in value)
        return self.t("none")

    @staticmethod
    def _quoted(message: str) -> list[str]:
        return [a or b for a, b in _QUOTED.findall(message)]
