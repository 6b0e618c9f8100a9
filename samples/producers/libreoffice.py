"""LibreOffice Writer samples: a .docx written with python-docx, saved as PDF by headless soffice.

The table is what Word users make: fixed column widths, the header row marked "repeat as header
row at the top of each page", rows allowed to break across pages, the goal a vertically merged
cell, the priority marker a last paragraph in the activity cell, in italics and a smaller size.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from common import PERSPECTIVES, Variant, groups
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BORDER = {"val": "single", "sz": "4", "space": "0", "color": "000000"}  # 0.5 pt


def _borders(table, rules: str) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    edges = ["top", "left", "bottom", "right", "insideH", "insideV"]
    keep = edges if rules == "grid" else ["top", "bottom", "insideH"]
    for edge in edges:
        el = OxmlElement(f"w:{edge}")
        for k, v in (BORDER if edge in keep else {"val": "nil"}).items():
            el.set(qn(f"w:{k}"), v)
        borders.append(el)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row) -> None:
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _para(container, text: str, *, size: float, bold=False, italic=False, before=0.0, after=0.0):
    p = container.add_paragraph() if container is not None else None
    return _fill(p, text, size=size, bold=bold, italic=italic, before=before, after=after)


def _fill(p, text: str, *, size: float, bold=False, italic=False, before=0.0, after=0.0):
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()
    return p


def build_docx(variant: Variant, path: Path, orphan_space: float = 0.0) -> None:
    data = variant.doc()
    acts = data["activities"]
    size = variant.size
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = variant.font
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), variant.font)
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if variant.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    footer = section.footer.paragraphs[0]
    footer.alignment = 1
    _page_field(footer, size)

    body_width = (297 if variant.landscape else 210) - 40  # mm
    _fill(document.add_paragraph(), data["title"], size=size + 5, bold=True, after=10)
    for text in data["intro"]:
        _para(document, text, size=size, after=6)
    for _, line in variant.legend_lines(data):
        _para(document, line, size=size, after=2)
    for text in data["intro_after_legend"]:
        _para(document, text, size=size, before=8, after=6)

    keys = variant.columns()
    total = sum(variant.widths.values())
    widths = [Mm(body_width * variant.widths[k] / total) for k in keys]
    for persp in PERSPECTIVES:
        before = 14 + (orphan_space if persp == variant.orphan else 0.0)
        head = _para(document, persp, size=size + 3, bold=True, before=before, after=6)
        head.paragraph_format.keep_with_next = False
        table = document.add_table(rows=1, cols=len(keys))
        table.autofit = False
        _borders(table, variant.rules)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = table.rows[0]
        _repeat_header(header)
        for cell, key, width in zip(header.cells, keys, widths, strict=True):
            cell.width = width
            _fill(cell.paragraphs[0], variant.header(key, persp, data), size=size, bold=True)
            if variant.rules == "grid":
                _shade(cell, "E8E8E8")
        for group in groups(acts, persp):
            first_row = len(table.rows)
            for i in group:
                a = acts[i]
                cells = table.add_row().cells
                for cell, width in zip(cells, widths, strict=True):
                    cell.width = width
                for cell, key in zip(cells, keys, strict=True):
                    if key == "goal":
                        continue
                    _fill(cell.paragraphs[0], a[key], size=size)
                    if key == "activity" and a["strategic"]:
                        _para(cell, variant.marker_text(data), size=size - 1.5, italic=True)
            top = table.rows[first_row].cells[0]
            _fill(top.paragraphs[0], acts[group[0]]["goal"], size=size)
            if len(group) > 1:
                top.merge(table.rows[len(table.rows) - 1].cells[0])
    document.save(str(path))


def _page_field(paragraph, size: float) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(size - 1)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def to_pdf(docx: Path, out: Path) -> None:
    """Convert with a throw-away LibreOffice profile (no state shared between runs)."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                tmp,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.move(Path(tmp) / (docx.stem + ".pdf"), out)


def render(variant: Variant, orphan_space: float = 0.0) -> None:
    variant.pdf.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{variant.name}.docx"
        build_docx(variant, docx, orphan_space)
        to_pdf(docx, variant.pdf)
