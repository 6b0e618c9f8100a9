"""The audit page in headless Chromium: clicks, search, filters, keyboard, sign-off and its CSV
export/import, offline use, and the print layout (pages counted in ``page.pdf()``)."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from followup.audit import render_audit, write_audit
from followup.records import Extraction
from tests.test_audit import SAMPLES, _expected, _mini_pdf, _sample_pdfs, mini  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _sync_playwright() -> Any:
    in_ci = bool(os.environ.get("CI"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci:
            pytest.fail("playwright is not installed (required when CI is set)")
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        if in_ci:
            pytest.fail(f"{CHROMIUM} is missing (required when CI is set)")
        pytest.skip(f"{CHROMIUM} is missing")
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with _sync_playwright()() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Page:
    """A page in a fresh browser context (own storage) that records script errors and every
    request that is not the page itself."""

    def __init__(self, browser: Any, path: Path, width: int = 1400) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console",
            lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.path = path
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def visible_rows(self) -> list[str]:
        return list(
            self.page.eval_on_selector_all(
                "#row-table tr.row:not([hidden])", "rs => rs.map(r => r.dataset.row)"
            )
        )

    def classes(self, selector: str) -> list[str]:
        return str(self.page.get_attribute(selector, "class") or "").split()

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)

    def close(self) -> None:
        assert self.problems == []
        others = [u for u in self.requests if not u.startswith(("file:", "data:", "blob:"))]
        assert others == []  # nothing is loaded from outside: the page works offline
        self.context.close()


@pytest.fixture()
def mini_page(browser: Any, mini: Extraction, tmp_path: Path) -> Iterator[Page]:  # noqa: F811
    page = Page(browser, write_audit(mini, tmp_path / "mini.audit.html"))
    yield page
    page.close()


def test_clicks_link_rows_boxes_and_show_all_fields(mini_page: Page) -> None:
    p = mini_page
    p.page.click("#row-1 td.c-activity")
    assert "active" in p.classes("#box-1") and "active" in p.classes("#row-1")
    detail = p.page.locator("#detail")
    assert detail.is_visible()
    fields = dict(
        p.page.eval_on_selector_all(
            "#detail dd[data-field]", "ds => ds.map(d => [d.dataset.field, d.textContent])"
        )
    )
    assert fields["activity"] == "Ta fram <budget> & plan"
    assert fields["comment"] == 'Kommentar <b>fet</b> & "citat"'
    assert fields["responsible"] == "Kommunchef" and fields["strategic"] == "ja"
    assert fields["box"] == "50.00, 120.00, 545.28, 144.00"
    # the detail sits right under its row
    assert p.page.evaluate("document.getElementById('row-1').nextElementSibling.id") == "detail"

    p.page.click("#box-5")
    assert "active" in p.classes("#row-5") and "active" not in p.classes("#row-1")
    assert p.page.evaluate("document.getElementById('row-5').nextElementSibling.id") == "detail"
    p.page.click("#detail button.close")
    assert not detail.is_visible()

    p.page.click('#findings a[data-row="3"]')
    assert "active" in p.classes("#row-3") and "active" in p.classes("#box-3")


def test_search_and_filters(mini_page: Page) -> None:
    p = mini_page
    assert p.visible_rows() == ["3", "1", "2", "4", "5"]  # rows with errors first
    p.page.fill("#search", "kostnader")
    assert p.visible_rows() == ["2"]
    assert p.page.text_content("#shown") == "Visar 1 av 5 rader"
    p.page.fill("#search", "citat")  # a field the table does not show (comment)
    assert p.visible_rows() == ["1"]
    p.page.fill("#search", "BALANS följ")  # every word, any case
    assert p.visible_rows() == ["2"]
    p.page.fill("#search", "inget sådant")
    assert p.visible_rows() == [] and p.page.locator("#no-match").is_visible()
    p.page.fill("#search", "")
    assert len(p.visible_rows()) == 5

    p.select("#f-perspective", "Ekonomi")
    assert p.visible_rows() == ["1", "2"]
    assert "filtered" in p.classes("#box-3") and "filtered" not in p.classes("#box-1")
    p.select("#f-perspective", "")
    p.select("#f-status", "(ingen status)")
    assert p.visible_rows() == ["3"]
    p.select("#f-status", "Klar")
    assert p.visible_rows() == ["1", "5"]
    p.select("#f-status", "")
    p.select("#f-level", "error")
    assert p.visible_rows() == ["3"]
    p.select("#f-level", "warning")
    assert p.visible_rows() == ["3"]  # joined across a page break
    p.select("#f-level", "info")
    assert p.visible_rows() == ["1"]
    p.select("#f-level", "none")
    assert p.visible_rows() == ["2", "4", "5"]
    p.select("#f-perspective", "Invånare")
    assert p.visible_rows() == ["5"]  # filters combine
    p.select("#f-level", "")
    p.select("#f-perspective", "")
    p.select("#f-order", "document")
    assert p.visible_rows() == ["1", "2", "3", "4", "5"]
    # a count in the header filters the table by its level
    p.page.click('header button.level-chip[data-level="error"]')
    assert p.page.input_value("#f-level") == "error" and p.visible_rows() == ["3"]


def test_keyboard_navigation(mini_page: Page) -> None:
    p = mini_page
    p.page.keyboard.press("j")
    assert "active" in p.classes("#row-3")  # the first row of the table: it has an error
    p.page.keyboard.press("j")
    p.page.keyboard.press("j")
    assert "active" in p.classes("#row-2") and "active" in p.classes("#box-2")
    p.page.keyboard.press("k")
    assert "active" in p.classes("#row-1")
    p.page.keyboard.press("Enter")
    assert p.page.locator("#detail").is_visible()
    assert p.page.get_attribute("#detail", "data-row") == "1"
    p.page.keyboard.press("j")  # the open detail follows the active row
    assert p.page.get_attribute("#detail", "data-row") == "2"
    p.page.keyboard.press("Enter")
    assert not p.page.locator("#detail").is_visible()
    p.page.keyboard.press("x")
    assert p.page.is_checked("#row-2 input.check")
    p.page.keyboard.press("/")
    assert p.page.evaluate("document.activeElement.id") == "search"
    p.page.keyboard.type("j")  # typing in the search box does not move
    assert "active" in p.classes("#row-2")
    p.page.keyboard.press("Escape")
    p.page.fill("#search", "")
    p.select("#f-perspective", "Medarbetare")
    p.page.evaluate("document.activeElement.blur()")
    p.page.keyboard.press("j")
    p.page.keyboard.press("j")
    p.page.keyboard.press("j")  # stays on the last visible row
    assert p.visible_rows() == ["3", "4"] and "active" in p.classes("#row-4")


def _download(p: Page) -> list[dict[str, str]]:
    with p.page.expect_download() as info:
        p.page.click("#export")
    download = info.value
    assert download.suggested_filename == "mini.granskning.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_sign_off_export_and_import(browser: Any, mini_page: Page, tmp_path: Path) -> None:
    p = mini_page
    p.page.check("#row-1 input.check")
    p.page.click("#row-4 td.c-activity")
    p.page.fill("#detail textarea.note", 'Stämmer, se "bilaga 2", sida 4')
    p.page.check("#detail input.detail-check")
    assert p.page.is_checked("#row-4 input.check")
    assert p.page.text_content("#progress") == "2 av 5 rader granskade"
    p.select("#f-signoff", "open")
    assert p.visible_rows() == ["3", "2", "5"]
    p.select("#f-signoff", "")

    rows = _download(p)
    assert [r["row"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r["checked"] for r in rows] == ["true", "false", "false", "true", "false"]
    assert rows[3]["note"] == 'Stämmer, se "bilaga 2", sida 4'
    assert rows[0]["activity"] == "Ta fram <budget> & plan"
    assert rows[0]["source"] == "mini.pdf" and len(rows[0]["source_sha256"]) == 64
    assert rows[2]["page"] == "1" and rows[2]["status"] == ""

    # marks survive a reload (kept in the browser's storage for this PDF)
    p.page.reload()
    assert p.page.is_checked("#row-1 input.check") and p.page.is_checked("#row-4 input.check")

    # a colleague loads the exported CSV into a fresh browser
    exported = tmp_path / "review.csv"
    with p.page.expect_download() as info:
        p.page.click("#export")
    info.value.save_as(exported)
    other = Page(browser, p.path)
    try:
        assert not other.page.is_checked("#row-1 input.check")
        other.page.set_input_files("#import", str(exported))
        other.page.wait_for_function("document.getElementById('import-status').textContent")
        assert other.page.text_content("#import-status") == "2 markeringar inlästa."
        assert other.page.is_checked("#row-1 input.check")
        assert other.page.is_checked("#row-4 input.check")
        other.page.click("#row-4 td.c-activity")
        assert other.page.input_value("#detail textarea.note") == 'Stämmer, se "bilaga 2", sida 4'
        # a review of another PDF is refused
        wrong = tmp_path / "wrong.csv"
        wrong.write_text(
            exported.read_text(encoding="utf-8").replace(rows[0]["source_sha256"], "0" * 64),
            encoding="utf-8",
        )
        other.page.set_input_files("#import", str(wrong))
        other.page.wait_for_function(
            "document.getElementById('import-status').textContent.indexOf('annan PDF') >= 0"
        )
    finally:
        other.close()


def test_english_page_in_the_browser(browser: Any, mini: Extraction, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "en.html"
    path.write_text(render_audit(mini, lang="en"), encoding="utf-8")
    p = Page(browser, path)
    try:
        assert p.page.text_content("#shown") == "Showing 5 of 5 rows"
        p.page.check("#row-2 input.check")
        assert p.page.text_content("#progress") == "1 of 5 rows checked"
        p.page.click("#row-3 td.c-activity")
        assert "No status printed." in (p.page.text_content("#detail") or "")
    finally:
        p.close()


def _printed_pages(p: Page) -> tuple[int, list[str]]:
    pdf = p.page.pdf(format="A4", print_background=True)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages), [page.extract_text() or "" for page in doc.pages]


@pytest.mark.parametrize("pdf", _sample_pdfs(), ids=[p.stem for p in _sample_pdfs()])
def test_print_layout(browser: Any, pdf: Path, tmp_path: Path) -> None:
    extraction = _expected(pdf)
    p = Page(browser, write_audit(extraction, tmp_path / "audit.html"))
    try:
        p.select("#f-perspective", str(extraction.rows["perspective"].iloc[0]))  # print all rows
        p.page.click("#row-1 td.c-activity")  # an open detail is not printed
        count, texts = _printed_pages(p)
        pages = extraction.pages
        assert count <= 2 * pages, (count, pages)
        # every PDF page on a printed page of its own, with its heading, after the summary
        headings = [
            i for i, t in enumerate(texts) for n in range(1, pages + 1) if f"Sida {n}\n" in t
        ]
        assert len(headings) == pages and len(set(headings)) == pages
        assert all(texts[i].startswith(f"Sida {k}") for k, i in enumerate(headings, start=1))
        # the row table once, after the pages: every row's number and activity start once
        table = "\n".join(texts[headings[-1] + 1 :])
        assert "Alla fält" not in table
        flat = re.sub(r"\s+", " ", table)
        for activity in extraction.rows["activity"].iloc[::7]:
            words = " ".join(str(activity).split()[:2])
            assert words in flat, words
        assert sum(t.count("Sammanfattning") for t in texts) == 1
        images = p.page.evaluate(
            "Array.from(document.images).map(i => i.complete && i.naturalWidth)"
        )
        assert all(images)
    finally:
        p.close()
