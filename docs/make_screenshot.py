"""Regenerate docs/audit-screenshot.png (the audit page of a sample report in headless Chromium,
one row open, the table filtered to rows with warnings) and docs/audit-print.png (the first pages
of its print view, from ``page.pdf()``, side by side).

Run from the project root: ``python docs/make_screenshot.py [samples/<name>.pdf]``.
Needs playwright (``pip install playwright``), Debian's chromium at /usr/bin/chromium and
pdftoppm (poppler-utils). Uses the real extractor when it handles the sample, else the sample's
expected rows.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from followup.audit import write_audit  # noqa: E402
from followup.records import Extraction  # noqa: E402

OUT = ROOT / "docs" / "audit-screenshot.png"
PRINT_OUT = ROOT / "docs" / "audit-print.png"
PRINT_PAGES = 4  # printed pages shown side by side
DEFAULT_SAMPLE = ROOT / "samples" / "vss-2020-grid.pdf"
MAX_BYTES = 300_000
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def load(pdf: Path) -> Extraction:
    try:
        from followup import extract_document

        return extract_document(pdf)
    except Exception as err:  # noqa: BLE001 - any failure: fall back to the expected rows
        import pdfplumber

        from followup.tableio import read_table

        print(f"extractor unavailable ({err}); using expected rows", file=sys.stderr)
        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)
        rows = read_table(pdf.parent / "expected" / f"{pdf.stem}.csv")
        return Extraction(path=pdf, rows=rows, pages=pages)


def shoot(html_path: Path) -> tuple[bytes, bytes]:
    """Screenshot of the page in use, and the printed PDF."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1400})
            page.goto(html_path.as_uri())
            pdf = page.pdf(format="A4", print_background=True)
            page.select_option("#f-level", "any")
            page.locator("#row-table tr.row:not([hidden])").first.locator("td.c-activity").click()
            page.check("#row-table tr.row:not([hidden]) input.check")
            page.evaluate("window.scrollTo(0, 0)")
            return bytes(page.screenshot()), pdf
        finally:
            browser.close()


def contact_sheet(pdf: bytes) -> bytes:
    """The first PRINT_PAGES printed pages side by side, on grey, as PNG."""
    import subprocess

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "print.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "40", "-l", str(PRINT_PAGES), "-png", str(source), f"{tmp}/p"],
            check=True,
        )
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p-*.png"))]
        gap = 16
        width = sum(p.width for p in pages) + gap * (len(pages) + 1)
        height = max(p.height for p in pages) + 2 * gap
        sheet = Image.new("RGB", (width, height), (200, 200, 200))
        x = gap
        for p in pages:
            sheet.paste(p, (x, gap))
            x += p.width + gap
        buf = io.BytesIO()
        sheet.save(buf, format="PNG")
        return buf.getvalue()


def shrink(png: bytes) -> bytes:
    """Palette PNG, fewer colours until it fits under MAX_BYTES."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    for colours in (128, 64, 32):
        buf = io.BytesIO()
        image.quantize(colors=colours, method=Image.Quantize.FASTOCTREE).save(
            buf, format="PNG", optimize=True
        )
        if buf.tell() < MAX_BYTES:
            break
    return buf.getvalue()


def main() -> None:
    pdf = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SAMPLE
    with tempfile.TemporaryDirectory() as tmp:
        html_path = write_audit(load(pdf), Path(tmp) / "audit.html")
        screen, printed = shoot(html_path)
    for out, png in ((OUT, screen), (PRINT_OUT, contact_sheet(printed))):
        data = shrink(png)
        out.write_bytes(data)
        print(f"{out} ({len(data) // 1024} KB)")


if __name__ == "__main__":
    main()
