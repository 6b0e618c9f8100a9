"""Benchmark the audit page: page weight, time to render it, and time the browser needs.

    python bench/bench_audit.py [--repeat 3] [--no-browser]

Per sample PDF (extracted once, not timed): the HTML size and how much of it is page images,
markup, CSS + script, and row data (JSON); the best of ``--repeat`` runs of ``render_audit``
(pages rendered at 100 dpi and encoded, HTML assembled). With Chromium (Debian's
/usr/bin/chromium, through playwright): time from navigation to the ``load`` event, time the
page's script takes to start (order + filter every row), one search keystroke (filtering every
row), and the printed PDF's page count next to the report's own. Timings depend on other load on
the machine: compare rows of the same run.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from followup import extract_document  # noqa: E402
from followup.audit import render_audit  # noqa: E402

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


def weight(page: str) -> dict[str, int]:
    """Bytes of the page by part (UTF-8)."""
    total = len(page.encode())
    images = sum(len(m) for m in re.findall(r'src="(data:image/[^"]*)"', page))
    style = sum(len(m.encode()) for m in re.findall(r"<style>(.*?)</style>", page, re.S))
    script = sum(len(m.encode()) for m in re.findall(r"<script>(.*?)</script>", page, re.S))
    data = sum(
        len(m.encode())
        for m in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    )
    return {
        "total": total,
        "images": images,
        "code": style + script,
        "data": data,
        "markup": total - images - style - script - data,
    }


def browser_times(paths: list[Path]) -> dict[Path, tuple[float, float, float, int]]:
    """Per page: ms to load, ms the script takes, ms for a search keystroke, printed pages."""
    from playwright.sync_api import sync_playwright

    out: dict[Path, tuple[float, float, float, int]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for path in paths:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                started = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load")
                load_ms = (time.perf_counter() - started) * 1000
                script_ms = page.evaluate(
                    """() => {
                      const s = document.querySelectorAll('script')[1].textContent;
                      const t = performance.now(); new Function(s)();
                      return performance.now() - t; }"""
                )
                search_ms = page.evaluate(
                    """() => { const box = document.getElementById('search');
                      const t = performance.now(); box.value = 'e';
                      box.dispatchEvent(new Event('input', {bubbles: true}));
                      return performance.now() - t; }"""
                )
                import pdfplumber

                pdf = page.pdf(format="A4", print_background=True)
                with pdfplumber.open(io.BytesIO(pdf)) as doc:
                    printed = len(doc.pages)
                out[path] = (load_ms, float(script_ms), float(search_ms), printed)
                page.close()
        finally:
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    samples = sorted((ROOT / "samples").glob("*.pdf"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        written: list[Path] = []
        for pdf in samples:
            extraction = extract_document(pdf)
            best = float("inf")
            page = ""
            for _ in range(args.repeat):
                started = time.perf_counter()
                page = render_audit(extraction)
                best = min(best, time.perf_counter() - started)
            target = Path(tmp) / f"{pdf.stem}.html"
            target.write_text(page, encoding="utf-8")
            written.append(target)
            rows.append((pdf, extraction, weight(page), best))
        times = {} if args.no_browser else browser_times(written)
    print(
        "| report | pages | rows | KB | KB/page | images KB | markup KB | data KB | CSS+JS KB "
        "| render s | load ms | script ms | search ms | printed pages |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (pdf, extraction, w, best), target in zip(rows, written, strict=True):
        load, script, search, printed = times.get(target, (0.0, 0.0, 0.0, 0))
        browser = (
            f"{load:.0f} | {script:.1f} | {search:.1f} | {printed} (≤ {2 * extraction.pages})"
            if times
            else "– | – | – | –"
        )
        print(
            f"| {pdf.name} | {extraction.pages} | {len(extraction.rows)} | {w['total'] / 1024:.0f} "
            f"| {w['total'] / 1024 / max(extraction.pages, 1):.0f} | {w['images'] / 1024:.0f} "
            f"| {w['markup'] / 1024:.0f} | {w['data'] / 1024:.0f} | {w['code'] / 1024:.0f} "
            f"| {best:.2f} | {browser} |"
        )


if __name__ == "__main__":
    main()
