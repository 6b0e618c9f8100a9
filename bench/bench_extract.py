"""Benchmark ``followup.extract_document`` against pdfplumber's own parse time (the "floor").

    python bench/bench_extract.py [--repeat 3] [--sizes 1,2,4] [--profile]

Cases: every ``samples/*.pdf`` and the concatenation of all samples 1×, 2×, 4× (built in a temp
dir with pypdfium2, which pdfplumber already depends on: no extra package needed).

Every measurement runs in a fresh subprocess (``--child``), ``--repeat`` times; the table shows
the best time. Timing excludes interpreter start-up and imports (both are done before the clock
starts). Memory is the child's own peak RSS, ``getrusage(RUSAGE_SELF).ru_maxrss`` read at exit
(the worst of the repeats), and "Δ MB" is that peak minus the RSS right after the imports.

Floor: ``pdfplumber.open``, then for each page ``page.chars``, ``.lines``, ``.rects``,
``.curves`` and ``page.close()`` — what any extraction built on pdfplumber has to pay.
Target: extraction / floor ≤ 1.5×.

``--profile`` additionally runs cProfile on the largest concatenation in this process and prints
the top functions by cumulative time (followup's own code, then everything).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _floor(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.chars, page.lines, page.rects, page.curves
            page.close()
        return len(pdf.pages)


def _extract(path: Path) -> int:
    import followup

    return followup.extract_document(path).pages


def child(mode: str, path: Path) -> None:
    """One measurement in this (fresh) process; prints a JSON line."""
    import pdfplumber  # noqa: F401 - imports are not part of the timing

    import followup.extract  # noqa: F401 - pulls in pandas, rapidfuzz, ...

    before = _rss_kb()
    start = time.perf_counter()
    pages = (_floor if mode == "floor" else _extract)(path)
    seconds = time.perf_counter() - start
    print(json.dumps({"pages": pages, "s": seconds, "rss": _rss_kb(), "base": before}))


def measure(mode: str, path: Path, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "pages": runs[0]["pages"],
        "s": min(r["s"] for r in runs),
        "rss": max(r["rss"] for r in runs),
        "delta": max(r["rss"] - r["base"] for r in runs),
    }


def concatenate(sources: list[Path], times: int, dest: Path) -> Path:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for _ in range(times):
        for src in sources:
            doc = pdfium.PdfDocument(src)
            out.import_pages(doc)
            doc.close()
    out.save(dest)
    out.close()
    return dest


def profile(path: Path, top: int = 25) -> None:
    import followup

    followup.extract_document(path)  # warm-up: lazy imports, caches
    prof = cProfile.Profile()
    prof.enable()
    start = time.perf_counter()
    followup.extract_document(path)
    total = time.perf_counter() - start
    prof.disable()
    stats = pstats.Stats(prof).sort_stats("cumulative")
    print(f"\ncProfile of extract_document({path.name}): {total:.2f} s (with profiler overhead)")
    print("-- followup's own functions --")
    stats.print_stats(r"followup[/\\]", top)
    print("-- everything --")
    stats.print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1,2,4", help="concatenations of all samples")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return

    from rich.console import Console
    from rich.table import Table

    samples = sorted((ROOT / "samples").glob("*.pdf"))
    if not samples:
        raise SystemExit("no samples/*.pdf: run samples/make_samples.py first")
    table = Table(
        title=f"extract_document vs pdfplumber floor (best of {args.repeat}, "
        "fresh subprocess each; RSS = child's ru_maxrss)"
    )
    for name in (
        "case",
        "pages",
        "extract s",
        "pages/s",
        "floor s",
        "ratio",
        "peak RSS MB",
        "Δ MB",
        "floor RSS MB",
    ):
        table.add_column(name, justify="left" if name == "case" else "right")
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as tmp:
        cases = [(p.name, p) for p in samples]
        for times in (int(s) for s in args.sizes.split(",")):
            dest = Path(tmp) / f"all-x{times}.pdf"
            cases.append((f"all samples ×{times}", concatenate(samples, times, dest)))
        for name, path in cases:
            ext = measure("extract", path, args.repeat)
            flo = measure("floor", path, args.repeat)
            ratio = ext["s"] / flo["s"]
            table.add_row(
                name,
                str(ext["pages"]),
                f"{ext['s']:.2f}",
                f"{ext['pages'] / ext['s']:.1f}",
                f"{flo['s']:.2f}",
                f"[{'green' if ratio <= 1.5 else 'red'}]{ratio:.2f}×",
                f"{ext['rss'] / 1024:.0f}",
                f"{ext['delta'] / 1024:.0f}",
                f"{flo['rss'] / 1024:.0f}",
            )
            print(f"  measured {name}", file=sys.stderr)
        Console(width=120).print(table)
        if args.profile:
            profile(cases[-1][1])


if __name__ == "__main__":
    main()
