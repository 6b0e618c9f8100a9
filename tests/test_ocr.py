"""OCR of scanned reports: accuracy on the scanned samples, modes, store, failures, building blocks.

Scoring (OCR is not exact, so the scanned samples are scored, not compared for equality): a cell is
right when it equals the expected cell after whitespace normalisation (runs of whitespace → one
space, ends stripped); nothing else is forgiven (an en dash read as a hyphen is wrong). Per sample:
every expected row is found (same count, same order), at least 95 % of the cells of perspective,
goal, activity, deadline, status and comment are right, and at least 99 % of the statuses (with 15
rows a sample: all of them). Over all scanned samples together each of the six columns on its own
is at least 95 % right. Row boxes are within ``BOX_TOLERANCE`` points of the digital sample's.

Each scan is OCRed once per test session; the other tests take its OCR from the session's store.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from followup.cli import app
from followup.errors import ExtractError
from followup.extract import ExtractOptions, extract_document
from followup.extract.document import NO_TEXT_REASON
from followup.hashing import file_sha256
from followup.normalize.ocr import SwedishLetters, fix_ocr_word, fold, has_swedish_letters
from followup.ocr import engine
from followup.ocr.hocr import parse_hocr
from followup.ocr.raster import erase_rules, find_rules
from followup.records import Extraction, Finding
from followup.tableio import frame_to_csv_text
from tests.conftest import EXPECTED, SAMPLES

SCANS = sorted((SAMPLES / "scans").glob("*.pdf"))
SCORED = ["perspective", "goal", "activity", "deadline", "status", "comment"]
MIN_CELL_ACCURACY = 0.95
MIN_STATUS_ACCURACY = 0.99
BOX_TOLERANCE = 4.0  # points: deskewing a scan rotated by up to 1° moves text by a point or two

needs_tesseract = pytest.mark.skipif(
    engine.missing_tools(engine.OcrSettings()) is not None,
    reason="OCR tools missing (tesseract-ocr, tesseract-ocr-swe, ocrmypdf)",
)


def _norm(value: object) -> str:
    return " ".join(str(value).split())


def _as_strings(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(frame_to_csv_text(frame)), dtype=str, keep_default_na=False)


def _expected(pdf: Path) -> pd.DataFrame:
    return pd.read_csv(EXPECTED / "scans" / f"{pdf.stem}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def scanned(ocr_store: Path) -> dict[str, Extraction]:
    if engine.missing_tools(engine.OcrSettings()) is not None:
        pytest.skip("OCR tools missing")
    options = ExtractOptions(ocr_cache=str(ocr_store))
    return {pdf.stem: extract_document(pdf, options) for pdf in SCANS}


def test_two_scanned_samples_exist() -> None:
    assert len(SCANS) >= 2
    for pdf in SCANS:
        assert (EXPECTED / "scans" / f"{pdf.stem}.csv").is_file()


def score(got: pd.DataFrame, expected: pd.DataFrame) -> dict[str, float]:
    """Share of right cells per scored column and over all of them (see the module docstring)."""
    scores: dict[str, float] = {}
    right_all = 0
    for col in SCORED:
        right = sum(_norm(g) == _norm(e) for g, e in zip(got[col], expected[col], strict=True))
        scores[col] = right / len(expected)
        right_all += right
    scores["all"] = right_all / (len(expected) * len(SCORED))
    return scores


@needs_tesseract
@pytest.mark.parametrize("pdf", SCANS, ids=lambda p: p.stem)
def test_scanned_sample_accuracy(pdf: Path, scanned: dict[str, Extraction]) -> None:
    extraction = scanned[pdf.stem]
    got = _as_strings(extraction.rows)
    expected = _expected(pdf)
    assert len(got) == len(expected), "every row found, and no other"
    scores = score(got, expected)
    assert scores["all"] >= MIN_CELL_ACCURACY, scores
    assert scores["status"] >= MIN_STATUS_ACCURACY, scores
    assert (got["page"] == expected["page"]).all()
    assert (got["ocr"] == "true").all()
    confidence = extraction.rows["ocr_confidence"]
    assert confidence.between(0, 100).all() and confidence.mean() > 80
    for col in ("x0", "top", "x1", "bottom"):
        deviation = (got[col].astype(float) - expected[col].astype(float)).abs().max()
        assert deviation <= BOX_TOLERANCE, (col, deviation)
    assert extraction.ocr_pages == extraction.pages == 2
    assert extraction.ocr_pdf is not None and extraction.ocr_pdf.is_file()


@needs_tesseract
def test_each_column_over_all_scans(scanned: dict[str, Extraction]) -> None:
    got = pd.concat([_as_strings(scanned[p.stem].rows) for p in SCANS], ignore_index=True)
    expected = pd.concat([_expected(p) for p in SCANS], ignore_index=True)
    scores = score(got, expected)
    assert all(v >= MIN_CELL_ACCURACY for v in scores.values()), scores


@needs_tesseract
def test_ocr_is_taken_from_the_store(
    scanned: dict[str, Extraction], ocr_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_ocr(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR ran again")

    monkeypatch.setattr("followup.ocr.document.ocr_pdf", no_ocr)
    pdf = SCANS[0]
    again = extract_document(pdf, ExtractOptions(ocr_cache=str(ocr_store), year=2030))
    assert (again.rows["year"] == 2030).all()
    assert again.rows["activity"].tolist() == scanned[pdf.stem].rows["activity"].tolist()


def test_ocr_never_keeps_the_refusal() -> None:
    with pytest.raises(ExtractError) as info:
        extract_document(SCANS[0], ExtractOptions(ocr="never"))
    assert info.value.reason == NO_TEXT_REASON


def test_unknown_ocr_mode() -> None:
    with pytest.raises(ExtractError, match="unknown OCR mode"):
        extract_document(SCANS[0], ExtractOptions(ocr="sometimes"))


def test_missing_tesseract_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on the PATH
    with pytest.raises(ExtractError) as info:
        extract_document(SCANS[0])
    assert "apt-get install tesseract-ocr tesseract-ocr-swe" in info.value.reason
    assert "\n" not in info.value.reason


def test_missing_swedish_data_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_tesseract_languages", lambda: {"eng", "osd"})
    with pytest.raises(ExtractError) as info:
        extract_document(SCANS[0])
    assert info.value.reason.startswith("Tesseract has no language data for swe")
    assert "apt-get install tesseract-ocr-swe" in info.value.reason


@needs_tesseract
def test_auto_ocrs_only_the_scanned_page(tmp_path: Path, ocr_store: Path) -> None:
    """Page 1 digital, page 2 scanned: one row runs from the text layer into the OCR words."""
    import pikepdf

    mixed = tmp_path / "mixed.pdf"
    scan = SAMPLES / "scans" / "vss-2020-grid-p1-2-150dpi.pdf"
    with (
        pikepdf.open(SAMPLES / "vss-2020-grid.pdf") as digital,
        pikepdf.open(scan) as scanned_pdf,
        pikepdf.new() as out,
    ):
        out.pages.append(digital.pages[0])
        out.pages.append(scanned_pdf.pages[1])
        out.save(mixed)
    result = extract_document(mixed, ExtractOptions(ocr_cache=str(ocr_store)))
    assert result.ocr_pages == 1
    got = _as_strings(result.rows)
    expected = pd.read_csv(
        EXPECTED / "scans" / f"{scan.stem}.csv", dtype=str, keep_default_na=False
    )
    assert len(got) == len(expected)
    # a row with any part on the scanned page was (partly) read by OCR
    assert got["ocr"].tolist() == ["true" if p != "1" else "false" for p in got["page_end"]]
    assert (result.rows.loc[~result.rows["ocr"], "ocr_confidence"].isna()).all()
    joined = got[got["page"] != got["page_end"]]
    assert len(joined) == 1 and joined["ocr"].tolist() == ["true"]  # digital page, then scan
    assert score(got, expected)["all"] >= MIN_CELL_ACCURACY


@needs_tesseract
def test_cli_extracts_a_scan_and_refuses_with_never(
    scanned: dict[str, Extraction], ocr_store: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    pdf = SCANS[0]
    out = tmp_path / "out.csv"
    # the session's OCR store lives in <cache>/ocr: --cache points the CLI at it
    args = ["extract", str(pdf), "-o", str(out), "--cache", str(ocr_store), "--timeout", "3600"]
    ok = runner.invoke(app, args)
    assert ok.exit_code == 0, ok.output
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert (frame["ocr"] == "true").all() and len(frame) == len(scanned[pdf.stem].rows)
    assert "(2 OCR)" in ok.output
    never = runner.invoke(app, ["extract", str(pdf), "--ocr", "never", "--no-cache"])
    assert never.exit_code == 1
    assert f"error: {pdf}: {NO_TEXT_REASON}" in never.output


def test_low_confidence_cells_are_findings(scanned: dict[str, Extraction]) -> None:
    from followup.records import FINDING_KINDS

    assert "low_ocr_confidence" in FINDING_KINDS
    for extraction in scanned.values():
        for finding in extraction.findings:
            if finding.kind == "low_ocr_confidence":
                assert finding.row is not None and finding.bbox is not None
                confidence = float(re.search(r"confidence (\d+)", finding.message).group(1))  # type: ignore[union-attr]
                assert confidence < 75


# --- building blocks ------------------------------------------------------------------------------


def _ruled_page() -> Image.Image:
    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 300, 500):
        draw.line([(100, y), (1100, y)], fill=0, width=3)
    for x in (100, 600, 1100):
        draw.line([(x, 100), (x, 500)], fill=0, width=2)
    draw.text((150, 150), "Tertial 3 |||| ____ Klar", fill=0)
    return image


def test_find_rules_reads_a_grid_and_not_text() -> None:
    rules = find_rules(_ruled_page(), 150)
    horizontal = sorted((r.y0 + r.y1) // 2 for r in rules if r.horizontal)
    vertical = sorted((r.x0 + r.x1) // 2 for r in rules if not r.horizontal)
    assert [round(y, -1) for y in horizontal] == [100, 300, 500]  # a 3 px line: centre ±1
    assert [round(x, -1) for x in vertical] == [100, 600, 1100]
    assert all(r.x1 - r.x0 >= 990 for r in rules if r.horizontal)


def test_erase_rules_keeps_text() -> None:
    page = _ruled_page()
    cleaned = erase_rules(page, find_rules(page, 150))
    assert find_rules(cleaned, 150) == []
    text_area = cleaned.crop((140, 140, 400, 170))
    assert text_area.getextrema()[0] < 100  # the text is still there


HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<div class='ocr_page' id='page_1' title='image "x.png"; bbox 0 0 2480 3508; ppageno 0'>
 <span class='ocr_line' id='line_1_1' title="bbox 100 200 900 250; baseline 0 -10; x_size 46">
  <span class='ocrx_word' id='word_1_1' title='bbox 100 205 300 245; x_wconf 96'
   lang='swe'>Pågår</span>
  <span class='ocrx_word' id='word_1_2' title='bbox 320 205 500 245; x_wconf 41'
   lang='eng'><strong>Tertiai</strong></span>
 </span>
</div></body></html>"""


