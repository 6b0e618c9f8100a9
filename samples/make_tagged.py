"""Tagged sample PDFs and their expected CSVs (dev-only: chromium, soffice, pikepdf).

    python samples/make_tagged.py          # samples/tagged/*.pdf + samples/expected/tagged/*.csv
    python samples/make_tagged.py --expected-only   # only re-read the committed PDFs

One HTML report per data file is printed by two real producers that write a structure tree:

- headless Chromium (``--print-to-pdf`` tags by default): ``<stem>-chromium.pdf``;
- LibreOffice Writer with its tagged-PDF export option: ``<stem>-writer.pdf``.

From the Chromium print, copies whose tags are wrong on purpose (the page content is untouched,
only the structure tree is edited with pikepdf):

- ``<stem>-tags-paragraphs.pdf``: the Ekonomi table's ``Table``/``TR``/``TH``/``TD`` retagged as
  ``P`` (a table tagged as paragraphs);
- ``<stem>-tags-missing-row.pdf``: one ``TR`` of the Verksamhet table removed from the tree (and
  its goal cell's ``RowSpan`` shortened to match);
- ``<stem>-tags-span.pdf``: a goal cell's ``RowSpan`` in the Ekonomi table one row short of what
  the page draws, so the next row's cells fall under the wrong columns.

Expected CSVs come from the ground truth in ``samples/data/`` for the texts. Boxes and pages come
from the printed glyphs, found without the tags and without the table geometry: every table cell's
text is printed in its own near-black colour (``rgb(r, g, b)`` with r, g, b < 16, invisible on
paper), which pdfplumber reports per character.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE / "producers"))

import pandas as pd  # noqa: E402
import pdfplumber  # noqa: E402
from make_samples import REPORTS as REPORT_NAMES  # noqa: E402
from make_samples import deadline_date, status_score  # noqa: E402
from producers.chromium import CHROMIUM_FLAGS  # noqa: E402

from followup.extract.cells import CONJUNCTIONS  # noqa: E402
from followup.tableio import write_table  # noqa: E402

DATA = HERE / "data"
OUT = HERE / "tagged"
EXPECTED = HERE / "expected" / "tagged"
PERSPECTIVES = ["Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"]
REPORTS = {"vss-2020": "vss_2020.json", "kfn-2022": "kfn_2022.json"}
#: column headers per report (the goal header comes from the data, per perspective)
HEADERS = {
    "vss-2020": {
        "activity": "Aktivitet",
        "deadline": "Slutdatum {year}",
        "status": "Status",
        "comment": "Kommentar",
    },
    "kfn-2022": {
        "activity": "Åtgärd",
        "deadline": "Klart senast",
        "responsible": "Ansvarig",
        "status": "Bedömning",
        "comment": "Kommentar och analys",
    },
}

CSS = """
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #000; }
h1 { font-size: 15pt; margin: 0 0 8pt 0; }
h2 { font-size: 12pt; margin: 14pt 0 4pt 0; }
p { margin: 0 0 5pt 0; }
p.legend { margin: 0 0 1pt 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; text-align: left; }
th { font-weight: bold; background: #e8e8e8; }
em { font-style: italic; }
"""


# ---------------------------------------------------------------------------------------------
# HTML


def cell_colour(row: int, goal: bool) -> str:
    """The near-black colour of one cell's text: row number in red/green, goal cells blue 1."""
    n = row + 1
    return f"rgb({n % 16}, {n // 16}, {1 if goal else 0})"


def colour_key(color: object) -> tuple[int, int, int] | None:
    """pdfplumber's non-stroking colour → (r, g, b) in 0..255, or None."""
    if not isinstance(color, tuple | list) or len(color) != 3:
        return None
    return tuple(round(float(v) * 255) for v in color)  # type: ignore[return-value]


def report_html(data: dict, heads: dict[str, str]) -> str:
    year = data["year"]
    acts = data["activities"]
    resp = any("responsible" in a for a in acts)
    keys = ["goal", "activity", "deadline"] + (["responsible"] if resp else []) + ["status"]
    keys.append("comment")
    widths = (
        {"goal": 15, "activity": 27, "deadline": 10, "responsible": 12, "status": 10, "comment": 26}
        if resp
        else {"goal": 16, "activity": 31, "deadline": 11, "status": 11, "comment": 31}
    )
    e = html.escape
    out = [
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">',
        f"<title>{e(data['title'])}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(data['title'])}</h1>",
    ]
    out += [f"<p>{e(p)}</p>" for p in data["intro"]]
    out += [
        f'<p class="legend">{e(item["word"])} = {e(item["definition"])}</p>'
        for item in data["legend"]
    ]
    out += [f"<p>{e(p)}</p>" for p in data.get("intro_after_legend", [])]
    for persp in PERSPECTIVES:
        idx = [i for i, a in enumerate(acts) if a["perspective"] == persp]
        if not idx:
            continue
        labels = dict(heads, goal=data["goal_headers"][persp])
        labels.setdefault("responsible", "Ansvarig")
        out.append(f"<h2>{e(persp)}</h2>")
        out.append("<table><colgroup>")
        out += [f'<col style="width:{widths[k]}%">' for k in keys]
        out.append("</colgroup><thead><tr>")
        out += [f"<th>{e(labels[k].format(year=year))}</th>" for k in keys]
        out.append("</tr></thead><tbody>")
        for n, i in enumerate(idx):
            a = acts[i]
            out.append("<tr>")
            first = n == 0 or acts[idx[n - 1]]["goal"] != a["goal"]
            if first:
                span = 1
                while n + span < len(idx) and acts[idx[n + span]]["goal"] == a["goal"]:
                    span += 1
                rs = f' rowspan="{span}"' if span > 1 else ""
                out.append(f'<td{rs} style="color:{cell_colour(i, True)}">{e(a["goal"])}</td>')
            style = f' style="color:{cell_colour(i, False)}"'
            activity = e(a["activity"])
            if a["strategic"]:
                activity += f"<br><em>{e(data['strategic_marker'])}</em>"
            cells = {
                "activity": activity,
                "deadline": e(a["deadline"]),
                "responsible": e(a.get("responsible", "")),
                "status": e(a["status"]),
                "comment": e(a["comment"]),
            }
            out += [f"<td{style}>{cells[k]}</td>" for k in keys if k != "goal"]
            out.append("</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Producers


def print_chromium(source: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "chromium",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                "--generate-pdf-document-outline",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def export_writer(source: Path, pdf: Path) -> None:
    """LibreOffice Writer imports the HTML and exports it with ``UseTaggedPDF``."""
    options = '{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--infilter=HTML (StarWriter)",
                "--convert-to",
                f"pdf:writer_pdf_Export:{options}",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.move(Path(tmp) / (source.stem + ".pdf"), pdf)


def has_struct_tree(pdf: Path) -> bool:
    with pdfplumber.open(pdf) as doc:
        return "StructTreeRoot" in doc.doc.catalog


# ---------------------------------------------------------------------------------------------
# Wrong tags


def _tables(pdf: object) -> list[object]:
    """Table elements of a pikepdf document's structure tree, in document order."""
    import pikepdf

    found: list[object] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.S == "/Table":
                found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)  # type: ignore[attr-defined]
    return found


def _rows(table: object) -> list[object]:
    import pikepdf

    out: list[object] = []
    kids = table.K if isinstance(table.K, pikepdf.Array) else [table.K]  # type: ignore[attr-defined]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/TR":
            out.append(kid)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/S") in ("/THead", "/TBody"):
            out += _rows(kid)
    return out


def tag_as_paragraphs(source: Path, target: Path, table_index: int) -> None:
    """Retag one table's Table/TR/TH/TD elements as P (a table tagged as paragraphs)."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        table = _tables(pdf)[table_index]

        def retag(node: object) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    retag(kid)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if str(node.S) in ("/Table", "/THead", "/TBody", "/TR", "/TH", "/TD"):
                    node.S = pikepdf.Name.P
                    if "/A" in node:
                        del node["/A"]
                if "/K" in node:
                    retag(node.K)

        retag(table)
        pdf.save(target, deterministic_id=True)


def _cells(row: object) -> list[object]:
    import pikepdf

    kids = row.K if isinstance(row.K, pikepdf.Array) else [row.K]  # type: ignore[attr-defined]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") in ("/TD", "/TH")]


def _attr(cell: object, key: str) -> object:
    """The attribute dictionary of a cell that holds ``key`` (``/A`` is a dict or an array)."""
    import pikepdf

    a = cell.get("/A")  # type: ignore[attr-defined]
    for item in a if isinstance(a, pikepdf.Array) else [a]:
        if isinstance(item, pikepdf.Dictionary) and key in item:
            return item
    return None


def _spanning_goal(rows: list[object], row_index: int) -> object:
    """The goal cell (first cell) of a row above that spans down over ``row_index``."""
    for r in range(row_index - 1, -1, -1):
        attrs = _attr(_cells(rows[r])[0], "/RowSpan")
        span = int(attrs.RowSpan) if attrs is not None else 1  # type: ignore[attr-defined]
        if span > 1 and r + span > row_index:
            return attrs
    raise ValueError("no goal cell spans that row")


def drop_row(source: Path, target: Path, table_index: int, row_index: int) -> None:
    """Remove one TR (0 = header row) inside a goal group from a table's tags, and shorten the
    goal cell's RowSpan to match (the tags stay a consistent table, one row short)."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        rows = _rows(_tables(pdf)[table_index])
        goal = _spanning_goal(rows, row_index)
        goal.RowSpan = int(goal.RowSpan) - 1  # type: ignore[attr-defined]
        row = rows[row_index]
        parent = row.P  # type: ignore[attr-defined]
        parent.K = pikepdf.Array(
            [k for k in parent.K if not (isinstance(k, pikepdf.Object) and k.objgen == row.objgen)]
        )
        pdf.save(target, deterministic_id=True)


def shorten_span(source: Path, target: Path, table_index: int, row_index: int) -> None:
    """Make the goal cell spanning over ``row_index`` end one row early: that row's cells then
    fall one column to the left in the tags, while the page draws them where they were."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        rows = _rows(_tables(pdf)[table_index])
        goal = _spanning_goal(rows, row_index)
        goal.RowSpan = int(goal.RowSpan) - 1  # type: ignore[attr-defined]
        pdf.save(target, deterministic_id=True)


# ---------------------------------------------------------------------------------------------
# Expected CSVs


@dataclass
class Placed:
    page: int
    page_end: int
    box: tuple[float, float, float, float]
    printed: str  # the row's glyphs in content order, a newline where a printed line ends


def as_printed(text: str, printed: str) -> str:
    """The text as a reader of the page can know it: "IT- tjänster" whose space fell at a line
    end and was not printed (Chromium drops it) reads "IT-tjänster" (a suspended hyphen before a
    conjunction, "utvecklings- och", keeps its space)."""
    for match in re.finditer(r"(\S+-) (\S+)", text):
        head, tail = match.groups()
        if tail.casefold() in CONJUNCTIONS:
            continue
        if f"{head}\n{tail}" in printed:
            text = text.replace(match.group(0), head + tail)
    return text


def placed_rows(pdf: Path, count: int) -> dict[int, Placed]:
    """Pages and first-page box of every row, from the colour of its printed glyphs."""
    pages: dict[int, list[int]] = {}
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    printed: dict[int, list[str]] = {}
    last_top: dict[int, float] = {}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                key = colour_key(ch.get("non_stroking_color"))
                if key is None or key == (0, 0, 0) or key[2] != 0:
                    continue
                row = key[0] + 16 * key[1] - 1
                if not 0 <= row < count:
                    continue
                if row in last_top and abs(ch["top"] - last_top[row]) > 1:
                    printed[row].append("\n")
                printed.setdefault(row, []).append(ch["text"])
                last_top[row] = ch["top"]
                if not ch["text"].strip():
                    continue
                pages.setdefault(row, []).append(page.page_number)
                if page.page_number == min(pages[row]):
                    boxes.setdefault(row, []).append((ch["x0"], ch["top"], ch["x1"], ch["bottom"]))
    out = {}
    for row, ps in pages.items():
        first = min(ps)
        bs = boxes[row]
        box = (
            round(min(b[0] for b in bs), 2),
            round(min(b[1] for b in bs), 2),
            round(max(b[2] for b in bs), 2),
            round(max(b[3] for b in bs), 2),
        )
        out[row] = Placed(first, max(ps), box, "".join(printed[row]))
    return out


def expected_frame(
    pdf: Path, data: dict, data_file: str, from_page: set[int] | None = None
) -> pd.DataFrame:
    """The expected rows; ``structure`` says what ``--structure auto`` reads each row from: the
    tags, or the page for the rows in ``from_page`` (rows whose tags are wrong on purpose)."""
    acts = data["activities"]
    year = data["year"]
    placed = placed_rows(pdf, len(acts))
    missing = [i for i in range(len(acts)) if i not in placed]
    assert not missing, f"{pdf.name}: rows never printed: {missing}"
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    resp = any("responsible" in a for a in acts)
    recs = []
    for i, a in enumerate(acts):
        rec: dict[str, object] = {
            "source": pdf.name,
            "path": f"samples/tagged/{pdf.name}",  # as `followup extract samples/` names it
            "source_sha256": sha,
            "report": REPORT_NAMES[data_file],
            "organisation": data["organisation"] if data["organisation"] in data["title"] else "",
            "year": year,
            "page": placed[i].page,
            "page_end": placed[i].page_end,
            "perspective": a["perspective"],
            "goal": a["goal"],
            "activity": as_printed(a["activity"], placed[i].printed),
            "strategic": a["strategic"],
            "marker": data["strategic_marker"] if a["strategic"] else "",
            "deadline": a["deadline"],
            "deadline_date": deadline_date(a["deadline"], year),
            "status": a["status"],
            "status_raw": a["status"],
            "status_score": status_score(a["status"], a["status"]),
            "comment": as_printed(a["comment"], placed[i].printed),
        }
        if resp:
            rec["responsible"] = as_printed(a["responsible"], placed[i].printed)
        rec["structure"] = "geometry" if i in (from_page or set()) else "tags"
        rec.update(ocr=False, ocr_confidence=None)  # read from the text layer, not by OCR
        rec.update(zip(("x0", "top", "x1", "bottom"), placed[i].box, strict=True))
        recs.append(rec)
    frame = pd.DataFrame(recs)
    for col in ("year", "page", "page_end", "status_score"):
        frame[col] = frame[col].astype("int64")
    return frame


# ---------------------------------------------------------------------------------------------


def main(render: bool = True) -> None:
    """Render every sample and write the expected CSVs (``render=False``: CSVs only, from the
    committed PDFs, e.g. after a schema change)."""
    OUT.mkdir(exist_ok=True)
    EXPECTED.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    wrong: dict[Path, set[int]] = {}
    for stem, data_file in REPORTS.items():
        data = json.loads((DATA / data_file).read_text(encoding="utf-8"))
        source = OUT / f"{stem}.html"
        source.write_text(report_html(data, HEADERS[stem]), encoding="utf-8")
        chromium = OUT / f"{stem}-chromium.pdf"
        writer = OUT / f"{stem}-writer.pdf"
        if render:
            print_chromium(source, chromium)
            export_writer(source, writer)
        made += [chromium, writer]
        if stem == "vss-2020":
            paragraphs = OUT / f"{stem}-tags-paragraphs.pdf"
            missing = OUT / f"{stem}-tags-missing-row.pdf"
            span = OUT / f"{stem}-tags-span.pdf"
            if render:
                tag_as_paragraphs(chromium, paragraphs, PERSPECTIVES.index("Ekonomi"))
                drop_row(chromium, missing, PERSPECTIVES.index("Verksamhet"), 4)
                shorten_span(chromium, span, PERSPECTIVES.index("Ekonomi"), 4)
            made += [paragraphs, missing, span]
            acts = data["activities"]
            groups = {
                p: [i for i, a in enumerate(acts) if a["perspective"] == p] for p in PERSPECTIVES
            }
            wrong[paragraphs] = set(groups["Ekonomi"])
            wrong[missing] = {groups["Verksamhet"][3]}  # grid row 4 = the 4th data row
            wrong[span] = {groups["Ekonomi"][3]}
        for pdf in made:
            if pdf.name.startswith(stem):
                assert has_struct_tree(pdf), f"{pdf.name}: no StructTreeRoot"
                frame = expected_frame(pdf, data, data_file, wrong.get(pdf))
                write_table(frame, EXPECTED / f"{pdf.stem}.csv")
                print(f"{pdf.relative_to(HERE)}: written")


if __name__ == "__main__":
    main(render="--expected-only" not in sys.argv[1:])
