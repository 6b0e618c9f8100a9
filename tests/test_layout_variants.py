"""Layouts beyond the samples, drawn here with reportlab: the extractor must not depend on the
sample generator's habits (left-aligned headers, goals on a row's first line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup import extract_pdf

canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402

ROWS = [
    ("Ta fram en ny modell för uppföljning.", "Tertial 1", "Klar", "Modellen används."),
    ("Utbilda chefer i den nya modellen.", "Tertial 2", "Klar", "Alla chefer utbildade."),
    ("Mäta kundnöjdhet i alla verksamheter.", "Q3 2021", "Pausad", "Återupptas 2022."),
    ("Införa e-tjänster för bokning.", "Tertial 3", "Utgått", "Ersatt av nytt system."),
]
# column: (left edge, width); headers centred over their columns, cells left-aligned
COLS = [(40, 90), (135, 170), (310, 70), (385, 60), (450, 110)]
HEADERS = ["Nämndmål", "Aktivitet", "Slutdatum", "Status", "Kommentar"]


def _draw(path: Path, *, centred_goal: bool) -> None:
    c = canvas_mod.Canvas(str(path), invariant=1)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(40, 800, "Uppföljning av verksamhetsplan 2021")
    c.setFont("Helvetica", 10)
    c.drawString(40, 780, "Klar = genomförd enligt plan")
    c.drawString(40, 766, "Pausad = arbetet pågår ej")
    c.drawString(40, 752, "Utgått = aktiviteten genomförs ej")
    c.setFont("Helvetica-Bold", 13)
    c.drawString(40, 720, "Ekonomi")
    c.setFont("Helvetica-Bold", 9)
    for (left, width), text in zip(COLS, HEADERS, strict=True):
        c.drawString(left + (width - stringWidth(text, "Helvetica-Bold", 9)) / 2, 700, text)
    c.setFont("Helvetica", 9)
    y = 680
    for i, (activity, deadline, status, comment) in enumerate(ROWS):
        for (left, _), text in zip(COLS[1:], (activity, deadline, status, comment), strict=True):
            c.drawString(left, y, text)
        if not centred_goal and i == 0:
            c.drawString(COLS[0][0], y, "God ekonomisk")
            c.drawString(COLS[0][0], y - 11, "hushållning")
        y -= 30
    if centred_goal:  # one goal text centred beside all four rows, no rules
        c.drawString(COLS[0][0], 680 - 45, "God ekonomisk")
        c.drawString(COLS[0][0], 680 - 56, "hushållning")
    c.save()


@pytest.mark.parametrize("centred_goal", [False, True])
def test_centred_headers_without_rules(tmp_path: Path, centred_goal: bool) -> None:
    pdf = tmp_path / "variant.pdf"
    _draw(pdf, centred_goal=centred_goal)
    frame = extract_pdf(pdf)
    assert frame["activity"].tolist() == [r[0] for r in ROWS]
    assert frame["deadline"].tolist() == [r[1] for r in ROWS]
    assert frame["status"].tolist() == [r[2] for r in ROWS]
    assert frame["comment"].tolist() == [r[3] for r in ROWS]
    assert frame["goal"].tolist() == ["God ekonomisk hushållning"] * 4
    assert set(frame["perspective"]) == {"Ekonomi"}
    assert set(frame["year"]) == {2021}
    assert frame["deadline_date"].tolist() == [
        "2021-04-30",
        "2021-08-31",
        "2021-09-30",
        "2021-12-31",
    ]
