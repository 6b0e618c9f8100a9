"""Write what extraction makes of every PDF under the given paths, one file per PDF.

For checking that a change to the extraction leaves its output byte-identical:

    python samples/snapshot.py /tmp/before samples/ && <change> &&
    python samples/snapshot.py /tmp/after samples/ && diff -r /tmp/before /tmp/after

Each PDF gives ``<name>.csv`` (the rows as ``followup extract`` writes them) and
``<name>.findings`` (the findings, one per line), or ``<name>.error`` (the one-line reason).
"""

from __future__ import annotations

import sys
from pathlib import Path

from followup.errors import FollowupError
from followup.extract import extract_document
from followup.tableio import frame_to_csv_text


def main(out: Path, inputs: list[Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pdfs = sorted(p for i in inputs for p in ([i] if i.is_file() else i.rglob("*.pdf")))
    for pdf in pdfs:
        stem = out / pdf.name
        try:
            result = extract_document(pdf)
        except FollowupError as exc:
            stem.with_suffix(".error").write_text(str(exc) + "\n", encoding="utf-8")
            continue
        stem.with_suffix(".csv").write_text(frame_to_csv_text(result.rows), encoding="utf-8")
        lines = [repr(f) for f in result.findings] + [f"pages={result.pages}"]
        stem.with_suffix(".findings").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(pdfs)} PDFs → {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(a) for a in sys.argv[2:]])
