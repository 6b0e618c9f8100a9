"""Extraction speed per producer: pages/s on each producer's samples, against ReportLab's.

    python bench/bench_producers.py [ROUNDS]

Each round times every producer's samples in turn (interleaved, so a busy machine slows them
alike): pdfplumber's parse alone (chars, lines, rects, curves: the floor), extraction with the
default ``--structure auto`` (a tagged PDF is read twice, from its tags and from its geometry, and
the two checked), and ``--structure geometry``. The median round of each is reported (the best
in brackets), with seconds per page against the ReportLab samples' in the same mode, and against
the same producer's parse (what its content streams cost pdfplumber alone). Each timed block
starts with a full garbage collection, so no block pays for the garbage of the one before it
(a full collection costs tens of milliseconds here and landed on whichever producer ran next).

The wall clock of a shared machine moves the same code by up to a third between runs;
``bench_instructions.py`` counts instructions per page instead.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from followup import extract_pdf  # noqa: E402

SAMPLES = ROOT / "samples"
PRODUCERS = {
    "reportlab": sorted(SAMPLES.glob("*.pdf")),
    "libreoffice": sorted((SAMPLES / "libreoffice").glob("*.pdf")),
    "chromium": sorted((SAMPLES / "chromium").glob("*.pdf")),
    "pdflatex": sorted((SAMPLES / "pdflatex").glob("*.pdf")),
}


def pages(pdfs: list[Path]) -> int:
    total = 0
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            total += len(doc.pages)
    return total


def parse(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            _ = page.chars, page.lines, page.rects, page.curves
            page.close()


MODES: dict[str, Callable[[Path], object]] = {
    "parse": parse,
    "auto": lambda pdf: extract_pdf(pdf),
    "geometry": lambda pdf: extract_pdf(pdf, structure="geometry"),
}


def main(rounds: int = 5) -> None:
    counts = {name: pages(pdfs) for name, pdfs in PRODUCERS.items()}
    for run in MODES.values():  # imports and caches warm before any round is timed
        run(PRODUCERS["chromium"][0])
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for name, pdfs in PRODUCERS.items():
            for mode, run in MODES.items():
                gc.collect()
                started = time.perf_counter()
                for pdf in pdfs:
                    run(pdf)
                times.setdefault((mode, name), []).append(time.perf_counter() - started)
    print(f"{rounds} rounds; median seconds (best in brackets)")
    print()
    print(
        "| mode | producer | files | pages | seconds | pages/s | s/page vs ReportLab | vs parse |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for mode in MODES:
        base = statistics.median(times[(mode, "reportlab")]) / counts["reportlab"]
        base_best = min(times[(mode, "reportlab")]) / counts["reportlab"]
        for name, pdfs in PRODUCERS.items():
            median = statistics.median(times[(mode, name)])
            best = min(times[(mode, name)])
            ratio, ratio_best = median / counts[name] / base, best / counts[name] / base_best
            floor = median / statistics.median(times[("parse", name)])
            print(
                f"| {mode} | {name} | {len(pdfs)} | {counts[name]} | {median:.2f} ({best:.2f}) | "
                f"{counts[name] / median:.1f} | {ratio:.2f}× ({ratio_best:.2f}×) | {floor:.2f}× |"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
