"""Benchmark extraction against pdfplumber's own parse (the "floor"), at --jobs 1 and --jobs 2.

    python bench/bench_extract.py [--rounds 3] [--big 440] [--no-startup | --startup-only]
    python bench/bench_extract.py --memory-only [--rounds 2]

Cases: a ReportLab sample, a LibreOffice sample, a Chromium sample (tagged, read as ``auto``),
and a long document built here (the LibreOffice sample repeated to ``--big`` pages, plus a
quarter of that to measure memory growth) with pypdfium2, which pdfplumber depends on already;
nothing big is committed.

Modes, each in a fresh subprocess, interleaved (every round runs every case in every mode, so a
busy machine slows all of them alike); the table shows medians over the rounds:

- ``floor``: ``pdfplumber.open``, then for each page ``page.chars``, ``.lines``, ``.rects``,
  ``.curves`` and ``page.close()``: what any extraction built on pdfplumber has to pay;
- ``jobs 1`` / ``jobs 2``: ``run_batch([file], jobs=N, use_cache=False)``, what
  ``followup extract FILE --jobs N --no-cache`` runs (in process for one file; with 2 jobs a long
  document's pages are parsed by the calling process and one worker it forks).

Time is measured in the child after its imports. Memory is the peak of the RSS summed over the
child and every process it started (sampled from /proc every 10 ms), "Δ" that peak minus the
child's RSS after its imports; growth per 100 pages compares the long document with its
quarter, for each round and as the medians' difference, with each process's own peak (the
calling process first, then the worker it forked). ``--memory-only`` runs the long document
and its quarter alone (no samples, no start-up table).

The start-up table times ``followup --help`` and a 2-page report end to end (``followup
extract`` as a command, cache off) with ``python -c pass`` as the machine's baseline, and
beside them what importing pandas and pdfplumber alone takes; the package's bytecode is
compiled first, as installing it does (``PYTHONDONTWRITEBYTECODE`` would otherwise have every
run compile the package's sources again).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "samples"
CASES = {
    "ReportLab vss-2020-grid": SAMPLES / "vss-2020-grid.pdf",
    "LibreOffice lo-vss-2020-hrules": SAMPLES / "libreoffice" / "lo-vss-2020-hrules.pdf",
    "Chromium chromium-vss-2020-portrait": SAMPLES / "chromium" / "chromium-vss-2020-portrait.pdf",
}
MODES = ("floor", "jobs 1", "jobs 2")


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return pids


def child(mode: str, path: Path) -> None:
    """One measurement in this (fresh) process; prints a JSON line."""
    from followup.entry import ARROW_POOL

    os.environ.setdefault(ARROW_POOL, "system")  # as the followup command sets it
    import pdfplumber

    from followup.batch import run_batch
    from followup.extract import ExtractOptions, extract_document  # noqa: F401 - loads it all

    base = _rss_kb(os.getpid())
    start = time.perf_counter()
    if mode == "floor":
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                _ = page.chars, page.lines, page.rects, page.curves
                page.close()
            pages = len(pdf.pages)
    else:
        jobs = int(mode.split()[1])
        result = run_batch([path], ExtractOptions(), jobs=jobs, use_cache=False, timeout=None)
        assert not result.failures, result.failures
        pages = result.pages
    seconds = time.perf_counter() - start
    print(json.dumps({"pages": pages, "s": seconds, "base": base}))


def measure(mode: str, path: Path) -> dict[str, Any]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    peak = 0
    own: dict[int, int] = {}  # each process's own peak, in the order they appear
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            total = 0
            for pid in _tree(proc.pid):
                rss = _rss_kb(pid)
                total += rss
                own[pid] = max(own.get(pid, 0), rss)
            peak = max(peak, total)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{mode} {path.name} failed")
    data = json.loads(out.strip().splitlines()[-1])
    return {
        "pages": data["pages"],
        "s": data["s"],
        "peak": peak / 1024,
        "own": [kb / 1024 for kb in own.values() if kb],
        "base": data["base"] / 1024,
    }


def repeat_pages(source: Path, pages: int, dest: Path) -> Path:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    doc = pdfium.PdfDocument(source)
    n = len(doc)
    while len(out) < pages:
        take = min(n, pages - len(out))
        out.import_pages(doc, list(range(take)))
    doc.close()
    out.save(dest)
    out.close()
    return dest


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def startup(rounds: int, tmp: Path) -> None:
    compileall.compile_dir(ROOT / "followup", quiet=1)
    followup = [sys.executable, "-m", "followup"]
    two_pages = SAMPLES / "kfn-2022-ansvarig.pdf"
    out = tmp / "two.csv"
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import pandas'": [sys.executable, "-c", "import pandas"],
        "python -c 'import pdfplumber'": [sys.executable, "-c", "import pdfplumber"],
        "followup --help": [*followup, "--help"],
        f"followup extract {two_pages.name} -q --no-cache -o two.csv": [
            *followup, "extract", str(two_pages), "-q", "--no-cache", "-o", str(out)
        ],
    }  # fmt: skip
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(max(rounds, 5)):
        for name, argv in commands.items():
            runs[name].append(wall(argv))
    load = os.getloadavg()
    print(
        f"\nStart-up (median of {max(rounds, 5)}, interleaved, wall clock; load average at the "
        f"end {load[0]:.1f} on {os.cpu_count()} cores):"
    )
    print("| command | seconds |\n|---|---|")
    for name, times in runs.items():
        print(f"| `{name}` | {statistics.median(times):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", type=int, default=440, help="pages of the long document")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up table")
    parser.add_argument(
        "--memory-only", action="store_true", help="only the long document and its quarter"
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return

    if args.startup_only:
        with tempfile.TemporaryDirectory(prefix="followup-bench-") as tmp:
            startup(args.rounds, Path(tmp))
        return
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as tmp:
        source = CASES["LibreOffice lo-vss-2020-hrules"]
        cases = {} if args.memory_only else dict(CASES)
        quarter = args.big // 4
        cases[f"{quarter}-page (LibreOffice repeated)"] = repeat_pages(
            source, quarter, Path(tmp) / "quarter.pdf"
        )
        cases[f"{args.big}-page (LibreOffice repeated)"] = repeat_pages(
            source, args.big, Path(tmp) / "big.pdf"
        )
        runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r in range(args.rounds):
            for name, path in cases.items():
                for mode in MODES:
                    runs.setdefault((name, mode), []).append(measure(mode, path))
            print(f"  round {r + 1}/{args.rounds} done", file=sys.stderr)
        load = os.getloadavg()
        print(
            f"\nExtraction vs pdfplumber's parse floor: medians of {args.rounds} interleaved "
            f"rounds; load average at the end {load[0]:.1f} on {os.cpu_count()} cores"
        )
        print(
            "| document | pages | mode | s | ms/page | × floor | peak RSS, all processes MB "
            "| Δ MB |\n|---|---|---|---|---|---|---|---|"
        )
        peaks: dict[tuple[str, str], float] = {}
        for name in cases:
            floor = statistics.median(m["s"] for m in runs[(name, "floor")])
            for mode in MODES:
                ms = runs[(name, mode)]
                s = statistics.median(m["s"] for m in ms)
                pages = int(ms[0]["pages"])
                peak = statistics.median(m["peak"] for m in ms)
                delta = statistics.median(m["peak"] - m["base"] for m in ms)
                peaks[(name, mode)] = peak
                print(
                    f"| {name} | {pages} | {mode} | {s:.2f} | {1000 * s / pages:.0f} "
                    f"| {s / floor:.2f}× | {peak:.0f} | {delta:.0f} |"
                )
        small, big = list(cases)[-2:]
        print(
            "\nMemory growth, peak RSS summed over all processes, per 100 pages "
            f"({quarter} → {args.big} pages):"
        )
        for mode in MODES:
            growth = (peaks[(big, mode)] - peaks[(small, mode)]) / (args.big - quarter) * 100
            rounds = ", ".join(
                f"{(b['peak'] - s['peak']) / (args.big - quarter) * 100:+.1f}"
                for s, b in zip(runs[(small, mode)], runs[(big, mode)], strict=True)
            )
            own = " → ".join(
                "+".join(f"{mb:.1f}" for mb in runs[(name, mode)][0]["own"])
                for name in (small, big)
            )
            print(
                f"- {mode}: {growth:+.1f} MB (rounds: {rounds}; each process's peak, "
                f"first round: {own} MB)"
            )
        if not (args.no_startup or args.memory_only):
            startup(args.rounds, Path(tmp))


if __name__ == "__main__":
    main()