def test_parse_hocr() -> None:
    page = parse_hocr(HOCR)
    assert (page.width, page.height) == (2480, 3508)
    assert [(w.text, w.confidence, w.lang) for w in page.words] == [
        ("Pågår", 96.0, "swe"),
        ("Tertiai", 41.0, "eng"),
    ]
    assert page.words[0].line_top == 200 and page.words[0].x_size == 46
    with pytest.raises(ValueError):
        parse_hocr("<html><body>no page</body></html>")


def test_ocr_word_fixes() -> None:
    letters = SwedishLetters(dictionary=["pågår", "används", "används", "ar", "är"])
    assert fix_ocr_word("Tertiai", "eng", letters) == "Tertial"
    assert fix_ocr_word("Tertia1", "swe", letters) == "Tertial"
    assert fix_ocr_word("Pagar", "eng", letters) == "Pågår"
    assert fix_ocr_word("PAGAR", "eng", letters) == "PÅGÅR"
    assert fix_ocr_word("Pagar", "swe", letters) == "Pagar"  # the Swedish model's reading stands
    assert fix_ocr_word("ar", "eng", letters) == "ar"  # itself a word: never changed
    assert fix_ocr_word("Atgardsplan,", "eng", letters) == "Åtgärdsplan,"  # report word + compound
    letters.add("används")
    assert fix_ocr_word("anvands", "eng", letters) == "används"  # the document decides a tie


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ", min_size=1, max_size=12))
def test_restore_only_adds_marks(word: str) -> None:
    letters = SwedishLetters(dictionary=["pågår", "åtgärd", "förvaltning", "är"])
    restored = letters.restore(word)
    assert fold(restored).casefold() == fold(word).casefold()
    if has_swedish_letters(word):
        assert restored == word
    assert letters.restore(restored) == restored


