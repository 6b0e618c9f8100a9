"""Extraction speed per producer: pages/s on each producer's samples, against ReportLab's.

    python bench/bench_producers.py [ROUNDS]

Producers are timed in turn, round after round (interleaved, so a busy machine slows them alike);
the best round of each is reported, with its ratio to the ReportLab samples' seconds per page.
"""

from __future__ import annotations

import sys
import time
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


def main(rounds: int = 3) -> None:
    counts = {name: pages(pdfs) for name, pdfs in PRODUCERS.items()}
    best = dict.fromkeys(PRODUCERS, float("inf"))
    for _ in range(rounds):
        for name, pdfs in PRODUCERS.items():
            started = time.perf_counter()
            for pdf in pdfs:
                extract_pdf(pdf)
            best[name] = min(best[name], time.perf_counter() - started)
    base = best["reportlab"] / counts["reportlab"]
    print("| producer | files | pages | seconds | pages/s | s/page vs ReportLab |")
    print("|---|---|---|---|---|---|")
    for name, pdfs in PRODUCERS.items():
        per_page = best[name] / counts[name]
        print(
            f"| {name} | {len(pdfs)} | {counts[name]} | {best[name]:.2f} | "
            f"{counts[name] / best[name]:.1f} | {per_page / base:.2f}× |"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
