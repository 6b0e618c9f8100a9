"""Benchmark the same batch on the local process pool and on a 2-worker Dask LocalCluster.

    python bench/bench_cluster.py [--files 100] [--workers 2] [--repeat 2]

Copies samples/*.pdf to ``--files`` distinct names in a temporary folder, then extracts them
(cache off) into a Parquet dataset, as ``extract --format parquet -o DIR`` does, three ways,
interleaved, best of ``--repeat``: the local pool (jobs = workers) with the client writing the
dataset; a LocalCluster of ``--workers`` processes (one thread each) with the rows sent back and
the client writing the dataset; the same LocalCluster with the workers writing the dataset
(``followup.cluster.extract_dataset``). Prints seconds, pages/s and the overhead per file
against the local pool ((runner - local) / files). Cluster start-up is not counted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from followup.batch import run_batch, write_dataset  # noqa: E402
from followup.cluster import extract_dataset, local_cluster  # noqa: E402
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

        def local_pool(out: Path) -> Any:
            result = run_batch(paths, ExtractOptions(), use_cache=False, jobs=args.workers)
            write_dataset(result.frame(), out)
            return result

        def rows_to_client(out: Path) -> Any:
            result = run_batch(paths, ExtractOptions(), use_cache=False, client=client)
            write_dataset(result.frame(), out)
            return result

        def workers_write(out: Path) -> Any:
            return extract_dataset(paths, ExtractOptions(), out, client=client, use_cache=False)

        runners: dict[str, Callable[[Path], Any]] = {
            "local pool": local_pool,
            "LocalCluster, rows to the client": rows_to_client,
            "LocalCluster, workers write the dataset": workers_write,
        }
        try:
            for round_ in range(args.repeat):
                for k, (name, run) in enumerate(runners.items()):
                    out = Path(tmp) / f"out-{round_}-{k}"
                    started = time.perf_counter()
                    result = run(out)
                    seconds = time.perf_counter() - started
                    assert not result.failures, result.failures[:1]
                    pages = result.pages
                    best[name] = min(best.get(name, seconds), seconds)
                    shutil.rmtree(out)
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
