"""On-disk cache of extractions, keyed by file content, extraction settings and program version.

An entry is a folder ``<root>/<key[:2]>/<key>/`` holding ``rows.parquet`` (the Extraction's rows)
and ``meta.json`` (pages, findings, path). It is written in a temporary folder and renamed into
place, so a reader sees a whole entry or none. The key hashes the file's bytes (sha256), the
settings (a JSON object, password never included), the path as given (rows carry it as their
source) and ``followup.__version__``: a new version or other settings never reuse an entry.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from followup.records import Extraction, Finding

CACHE_FORMAT = 1


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


def cache_key(content_sha256: str, path: str | Path, settings: Mapping[str, Any]) -> str:
    parts = [
        f"format={CACHE_FORMAT}",
        f"version={program_version()}",
        f"content={content_sha256}",
        f"name={Path(path).name}",  # rows carry the file name (source), not its folder
        f"settings={settings_hash(settings)}",
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


class ExtractionCache:
    """Get and put :class:`Extraction` objects under a cache key."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> Extraction | None:
        entry = self._entry(key)
        try:
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
            rows = pd.read_parquet(entry / "rows.parquet")
            findings = [
                Finding(
                    kind=f["kind"],
                    page=f["page"],
                    message=f["message"],
                    row=f.get("row"),
                    bbox=tuple(f["bbox"]) if f.get("bbox") is not None else None,  # type: ignore[arg-type]
                )
                for f in meta["findings"]
            ]
            return Extraction(
                path=Path(meta["path"]), rows=rows, pages=int(meta["pages"]), findings=findings
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged entry: a miss
        except Exception:  # noqa: BLE001 - pyarrow errors on a damaged file are a miss too
            return None

    def put(self, key: str, extraction: Extraction) -> None:
        entry = self._entry(key)
        if entry.exists():
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=entry.parent))
        try:
            buf = io.BytesIO()
            extraction.rows.to_parquet(buf, index=False, engine="pyarrow")
            (tmp / "rows.parquet").write_bytes(buf.getvalue())
            meta = {
                "format": CACHE_FORMAT,
                "version": program_version(),
                "path": str(extraction.path),
                "pages": extraction.pages,
                "findings": [asdict(f) for f in extraction.findings],
            }
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            try:
                os.rename(tmp, entry)
            except OSError:  # another process stored the same entry first
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
