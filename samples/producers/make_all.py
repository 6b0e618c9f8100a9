"""Render the producer samples and write their expected CSVs (dev-only).

    python samples/producers/make_all.py                  # every producer, then expected CSVs
    python samples/producers/make_all.py libreoffice      # one producer: libreoffice, chromium
                                                          # or pdflatex
    python samples/producers/make_all.py --expected-only  # only re-read the committed PDFs

Needs LibreOffice (soffice), Chromium and pdfLaTeX, and python-docx (the ``samples`` extra).
The expected CSVs are written from the ground truth in samples/data/; only each row's page, last
page and box are read back from the rendered PDF (``common.locate_rows``), so ``--expected-only``
re-derives them without any producer installed (e.g. after a schema change).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import KFN_HEADERS, Variant, rules_of, write_expected  # noqa: E402

VSS = "vss_2020.json"
KFN = "kfn_2022.json"
GRID_W = dict(goal=72, activity=205, deadline=52, status=56, comment=110)
WIDE_W = dict(goal=110, activity=230, deadline=70, status=70, comment=220)
KFN_W = dict(goal=110, activity=220, deadline=70, responsible=95, status=70, comment=177)
#: portrait: the status column wide enough for its bold header "Bedömning"
DOTS_W = dict(goal=100, activity=200, deadline=65, responsible=90, status=85, comment=170)

VARIANTS: list[Variant] = [
    Variant(
        "lo-vss-2020-grid",
        "libreoffice",
        VSS,
        GRID_W,
        rules="grid",
        font="Liberation Sans",
        size=9,
        orphan="Ekonomi",
        traits="full grid, shaded header; Liberation Sans 9 pt; legend 'Word = meaning'",
    ),
    Variant(
        "lo-vss-2020-hrules",
        "libreoffice",
        VSS,
        GRID_W,
        rules="hrules",
        font="Carlito",
        size=11,
        legend="–",
        goal_headers=dict.fromkeys(
            ["Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"], "Målområde"
        ),
        marker="Prioriterat uppdrag från kommunfullmäktige 2020",
        traits="horizontal rules only; Carlito 11 pt; goal header 'Målområde'; "
        "legend 'Word – meaning'; other marker wording",
    ),
    Variant(
        "lo-kfn-2022-landscape",
        "libreoffice",
        KFN,
        KFN_W,
        rules="grid",
        font="Carlito",
        size=10,
        landscape=True,
        legend="–",
        headers=dict(KFN_HEADERS),
        traits="A4 landscape, full grid, extra column Ansvarig; Carlito 10 pt",
    ),
    Variant(
        "chromium-vss-2020-portrait",
        "chromium",
        VSS,
        GRID_W,
        rules="grid",
        font="Liberation Sans",
        size=9,
        legend="–",
        traits="A4 portrait, full grid; header cells vertically centred ('Slutdatum / 2020' "
        "beside one-line labels); goal rowspan; status word; legend 'Word – meaning'",
    ),
    Variant(
        "chromium-vss-2020-landscape",
        "chromium",
        VSS,
        WIDE_W,
        rules="hrules",
        font="Liberation Sans",
        size=10,
        landscape=True,
        status="colour",
        legend=":",
        goal_headers=dict.fromkeys(["Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"], "Mål"),
        headers=dict(
            activity="Uppdrag", deadline="Tidplan", status="Bedömning", comment="Kommentar"
        ),
        marker="Uppdrag från kommunfullmäktige i Budget 2020",
        orphan="Verksamhet",
        traits="A4 landscape, horizontal rules; status word on a coloured cell; headers "
        "Mål / Uppdrag / Tidplan / Bedömning; legend 'Word: meaning'; other marker wording; "
        "heading orphaned at a page foot",
    ),
    Variant(
        "chromium-kfn-2022-dots",
        "chromium",
        KFN,
        DOTS_W,
        rules="grid",
        font="Carlito",
        size=10,
        status="dot",
        legend="dot",
        headers=dict(KFN_HEADERS),
        marker="Prioriterat uppdrag 2022",
        traits="A4 portrait, full grid; status only as a coloured dot; legend '● Word meaning'; "
        "extra column Ansvarig; other marker wording",
    ),
    Variant(
        "latex-vss-2020-longtable",
        "pdflatex",
        VSS,
        WIDE_W,
        rules="hrules",
        font="Latin Modern",
        size=10,
        landscape=True,
        traits="A4 landscape, longtable with \\hline rules, header repeated (\\endhead); "
        "Latin Modern 10 pt; no space glyphs; goal on its group's first row; "
        "legend 'Word = meaning'",
    ),
]

PRODUCERS = ("libreoffice", "chromium", "pdflatex")


def _renderer(variant: Variant) -> Callable[[float], None]:
    if variant.producer == "libreoffice":
        import libreoffice

        return lambda space: libreoffice.render(variant, space)
    if variant.producer == "chromium":
        import chromium

        return lambda space: chromium.render(variant, space)
    import pdflatex

    return lambda space: pdflatex.render(variant, space)


def heading_state(pdf: Path, heading: str, size: float) -> tuple[int, bool]:
    """Page of the (large) perspective heading and whether a table rule follows it there."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for pno, page in enumerate(doc.pages, start=1):
            words = page.extract_words(extra_attrs=["size"])
            for w in words:
                if w["text"] == heading and w["size"] > size + 1:
                    return pno, any(y > w["bottom"] for y in rules_of(page)[2])
    raise AssertionError(f"{pdf.name}: heading {heading} not found")


def render_with_orphan(variant: Variant) -> None:
    """Render; for ``variant.orphan`` push that heading down (space before it, found by bisection)
    until it is the last line of its page and its table starts on the next page."""
    render = _renderer(variant)
    render(0.0)
    if variant.orphan is None:
        return
    page0, follows = heading_state(variant.pdf, variant.orphan, variant.size)
    lo, hi = 0.0, 800.0
    for _ in range(14):
        mid = (lo + hi) / 2
        render(mid)
        page, follows = heading_state(variant.pdf, variant.orphan, variant.size)
        if page == page0 and not follows:
            print(f"  {variant.name}: {variant.orphan} orphaned on p{page} (space {mid:.1f} pt)")
            return
        if page == page0:
            lo = mid
        else:
            hi = mid
    raise AssertionError(f"{variant.name}: could not orphan heading {variant.orphan}")


def main(argv: list[str]) -> None:
    expected_only = "--expected-only" in argv
    only = [a for a in argv if a in PRODUCERS] or list(PRODUCERS)
    for variant in VARIANTS:
        if variant.producer not in only:
            continue
        if not expected_only:
            render_with_orphan(variant)
        frame = write_expected(variant)
        broken = int((frame["page_end"] > frame["page"]).sum())
        where = variant.pdf.relative_to(variant.pdf.parents[1])
        print(f"{where}: {len(frame)} rows, {broken} broken by a page break")


if __name__ == "__main__":
    main(sys.argv[1:])
