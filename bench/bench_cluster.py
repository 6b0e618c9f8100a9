"""Benchmark the same batch on the local process pool and on a 2-worker Dask LocalCluster.

    python bench/bench_cluster.py [--files 100] [--workers 2]

Copies samples/*.pdf to ``--files`` distinct names in a temporary folder, then runs run_batch
(cache off) with the local pool (jobs = workers) and on a LocalCluster of ``--workers`` processes
with one thread each, interleaved, best of ``--repeat``. Prints seconds, pages/s and the
cluster's overhead per file ((cluster - local) / files). Cluster start-up is not counted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from followup.batch import run_batch  # noqa: E402
from followup.cluster import local_cluster  # noqa: E402
from followup.extract import ExtractOptions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    import distributed

    samples = sorted((ROOT / "samples").glob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(args.files):
            src = samples[i % len(samples)]
            dst = Path(tmp) / f"{i:03d}-{src.name}"
            shutil.copyfile(src, dst)
            paths.append(dst)
        cluster = local_cluster(workers=args.workers, threads=1)
        client = distributed.Client(cluster)
        best: dict[str, float] = {}
        pages = 0
        try:
            for _ in range(args.repeat):
                for name, kwargs in (
                    ("local pool", {"jobs": args.workers}),
                    ("LocalCluster", {"client": client}),
                ):
                    started = time.perf_counter()
                    result = run_batch(paths, ExtractOptions(), use_cache=False, **kwargs)
                    seconds = time.perf_counter() - started
                    assert not result.failures, result.failures[:1]
                    pages = result.pages
                    best[name] = min(best.get(name, seconds), seconds)
        finally:
            client.close()
            cluster.close()
    print(f"{args.files} files, {pages} pages, {args.workers} workers, best of {args.repeat}\n")
    print("| runner | seconds | pages/s | overhead per file |")
    print("|---|---|---|---|")
    base = best["local pool"]
    for name, seconds in best.items():
        extra = (seconds - base) / args.files * 1000
        over = "—" if name == "local pool" else f"{extra:+.1f} ms"
        print(f"| {name} | {seconds:.2f} | {pages / seconds:.1f} | {over} |")


if __name__ == "__main__":
    main()
