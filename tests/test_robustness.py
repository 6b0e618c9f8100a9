"""Hostile input: every PDF ends in a PDF or rows, or in an ExtractError with a one-line reason."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from followup.batch import run_batch
from followup.errors import ExtractError
from followup.extract import ExtractOptions, extract_document
from followup.extract.document import (
    NO_TEXT_REASON,
    as_extract_error,
    garbled_fraction,
    is_garbled,
    open_document,
    reason_for,
)
from followup.records import Extraction

ROOT = Path(__file__).parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdfplumber-tests"
CORPUS_FILES = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason="../shared corpus not present")
UNEXPECTED = "UNEXPECTED "


def minimal_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF written by hand: one Helvetica text line per string, pages as given."""
    objects: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = "".join(
            f"BT /F1 11 Tf 72 {720 - 16 * j} Td ({line}) Tj ET\n" for j, line in enumerate(lines)
        ).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"endstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


SAMPLE_TEXT = [
    ["Uppfoljning av verksamhetsplan 2020", "Perspektiv Mal Aktivitet Status"],
    ["Aktivitet 1 Klar", "Aktivitet 2 Pagaende (cid:12)"],
]


def _reason_ok(err: ExtractError, path: Path) -> None:
    assert err.reason and err.reason.isprintable() and "Traceback" not in err.reason
    assert str(err) == f"{path}: {err.reason}"


# --- open_document: one reason per failure kind -------------------------------------------------


def _reason_of(path: Path, **kwargs: object) -> str:
    with pytest.raises(ExtractError) as info:
        open_document(path, **kwargs)  # type: ignore[arg-type]
    _reason_ok(info.value, path)
    return info.value.reason


def test_valid_minimal_pdf_opens(tmp_path: Path) -> None:
    path = tmp_path / "ok.pdf"
    path.write_bytes(minimal_pdf(SAMPLE_TEXT))
    pdf = open_document(path)
    assert len(pdf.pages) == 2
    assert "Aktivitet 1" in (pdf.pages[1].extract_text() or "")
    pdf.close()


def test_reasons_per_failure_kind(tmp_path: Path) -> None:
    assert _reason_of(tmp_path / "missing.pdf") == "file not found"
    (tmp_path / "dir.pdf").mkdir()
    assert _reason_of(tmp_path / "dir.pdf") == "is a folder, not a PDF file"
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert _reason_of(tmp_path / "empty.pdf") == "empty file (0 bytes)"
    (tmp_path / "page.pdf").write_text("<!DOCTYPE html><html><body>404</body></html>")
    assert _reason_of(tmp_path / "page.pdf").startswith("not a PDF (looks like an HTML page")
    (tmp_path / "doc.pdf").write_bytes(b"PK\x03\x04" + bytes(100))
    assert "ZIP archive" in _reason_of(tmp_path / "doc.pdf")
    (tmp_path / "notes.pdf").write_text("just some notes\n")
    assert _reason_of(tmp_path / "notes.pdf") == "not a PDF (looks like a text file)"
    good = minimal_pdf(SAMPLE_TEXT)
    (tmp_path / "cut.pdf").write_bytes(good[:30])
    assert _reason_of(tmp_path / "cut.pdf").startswith("corrupt")
    (tmp_path / "long.pdf").write_bytes(good)
    assert _reason_of(tmp_path / "long.pdf", max_pages=1) == (
        "too many pages: 2 > 1 (raise --max-pages to allow it)"
    )
    assert len(open_document(tmp_path / "long.pdf", max_pages=2).pages) == 2


def test_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(minimal_pdf([[]]))
    with pytest.raises(ExtractError) as info:
        extract_document(path)
    assert (
        info.value.reason
        == NO_TEXT_REASON
        == ("no text layer (scanned image?): OCR it first, e.g. with ocrmypdf")
    )


def test_reason_for_maps_every_exception_class() -> None:
    import struct
    import zlib

    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSEOF
    from pdfplumber.utils.exceptions import PdfminerException

    for exc in [
        PDFSyntaxError("No /Root object!"),
        PSEOF("Unexpected EOF"),
        PdfminerException(PSEOF("x")),
        RecursionError("maximum recursion depth exceeded"),
        ValueError("bad\nvalue"),
        KeyError("Kids"),
        TypeError("x"),
        AssertionError(),
        struct.error("unpack requires a buffer"),
        zlib.error("Error -3 while decompressing"),
        IndexError("list index"),
        MemoryError(),
    ]:
        reason = reason_for(exc)
        assert reason and "\n" not in reason and len(reason) < 200, (exc, reason)
        assert as_extract_error("x.pdf", exc).reason == reason


def test_garbled() -> None:
    assert garbled_fraction("") == 0.0
    assert garbled_fraction("Klar") == 0.0
    assert garbled_fraction("(cid:3)(cid:4)") == 1.0
    assert garbled_fraction("ab\ufffd\ufffd") == 0.5
    assert 0 < garbled_fraction("\x0c\x1f") <= 1.0
    assert is_garbled("(cid:12)(cid:40)(cid:7) Klar")
    assert not is_garbled("Aktiviteten är genomförd enligt plan (cid:127)")
    assert is_garbled("x (cid:127)", threshold=0.5)
    assert not is_garbled("   ")


