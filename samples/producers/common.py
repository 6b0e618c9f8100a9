"""What every producer sample shares: the variants, the ground truth, and the expected CSVs.

A variant says what the report looks like (producer, rules, font, orientation, how a status is
shown, the legend's form, header words, the priority marker's wording). The producers render it;
this module then reads the rendered PDF back *without the extractor* to find where each row's text
landed (page, last page, box) and writes the expected CSV from the ground truth.

Where a row landed is found by matching the ground-truth text of each cell, in order, against the
glyphs inside that column's band between the table's rules (see ``locate_rows``). Only the row's
box and pages come from the PDF; every text column comes from the ground truth.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent
ROOT = SAMPLES.parent
sys.path.insert(0, str(SAMPLES))
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from make_samples import SYMBOLS, deadline_date, status_score  # noqa: E402

from followup.tableio import write_table  # noqa: E402

DATA = SAMPLES / "data"
EXPECTED = SAMPLES / "expected"
#: every producer's page has a bottom margin of at least 20 mm; page numbers sit inside it
BODY_BOTTOM = 20 / 25.4 * 72
PERSPECTIVES = ["Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"]

#: status word -> colour of a status cell or dot (VSS words as in the ReportLab samples)
COLOURS = {word: colour for word, (_, colour) in SYMBOLS.items()} | {
    "Genomförd": "#2e7d32",
    "Pågår": "#ef6c00",
    "Försenad": "#c62828",
    "Ej påbörjad": "#9e9e9e",
}

VSS_HEADERS = {
    "activity": "Aktivitet",
    "deadline": "Slutdatum\n{year}",
    "status": "Status",
    "comment": "Kommentar",
}
KFN_HEADERS = {
    "activity": "Åtgärd",
    "deadline": "Klart senast",
    "responsible": "Ansvarig",
    "status": "Bedömning",
    "comment": "Kommentar och analys",
}


@dataclass
class Variant:
    """One producer sample: what it looks like. ``name`` is the PDF's stem."""

    name: str
    producer: str  # "libreoffice" | "chromium" | "pdflatex"
    data: str  # file in samples/data/
    widths: dict[str, float]  # column key -> relative width
    rules: str = "grid"  # "grid" | "hrules"
    font: str = "Liberation Sans"
    size: float = 10.0
    landscape: bool = False
    status: str = "word"  # "word" | "colour" (word on a coloured cell) | "dot" (dot only)
    legend: str = "="  # "=" | "–" | ":" | "dot" ("● Word meaning")
    headers: dict[str, str] = field(default_factory=lambda: dict(VSS_HEADERS))
    goal_headers: dict[str, str] | None = None  # per perspective; None: the data's own
    marker: str | None = None  # wording of the priority marker; None: the data's own
    orphan: str | None = None  # perspective whose heading is left alone at a page foot
    traits: str = ""  # for samples/README.md

    @property
    def pdf(self) -> Path:
        return SAMPLES / self.producer / f"{self.name}.pdf"

    @property
    def csv(self) -> Path:
        return EXPECTED / f"{self.name}.csv"

    def doc(self) -> dict:
        return json.loads((DATA / self.data).read_text(encoding="utf-8"))

    def columns(self) -> list[str]:
        extra = ["responsible"] if "responsible" in self.widths else []
        return ["goal", "activity", "deadline", *extra, "status", "comment"]

    def header(self, key: str, perspective: str, doc: dict) -> str:
        if key == "goal":
            goals = self.goal_headers or doc["goal_headers"]
            return goals[perspective]
        return self.headers[key].format(year=doc["year"])

    def marker_text(self, doc: dict) -> str:
        return self.marker if self.marker is not None else doc["strategic_marker"]

    def legend_lines(self, doc: dict) -> list[tuple[str | None, str]]:
        """(dot colour or None, text) per legend line, in the variant's form."""
        out: list[tuple[str | None, str]] = []
        for item in doc["legend"]:
            word, meaning = item["word"], item["definition"]
            if self.legend == "dot":
                out.append((COLOURS[word], f"{word} {meaning}"))
            elif self.legend == ":":
                out.append((None, f"{word}: {meaning}"))
            else:
                out.append((None, f"{word} {self.legend} {meaning}"))
        return out


def groups(acts: list[dict], perspective: str) -> list[list[int]]:
    """Indexes of the perspective's activities, grouped by consecutive equal goals."""
    out: list[list[int]] = []
    for i, a in enumerate(acts):
        if a["perspective"] != perspective:
            continue
        if out and acts[out[-1][-1]]["goal"] == a["goal"]:
            out[-1].append(i)
        else:
            out.append([i])
    return out


