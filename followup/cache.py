"""On-disk cache of extractions, keyed by file content, extraction settings and program version.

An entry is one file ``<root>/<key[:2]>/<key>.parquet``: the Extraction's rows (without the
``path`` column, which depends on how a run names the file), with pages, findings and path in the
file's key-value metadata. It is written through :mod:`followup.atomic`,
so a reader sees a whole entry or none. The key hashes the file's bytes (sha256), the settings (a
JSON object, password never included), the file name (rows carry it as their source),
``followup.__version__`` and the output's shape (the schema's columns and types, the finding
kinds; :func:`output_hash`): a new version, another schema or other settings never reuse an
entry.

Privacy: every folder is ``0700`` and every file ``0600``. Rows of an encrypted PDF are stored
only when the caller opts in (``store_encrypted``, ``--cache-encrypted``), and such an entry is
served only after the password given in this run opened the PDF (:func:`password_opens`).

Size: after a run the least recently used entries (by modification time, refreshed on every hit)
are deleted until the cache holds at most ``max_bytes``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from followup.atomic import write_bytes
from followup.records import Extraction, Finding

CACHE_FORMAT = 2
META_KEY = b"followup"
#: Default size limit of the cache folder.
DEFAULT_MAX_BYTES = 512_000_000
_ENTRY = re.compile(r"[0-9a-f]{64}\.parquet")
_SHARD = re.compile(r"[0-9a-f]{2}")
_TEMP = re.compile(r"\.[0-9a-f]{64}\.parquet\.[0-9a-f]{8}\.tmp")  # see followup.atomic


def program_version() -> str:
    """``followup.__version__``, read at call time (tests monkeypatch it)."""
    import followup

    return str(getattr(followup, "__version__", "0+unknown"))


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/followup``, else ``~/.cache/followup``."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "followup"


def settings_hash(settings: Mapping[str, Any]) -> str:
    """Stable hash of the settings that change an extraction's result (``password`` dropped)."""
    clean = {k: v for k, v in settings.items() if k != "password"}
    text = json.dumps(clean, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def output_hash() -> str:
    """Hash of what an entry holds: the schema's columns (names and types, in order) and the
    finding kinds. An entry written under another schema is never served, even by the same
    version of followup (a development install)."""
    from followup import records, schema

    shape = {
        "columns": [[c.name, c.type] for c in (*schema.LEADING, *schema.TRAILING, *schema.BOX)],
        "findings": list(records.FINDING_KINDS),
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode("utf-8")).hexdigest()


def cache_key(content_sha256: str, path: str | Path, settings: Mapping[str, Any]) -> str:
    parts = [
        f"format={CACHE_FORMAT}",
        f"version={program_version()}",
        f"output={output_hash()}",
        f"content={content_sha256}",
        f"name={Path(path).name}",  # rows carry the file name (source), not its folder
        f"settings={settings_hash(settings)}",
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def password_opens(path: str | Path, password: str | None) -> bool:
    """True when ``password`` (or none) opens the encrypted PDF ``path`` (pdfminer's check)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        with open(path, "rb") as fh:
            PDFDocument(PDFParser(fh), password=password or "")
    except Exception:  # noqa: BLE001 - wrong password, unreadable or damaged: not verified
        return False
    return True


@dataclass(frozen=True)
class CacheInfo:
    """What ``followup cache info`` prints."""

    root: Path
    entries: int
    size: int  # bytes
    max_bytes: int


def _private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) as 0700; tighten it if it is ours and wider."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        st = folder.stat()
        if stat.S_IMODE(st.st_mode) != 0o700 and st.st_uid == os.geteuid():
            folder.chmod(0o700)


def _finding(data: Mapping[str, Any]) -> Finding:
    bbox = data.get("bbox")
    return Finding(
        kind=data["kind"],
        page=data["page"],
        message=data["message"],
        row=data.get("row"),
        bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])) if bbox else None,
    )


class ExtractionCache:
    """Get and put :class:`Extraction` objects under a cache key; see the module docstring."""

    def __init__(
        self,
        root: str | Path | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        store_encrypted: bool = False,
    ) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.max_bytes = max_bytes
        self.store_encrypted = store_encrypted

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.parquet"

    def get(self, key: str) -> Extraction | None:
        """The entry under ``key``, or None (missing or damaged).

        The caller checks ``encrypted`` entries with :func:`password_opens` before using them.
        """
        entry = self._entry(key)
        try:
            import pyarrow.parquet as pq

            table = pq.read_table(entry)
            meta = json.loads((table.schema.metadata or {})[META_KEY])
            if meta.get("format") != CACHE_FORMAT:
                return None
            rows = table.replace_schema_metadata(
                {k: v for k, v in (table.schema.metadata or {}).items() if k != META_KEY}
            ).to_pandas()
            extraction = Extraction(
                path=Path(meta["path"]),
                rows=rows,
                pages=int(meta["pages"]),
                findings=[_finding(f) for f in meta["findings"]],
                encrypted=bool(meta.get("encrypted", False)),
                ocr_pages=int(meta.get("ocr_pages", 0)),
                ocr_pdf=Path(meta["ocr_pdf"]) if meta.get("ocr_pdf") else None,
            )
        except Exception:  # noqa: BLE001 - missing or damaged entry (OSError, pyarrow, JSON): a miss
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # least recently used goes first
        return extraction

    def put(self, key: str, extraction: Extraction) -> bool:
        """Store ``extraction``; False when it is not stored (encrypted without opt-in)."""
        if extraction.encrypted and not self.store_encrypted:
            return False
        entry = self._entry(key)
        if entry.exists():
            return True
        import pyarrow as pa
        import pyarrow.parquet as pq

        meta = {
            "format": CACHE_FORMAT,
            "version": program_version(),
            "path": str(extraction.path),
            "pages": extraction.pages,
            "encrypted": extraction.encrypted,
            "ocr_pages": extraction.ocr_pages,
            "ocr_pdf": str(extraction.ocr_pdf) if extraction.ocr_pdf else None,
            "findings": [asdict(f) for f in extraction.findings],
        }
        # ``path`` is how this run named the file; the same bytes reached by another path must
        # come back with that path, so it is never stored (the caller sets it on a hit).
        rows = extraction.rows.drop(columns=["path"], errors="ignore")
        table = pa.Table.from_pandas(rows, preserve_index=False)
        metadata = dict(table.schema.metadata or {})
        metadata[META_KEY] = json.dumps(meta, ensure_ascii=False).encode("utf-8")
        buf = io.BytesIO()
        pq.write_table(table.replace_schema_metadata(metadata), buf)
        _private_folder(self.root)
        _private_folder(entry.parent)
        write_bytes(entry, buf.getvalue(), mode=0o600)
        return True

    def _entries(self) -> Iterator[tuple[Path, os.stat_result]]:
        if not self.root.is_dir():
            return
        for shard in sorted(self.root.iterdir()):
            if not (_SHARD.fullmatch(shard.name) and shard.is_dir()):
                continue
            for entry in sorted(shard.iterdir()):
                if _ENTRY.fullmatch(entry.name):
                    with contextlib.suppress(OSError):
                        yield entry, entry.stat()

    def info(self) -> CacheInfo:
        entries = list(self._entries())
        return CacheInfo(
            self.root, len(entries), sum(st.st_size for _, st in entries), self.max_bytes
        )

    def evict(self) -> int:
        """Delete least recently used entries until at most ``max_bytes`` remain; how many went."""
        entries = sorted(self._entries(), key=lambda e: (e[1].st_mtime_ns, e[0].name))
        total = sum(st.st_size for _, st in entries)
        removed = 0
        for entry, st in entries:
            if total <= self.max_bytes:
                break
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
                removed += 1
            total -= st.st_size
        return removed

    def clear(self) -> CacheInfo:
        """Delete every entry; what was there before.

        Only files named as entries (``<key>.parquet``) and the writer's leftover temporary
        files inside ``<key[:2]>`` folders are deleted, then folders left empty: a cache folder
        pointed at a folder of one's own files (``--cache ~/reports``) loses none of them.
        """
        before = self.info()
        if self.root.is_dir():
            for shard in self.root.iterdir():
                if not (_SHARD.fullmatch(shard.name) and shard.is_dir()):
                    continue
                for entry in shard.iterdir():
                    if _ENTRY.fullmatch(entry.name) or _TEMP.fullmatch(entry.name):
                        with contextlib.suppress(OSError):
                            entry.unlink()
                with contextlib.suppress(OSError):
                    shard.rmdir()  # only when empty
        return before


__all__ = [
    "DEFAULT_MAX_BYTES",
    "CacheInfo",
    "ExtractionCache",
    "cache_key",
    "default_cache_dir",
    "output_hash",
    "password_opens",
    "program_version",
    "settings_hash",
]
