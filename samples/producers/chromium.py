"""Chromium samples: an HTML report, as a web-based planning system exports it, printed to PDF by
headless Chromium.

The table is plain HTML: ``<thead>`` (repeated on every printed page), the goal a ``rowspan``
cell, header cells left at the browser's default vertical centring, data cells top-aligned.
Statuses are a word, a word on a coloured cell, or only a coloured dot explained by a legend
"● Word meaning". Page numbers come from CSS page-margin boxes.
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

from common import PERSPECTIVES, Variant, groups

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]

CSS = """
@page {{ size: A4 {orientation}; margin: 18mm 16mm 20mm 16mm;
        @bottom-right {{ content: "Sida " counter(page) " av " counter(pages);
                        font: {small}pt '{font}'; }} }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: '{font}'; font-size: {size}pt; margin: 0; }}
h1 {{ font-size: {title}pt; margin: 0 0 10pt 0; }}
h2 {{ font-size: {h2}pt; margin: 14pt 0 6pt 0; }}
p {{ margin: 0 0 5pt 0; }}
p.legend {{ margin: 0 0 2pt 0; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th {{ text-align: left; font-weight: bold; padding: 3pt 4pt; {th_rules} }}
td {{ vertical-align: top; padding: 3pt 4pt; overflow-wrap: break-word; {td_rules} }}
thead th {{ background: {header_fill}; }}
td.status-colour {{ color: #ffffff; font-weight: bold; }}
.marker {{ font-size: {small}pt; font-style: italic; margin-top: 2pt; }}
.dot {{ display: inline-block; width: 8pt; height: 8pt; border-radius: 50%;
        vertical-align: -1pt; }}
"""

GRID = "border: 0.75pt solid #808080;"
HRULE = "border-top: 0.75pt solid #404040; border-bottom: 0.75pt solid #404040;"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def build_html(variant: Variant, orphan_space: float = 0.0) -> str:
    data = variant.doc()
    acts = data["activities"]
    rules = GRID if variant.rules == "grid" else HRULE
    css = CSS.format(
        orientation="landscape" if variant.landscape else "portrait",
        font=variant.font,
        size=variant.size,
        small=variant.size - 1.5,
        title=variant.size + 6,
        h2=variant.size + 3,
        th_rules=rules,
        td_rules=rules,
        header_fill="#eef2f6" if variant.rules == "grid" else "transparent",
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        f"<title>{_e(data['title'])}</title><style>{css}</style></head><body>",
        f"<h1>{_e(data['title'])}</h1>",
    ]
    out += [f"<p>{_e(t)}</p>" for t in data["intro"]]
    for colour, line in variant.legend_lines(data):
        dot = f'<span class="dot" style="background:{colour}"></span> ' if colour else ""
        out.append(f'<p class="legend">{dot}{_e(line)}</p>')
    out += [f"<p>{_e(t)}</p>" for t in data["intro_after_legend"]]
    keys = variant.columns()
    total = sum(variant.widths.values())
    for persp in PERSPECTIVES:
        if persp == variant.orphan and orphan_space:
            out.append(f'<div style="height:{orphan_space:.1f}pt"></div>')
        out.append(f"<h2>{_e(persp)}</h2>")
        out.append("<table><colgroup>")
        out += [f'<col style="width:{100 * variant.widths[k] / total:.3f}%">' for k in keys]
        out.append("</colgroup><thead><tr>")
        for key in keys:
            label = "<br>".join(_e(t) for t in variant.header(key, persp, data).split("\n"))
            out.append(f"<th>{label}</th>")
        out.append("</tr></thead><tbody>")
        for group in groups(acts, persp):
            for n, i in enumerate(group):
                a = acts[i]
                out.append("<tr>")
                if n == 0:
                    span = f' rowspan="{len(group)}"' if len(group) > 1 else ""
                    out.append(f"<td{span}>{_e(a['goal'])}</td>")
                for key in keys[1:]:
                    out.append(_cell(variant, key, a, data))
                out.append("</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


def _cell(variant: Variant, key: str, a: dict, data: dict) -> str:
    if key == "status" and variant.status == "dot":
        from common import COLOURS

        return f'<td><span class="dot" style="background:{COLOURS[a["status"]]}"></span></td>'
    if key == "status" and variant.status == "colour":
        from common import COLOURS

        colour = COLOURS[a["status"]]
        return f'<td class="status-colour" style="background:{colour}">{_e(a["status"])}</td>'
    text = _e(a[key])
    if key == "activity" and a["strategic"]:
        text += f'<div class="marker">{_e(variant.marker_text(data))}</div>'
    return f"<td>{text}</td>"


def render(variant: Variant, orphan_space: float = 0.0) -> None:
    variant.pdf.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / f"{variant.name}.html"
        page.write_text(build_html(variant, orphan_space), encoding="utf-8")
        subprocess.run(
            [
                "chromium",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={Path(tmp) / 'profile'}",
                f"--print-to-pdf={variant.pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
