"""Benchmark OCR extraction of the scanned samples: seconds per scanned page, peak memory.

    python bench/bench_ocr.py [--copies 2] [--jobs 1,2]

Copies every ``samples/scans/*.pdf`` ``--copies`` times (distinct names) into a temporary folder
and extracts them with ``run_batch`` (extraction cache and OCR store off, so every page is OCRed)
at each ``--jobs``. Prints per run: files, pages, seconds, seconds per page, and peak memory:
the largest worker as the workers report it (Python: pdfplumber, the table reader, OCRmyPDF's
Python side), and the peak of the whole process tree (workers plus Tesseract and
other programs OCRmyPDF runs), sampled from /proc every 0.1 s. Then each scan alone, in this
process: wall seconds and CPU seconds per page (this process and the Tesseract processes it
waited for, from getrusage), which other load on the machine changes far less than wall time.
OCR time depends heavily on other load: run it on a quiet machine, or compare within one run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from followup.batch import BatchResult, run_batch  # noqa: E402
from followup.extract import ExtractOptions, extract_document  # noqa: E402

RUSAGE_CHILDREN = resource.RUSAGE_CHILDREN


def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over ``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/status") as fh:
                status = fh.read()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[pid] = int(line.split()[1])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class TreePeak(threading.Thread):
    """Samples the process tree's total RSS until stopped; ``peak_kb`` is the largest sample."""

    def __init__(self, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.interval, self.peak_kb, self._halt = interval, 0, threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))
            self._halt.wait(self.interval)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak_kb


def _run(paths: list[Path], jobs: int) -> tuple[BatchResult, float, int]:
    sampler = TreePeak()
    sampler.start()
    started = time.monotonic()
    result = run_batch(
        paths, ExtractOptions(ocr_cache=None), jobs=jobs, timeout=1800, use_cache=False
    )
    seconds = time.monotonic() - started
    return result, seconds, sampler.stop()


def _row(label: str, jobs: int, result: BatchResult, seconds: float, tree_kb: int) -> str:
    per_page = seconds / max(result.ocr_pages, 1)
    return (
        f"| {label} | {jobs} | {result.files} | {result.ocr_pages} | {seconds:.1f} | "
        f"{per_page:.1f} | {result.peak_worker_rss_kb / 1024:.0f} | {tree_kb / 1024:.0f} | "
        f"{len(result.failures)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--jobs", default="1,2")
    args = parser.parse_args()
    scans = sorted((ROOT / "samples" / "scans").glob("*.pdf"))
    if not scans:
        raise SystemExit("no samples/scans/*.pdf: run samples/make_scans.py first")
    print(
        "| run | jobs | files | OCR pages | seconds | s/page | worker MB | tree MB | failed |\n"
        "|---|---|---|---|---|---|---|---|---|"
    )
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(args.copies):
            for scan in scans:
                paths.append(Path(tmp) / f"{i:02d}-{scan.name}")
                shutil.copyfile(scan, paths[-1])
        for jobs in (int(j) for j in args.jobs.split(",") if j):
            result, seconds, tree = _run(paths, jobs)
            print(_row(f"all scans ×{args.copies}", jobs, result, seconds, tree), flush=True)
    print("\n| scan, in-process | OCR pages | wall s/page | CPU s/page |\n|---|---|---|---|")
    for scan in scans:
        before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, RUSAGE_CHILDREN)]
        started = time.monotonic()
        extraction = extract_document(scan, ExtractOptions(ocr_cache=None))
        wall = time.monotonic() - started
        after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, RUSAGE_CHILDREN)]
        cpu = sum(
            (a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime)
            for a, b in zip(after, before, strict=True)
        )
        pages = max(extraction.ocr_pages, 1)
        print(f"| {scan.stem} | {pages} | {wall / pages:.1f} | {cpu / pages:.1f} |", flush=True)


if __name__ == "__main__":
    main()
