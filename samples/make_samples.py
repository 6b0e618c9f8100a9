"""Generate the sample PDFs and their expected extraction CSVs (dev-only; needs reportlab).

    python samples/make_samples.py            # writes samples/*.pdf and samples/expected/*.csv

Deterministic: the same run writes byte-identical files. Ground truth lives in samples/data/.
Row boxes in the expected CSVs come from what was drawn and are checked against pdfplumber.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import pandas as pd  # noqa: E402
from layouts import BOLD, ITAL, REG, Column, Doc, Line, Style, wrap  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from followup.diff.core import DIFF_COLUMNS  # noqa: E402
from followup.tableio import write_table  # noqa: E402

DATA = HERE / "data"
PERSPECTIVES = ["Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"]

#: status word -> (shape, fill colour); used for layouts b (symbol + word) and e (symbol only)
SYMBOLS = {
    "Klar": ("circle", "#2e7d32"),
    "Anpassats": ("square", "#1565c0"),
    "Ersatts": ("diamond", "#6a1b9a"),
    "Pågående": ("triangle", "#ef6c00"),
    "Pausad": ("circle", "#9e9e9e"),
    "Utgått": ("square", "#c62828"),
}

#: layout b print variants: (perspective, 1-based index) -> status as printed
VARIANTS = {
    ("Verksamhet", 7): "Pågaende",
    ("Medborgare", 3): "Klar.",
    ("Verksamhet", 19): "KLAR",
    ("Ekonomi", 9): "Pausad*",
}
FOOTNOTE = "* pausad p.g.a. covid-19"

#: data file -> the report's name: its title without the year and "Uppföljning av"
REPORTS = {
    "vss_2020.json": "Verksamhetsstöd och services verksamhet och utveckling",
    "vss_2021.json": "Verksamhetsstöd och services verksamhet och utveckling",
    "vss_2022.json": "Verksamhetsstöd och services verksamhet och utveckling",
    "kfn_2022.json": "Kultur- och fritidsnämnden – verksamhetsplan",
}

#: layout a: force these line-end hyphens (the generator's own break hints)
GRID_HINTS = ("e-|handel", "LK-|data", "utvecklings-|och")


@dataclass
class Spec:
    name: str
    data: str
    style: Style
    widths: dict  # column key -> width
    status_mode: str = "word"  # "word" | "symbol+word" | "symbol"
    variants: bool = False
    hints: tuple = ()
    headers: dict = field(default_factory=dict)


def specs() -> list[Spec]:
    # layout b, used for 2020 and for its 2021 successor
    hrules = Style(
        rules="hrules", goal_mode="first", footer="Sida {n} av {total}", footer_align="right"
    )
    hrules_widths = dict(goal=88, activity=170, deadline=55, status=66, comment=116.28)
    vss = dict(
        activity="Aktivitet", deadline="Slutdatum\n{year}", status="Status", comment="Kommentar"
    )
    kfn = dict(
        activity="Åtgärd",
        deadline="Klart senast",
        responsible="Ansvarig",
        status="Bedömning",
        comment="Kommentar och analys",
    )
    return [
        Spec(
            "vss-2020-grid.pdf",
            "vss_2020.json",
            Style(rules="grid", goal_mode="merged", footer="{n}", header_fill="#e8e8e8"),
            dict(goal=72, activity=205, deadline=52, status=56, comment=110.28),
            hints=GRID_HINTS,
            headers=vss,
        ),
        Spec(
            "vss-2020-hrules.pdf",
            "vss_2020.json",
            hrules,
            hrules_widths,
            status_mode="symbol+word",
            variants=True,
            headers=vss,
        ),
        Spec(
            "vss-2020-plain.pdf",
            "vss_2020.json",
            Style(
                rules="none",
                goal_mode="first",
                landscape=True,
                footer="Sida {n}",
                footer_align="right",
                running_header="Linköpings kommun · Verksamhetsstöd och service · Uppföljning 2020",
            ),
            dict(goal=120, activity=250, deadline=75, status=48.6, comment=248.29),
            headers=vss,
        ),
        Spec(
            "kfn-2022-ansvarig.pdf",
            "kfn_2022.json",
            Style(
                rules="grid",
                goal_mode="merged",
                landscape=True,
                footer="{n}",
                header_fill="#dfe8f1",
            ),
            dict(goal=110, activity=220, deadline=70, responsible=95, status=70, comment=176.89),
            headers=kfn,
        ),
        Spec(
            "vss-2020-symbols.pdf",
            "vss_2020.json",
            Style(rules="grid", goal_mode="merged", footer="{n}"),
            dict(goal=95, activity=200, deadline=55, status=40, comment=105.28),
            status_mode="symbol",
            headers=vss,
        ),
        Spec(
            "vss-2021-hrules.pdf",
            "vss_2021.json",
            hrules,
            hrules_widths,
            status_mode="symbol+word",
            headers=vss,
        ),
        Spec(
            "vss-2022-grid.pdf",
            "vss_2022.json",
            Style(rules="grid", goal_mode="merged", footer="{n}", header_fill="#e8e8e8"),
            dict(goal=72, activity=205, deadline=52, status=56, comment=110.28),
            headers=vss,
        ),
    ]


# ----------------------------------------------------------------------------- normalising
def _key(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", s).casefold() if ch.isalpha())


def status_score(raw: str, status: str) -> int:
    return math.floor(fuzz.ratio(_key(raw), _key(status)) + 0.5)


def deadline_date(deadline: str, year: int) -> str:
    d = deadline.strip()
    if m := re.fullmatch(r"Tertial ([123])", d):
        return {"1": f"{year}-04-30", "2": f"{year}-08-31", "3": f"{year}-12-31"}[m.group(1)]
    if m := re.fullmatch(r"Q([1-4]) (\d{4})", d):
        y, month = int(m.group(2)), 3 * int(m.group(1))
        return f"{y}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"
    months = {
        "jan": 1,
        "feb": 2,
        "mars": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "maj": 5,
        "juni": 6,
        "juli": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "okt": 10,
        "nov": 11,
        "dec": 12,
    }
    if (m := re.fullmatch(r"(\w+) (\d{4})", d)) and m.group(1).lower() in months:
        y, month = int(m.group(2)), months[m.group(1).lower()]
        return f"{y}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"
    return ""


def diff_norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).casefold()
    s = re.sub(r"(?:19|20)\d\d", "#", s)
    s = "".join(ch if ch.isalnum() or ch == "#" else " " for ch in s)
    return " ".join(s.split())


def similarity(a: str, b: str) -> int:
    return math.floor(fuzz.token_sort_ratio(diff_norm(a), diff_norm(b)) + 0.5)


# ----------------------------------------------------------------------------- one PDF
def build(spec: Spec, out_dir: Path) -> tuple[pd.DataFrame, Doc]:
    doc_data = json.loads((DATA / spec.data).read_text(encoding="utf-8"))
    year = doc_data["year"]
    st = spec.style
    size = st.size
    doc = Doc(st)
    if doc_data.get("letterhead"):  # the organisation printed above the title
        doc.paragraph(doc_data["organisation"], REG, 9, gap=4)
    doc.paragraph(doc_data["title"], BOLD, 15, gap=10)
    for p in doc_data["intro"]:
        doc.paragraph(p)
    for item in doc_data["legend"]:
        sym = SYMBOLS.get(item["word"]) if spec.status_mode == "symbol" else None
        doc.legend_line(item["word"], item["definition"], sym)
    doc.y += 8
    for p in doc_data["intro_after_legend"]:
        doc.paragraph(p)
    doc.y += 6

    acts = doc_data["activities"]
    has_resp = "responsible" in spec.widths
    keys = (
        ["goal", "activity", "deadline"]
        + (["responsible"] if has_resp else [])
        + ["status", "comment"]
    )
    raws: dict[int, str] = {}
    for persp in PERSPECTIVES:
        idx = [i for i, a in enumerate(acts) if a["perspective"] == persp]
        headers = dict(spec.headers, goal=doc_data["goal_headers"][persp])
        cols = [Column(k, headers[k].format(year=year), spec.widths[k]) for k in keys]
        w = {k: spec.widths[k] - 2 * st.pad for k in keys}
        rows, footnote = [], False
        for n, i in enumerate(idx, start=1):
            a = acts[i]
            raw = a["status"]
            if spec.variants and (persp, n) in VARIANTS:
                raw = VARIANTS[(persp, n)]
                footnote |= raw.endswith("*")
            raws[i] = raw

            def lines(text: str, key: str, font: str = REG, w: dict = w) -> list[Line]:
                return [Line(t, font, size) for t in wrap(text, font, size, w[key], spec.hints)]

            act = lines(a["activity"], "activity")
            if a["strategic"]:
                act += lines(doc_data["strategic_marker"], "activity", ITAL)
            sym = SYMBOLS.get(a["status"])
            if spec.status_mode == "symbol":
                status = [Line("", REG, size, sym)]
            elif spec.status_mode == "symbol+word":
                status = [Line(raw, REG, size, sym)]
            else:
                status = lines(raw, "status")
            goal_lines = lines(a["goal"], "goal")
            cells = {
                "activity": act,
                "deadline": lines(a["deadline"], "deadline"),
                "status": status,
                "comment": lines(a["comment"], "comment"),
            }
            if has_resp:
                cells["responsible"] = lines(a["responsible"], "responsible")
            first_of_group = n == 1 or acts[idx[n - 2]]["goal"] != a["goal"]
            if st.goal_mode == "first":
                cells = {"goal": goal_lines if first_of_group else [], **cells}
            rows.append({"id": i, "group": a["goal"], "cells": cells, "goal_lines": goal_lines})
            doc.cell_lines.update({(i, k): [ln.text for ln in v] for k, v in cells.items()})
            doc.cell_lines[(i, "goal")] = [ln.text for ln in goal_lines]
        doc.table(cols, rows, persp)
        if footnote:
            doc.paragraph(FOOTNOTE, REG, 8)
    if st.goal_mode == "merged":
        missing = {a["goal"] for a in acts} - doc.goals_drawn
        assert not missing, f"{spec.name}: goal text never drawn for {missing}"

    path = out_dir / spec.name
    doc.render(str(path), doc_data["title"])
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    # the organisation is expected where page 1 prints it outside the tables
    org = doc_data["organisation"]
    printed = doc_data.get("letterhead") or org in (st.running_header or "") + doc_data["title"]
    recs = []
    for i, a in enumerate(acts):
        info = doc.rows[i]
        raw = raws[i]
        if spec.status_mode == "symbol":
            shape, colour = SYMBOLS[a["status"]]
            raw, score = f"{shape} {colour}", 100
        else:
            score = status_score(raw, a["status"])
        rec = {
            "source": spec.name,
            "path": f"samples/{spec.name}",  # as `followup extract samples/` names it
            "source_sha256": sha,
            "report": REPORTS[spec.data],
            "organisation": org if printed else "",
            "year": year,
            "page": info.page,
            "page_end": info.page_end,
            "perspective": a["perspective"],
            "goal": a["goal"],
            "activity": a["activity"],
            "strategic": a["strategic"],
            "marker": doc_data["strategic_marker"] if a["strategic"] else "",
            "deadline": a["deadline"],
            "deadline_date": deadline_date(a["deadline"], year),
            "status": a["status"],
            "status_raw": raw,
            "status_score": score,
            "comment": a["comment"],
        }
        if has_resp:
            rec["responsible"] = a["responsible"]
        rec["structure"] = "geometry"  # untagged PDFs: read from the page
        rec.update(ocr=False, ocr_confidence=None)  # digital samples: read from the text layer
        rec.update(zip(("x0", "top", "x1", "bottom"), info.box, strict=True))
        recs.append(rec)
    frame = pd.DataFrame(recs)
    for col in ("year", "page", "page_end", "status_score"):
        frame[col] = frame[col].astype("int64")
    return frame, doc


def check_boxes(path: Path, doc: Doc, tol: float = 0.05) -> float:
    """Every drawn string's box must match pdfplumber's chars; returns the worst deviation."""
    import pdfplumber

    worst = 0.0
    with pdfplumber.open(path) as pdf:
        for pno, box, text in doc.strings:
            page = pdf.pages[pno - 1]
            chars = [
                c
                for c in page.chars
                if abs(c["top"] - box[1]) < 0.5
                and c["x0"] >= box[0] - 0.5
                and c["x1"] <= box[2] + 0.5
            ]
            got = "".join(c["text"] for c in chars)
            assert got == text, (path.name, pno, text, got)
            ub = (
                min(c["x0"] for c in chars),
                min(c["top"] for c in chars),
                max(c["x1"] for c in chars),
                max(c["bottom"] for c in chars),
            )
            worst = max(worst, *(abs(u - b) for u, b in zip(ub, box, strict=True)))
        for pno, box in doc.symbols:
            objs = pdf.pages[pno - 1].objects
            shapes = [
                o
                for k in ("rect", "curve")
                for o in objs.get(k, [])
                if abs(o["x0"] - box[0]) < 0.5 and abs(o["top"] - box[1]) < 0.5
            ]
            assert shapes, (path.name, pno, box)
            o = shapes[0]
            worst = max(
                worst,
                *(abs(o[k] - b) for k, b in zip(("x0", "top", "x1", "bottom"), box, strict=True)),
            )
    assert worst <= tol, (path.name, worst)
    return worst


# ----------------------------------------------------------------------------- diff
#: the diff's text threshold: true pairs at or above it are "text" pairs, below it "context" pairs
TEXT_THRESHOLD = 80


def read_pairs(name: str) -> list[tuple[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return [(a, b) for a, b in rows[1:]]


def expected_diff(
    old: pd.DataFrame, new: pd.DataFrame, pairs: list[tuple[str, str]]
) -> pd.DataFrame:
    """The diff of one report pair from the true pairs: new rows in order, then removed rows."""
    by_new = {b: a for a, b in pairs}
    old_rows = {r.activity: r for r in old.itertuples()}
    matched_old = set()
    out = []
    for r in new.itertuples():
        o = old_rows.get(by_new[r.activity]) if r.activity in by_new else None
        base = dict(report=r.report, perspective=r.perspective, source_new=r.source)
        if o is None:
            out.append(
                dict(
                    base,
                    change="added",
                    goal_new=r.goal,
                    activity_new=r.activity,
                    deadline_new=r.deadline,
                    status_new=r.status,
                    page_new=r.page,
                )
            )
            continue
        matched_old.add(o.activity)
        sim = similarity(o.activity, r.activity)
        change = (
            "reworded" if sim < 100 else "unchanged" if o.status == r.status else "status_changed"
        )
        out.append(
            dict(
                base,
                change=change,
                goal_old=o.goal,
                goal_new=r.goal,
                activity_old=o.activity,
                activity_new=r.activity,
                deadline_old=o.deadline,
                deadline_new=r.deadline,
                status_old=o.status,
                status_new=r.status,
                similarity=sim,
                pair_reason="text" if sim >= TEXT_THRESHOLD else "context",
                source_old=o.source,
                page_old=o.page,
                page_new=r.page,
            )
        )
    for o in old.itertuples():
        if o.activity not in matched_old:
            out.append(
                dict(
                    change="removed",
                    report=new["report"].iloc[0],
                    perspective=o.perspective,
                    goal_old=o.goal,
                    activity_old=o.activity,
                    deadline_old=o.deadline,
                    status_old=o.status,
                    source_old=o.source,
                    page_old=o.page,
                )
            )
    frame = pd.DataFrame(out, columns=DIFF_COLUMNS)
    for col in ("similarity", "page_old", "page_new"):
        frame[col] = frame[col].astype("Int64")
    return frame


#: expected diffs: (old PDF, new PDF, true pairs)
DIFFS = [
    ("vss-2020-grid.pdf", "vss-2021-hrules.pdf", "pairs_2020_2021.csv"),
    ("vss-2021-hrules.pdf", "vss-2022-grid.pdf", "pairs_2021_2022.csv"),
]


def main(out_dir: Path | str | None = None, check: bool = True) -> dict[str, pd.DataFrame]:
    out_dir = Path(out_dir) if out_dir is not None else HERE
    (out_dir / "expected").mkdir(parents=True, exist_ok=True)
    frames = {}
    for spec in specs():
        frame, doc = build(spec, out_dir)
        if check:
            worst = check_boxes(out_dir / spec.name, doc)
            print(
                f"{spec.name}: {len(doc.pages)} pages, {len(frame)} rows, "
                f"bbox max deviation {worst:.4f} pt"
            )
        write_table(frame, out_dir / "expected" / (Path(spec.name).stem + ".csv"))
        frames[spec.name] = frame
    for old, new, pairs in DIFFS:
        diff = expected_diff(frames[old], frames[new], read_pairs(pairs))
        name = f"diff_{Path(old).stem}_{Path(new).stem}.csv"
        write_table(diff, out_dir / "expected" / name)
    return frames


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
