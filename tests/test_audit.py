"""Audit page: content, escaping, self-containment, CLI, and clicks in a real browser."""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from followup.audit import render_audit, write_audit, write_audits
from followup.audit.model import NO_STATUS
from followup.commands.audit import register
from followup.records import Extraction, Finding
from followup.schema import columns_for
from followup.tableio import read_table

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
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
A4 = (595.2756, 841.8898)


# ---------------------------------------------------------------- fixtures


def _mini_pdf(path: Path, data: list[tuple[int, str, str, str, str]]) -> list[dict[str, object]]:
    """Draw one boxed line per row with reportlab; return rows in the output schema."""
    canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")
    width, height = A4
    canvas = canvas_mod.Canvas(str(path), pagesize=A4, invariant=1)
    rows: list[dict[str, object]] = []
    page, y = 1, 120.0
    for i, (p, perspective, goal, activity, status) in enumerate(data):
        while p > page:
            canvas.showPage()
            page, y = page + 1, 120.0
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, height - y - 14, f"{perspective} | {activity} | {status}")
        canvas.rect(50, height - y - 24, width - 100, 24)
        rows.append(
            {
                "source": path.name,
                "source_sha256": "",
                "year": 2023,
                "page": p,
                "page_end": p + 1 if i == 2 else p,
                "perspective": perspective,
                "goal": goal,
                "activity": activity,
                "strategic": i == 0,
                "deadline": "December",
                "deadline_date": "2023-12-31",
                "status": status,
                "status_raw": status.upper(),
                "status_score": 100 if status else 0,
                "comment": 'Kommentar <b>fet</b> & "citat"' if i == 0 else "",
                "responsible": "Kommunchef",
                "x0": 50.0,
                "top": y,
                "x1": width - 50,
                "bottom": y + 24,
            }
        )
        y += 40
    canvas.showPage()
    canvas.save()
    return rows


@pytest.fixture()
def mini(tmp_path: Path) -> Extraction:
    pdf = tmp_path / "mini.pdf"
    rows = _mini_pdf(
        pdf,
        [
            (1, "Ekonomi", "Budget i balans", "Ta fram <budget> & plan", "Klar"),
            (1, "Ekonomi", "Budget i balans", "Följ upp kostnader", "Pågående"),
            (1, "Medarbetare", "Bra arbetsmiljö", "Medarbetarenkät", ""),
            (2, "Medarbetare", "Bra arbetsmiljö", "Friskvård", "Utgått"),
            (2, "Invånare", "Nöjda invånare", "Medborgardialog", "Klar"),
        ],
    )
    findings = [
        Finding("low_status", 1, "ingen status", row=2),
        Finding("page_break_join", 2, "rad fortsätter", row=2),
        Finding("uncovered_text", 1, "<script>alert(1)</script>", bbox=(60, 300, 200, 320)),
        Finding("header_mismatch", 2, "Ansvarig?"),
    ]
    frame = pd.DataFrame(rows, columns=columns_for(["responsible"]))
    return Extraction(path=pdf, rows=frame, pages=2, findings=findings)


def _sample_pdfs() -> list[Path]:
    return sorted(
        p for p in SAMPLES.glob("*.pdf") if (SAMPLES / "expected" / f"{p.stem}.csv").exists()
    )


def _extractor_error() -> str | None:
    try:
        from followup.extract import ExtractOptions, extract_document  # noqa: F401
    except ImportError as err:  # before the extractor lands
        return str(err)
    return None


def _extract(pdf: Path) -> Extraction:
    reason = _extractor_error()
    if reason is not None:
        pytest.skip(f"extractor not available: {reason}")
    from followup import extract_document
    from followup.errors import FollowupError

    try:
        return extract_document(pdf)
    except FollowupError as err:  # the extractor's own tests report this; nothing to audit
        pytest.skip(f"extractor failed: {err}")


