"""Regenerate docs/audit-screenshot.png: the audit page of a sample report in headless Chromium.

Run from the project root: ``python docs/make_screenshot.py [samples/<name>.pdf]``.
Needs playwright (``pip install playwright``) and Debian's chromium at /usr/bin/chromium.
Uses the real extractor when it handles the sample, else the sample's expected rows.
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


def shoot(html_path: Path) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1800})
            page.goto(html_path.as_uri())
            page.click("#row-2 .head")  # highlight one row and its box
            page.evaluate("window.scrollTo(0, 0)")
            return bytes(page.screenshot())
        finally:
            browser.close()


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
        data = shrink(shoot(html_path))
    OUT.write_bytes(data)
    print(f"{OUT} ({len(data) // 1024} KB)")


if __name__ == "__main__":
    main()