# --- cache keys, audit page, tools ----------------------------------------------------------------


def test_batch_cache_key_names_the_ocr_mode(tmp_path: Path) -> None:
    """Rows read without OCR are never served for ``--ocr always`` (or the reverse); where the
    OCR store lives does not change the rows, so it is not part of the key."""
    from followup.batch import _settings
    from followup.cache import cache_key

    pdf = SCANS[0]
    sha = file_sha256(pdf)
    keys = {
        mode: cache_key(sha, pdf, _settings(ExtractOptions(ocr=mode), None))
        for mode in ("auto", "always", "never")
    }
    assert len(set(keys.values())) == 3
    elsewhere = ExtractOptions(ocr_cache=str(tmp_path))
    assert cache_key(sha, pdf, _settings(elsewhere, None)) == keys["auto"]


def test_ocr_store_key_covers_content_pages_and_settings() -> None:
    from followup.ocr.store import ocr_key

    base = ocr_key("a" * 64, [1, 2], engine.OcrSettings())
    assert ocr_key("a" * 64, [2, 1, 2], engine.OcrSettings()) == base  # the same pages
    others = [
        ocr_key("b" * 64, [1, 2], engine.OcrSettings()),
        ocr_key("a" * 64, [1], engine.OcrSettings()),
        ocr_key("a" * 64, [1, 2], engine.OcrSettings(languages=("swe",))),
        ocr_key("a" * 64, [1, 2], engine.OcrSettings(deskew=False)),
        ocr_key("a" * 64, [1, 2], engine.OcrSettings(rotate_pages=False)),
    ]
    assert len({base, *others}) == 1 + len(others)


