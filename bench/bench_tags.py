"""Pages per second reading tagged PDFs: from the tags, from the geometry, and both (auto).

    python bench/bench_tags.py [--repeat 5]

Cases: the tagged samples in ``samples/tagged/`` printed by Chromium and LibreOffice Writer.
Modes, each timed on the same file:

- ``parse``: pdfplumber's parse of every page (``page.chars``, ``.lines``, ``.rects``,
  ``.curves``), the floor any reader built on pdfplumber pays;
- ``geometry``: ``extract_document(structure="geometry")``;
- ``tags``: ``extract_document(structure="tags")`` (the structure tree, then each page's glyphs);
- ``auto``: ``extract_document(structure="auto")``: one parse feeds both readers, then the check.

Runs are interleaved (parse, geometry, tags, auto, parse, ...) so that load from other processes
hits every mode alike; the table shows the best of ``--repeat`` runs and the median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from followup.extract import ExtractOptions, extract_document  # noqa: E402

MODES = ("parse", "geometry", "tags", "auto")


def _parse(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.chars, page.lines, page.rects, page.curves
            page.close()
        return len(pdf.pages)


def run(mode: str, path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    if mode == "parse":
        pages = _parse(path)
    else:
        pages = extract_document(path, ExtractOptions(structure=mode)).pages
    return time.perf_counter() - start, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = [
        ROOT / "samples" / "tagged" / n for n in ("vss-2020-chromium.pdf", "vss-2020-writer.pdf")
    ]
    print("| document | pages | mode | best s | median s | pages/s (best) | × parse |")
    print("|---|---|---|---|---|---|---|")
    for path in cases:
        times: dict[str, list[float]] = {m: [] for m in MODES}
        pages = 0
        run("auto", path)  # warm the file cache and the lazy imports
        for _ in range(args.repeat):
            for mode in MODES:
                seconds, pages = run(mode, path)
                times[mode].append(seconds)
        floor = min(times["parse"])
        for mode in MODES:
            best, median = min(times[mode]), statistics.median(times[mode])
            print(
                f"| {path.name} | {pages} | {mode} | {best:.2f} | {median:.2f} | "
                f"{pages / best:.1f} | {best / floor:.2f}× |"
            )


if __name__ == "__main__":
    main()
