"""Make the scanned samples (dev-only): digital sample pages → rasterised, skewed, noisy JPEG scans.

    python samples/make_scans.py             # writes samples/scans/*.pdf, samples/expected/scans/
    python samples/make_scans.py --csv-only  # only the expected CSVs (after the schema changed)

Each scan is made from a committed digital sample the way a printed-and-scanned copy looks:
`pdftoppm` rasterises the pages in grey at the scan's resolution, ImageMagick `convert` rotates
them by a small angle (white background, cropped back to the page's size), adds Gaussian noise with
a fixed seed and saves them as JPEG; img2pdf wraps the JPEGs into a PDF without re-encoding them
(no date, so a run is repeatable). Needs poppler-utils, imagemagick and img2pdf (installed with
ocrmypdf).

The expected CSV of a scan holds the digital sample's expected rows for the scanned pages (the
same table), with `source` and `source_sha256` of the scan, `ocr` = true and no
`ocr_confidence` column (it is Tesseract's, not known in advance). The rotation is
undone by the OCR's deskew, so the boxes stay those of the digital page (the test compares them
with a tolerance).
"""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCANS = HERE / "scans"
EXPECTED = HERE / "expected" / "scans"


@dataclass(frozen=True)
class Scan:
    name: str  # output file stem
    source: str  # digital sample in samples/
    first: int  # first page scanned (1-based)
    last: int  # last page scanned
    dpi: int
    angle: float  # degrees, clockwise
    noise: float  # ImageMagick -attenuate for +noise Gaussian
    quality: int  # JPEG quality
    seed: int


SCAN_SPECS = [
    Scan("kfn-2022-ansvarig-300dpi", "kfn-2022-ansvarig.pdf", 1, 2, 300, 0.6, 0.25, 60, 13),
    Scan("vss-2020-grid-p1-2-150dpi", "vss-2020-grid.pdf", 1, 2, 150, -0.8, 0.2, 70, 29),
]


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def _page_images(spec: Scan, work: Path) -> list[Path]:
    prefix = work / "page"
    _run(
        "pdftoppm", "-r", str(spec.dpi), "-gray", "-f", str(spec.first), "-l", str(spec.last),
        str(HERE / spec.source), str(prefix),
    )  # fmt: skip
    out: list[Path] = []
    for index, pgm in enumerate(sorted(work.glob("page-*.pgm"))):
        jpg = work / f"scan-{index:03d}.jpg"
        size = subprocess.run(
            ["identify", "-format", "%wx%h", str(pgm)], check=True, capture_output=True, text=True
        ).stdout.strip()
        _run(
            "convert", str(pgm),
            "-background", "white", "-rotate", f"{spec.angle}",
            "-gravity", "center", "-extent", size,
            "-seed", str(spec.seed + index), "-attenuate", f"{spec.noise}", "+noise", "Gaussian",
            "-units", "PixelsPerInch", "-density", str(spec.dpi),
            "-strip", "-quality", str(spec.quality), str(jpg),
        )  # fmt: skip
        out.append(jpg)
    return out


def make_scan(spec: Scan) -> Path:
    """Write ``samples/scans/<name>.pdf`` and return its path."""
    import img2pdf

    SCANS.mkdir(exist_ok=True)
    target = SCANS / f"{spec.name}.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        images = _page_images(spec, Path(tmp))
        data = img2pdf.convert([str(p) for p in images], nodate=True)
    target.write_bytes(data)
    return target


def write_expected(spec: Scan, pdf: Path) -> Path:
    """The digital sample's expected rows of the scanned pages, re-labelled for the scan."""
    EXPECTED.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    source = HERE / "expected" / (Path(spec.source).stem + ".csv")
    with source.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = [
            r for r in reader if spec.first <= int(r["page"]) and int(r["page_end"]) <= spec.last
        ]
    # the scan's rows come from OCR; their confidence is whatever Tesseract says (not compared)
    fields = [f for f in fields if f != "ocr_confidence"]
    if "ocr" not in fields:
        fields.insert(fields.index("x0"), "ocr")
    target = EXPECTED / f"{spec.name}.csv"
    with target.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            row.update(
                source=pdf.name,
                path=pdf.relative_to(HERE.parent).as_posix(),  # as named from the repository
                source_sha256=sha,
                ocr="true",
                page=str(int(row["page"]) - spec.first + 1),
                page_end=str(int(row["page_end"]) - spec.first + 1),
            )
            writer.writerow({k: row.get(k, "") for k in fields})
    return target


def main() -> None:
    csv_only = "--csv-only" in sys.argv  # keep the committed scans, rewrite their expected CSVs
    for spec in SCAN_SPECS:
        pdf = SCANS / f"{spec.name}.pdf" if csv_only else make_scan(spec)
        csv_path = write_expected(spec, pdf)
        print(f"{pdf.relative_to(HERE)} ({pdf.stat().st_size // 1024} KB), {csv_path.name}")


if __name__ == "__main__":
    sys.exit(main())