def test_missing_orientation_data_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_tesseract_languages", lambda: {"swe", "eng"})
    reason = engine.missing_tools(engine.OcrSettings())
    assert reason is not None and "apt-get install tesseract-ocr-osd" in reason
    assert engine.missing_tools(engine.OcrSettings(rotate_pages=False)) is None


@needs_tesseract
def test_audit_page_shows_ocr_rows_on_the_ocred_copy(
    scanned: dict[str, Extraction], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit page of a scan: every row carries its OCR confidence, the pages shown are the
    OCRed copy the boxes were measured on, and low-confidence cells are boxed as findings."""
    from followup.audit import render

    shown: list[Path] = []
    real = render.render_pages

    def spy(path: Path, **kw: object) -> object:
        shown.append(Path(path))
        return real(path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_pages", spy)
    pdf = SCANS[1]
    extraction = scanned[pdf.stem]
    low = [f for f in extraction.findings if f.kind == "low_ocr_confidence"]
    weak = Finding(
        "low_ocr_confidence", 1, "comment read by OCR with confidence 40", 0, (1, 2, 3, 4)
    )
    page = render.render_audit(
        Extraction(
            extraction.path,
            extraction.rows,
            extraction.pages,
            [*extraction.findings, *([] if low else [weak])],
            ocr_pages=extraction.ocr_pages,
            ocr_pdf=extraction.ocr_pdf,
        ),
        resolution=50,
    )
    chips = re.findall(r'<span class="chip ocr( low)?"[^>]*>OCR ([\d.]+)</span>', page)
    assert len(chips) == len(extraction.rows)
    assert sorted(float(c) for _, c in chips) == pytest.approx(
        sorted(extraction.rows["ocr_confidence"]), abs=0.01
    )
    assert any(flag for flag, _ in chips)  # the row with a low-confidence cell is marked
    assert page.count('data-kind="low_ocr_confidence"') >= 2 * len(low or [weak])  # box + list
    assert shown == [extraction.ocr_pdf] and extraction.ocr_pdf != pdf


@needs_tesseract
def test_audit_command_reads_scans(
    scanned: dict[str, Extraction], ocr_store: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    pdf = SCANS[1]
    out = tmp_path / "scan.html"
    args = ["audit", str(pdf), "-o", str(out), "--cache", str(ocr_store), "--timeout", "3600"]
    ok = runner.invoke(app, args)
    assert ok.exit_code == 0, ok.output
    assert out.read_text(encoding="utf-8").count('class="chip ocr') == len(scanned[pdf.stem].rows)
    never = runner.invoke(app, ["audit", str(pdf), "-o", str(out), "--ocr", "never", "--no-cache"])
    assert never.exit_code == 1 and NO_TEXT_REASON in never.output
    bad = runner.invoke(app, ["audit", str(pdf), "--ocr", "sometimes"])
    assert bad.exit_code == 2 and "unknown --ocr 'sometimes'" in bad.output


def test_ocrmypdf_leaves_pdfminer_as_it_was(tmp_path: Path) -> None:
    """Importing OCRmyPDF changes how pdfminer reads simple fonts for the whole process; after an
    OCR (or a check for its tools) a digital PDF still reads as before."""
    from followup.extract.document import open_document
    from tests.test_robustness import SAMPLE_TEXT, minimal_pdf

    path = tmp_path / "helvetica.pdf"
    path.write_bytes(minimal_pdf(SAMPLE_TEXT))  # Helvetica without Encoding or ToUnicode
    engine.import_ocrmypdf()
    engine.missing_tools(engine.OcrSettings())
    pdf = open_document(path)
    assert "Aktivitet 1" in (pdf.pages[1].extract_text() or "")
    pdf.close()