# ----------------------------------------------------------------------------- reading back
def _norm(text: str) -> str:
    """Text for matching: NFKC, no whitespace, no hyphens (producers hyphenate at line ends)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad\u2010\u2011")


@dataclass
class Placed:
    page: int
    page_end: int
    box: tuple[float, float, float, float]
    cells: dict[str, tuple[int, int]]  # column key -> (first page, last page)


def rules_of(page) -> tuple[float, float, list[float]]:
    """Left and right edge of the table on a page and the heights of its horizontal rules.

    A rule is a run of thin horizontal lines or filled rectangles at one height (browsers draw
    one segment per cell) that together span more than 100 pt.
    """
    thin = [
        o
        for o in page.lines + page.rects
        if o["bottom"] - o["top"] < 2.5 and o["x1"] - o["x0"] > 3 * (o["bottom"] - o["top"])
    ]
    runs: list[list[dict]] = []
    for o in sorted(thin, key=lambda o: (o["top"] + o["bottom"]) / 2):
        mid = (o["top"] + o["bottom"]) / 2
        if runs and mid - (runs[-1][-1]["top"] + runs[-1][-1]["bottom"]) / 2 <= 1.0:
            runs[-1].append(o)
        else:
            runs.append([o])
    runs = [r for r in runs if max(o["x1"] for o in r) - min(o["x0"] for o in r) > 100]
    if not runs:
        return 0.0, 0.0, []
    ys = [sum((o["top"] + o["bottom"]) / 2 for o in r) / len(r) for r in runs]
    left = min(o["x0"] for r in runs for o in r)
    right = max(o["x1"] for r in runs for o in r)
    return left, right, ys


def locate_rows(variant: Variant, pdf_path: Path, acts: list[dict]) -> list[Placed]:
    """Find each row's text in the PDF without the extractor.

    Per page, the table's left/right edge comes from its horizontal rules (every variant has them);
    the column bands are the variant's relative widths laid over that edge. Glyphs whose centre lies
    in a band and between the table's top and bottom rule form that column's text stream, line by
    line (baseline clusters), page after page. Each cell's ground-truth text (activity with its
    marker, deadline, extra columns, status word, comment) is then found in its column's stream,
    in report order; a status dot is the k-th small filled shape in the status band. A row's page
    and last page are the first and last page its cells touch; its box is the union of its glyphs
    (and dot) on its first page: the definition the extractor's box follows.
    """
    import pdfplumber

    doc = variant.doc()
    keys = [k for k in variant.columns() if k != "goal"]
    total = sum(variant.widths.values())
    streams: dict[str, list[tuple[str, int, list[tuple[int, tuple]]]]] = {k: [] for k in keys}
    dots: list[tuple[int, tuple]] = []
    with pdfplumber.open(pdf_path) as pdf:
        for pno, page in enumerate(pdf.pages, start=1):
            left, right, ys = rules_of(page)
            if not ys:
                continue
            # a row broken by the page break has no rule below it on this page
            ys.append(page.height - BODY_BOTTOM)
            scale = (right - left) / total
            bands, x = {}, left
            for key in variant.columns():
                bands[key] = (x, x + variant.widths[key] * scale)
                x += variant.widths[key] * scale
            # text sticking out of the table (an overfull line) still belongs to its edge column
            last = variant.columns()[-1]
            bands[last] = (bands[last][0], page.width)
            # row bands between consecutive rules; header rows (repeated on every page) are out
            label = _norm(variant.headers["activity"].format(year=doc["year"]))
            spans = []
            for a, b in zip(ys, ys[1:], strict=False):
                x0, x1 = bands["activity"]
                text = "".join(
                    c["text"]
                    for c in sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"]))
                    if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and a < (c["top"] + c["bottom"]) / 2 < b
                )
                if _norm(text) != label:
                    spans.append((a, b))

            def inside(obj: dict, spans: list = spans) -> bool:
                mid = (obj["top"] + obj["bottom"]) / 2
                return any(a < mid < b for a, b in spans)

            for key in keys:
                x0, x1 = bands[key]
                chars = [
                    c
                    for c in page.chars
                    if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and inside(c) and c["text"].strip()
                ]
                for line in _lines(chars):
                    for c in line:
                        box = (c["x0"], c["top"], c["x1"], c["bottom"])
                        if not _norm(c["text"]) and streams[key]:
                            # a hyphen is not matched but is printed: the glyph before owns it
                            ch, pno_, boxes = streams[key][-1]
                            streams[key][-1] = (ch, pno_, [*boxes, (pno, box)])
                        for ch in _norm(c["text"]):
                            streams[key].append((ch, pno, [(pno, box)]))
            if variant.status == "dot":
                x0, x1 = bands["status"]
                shapes = [
                    o
                    for o in page.curves + page.rects
                    if x0 <= (o["x0"] + o["x1"]) / 2 < x1
                    and inside(o)
                    and 3 < o["x1"] - o["x0"] < 14
                    and 3 < o["bottom"] - o["top"] < 14
                    and o.get("fill")
                ]
                shapes.sort(key=lambda o: (o["top"], o["x0"]))
                dots += [(pno, (o["x0"], o["top"], o["x1"], o["bottom"])) for o in shapes]
    texts = {k: "".join(s[0] for s in v) for k, v in streams.items()}
    cursor = dict.fromkeys(keys, 0)
    if variant.status == "dot":
        assert len(dots) == len(acts), (pdf_path.name, len(dots), len(acts))
    placed = []
    for n, a in enumerate(acts):
        glyphs: list[tuple[int, tuple]] = []
        cells: dict[str, tuple[int, int]] = {}
        for key in keys:
            if key == "status" and variant.status == "dot":
                got = [dots[n]]
            else:
                want = a[key]
                if key == "activity" and a["strategic"]:
                    want += " " + variant.marker_text(doc)
                want = _norm(want)
                at = texts[key].find(want, cursor[key])
                assert at >= 0, (pdf_path.name, key, a[key], texts[key][cursor[key] :][:80])
                cursor[key] = at + len(want)
                got = [g for s in streams[key][at : at + len(want)] for g in s[2]]
            cells[key] = (min(p for p, _ in got), max(p for p, _ in got))
            glyphs += got
        first = min(p for p, _ in glyphs)
        boxes = [b for p, b in glyphs if p == first]
        box = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        placed.append(Placed(first, max(p for p, _ in glyphs), box, cells))
    return placed


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Glyphs grouped into lines by baseline (a new line when the baseline moves > 40 % size)."""
    out: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["bottom"], c["x0"])):
        if out and abs(c["bottom"] - out[-1][0]["bottom"]) < 0.4 * c["size"]:
            out[-1].append(c)
        else:
            out.append([c])
    return [sorted(line, key=lambda c: c["x0"]) for line in out]