# --- the shared corpus --------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_corpus_opens_or_says_why(path: Path) -> None:
    try:
        pdf = open_document(path)
    except ExtractError as err:
        _reason_ok(err, path)
    else:
        assert len(pdf.pages) >= 1
        pdf.close()


@needs_corpus
def test_corpus_password() -> None:
    path = CORPUS / "password-example.pdf"
    assert _reason_of(path) == "encrypted: pass --password"
    assert _reason_of(path, password="nope") == "wrong password"
    pdf = open_document(path, password="test")
    assert len(pdf.pages) >= 1
    pdf.close()


def pipeline_worker(path: Path, options: object) -> Extraction:
    """The real extractor; anything but an ExtractError is tagged so the test can see it."""
    from followup.extract import extract_document

    try:
        return extract_document(path, options)
    except ExtractError:
        raise
    except BaseException as exc:  # noqa: BLE001
        raise ExtractError(path, f"{UNEXPECTED}{type(exc).__name__}: {exc}") from None


def document_worker(path: Path, options: object) -> Extraction:
    """open_document + text layer + every page's text, the part of the pipeline this module owns."""
    import pandas as pd

    try:
        pdf = open_document(path, password=None, max_pages=50)
        try:
            try:
                if not any(page.chars for page in pdf.pages):
                    raise ExtractError(path, NO_TEXT_REASON)
                texts = [page.extract_text() or "" for page in pdf.pages]
            except ExtractError:
                raise
            except Exception as exc:  # noqa: BLE001 - what the extractor must do too
                raise as_extract_error(path, exc) from None
        finally:
            pdf.close()
    except ExtractError:
        raise
    except BaseException as exc:  # noqa: BLE001
        raise ExtractError(path, f"{UNEXPECTED}{type(exc).__name__}: {exc}") from None
    rows = pd.DataFrame({"text": texts, "garbled": [is_garbled(t) for t in texts]})
    return Extraction(path=path, rows=rows, pages=len(texts))


def _check_batch(paths: list[Path], worker: object, options: object, timeout: float) -> list[str]:
    result = run_batch(paths, options, jobs=2, timeout=timeout, use_cache=False, worker=worker)  # type: ignore[arg-type]
    assert result.files == len(paths)
    assert len(result.extractions) + len(result.failures) == len(paths)
    for err in result.failures:
        _reason_ok(err, err.path)
        assert not err.reason.startswith(UNEXPECTED), str(err)
        assert not err.reason.startswith("worker crashed"), str(err)
    return [f.reason for f in result.failures]


@needs_corpus
def test_corpus_through_pipeline() -> None:
    # text layers only: OCR of the corpus's few image pages would cost minutes (OCR: test_ocr.py)
    options = ExtractOptions(ocr="never")
    # the slowest corpus file takes about 18 s of CPU: 120 s leaves room for a busy machine
    reasons = _check_batch(CORPUS_FILES, pipeline_worker, options, timeout=120)
    assert not [r for r in reasons if r.startswith("timed out")]


# --- seeded fuzzing -----------------------------------------------------------------------------


def _seeds() -> list[bytes]:
    seeds = [minimal_pdf(SAMPLE_TEXT)]
    samples = sorted(ROOT.glob("samples/*.pdf"), key=lambda p: p.stat().st_size)
    seeds.extend(p.read_bytes() for p in samples[:2])
    return seeds


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Flip bytes, truncate, zero or duplicate a chunk: one or two of these per case."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 2)):
        op = rng.choice(["flip", "flip", "truncate", "zero", "dup"])
        if op == "flip":
            for _ in range(rng.randint(1, 24)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif op == "truncate":
            del buf[rng.randint(8, max(8, len(buf) - 1)) :]
        elif op == "zero":
            start = rng.randrange(len(buf))
            buf[start : start + rng.randint(1, 64)] = bytes(min(64, len(buf) - start))
        else:
            start = rng.randrange(len(buf))
            chunk = buf[start : start + rng.randint(1, 256)]
            at = rng.randrange(len(buf))
            buf[at:at] = chunk
        if not buf:
            buf = bytearray(b"%PDF-")
    return bytes(buf)


def _write_cases(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    seeds = _seeds()
    paths = []
    for i in range(count):
        path = folder / f"case-{i:03d}.pdf"
        path.write_bytes(mutate(seeds[i % len(seeds)], rng))
        paths.append(path)
    return paths


def test_fuzz_document_layer(tmp_path: Path) -> None:
    """Every damaged file ends in a clear reason or rows; none crashes its worker.
    (How fast this runs is bench/'s business, not a test's: no wall-clock assertion here.)"""
    paths = _write_cases(tmp_path, 300, seed=20240601)
    _check_batch(paths, document_worker, {}, timeout=15)


def test_fuzz_pipeline(tmp_path: Path) -> None:
    paths = _write_cases(tmp_path, 60, seed=7)
    _check_batch(paths, pipeline_worker, ExtractOptions(ocr="never"), timeout=20)