def _expected(pdf: Path) -> Extraction:
    """Expected rows of a sample with the real extractor's findings (row links kept in range).

    When the extractor is missing or fails on the sample, the findings are empty and the page
    count comes from the PDF: this test is about the audit page, not the extractor.
    """
    from followup.errors import FollowupError

    rows = read_table(SAMPLES / "expected" / f"{pdf.stem}.csv")
    real: Extraction | None = None
    if _extractor_error() is None:
        from followup import extract_document

        try:
            real = extract_document(pdf)
        except FollowupError:
            real = None
    if real is None:
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            return Extraction(path=pdf, rows=rows, pages=len(doc.pages))
    findings = [
        f
        if f.row is None or f.row < len(rows)
        else Finding(f.kind, f.page, f.message, None, f.bbox)
        for f in real.findings
    ]
    return Extraction(path=pdf, rows=rows, pages=real.pages, findings=findings)


SAMPLE_IDS = [p.stem for p in _sample_pdfs()]


# ---------------------------------------------------------------- parsing helpers


class _Elements(HTMLParser):
    """Collects attributes of every element with an id or class, and text per id'd element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, dict[str, str]] = {}
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if "id" in a:
            self.by_id[a["id"]] = a
        if tag not in {"img", "meta", "link", "br", "input"}:
            self._open.append(a.get("id"))
            if a.get("id"):
                self.text[a["id"]] = []

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for ident in self._open:
            if ident:
                self.text[ident].append(data)

    def with_class(self, cls: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if cls in a.get("class", "").split()]


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def assert_rows_present(page: str, rows: pd.DataFrame) -> None:
    doc = parse(page)
    assert doc.by_id["meta-rows"] and "".join(doc.text["meta-rows"]) == str(len(rows))
    for i, row in enumerate(rows.to_dict("records"), start=1):
        article = doc.by_id[f"row-{i}"]
        assert article["data-page"] == str(int(row["page"]))
        text = "".join(doc.text[f"row-{i}"])
        assert str(row["activity"]) in text
        box = doc.by_id[f"box-{i}"]
        for key in ("x0", "top", "x1", "bottom"):
            assert article[f"data-{key}"] == f"{float(row[key]):.2f}", (i, key)
            assert box[f"data-{key}"] == f"{float(row[key]):.2f}", (i, key)
        assert box["data-page"] == str(int(row["page"]))
        # the box sits inside the section of its page
        assert f'id="box-{i}"' in _page_chunk(page, int(row["page"]))


def _page_chunk(page: str, number: int) -> str:
    start = page.index(f'<section class="page" id="page-{number}"')
    end = page.find('<section class="page"', start + 1)
    return page[start : end if end != -1 else len(page)]


def assert_findings_match(page: str, findings: list[Finding]) -> None:
    doc = parse(page)
    expected = Counter(f.kind for f in findings)
    shown: dict[str, int] = {}
    for tag, attrs in doc.elements:
        if tag == "tr" and "data-kind" in attrs:
            shown[attrs["data-kind"]] = -1
    counts = re.findall(r'<tr data-kind="([a-z_]+)"[^>]*>.*?<td class="n count">(\d+)</td>', page)
    shown = {kind: int(n) for kind, n in counts}
    for kind in set(expected) | set(shown):
        assert shown.get(kind, 0) == expected.get(kind, 0), kind
    assert len(doc.with_class("finding")) == len(findings)
    for f in findings:
        if f.row is not None:
            assert f'href="#row-{f.row + 1}" data-row="{f.row + 1}"' in page


def assert_summary_matches(page: str, rows: pd.DataFrame) -> None:
    status = rows["status"].fillna("").astype(str)
    perspective = rows["perspective"].fillna("").astype(str)
    done_word = "Klar" if (status == "Klar").any() else None
    for p in perspective.unique():
        mine = status[perspective == p]
        line = re.search(
            rf'<li data-perspective="{re.escape(_esc(p))}">.*?<span class="done-count">(\d+)'
            r'</span> av <span class="total-count">(\d+)</span> klara',
            page,
        )
        assert line, p
        assert int(line.group(2)) == len(mine)
        if done_word:
            assert int(line.group(1)) == int((mine == done_word).sum())
        row = re.search(rf'<tr data-perspective="{re.escape(_esc(p))}">(.*?)</tr>', page)
        assert row, p
        cells = dict(re.findall(r'data-status="([^"]*)">(\d+)</td>', row.group(1)))
        for s, n in Counter(mine).items():
            assert int(cells[_esc(s or NO_STATUS)]) == n, (p, s)


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def assert_self_contained(page: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<link[^>]*rel=[\"']?stylesheet", page, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?(?:https?:)?//", page, re.I)


# ---------------------------------------------------------------- tests on the small PDF


def test_mini_rows_findings_summary(mini: Extraction) -> None:
    page = render_audit(mini)
    assert_rows_present(page, mini.rows)
    assert_findings_match(page, mini.findings)
    assert_summary_matches(page, mini.rows)
    assert_self_contained(page)
    assert 'Ekonomi: <span class="done-count">1</span> av <span class="total-count">2' in page
    assert "Totalt: 2 av 5 klara" in page


def test_mini_escapes_every_text(mini: Extraction) -> None:
    page = render_audit(mini)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Ta fram &lt;budget&gt; &amp; plan" in page
    assert "Kommentar &lt;b&gt;fet&lt;/b&gt; &amp; &quot;citat&quot;" in page
    assert page.count("<script>") == 1


def test_mini_page_images_and_overlay(mini: Extraction) -> None:
    page = render_audit(mini, resolution=50)
    doc = parse(page)
    images = [a for tag, a in doc.elements if tag == "img"]
    assert len(images) == 2
    assert all(a["src"].startswith("data:image/") for a in images)
    box = doc.by_id["box-1"]
    # percentages of the page, so the overlay follows the image when it is scaled down
    assert box["style"].startswith(f"left:{50 / A4[0] * 100:.3f}%;top:{120 / A4[1] * 100:.3f}%;")
    assert abs(int(images[0]["width"]) - A4[0] * 50 / 72) <= 1  # 50 dpi
    assert "nostatus" in doc.by_id["box-3"]["class"]  # empty status: grey dashed
    assert doc.by_id["box-1"]["style"] != doc.by_id["box-2"]["style"]
    assert "cont-3-2" in doc.by_id  # row 3 continues on page 2
    assert "finding-3" in doc.by_id  # uncovered text box drawn on its page
    assert 'href="#finding-3"' in page and 'href="#page-2"' in page


def test_deterministic_and_atomic_write(mini: Extraction, tmp_path: Path) -> None:
    first = render_audit(mini)
    assert render_audit(mini) == first
    out = write_audit(mini, tmp_path / "out" / "mini.audit.html")
    assert out.read_text(encoding="utf-8") == first
    assert [p.name for p in out.parent.iterdir()] == ["mini.audit.html"]
    assert out.stat().st_mode & 0o044  # readable by others, not mkstemp's 0600


def test_write_audits_names_and_duplicate_stems(mini: Extraction, tmp_path: Path) -> None:
    other = tmp_path / "b" / "mini.pdf"
    other.parent.mkdir()
    shutil.copy(mini.path, other)
    twin = Extraction(path=other, rows=mini.rows, pages=2, findings=[])
    paths = write_audits([mini, twin], tmp_path / "audits")
    assert [p.name for p in paths] == ["mini.audit.html", "mini-2.audit.html"]
    assert all(p.exists() for p in paths)


def test_other_status_vocabulary_and_empty_document(tmp_path: Path) -> None:
    pdf = tmp_path / "other.pdf"
    rows = _mini_pdf(
        pdf,
        [
            (1, "A", "m", "x", "Genomförd"),
            (1, "A", "m", "y", "Ej påbörjad"),
            (1, "B", "m", "z", "Genomförd"),
        ],
    )
    frame = pd.DataFrame(rows, columns=columns_for(["responsible"]))
    page = render_audit(Extraction(path=pdf, rows=frame, pages=1))
    assert "Totalt: 2 av 3 klara (status Genomförd)" in page
    doc = parse(page)
    assert doc.by_id["box-1"]["style"] != doc.by_id["box-2"]["style"]
    empty = render_audit(Extraction(path=pdf, rows=frame.iloc[0:0], pages=1))
    assert "Inga rader börjar på sidan." in empty and "Totalt: 0 av 0 klara" in empty


def test_missing_pdf_is_a_one_line_error(mini: Extraction, tmp_path: Path) -> None:
    from followup.errors import FollowupError

    gone = Extraction(path=tmp_path / "gone.pdf", rows=mini.rows, pages=2)
    with pytest.raises(FollowupError, match="gone.pdf: cannot read PDF"):
        render_audit(gone)


# ---------------------------------------------------------------- CLI


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps "audit" as a subcommand
        pass

    return app


def test_cli_one_file_many_files_and_errors(
    mini: Extraction, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import followup

    def fake_extract(path: Path, **options: object) -> Extraction:
        if not Path(path).exists():
            from followup.errors import ExtractError

            raise ExtractError(path, "no such file")
        return Extraction(path=Path(path), rows=mini.rows, pages=mini.pages, findings=mini.findings)

    monkeypatch.setattr(followup, "extract_document", fake_extract)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(_app(), ["audit", str(mini.path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mini.audit.html").exists()

    result = runner.invoke(_app(), ["audit", str(mini.path), "-o", str(tmp_path / "one.html")])
    assert result.exit_code == 0 and (tmp_path / "one.html").exists()

    missing = tmp_path / "missing.pdf"
    result = runner.invoke(_app(), ["audit", str(missing), str(mini.path), "-o", "many"])
    assert result.exit_code == 1
    assert f"error: {missing}: no such file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (tmp_path / "many" / "mini.audit.html").exists()


# ---------------------------------------------------------------- samples


@pytest.mark.parametrize("pdf", _sample_pdfs(), ids=SAMPLE_IDS)
def test_sample_expected_rows(pdf: Path) -> None:
    extraction = _expected(pdf)
    page = render_audit(extraction)
    assert_rows_present(page, extraction.rows)
    assert_findings_match(page, extraction.findings)
    assert_summary_matches(page, extraction.rows)
    assert_self_contained(page)
    assert len(page.encode()) < 400_000 * extraction.pages + 200_000


@pytest.mark.parametrize("pdf", _sample_pdfs(), ids=SAMPLE_IDS)
def test_sample_real_extraction(pdf: Path) -> None:
    extraction = _extract(pdf)
    page = render_audit(extraction)
    doc = parse(page)
    assert len(doc.with_class("row")) == len(extraction.rows)
    assert_findings_match(page, extraction.findings)
    assert_summary_matches(page, extraction.rows)
    assert_self_contained(page)


# ---------------------------------------------------------------- browser


def _browser_or_skip() -> object:
    in_ci = bool(os.environ.get("CI"))
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if in_ci:
            pytest.fail("playwright is not installed (required when CI is set)")
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        if in_ci:
            pytest.fail(f"{CHROMIUM} is missing (required when CI is set)")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    return sync_playwright


def _classes(page: Any, selector: str) -> list[str]:
    return str(page.get_attribute(selector, "class") or "").split()


def test_browser_clicks_link_rows_and_boxes(mini: Extraction, tmp_path: Path) -> None:
    sync_playwright = _browser_or_skip()
    extractions = [mini] + [_expected(p) for p in _sample_pdfs()[:1]]
    with sync_playwright() as pw:  # type: ignore[operator]
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for k, extraction in enumerate(extractions):
                html_path = write_audit(extraction, tmp_path / f"audit-{k}.html")
                _click_through(
                    browser.new_page(viewport={"width": 1400, "height": 900}),
                    html_path,
                    len(extraction.rows),
                )
        finally:
            browser.close()


def _click_through(page: Any, html_path: Path, last: int) -> None:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(html_path.as_uri())
    page.wait_for_load_state("load")
    assert problems == []

    page.click("#row-1 .head")
    assert "active" in _classes(page, "#box-1")
    assert "active" in _classes(page, "#row-1")

    page.click(f"#box-{last}")
    assert "active" in _classes(page, f"#row-{last}")
    assert "active" in _classes(page, f"#box-{last}")
    assert "active" not in _classes(page, "#box-1")
    assert "active" not in _classes(page, "#row-1")

    page.evaluate("document.querySelectorAll('#findings details').forEach(d => d.open = true)")
    link = page.locator("#findings a[data-row]").first
    if link.count():
        target = link.get_attribute("data-row")
        link.click()
        assert "active" in _classes(page, f"#row-{target}")
        assert "active" in _classes(page, f"#box-{target}")
    assert problems == []
    page.close()
