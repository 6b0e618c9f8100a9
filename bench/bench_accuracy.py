"""Cell accuracy of the extractor on every sample PDF against its expected CSV.

    python bench/bench_accuracy.py [PDF...]

Prints one line per sample: producer (the folder), rows found/expected, cells equal / cells
expected (rows compared by position; box columns within 0.05 pt) and the share.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from followup import extract_pdf  # noqa: E402
from followup.schema import BOX_COLUMNS  # noqa: E402
from followup.tableio import frame_to_csv_text  # noqa: E402

SAMPLES = ROOT / "samples"
TOLERANCE = 0.05


def accuracy(pdf: Path) -> tuple[int, int, int, int]:
    """(rows found, rows expected, cells equal, cells expected)."""
    csv = SAMPLES / "expected" / f"{pdf.stem}.csv"
    expected = pd.read_csv(csv, dtype=str, keep_default_na=False)
    try:
        got = extract_pdf(pdf)
        got = pd.read_csv(io.StringIO(frame_to_csv_text(got)), dtype=str, keep_default_na=False)
    except Exception:  # a sample the extractor cannot read at all scores zero
        got = pd.DataFrame(columns=expected.columns)
    equal = 0
    for i in range(min(len(got), len(expected))):
        for col in expected.columns:
            if col not in got.columns:
                continue
            g, e = got.at[i, col], expected.at[i, col]
            if col in BOX_COLUMNS:
                equal += abs(float(g) - float(e)) <= TOLERANCE
            else:
                equal += g == e
    return len(got), len(expected), equal, expected.size


def main(argv: list[str]) -> None:
    pdfs = [Path(a) for a in argv] or sorted(
        p for p in SAMPLES.rglob("*.pdf") if (SAMPLES / "expected" / f"{p.stem}.csv").exists()
    )
    print("| producer | sample | rows | cells equal | accuracy |")
    print("|---|---|---|---|---|")
    for pdf in pdfs:
        found, rows, equal, cells = accuracy(pdf)
        producer = pdf.parent.name if pdf.resolve().parent != SAMPLES else "reportlab"
        share = equal / cells
        print(f"| {producer} | {pdf.name} | {found}/{rows} | {equal}/{cells} | {share:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