# ----------------------------------------------------------------------------- expected CSV
#: board -> the report's name: its title without the year and "Uppföljning av" (no producer
#: prints the organisation outside the tables, so ``organisation`` is expected empty)
REPORTS = {
    "Verksamhetsstöd och service": "Verksamhetsstöd och services verksamhet och utveckling",
    "Kultur- och fritidsnämnden": "Kultur- och fritidsnämnden – verksamhetsplan",
}


def expected_frame(variant: Variant) -> pd.DataFrame:
    doc = variant.doc()
    acts = doc["activities"]
    placed = locate_rows(variant, variant.pdf, acts)
    sha = hashlib.sha256(variant.pdf.read_bytes()).hexdigest()
    recs = []
    for a, p in zip(acts, placed, strict=True):
        if variant.status == "dot":
            raw, score = f"circle {COLOURS[a['status']]}", 100
        else:
            raw, score = a["status"], status_score(a["status"], a["status"])
        rec = {
            "source": variant.pdf.name,
            "path": variant.pdf.relative_to(ROOT).as_posix(),  # as named from the repository
            "source_sha256": sha,
            "report": REPORTS[doc["board"]],
            "organisation": "",
            "year": doc["year"],
            "page": p.page,
            "page_end": p.page_end,
            "perspective": a["perspective"],
            "goal": a["goal"],
            "activity": a["activity"],
            "strategic": a["strategic"],
            "marker": variant.marker_text(doc) if a["strategic"] else "",
            "deadline": a["deadline"],
            "deadline_date": deadline_date(a["deadline"], doc["year"]),
            "status": a["status"],
            "status_raw": raw,
            "status_score": score,
            "comment": a["comment"],
        }
        if "responsible" in variant.widths:
            rec["responsible"] = a["responsible"]
        # what --structure auto reads: Chromium tags its prints (a structure tree with the table);
        # these LibreOffice and pdfLaTeX PDFs are untagged
        rec["structure"] = "tags" if variant.producer == "chromium" else "geometry"
        rec.update(ocr=False, ocr_confidence=None)  # read from the text layer, not by OCR
        rec.update(zip(("x0", "top", "x1", "bottom"), p.box, strict=True))
        recs.append(rec)
    frame = pd.DataFrame(recs)
    for col in ("year", "page", "page_end", "status_score"):
        frame[col] = frame[col].astype("int64")
    return frame


def write_expected(variant: Variant) -> pd.DataFrame:
    frame = expected_frame(variant)
    EXPECTED.mkdir(exist_ok=True)
    write_table(frame, variant.csv)
    return frame
