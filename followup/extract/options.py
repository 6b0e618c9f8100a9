"""Settings of one extraction run (the cache key includes all of them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ExtractOptions:
    year: int | None = None  # overrides the detected year
    password: str | None = None  # for encrypted PDFs
    max_pages: int | None = None  # refuse longer documents
    status_threshold: int = 80  # minimum fuzzy score (0-100) to accept a status word
    header_threshold: int = 80  # minimum fuzzy score to accept a header cell

    def cache_key(self) -> dict[str, Any]:
        """The settings that change the output (the password does not)."""
        data = asdict(self)
        data.pop("password")
        return data
