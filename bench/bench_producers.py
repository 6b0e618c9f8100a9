"""Extraction speed per producer: pages/s on each producer's samples, against ReportLab's.

    python bench/bench_producers.py [ROUNDS]

Each round times every sample in every mode once, in a shuffled order (so a burst of load on
the machine slows every producer alike): pdfplumber's parse alone (chars, lines, rects, curves:
the floor), extraction with the default ``--structure auto`` (a tagged PDF is read twice, from
its tags and from its geometry, and the two checked), and ``--structure geometry``. The median
round of each is reported, and in brackets each file's best round summed (what the machine
gives when nothing else runs), with seconds per page against the ReportLab
samples' in the same mode, and against the same producer's parse (what its content streams
cost pdfplumber alone). Each file is timed after a full garbage collection, so none pays for
the garbage of the one before it (a full collection costs tens of milliseconds here and landed
on whichever file ran next).

The wall clock of a shared machine moves the same code by up to a third between runs;
``bench_instructions.py`` counts instructions per page instead.
"""

from __future__ import annotations

import gc
import random
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
    times: dict[tuple[str, str], list[float]] = {}  # (mode, producer) → each round's seconds
    fastest: dict[tuple[str, str, Path], float] = {}  # (mode, producer, file) → its best
    for number in range(rounds):
        # every file in every mode once, in an order shuffled each round (the same each run):
        # a burst of load on the machine falls on any producer alike
        tasks = [
            (mode, name, pdf) for mode in MODES for name, pdfs in PRODUCERS.items() for pdf in pdfs
        ]
        random.Random(number).shuffle(tasks)
        spent = dict.fromkeys(((mode, name) for mode, name, _ in tasks), 0.0)
        for mode, name, pdf in tasks:
            gc.collect()
            started = time.perf_counter()
            MODES[mode](pdf)
            seconds = time.perf_counter() - started
            spent[(mode, name)] += seconds
            fastest[(mode, name, pdf)] = min(seconds, fastest.get((mode, name, pdf), seconds))
        for key, seconds in spent.items():
            times.setdefault(key, []).append(seconds)
    best = {
        (mode, name): sum(fastest[(mode, name, pdf)] for pdf in pdfs)
        for mode in MODES
        for name, pdfs in PRODUCERS.items()
    }
    print(f"{rounds} rounds; median round in seconds (in brackets: each file's best, summed)")
    print()
    print(
        "| mode | producer | files | pages | seconds | pages/s | s/page vs ReportLab | vs parse |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for mode in MODES:
        base = statistics.median(times[(mode, "reportlab")]) / counts["reportlab"]
        base_best = best[(mode, "reportlab")] / counts["reportlab"]
        for name, pdfs in PRODUCERS.items():
            median = statistics.median(times[(mode, name)])
            least = best[(mode, name)]
            ratio, ratio_best = median / counts[name] / base, least / counts[name] / base_best
            floor = median / statistics.median(times[("parse", name)])
            print(
                f"| {mode} | {name} | {len(pdfs)} | {counts[name]} | {median:.2f} ({least:.2f}) | "
                f"{counts[name] / median:.1f} | {ratio:.2f}× ({ratio_best:.2f}×) | {floor:.2f}× |"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
