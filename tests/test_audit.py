"""Audit page: content, escaping, self-containment, CLI, and clicks in a real browser."""

from __future__ import annotations

import json
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
from followup.audit.collection import INDEX_NAME, audit_entry, render_index
from followup.audit.i18n import LANGUAGES, Catalogue
from followup.cli import app as cli_app
from followup.commands.audit import register
from followup.records import (
    DEFAULT_FINDING_LEVEL,
    FINDING_KINDS,
    FINDING_LEVEL_ORDER,
    FINDING_LEVELS,
    Extraction,
    Finding,
    finding_level,
)
from followup.schema import columns_for
from followup.summary import NO_STATUS
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
        Finding("goal_merged", 1, "merged goal cell: 'Ta fram'", row=0),
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


class _Visible(HTMLParser):
    """Text a reader sees: element text outside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:  # texts a reader meets too
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


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
    assert "Totalt: 2 av 5 klara" in visible_text(page)


def test_mini_escapes_every_text(mini: Extraction) -> None:
    page = render_audit(mini)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the message, in data-message
    assert "Ta fram &lt;budget&gt; &amp; plan" in page
    assert page.count("<script") == 2  # the row data (JSON) and the page's script
    data = re.search(r'<script type="application/json" id="audit-data">(.*?)</script>', page, re.S)
    assert data and "<" not in data.group(1) and ">" not in data.group(1)
    rows = json.loads(data.group(1))["rows"]
    assert 'Kommentar <b>fet</b> & "citat"' in rows[0]["v"]


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
    batch = write_audits([mini, twin], tmp_path / "audits")
    paths = [e.page for e in batch.entries]
    assert [p.name for p in paths] == ["mini.audit.html", "mini-2.audit.html"]
    assert all(p.exists() for p in paths)
    assert batch.index == tmp_path / "audits" / INDEX_NAME
    index = batch.index.read_text(encoding="utf-8")
    assert 'href="mini.audit.html"' in index and 'href="mini-2.audit.html"' in index
    assert_self_contained(index)


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
    assert "Totalt: 2 av 3 klara (status Genomförd)" in visible_text(page)
    doc = parse(page)
    assert doc.by_id["box-1"]["style"] != doc.by_id["box-2"]["style"]
    empty = render_audit(Extraction(path=pdf, rows=frame.iloc[0:0], pages=1))
    assert "Totalt: 0 av 0 klara" in visible_text(empty)
    assert "Visar 0 av 0 rader" in visible_text(empty)


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


def _audit_cli(args: list[str], cache: Path) -> Any:
    return CliRunner().invoke(cli_app, ["audit", *args, "--cache", str(cache)])


def test_cli_folders_many_files_jobs_index_and_failures(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "2020").mkdir(parents=True)
    (reports / "2021").mkdir()
    shutil.copy(SAMPLES / "vss-2020-grid.pdf", reports / "2020" / "vss.pdf")
    shutil.copy(SAMPLES / "vss-2021-hrules.pdf", reports / "2021" / "vss.pdf")
    (reports / "2021" / "broken.pdf").write_text("<html>not a pdf</html>")
    out = tmp_path / "audits"
    result = _audit_cli([str(reports), "-o", str(out), "--jobs", "2"], tmp_path / "cache")
    assert result.exit_code == 1, result.output
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: ") and "broken.pdf" in errors[0]
    assert sorted(p.name for p in out.iterdir()) == [
        INDEX_NAME,
        "vss-2.audit.html",
        "vss.audit.html",
    ]
    index = (out / INDEX_NAME).read_text(encoding="utf-8")
    assert_self_contained(index)
    doc = parse(index)
    links = [a["href"] for tag, a in doc.elements if tag == "a"]
    assert links == ["vss.audit.html", "vss-2.audit.html"]
    rows = re.findall(r'<tr data-source="[^"]*">(.*?)</tr>', index)
    numbers = [re.findall(r'<td class="n[^"]*"[^>]*>([^<]*)</td>', r) for r in rows]
    # pages, rows, done / rows, errors, warnings, info: the same counts the pages show
    grid = extract_document_or_skip(SAMPLES / "vss-2020-grid.pdf")
    entry = audit_entry(grid, out / "vss.audit.html")
    assert numbers[0][:3] == [str(entry.pages), str(entry.rows), f"{entry.done} / {entry.rows}"]
    assert numbers[0][3:] == [str(entry.levels[lv]) for lv in FINDING_LEVEL_ORDER]
    assert 'class="failed"' in index and "broken.pdf" in index
    first = (out / "vss.audit.html").read_text(encoding="utf-8")
    assert f'<dd id="meta-rows">{len(grid.rows)}</dd>' in first
    assert result.stdout.splitlines()[-1] == str(out / INDEX_NAME)


def test_cli_one_file_language_and_bad_options(tmp_path: Path) -> None:
    pdf = SAMPLES / "kfn-2022-ansvarig.pdf"
    target = tmp_path / "one.html"
    result = _audit_cli([str(pdf), "-o", str(target), "--lang", "en"], tmp_path / "c")
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Audit of extracted activities" in page
    assert not (tmp_path / INDEX_NAME).exists()  # one file, one page, no index
    result = _audit_cli([str(pdf), "--lang", "de"], tmp_path / "c")
    assert result.exit_code == 2 and "--lang" in result.stderr
    result = _audit_cli([str(pdf), "--jobs", "0"], tmp_path / "c")
    assert result.exit_code != 0
    (tmp_path / "empty").mkdir()
    result = _audit_cli([str(tmp_path / "empty")], tmp_path / "c")
    assert result.exit_code == 1 and "no PDF files found" in result.stderr
    result = _audit_cli([str(pdf), "-o", str(pdf)], tmp_path / "c")
    assert result.exit_code == 1 and "is the input" in result.stderr
    result = _audit_cli([str(SAMPLES), "-o", str(target)], tmp_path / "c")
    assert result.exit_code == 1 and "is a file; give a folder" in result.stderr


def test_cli_leaves_a_foreign_index_alone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / INDEX_NAME).write_text("<p>my own index</p>", encoding="utf-8")
    pdf = SAMPLES / "kfn-2022-ansvarig.pdf"
    result = _audit_cli([str(pdf), "-o", str(out)], tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert (out / INDEX_NAME).read_text(encoding="utf-8") == "<p>my own index</p>"
    assert "not made by followup" in result.stderr
    assert (out / "kfn-2022-ansvarig.audit.html").exists()


def test_extract_audit_dir_writes_index(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli_app,
        [
            "extract",
            str(SAMPLES / "kfn-2022-ansvarig.pdf"),
            str(SAMPLES / "vss-2021-hrules.pdf"),
            "-o",
            str(tmp_path / "rows.csv"),
            "--audit",
            str(tmp_path / "audits"),
            "--cache",
            str(tmp_path / "c"),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    index = (tmp_path / "audits" / INDEX_NAME).read_text(encoding="utf-8")
    assert 'href="kfn-2022-ansvarig.audit.html"' in index
    assert 'href="vss-2021-hrules.audit.html"' in index


def test_cli_subprocess_help_lists_examples() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "followup", "audit", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0
    assert "--jobs" in proc.stdout and "[sv|en]" in proc.stdout
    assert "followup audit reports/ -o audits/ --jobs 4" in proc.stdout


# ---------------------------------------------------------------- levels and language


def test_every_kind_has_one_level_and_unknown_kinds_a_default() -> None:
    assert set(FINDING_KINDS) <= set(FINDING_LEVELS)
    assert set(FINDING_LEVELS.values()) <= set(FINDING_LEVEL_ORDER)
    for kind in (
        "uncovered_text",
        "low_status",
        "garbled_text",
        "damaged_page",
        "tag_disagreement",
        "low_ocr_confidence",
    ):
        assert finding_level(kind) == "error", kind
    for kind in ("page_break_join", "goal_carried", "header_mismatch"):
        assert finding_level(kind) == "warning", kind
    assert finding_level("goal_merged") == "info"
    assert finding_level("a_kind_added_later") == DEFAULT_FINDING_LEVEL


def test_catalogues_have_the_same_texts_and_label_every_kind() -> None:
    from followup.audit import i18n

    for table in (i18n._UI, i18n._KINDS, i18n._FINDINGS, i18n._LEVELS):
        assert set(table["sv"]) == set(table["en"])
    for lang in LANGUAGES:
        cat = Catalogue(lang)
        for kind in FINDING_LEVELS:
            assert cat.kind(kind) != kind.replace("_", " "), (lang, kind)
    with pytest.raises(ValueError, match="unknown language"):
        Catalogue("de")
    from followup.commands.audit import Lang

    assert [lang.value for lang in Lang] == list(LANGUAGES)


# The extractor's own messages (followup/extract/pipeline.py), said again in each language.
MESSAGES = [
    (
        Finding(
            "low_status",
            2,
            "r.pdf p. 2: status 'Klart?' not matched (score 61) for activity 'Ta fram'",
            row=0,
        ),
        {"status_raw": "Klart?", "status_score": "61"},
        "Statusen ”Klart?” kunde inte matchas (poäng 61).",
        "Status “Klart?” could not be matched (score 61).",
    ),
    (
        Finding("low_status", 2, "r.pdf p. 2: status '' not matched (score 0) for 'x'", row=0),
        {"status_raw": "", "status_score": "0"},
        "Ingen status utskriven.",
        "No status printed.",
    ),
    (
        Finding("page_break_join", 3, "row joined across pages 3-4: 'Ta fram'", row=0),
        {"page": "3", "page_end": "4"},
        "Raden börjar på sida 3 och slutar på sida 4.",
        "The row starts on page 3 and ends on page 4.",
    ),
    (
        Finding("goal_carried", 5, "goal carried from page 4: 'Ta fram'", row=0),
        {},
        "Målet står inte på sidan; det är hämtat från sida 4.",
        "The goal is not on this page; it is taken from page 4.",
    ),
    (
        Finding("uncovered_text", 1, "3 words inside the table went into no cell: 'a b c'"),
        None,
        "3 ord i tabellen hamnade inte i någon cell: ”a b c”",
        "3 words inside the table went into no cell: ”a b c”",
    ),
    (
        Finding(
            "header_mismatch",
            1,
            "header row 'Mål | Aktivitet | Vem': missing ['status', 'deadline'], unknown ['Vem']",
        ),
        None,
        "Rubrikraden ”Mål | Aktivitet | Vem” saknar Status, Tidsplan; okända kolumner: ”Vem”.",
        "Header row ”Mål | Aktivitet | Vem” lacks Status, Deadline; unknown columns: ”Vem”.",
    ),
    (
        Finding("low_ocr_confidence", 1, "OCR confidence 41 on page 1", row=0),
        {"ocr_confidence": "41"},
        "Texten är OCR-läst med låg säkerhet (41).",
        "The text was read by OCR with low confidence (41).",
    ),
    (
        Finding(
            "damaged_page",
            2,
            "r.pdf p. 2: content could not be fully decoded (Unknown operator 'Tx'); rows of "
            "this page may be missing or incomplete",
        ),
        None,
        "Sidan kunde inte läsas helt; rader på den kan saknas eller vara ofullständiga.",
        "The page could not be read in full; its rows may be missing or incomplete.",
    ),
    (
        Finding("pdf_warning", 0, "r.pdf: xref table damaged"),
        None,
        "PDF-läsaren varnade när filen lästes; kontrollera att inga rader saknas.",
        "The PDF reader warned while reading the file; check that no rows are missing.",
    ),
    (
        Finding("tag_disagreement", 2, "tags give 'Ta fram' as two rows"),
        None,
        "PDF:ens taggar och tabellens geometri ger olika rader. Text i PDF:en: ”Ta fram”",
        "The PDF's tags and the table's geometry give different rows. Text in the PDF: ”Ta fram”",
    ),
    (
        Finding("some_new_kind", 2, "something odd"),
        None,
        "Kontrollera raden eller sidan.",
        "Check the row or page.",
    ),
]


@pytest.mark.parametrize("finding,row,swedish,english", MESSAGES, ids=[m[0].kind for m in MESSAGES])
def test_finding_texts_in_both_languages(
    finding: Finding, row: dict[str, str] | None, swedish: str, english: str
) -> None:
    assert Catalogue("sv").finding_text(finding, row) == swedish
    assert Catalogue("en").finding_text(finding, row) == english


def test_page_speaks_one_language(mini: Extraction) -> None:
    swedish = visible_text(render_audit(mini))
    english = visible_text(render_audit(mini, lang="en"))
    for text in (
        "Sammanfattning",
        "Fynd",
        "Sök",
        "Granskad",
        "Rubrikrad avviker",
        "Ingen status utskriven.",
        "Exportera granskning (CSV)",
    ):
        assert text in swedish, text
    for text in (
        "Summary",
        "Findings",
        "Search",
        "Checked",
        "Header row differs",
        "No status printed.",
        "Export review (CSV)",
    ):
        assert text in english, text
    # no English word of the extractor's messages or labels on the Swedish page
    for text in ("not matched", "joined across", "Summary", "Findings", "Errors", "Warning"):
        assert text not in swedish, text
    for text in ("Sammanfattning", "Sök", "Fel", "Varning", "klara"):
        assert text not in english, text


def test_levels_counted_and_rows_with_errors_first(mini: Extraction) -> None:
    page = render_audit(mini)
    doc = parse(page)
    counts = {
        a["data-level"]: "".join(doc.text.get(a.get("id", ""), []))
        for a in doc.with_class("level-chip")
    }
    chips = re.findall(
        r'<button type="button" class="level-chip lvl-(\w+)[^"]*" data-level="\w+">'
        r'<span class="level-count">(\d+)</span>',
        page,
    )
    assert dict(chips) == {"error": "2", "warning": "2", "info": "1"}, counts
    order = [
        a["data-row"]
        for tag, a in doc.elements
        if tag == "tr" and "row" in a.get("class", "").split()
    ]
    assert order == ["3", "1", "2", "4", "5"]  # row 3 has an error, row 1 an info finding
    assert doc.by_id["row-3"]["data-level"] == "error"
    assert doc.by_id["row-1"]["data-level"] == "info"
    assert "lvl-error" in doc.by_id["box-3"]["class"]
    assert "lvl-error" in doc.by_id["finding-3"]["class"]  # uncovered text: an error


def test_index_page_counts(mini: Extraction, tmp_path: Path) -> None:
    entry = audit_entry(mini, tmp_path / "a" / "mini.audit.html")
    assert (entry.pages, entry.rows, entry.done) == (2, 5, 2)
    assert entry.levels == {"error": 2, "warning": 2, "info": 1}
    page = render_index([entry], tmp_path, [("bad.pdf", "not a PDF")], lang="en")
    assert 'href="a/mini.audit.html"' in page
    assert "Errors" in page and "not a PDF" in page
    assert "2 / 5" in page
    assert_self_contained(page)


def test_new_columns_show_generically(mini: Extraction) -> None:
    rows = mini.rows.copy()
    if "path" in rows.columns:  # every extraction has it
        rows["path"] = "/data/mini.pdf"
    else:
        rows.insert(1, "path", "/data/mini.pdf")
    if "structure" in rows.columns:  # the extraction has it since tagged PDFs are read
        rows["structure"] = "tags"
    else:
        rows.insert(rows.columns.get_loc("x0"), "structure", "tags")
    rows["ocr"], rows["ocr_confidence"] = True, 41.0  # the extraction has both columns
    findings = [*mini.findings, Finding("low_ocr_confidence", 1, "low", row=1)]
    page = render_audit(Extraction(mini.path, rows, mini.pages, findings))
    doc = parse(page)
    data = json.loads(
        re.search(r'id="audit-data">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    )
    columns = [c for c, _ in data["columns"]]
    assert "path" not in columns  # the same for every row: in the header
    assert columns[-3:] == ["structure", "ocr", "ocr_confidence"]
    assert data["rows"][1]["v"][-3:] == ["tags", "ja", "41"]
    assert "Låg OCR-säkerhet" in visible_text(page)
    row2 = "".join(doc.text["row-2"])
    assert "OCR 41" in row2 and "tags" in row2
    assert doc.by_id["row-2"]["data-level"] == "error"


def extract_document_or_skip(pdf: Path) -> Extraction:
    return _extract(pdf)


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


def test_a_finding_about_the_whole_file(mini: Extraction) -> None:
    findings = [*mini.findings, Finding("pdf_warning", 0, "r.pdf: xref table damaged")]
    page = render_audit(Extraction(mini.path, mini.rows, mini.pages, findings))
    assert 'href="#page-0"' not in page
    assert '<span class="where">hela filen</span>: PDF-läsaren varnade när filen' in page
