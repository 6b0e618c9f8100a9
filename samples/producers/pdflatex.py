"""pdfLaTeX samples: ``longtable`` with ``\\hline`` rules, header repeated with ``\\endhead``.

Latin Modern (T1), ragged-right ``p`` columns without automatic hyphenation (a hyphen the reader
sees is one the text has), the goal on its group's first row, the priority marker a last line in
``\\footnotesize\\itshape``. pdfTeX draws no space glyphs. Built with SOURCE_DATE_EPOCH and an empty
trailer ID, so the same input gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from common import PERSPECTIVES, Variant, groups

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "-": "-{}",  # no "--" ligature
}


def tex(text: str) -> str:
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def build_tex(variant: Variant, orphan_space: float = 0.0) -> str:
    data = variant.doc()
    acts = data["activities"]
    keys = variant.columns()
    total = sum(variant.widths.values())
    width = (297 if variant.landscape else 210) - 40  # mm of text width
    pad = 2 * 4 / 72 * 25.4  # \tabcolsep both sides, mm
    cols = "".join(
        f">{{\\raggedright\\arraybackslash}}p{{{width * variant.widths[k] / total - pad:.2f}mm}}"
        for k in keys
    )
    out = [
        rf"\documentclass[{variant.size:g}pt]{{article}}",
        r"\pdfinfoomitdate=1 \pdftrailerid{} \pdfsuppressptexinfo=-1",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage{lmodern}",
        rf"\usepackage[a4paper,{'landscape,' if variant.landscape else ''}margin=20mm]{{geometry}}",
        r"\usepackage{array,longtable}",
        r"\setlength{\parindent}{0pt}\setlength{\parskip}{4pt}",
        r"\hyphenpenalty=10000 \exhyphenpenalty=50 \setlength{\tabcolsep}{4pt}",
        r"\begin{document}\raggedright",
        rf"{{\Large\bfseries {tex(data['title'])}\par}}\medskip",
    ]
    out += [tex(t) + r"\par" for t in data["intro"]]
    out += [r"\smallskip"] + [tex(line) + r"\\" for _, line in variant.legend_lines(data)]
    out += [tex(t) + r"\par" for t in data["intro_after_legend"]]
    for persp in PERSPECTIVES:
        if persp == variant.orphan and orphan_space:
            out.append(rf"\vspace*{{{orphan_space:.1f}pt}}")
        out.append(rf"\subsection*{{{tex(persp)}}}")
        labels = [variant.header(k, persp, data).split("\n") for k in keys]
        head = " & ".join(r"\textbf{" + r"\newline ".join(map(tex, ls)) + "}" for ls in labels)
        out.append(rf"\begin{{longtable}}{{{cols}}}")
        out.append(rf"\hline {head} \\ \hline \endfirsthead")
        out.append(rf"\hline {head} \\ \hline \endhead")
        out.append(r"\endfoot \endlastfoot")
        for group in groups(acts, persp):
            for n, i in enumerate(group):
                a = acts[i]
                cells = [tex(a["goal"]) if n == 0 else ""]
                for key in keys[1:]:
                    text = tex(a[key])
                    if key == "activity" and a["strategic"]:
                        marker = tex(variant.marker_text(data))
                        text += rf"\newline {{\footnotesize\itshape {marker}\par}}"
                    cells.append(text)
                out.append(" & ".join(cells) + r" \\ \hline")
        out.append(r"\end{longtable}")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def render(variant: Variant, orphan_space: float = 0.0) -> None:
    variant.pdf.parent.mkdir(exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1609459200", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{variant.name}.tex"
        src.write_text(build_tex(variant, orphan_space), encoding="utf-8")
        for _ in range(3):  # longtable settles its column widths over runs
            subprocess.run(
                ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", src.name],
                cwd=tmp,
                check=True,
                capture_output=True,
                env=env,
                timeout=300,
            )
        log = (Path(tmp) / f"{variant.name}.log").read_text(encoding="latin-1")
        # a word wider than its column would stick out into the next one: not a report anyone prints
        overfull = [ln for ln in log.splitlines() if ln.startswith("Overfull \\hbox")]
        assert not overfull, f"{variant.name}: overfull lines, widen the columns: {overfull}"
        shutil.move(Path(tmp) / f"{variant.name}.pdf", variant.pdf)
