"""The producer samples (LibreOffice, Chromium, pdfLaTeX): what they cover, and that their expected
CSVs agree with the ground truth and with the committed PDFs. Nothing is rendered here."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest

from followup.schema import columns_for
from followup.tableio import read_table
from tests.conftest import EXPECTED, PRODUCER_PDFS, SAMPLES

FIELDS = ["perspective", "goal", "activity", "strategic", "deadline", "status", "comment"]
STATUS_WORDS = {"Klar", "Anpassats", "Ersatts", "Pågående", "Pausad", "Utgått"}


def _truth(frame_source: str) -> dict:
    name = "kfn_2022.json" if "kfn-2022" in frame_source else "vss_2020.json"
    return json.loads((SAMPLES / "data" / name).read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad\u2010\u2011")


def _meta(pdf: Path) -> dict:
    with pdfplumber.open(pdf) as doc:
        return {k: str(v) for k, v in doc.metadata.items()}


def _producer(pdf: Path) -> str:
    meta = _meta(pdf)
    if meta.get("Producer", "").startswith("LibreOffice"):
        return "libreoffice"
    if "HeadlessChrome" in meta.get("Creator", "") and meta.get("Producer", "").startswith("Skia"):
        return "chromium"
    if meta.get("Producer", "").startswith("pdfTeX"):
        return "pdflatex"
    return "unknown"


def _thin(page, vertical: bool) -> list[dict]:
    objs = page.lines + page.rects
    if vertical:
        return [o for o in objs if o["x1"] - o["x0"] < 2.5 and o["bottom"] - o["top"] > 20]
    return [o for o in objs if o["bottom"] - o["top"] < 2.5 and o["x1"] - o["x0"] > 20]


def _traits(pdf: Path) -> set[str]:
    """What a committed PDF shows, read from the PDF itself."""
    traits = {_producer(pdf)}
    statuses = set(read_table(EXPECTED / f"{pdf.stem}.csv")["status"])
    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0]
        traits.add("landscape" if first.width > first.height else "portrait")
        vertical = sum(len(_thin(p, True)) for p in doc.pages)
        horizontal = sum(len(_thin(p, False)) for p in doc.pages)
        if horizontal and vertical:
            traits.add("grid")
        elif horizontal:
            traits.add("hrules")
        for page in doc.pages:
            # a status word printed on a coloured (not grey) cell
            for rect in page.rects:
                colour = rect.get("non_stroking_color") or ()
                if (
                    rect.get("fill")
                    and len(colour) == 3
                    and max(colour) - min(colour) > 0.3
                    and rect["bottom"] - rect["top"] > 8
                ):
                    inside = page.crop(
                        (rect["x0"], rect["top"], rect["x1"], rect["bottom"])
                    ).extract_text()
                    if inside.strip() in STATUS_WORDS:
                        traits.add("colour statuses")
            # a legend line "● Word meaning": a filled dot, first on its line, then one of the
            # document's status words, then the meaning with no "=", "–" or ":" between
            words = page.extract_words()
            for dot in page.curves:
                if not dot.get("fill") or not 3 < dot["x1"] - dot["x0"] < 14:
                    continue
                mid = (dot["top"] + dot["bottom"]) / 2
                line = [w for w in words if abs((w["top"] + w["bottom"]) / 2 - mid) < 4]
                if any(w["x1"] <= dot["x0"] for w in line):
                    continue
                text = " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))
                word = next((s for s in statuses if text.startswith(s + " ")), None)
                if word and re.match(r"[a-zåäö]", text[len(word) + 1 :]):
                    traits.add("dot legend")
    if "dot legend" in traits:
        # and the table's statuses are dots only: no status word anywhere in a status cell
        frame = read_table(EXPECTED / f"{pdf.stem}.csv")
        if frame["status_raw"].str.fullmatch(r"circle #[0-9a-f]{6}").all():
            traits.add("dots only")
    return traits


def test_committed_samples_cover_the_producers() -> None:
    found = {pdf.name: _traits(pdf) for pdf in PRODUCER_PDFS}
    wanted = {
        "LibreOffice, full grid": {"libreoffice", "grid"},
        "LibreOffice, horizontal rules only": {"libreoffice", "hrules"},
        "Chromium, portrait": {"chromium", "portrait"},
        "Chromium, landscape, colour statuses": {"chromium", "landscape", "colour statuses"},
        "Chromium, status dots only with a '● Word meaning' legend": {
            "chromium",
            "dot legend",
            "dots only",
        },
        "pdfLaTeX": {"pdflatex", "hrules"},
    }
    missing = [what for what, need in wanted.items() if not any(need <= t for t in found.values())]
    assert not missing, f"no committed sample for: {missing}; found {found}"


@pytest.mark.parametrize("pdf", PRODUCER_PDFS, ids=lambda p: p.stem)
def test_sample_sits_in_its_producers_folder(pdf: Path) -> None:
    assert _producer(pdf) == pdf.parent.name
    if pdf.parent.name == "pdflatex":  # pdfTeX draws no space glyphs
        with pdfplumber.open(pdf) as doc:
            assert not any(c["text"] == " " for p in doc.pages for c in p.chars)


@pytest.mark.parametrize("pdf", PRODUCER_PDFS, ids=lambda p: p.stem)
def test_expected_csv_is_the_ground_truth(pdf: Path) -> None:
    frame = read_table(EXPECTED / f"{pdf.stem}.csv")
    truth = _truth(pdf.stem)
    extras = ["responsible"] if "responsible" in truth["activities"][0] else []
    assert list(frame.columns) == columns_for(extras)
    assert len(frame) == len(truth["activities"])
    for got, want in zip(frame.to_dict("records"), truth["activities"], strict=True):
        assert {k: got[k] for k in FIELDS + extras} == {k: want[k] for k in FIELDS + extras}
    assert set(frame["source"]) == {pdf.name}
    assert set(frame["source_sha256"]) == {hashlib.sha256(pdf.read_bytes()).hexdigest()}
    assert (frame["year"] == truth["year"]).all()
    with pdfplumber.open(pdf) as doc:
        pages = len(doc.pages)
    assert ((frame["page"] >= 1) & (frame["page"] <= frame["page_end"])).all()
    assert (frame["page_end"] <= pages).all()


@pytest.mark.parametrize("pdf", PRODUCER_PDFS, ids=lambda p: p.stem)
def test_expected_boxes_hold_their_rows(pdf: Path) -> None:
    """Each expected box is a tight union of glyphs (and status dots) on the row's first page: its
    edges touch a glyph or dot, the activity's first word lies inside it, and boxes of consecutive
    rows on one page do not overlap."""
    frame = read_table(EXPECTED / f"{pdf.stem}.csv")
    with pdfplumber.open(pdf) as doc:
        for i, row in enumerate(frame.itertuples()):
            page = doc.pages[row.page - 1]
            box = (row.x0, row.top, row.x1, row.bottom)
            marks = [
                (c["x0"], c["top"], c["x1"], c["bottom"], c["text"])
                for c in page.chars
                if c["text"].strip()
            ] + [(o["x0"], o["top"], o["x1"], o["bottom"], "") for o in page.curves]
            inner = [
                m
                for m in marks
                if box[0] - 0.05 <= m[0]
                and m[2] <= box[2] + 0.05
                and box[1] - 0.05 <= m[1]
                and m[3] <= box[3] + 0.05
            ]
            for edge in range(4):
                assert any(abs(m[edge] - box[edge]) <= 0.05 for m in inner), (pdf.name, i, edge)
            text = _norm("".join(m[4] for m in sorted(inner, key=lambda m: (round(m[3]), m[0]))))
            first_word = _norm(row.activity.split()[0])
            assert first_word in text, (pdf.name, i, first_word)
            if i + 1 < len(frame):
                nxt = frame.iloc[i + 1]
                if nxt["page"] == row.page:
                    assert row.bottom <= nxt["top"] + 0.05, (pdf.name, i)
