"""Benchmark run_batch on 1, 10 and 100 copies of samples/*.pdf (distinct names, temp folder).

    python bench/bench_batch.py [--sizes 1,10,100] [--jobs 2]

Per size: seconds and pages/s with jobs=1 and jobs=N (cache off), speedup, then a run that fills
an empty cache and a second, fully cached run. Memory: peak RSS of the parent and of the largest
worker (reported by the workers themselves: they are forked by multiprocessing's forkserver, so
``RUSAGE_CHILDREN`` of this process does not see them; it is printed too, for completeness).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from followup.batch import BatchResult, run_batch  # noqa: E402
from followup.extract import ExtractOptions  # noqa: E402


def _copies(folder: Path, count: int) -> list[Path]:
    samples = sorted((ROOT / "samples").glob("*.pdf"))
    if not samples:
        raise SystemExit("no samples/*.pdf: run samples/make_samples.py first")
    paths = []
    for i in range(count):
        src = samples[i % len(samples)]
        dst = folder / f"{i:03d}-{src.name}"
        shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


def _run(paths: list[Path], jobs: int, cache: Path | None) -> BatchResult:
    return run_batch(
        paths,
        ExtractOptions(),
        jobs=jobs,
        timeout=120,
        cache_dir=cache,
        use_cache=cache is not None,
    )


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    header = (
        f"{'files':>5} {'pages':>6} {'rows':>6} {'fail':>4} | {'j1 s':>6} {'j1 p/s':>7} | "
        f"{'j' + str(args.jobs) + ' s':>6} {'p/s':>7} {'speedup':>7} | {'fill s':>6} "
        f"{'cached s':>8} | {'worker MB':>9} {'parent MB':>9}"
    )
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as tmp:  # start the forkserver
        _run(_copies(Path(tmp), 1), 1, None)
    print(header)
    print("-" * len(header))
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="followup-bench-") as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            paths = _copies(folder, size)
            one = _run(paths, 1, None)
            many = _run(paths, args.jobs, None)
            fill = _run(paths, args.jobs, Path(tmp) / "cache")
            cached = _run(paths, args.jobs, Path(tmp) / "cache")
            assert cached.cached == len(cached.extractions), "second run was not fully cached"
            worker_kb = max(r.peak_worker_rss_kb for r in (one, many, fill))
            parent_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(
                f"{size:5d} {one.pages:6d} {one.rows:6d} {len(one.failures):4d} | "
                f"{one.seconds:6.2f} {one.pages / one.seconds:7.1f} | "
                f"{many.seconds:6.2f} {many.pages / many.seconds:7.1f} "
                f"{one.seconds / many.seconds:6.2f}x | {fill.seconds:6.2f} {cached.seconds:8.2f} | "
                f"{_mb(worker_kb):>9} {_mb(parent_kb):>9}",
                flush=True,
            )
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"(RUSAGE_CHILDREN ru_maxrss: {_mb(children)} MB; forkserver workers are not counted)")


if __name__ == "__main__":
    main()
