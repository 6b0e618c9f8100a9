"""Instructions per page on each producer's samples, counted by cachegrind: what the wall clock
of a shared machine cannot tell apart (its host's load moves the same code by up to a third).

    python bench/bench_instructions.py [ROUNDS] [--modes auto,geometry]

Needs valgrind. For each producer, one process reads every producer's samples once in each mode
measured (imports, caches and fonts warm, as in a batch), then that producer's samples ROUNDS
more times in one mode; another process does the warm-up alone. The difference, over ROUNDS ×
pages, is the count per page. ``PYTHONHASHSEED`` is fixed, so a run repeats to the
instruction; two processes run at a time. System calls (reads, memory maps) are not counted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PRODUCERS = {
    "reportlab": "*.pdf",
    "libreoffice": "libreoffice/*.pdf",
    "chromium": "chromium/*.pdf",
    "pdflatex": "pdflatex/*.pdf",
}
#: The child's script: warm every sample in every mode, then read one producer's ROUNDS times.
CHILD = """
import sys
from pathlib import Path
from followup import extract_pdf
samples, producer, mode, rounds = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
warm, patterns = sys.argv[5].split(","), dict(p.split("=") for p in sys.argv[6:])
for pattern in patterns.values():
    for pdf in sorted(samples.glob(pattern)):
        for structure in warm:
            extract_pdf(pdf, structure=structure)
for _ in range(rounds):
    for pdf in sorted(samples.glob(patterns.get(producer, ""))) if producer else ():
        extract_pdf(pdf, structure=mode)
"""
I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def count(producer: str, mode: str, rounds: int, warm: str) -> int:
    """Instructions of one child process (``producer`` empty: the warm-up alone)."""
    args = [f"{name}={pattern}" for name, pattern in PRODUCERS.items()]
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-c",
        CHILD,
        str(SAMPLES),
        producer,
        mode,
        str(rounds),
        warm,
        *args,
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = I_REFS.search(done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def pages(pattern: str) -> int:
    import pdfplumber

    total = 0
    for pdf in sorted(SAMPLES.glob(pattern)):
        with pdfplumber.open(pdf) as doc:
            total += len(doc.pages)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--modes", default="auto", help="comma-separated: auto, geometry")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("bench_instructions: valgrind is not installed (apt-get install valgrind)")
    modes = args.modes.split(",")
    jobs = [("", "auto")] + [(name, mode) for mode in modes for name in PRODUCERS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        counted = pool.map(lambda job: count(*job, args.rounds, args.modes), jobs)
        counts = dict(zip(jobs, counted, strict=True))
    base = counts[("", "auto")]
    print(f"{args.rounds} rounds after a warm-up; million instructions per page")
    print()
    print("| mode | producer | pages | Minstr/page | vs ReportLab |")
    print("|---|---|---|---|---|")
    for mode in modes:
        per_page = {
            name: (counts[(name, mode)] - base) / (args.rounds * pages(pattern)) / 1e6
            for name, pattern in PRODUCERS.items()
        }
        for name, pattern in PRODUCERS.items():
            ratio = per_page[name] / per_page["reportlab"]
            print(f"| {mode} | {name} | {pages(pattern)} | {per_page[name]:.1f} | {ratio:.3f}× |")


if __name__ == "__main__":
    main()
