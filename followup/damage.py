"""Pages whose content could not be fully decoded become ``damaged_page`` findings.

pdfminer reads damaged content quietly: a content stream that fails to inflate is cut short (or
dropped) without a word, and a bad operator is logged as a warning on stderr that nobody connects
with the file. While a document is extracted, :class:`PageDamage` therefore

- decodes each page's content streams once more with pdfminer's strict setting, so a damaged
  stream is caught before the page is read;
- takes pdfminer's log records (which then never reach stderr) and files them under the page
  being read; records outside any page become ``pdf_warning`` findings;
- at the end adds pages without any text that lie between pages of the same run of tables.

Each damaged page is one finding naming the file and the page; ``extract`` then exits 3.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from followup.records import Finding

_LOGGER = "pdfminer"
_MAX_DETAIL = 100


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def _stream_damage(page: Any) -> str | None:
    """Why a content stream of the pdfplumber ``page`` does not decode strictly, or None."""
    from pdfminer import settings
    from pdfminer.pdftypes import PDFStream, stream_value

    try:
        streams = list(page.page_obj.contents or [])
    except Exception as exc:  # noqa: BLE001 - a broken /Contents entry is damage too
        return f"content streams unreadable: {_short(str(exc) or type(exc).__name__)}"
    for raw in streams:
        strict = settings.STRICT
        try:
            stream = stream_value(raw)
            if stream.rawdata is None:  # decoded already (nothing left to check)
                continue
            probe = PDFStream(dict(stream.attrs), stream.rawdata, stream.decipher)
            probe.objid, probe.genno = stream.objid, stream.genno
            settings.STRICT = True
            probe.decode()
        except Exception as exc:  # noqa: BLE001 - any decoding failure is the reason
            cause = exc.__cause__ or exc
            return f"content stream damaged: {_short(str(cause) or type(cause).__name__)}"
        finally:
            settings.STRICT = strict
    return None


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.pending: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.pending.append(_short(record.getMessage()))


class PageDamage:
    """Collects, per page, why its content could not be fully decoded (see module docstring).

    Use as a context manager around the whole extraction (it routes pdfminer's log records),
    wrap each page's reading in :meth:`page`, then ask :meth:`findings`.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.reasons: dict[int, list[str]] = {}
        self.document: list[str] = []
        self.empty: set[int] = set()
        self._collector = _Collector()
        self._saved: tuple[bool, int] | None = None

    def __enter__(self) -> PageDamage:
        logger = logging.getLogger(_LOGGER)
        self._saved = (logger.propagate, logger.level)
        logger.addHandler(self._collector)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)
        return self

    def __exit__(self, *_: object) -> None:
        logger = logging.getLogger(_LOGGER)
        logger.removeHandler(self._collector)
        if self._saved is not None:
            logger.propagate, level = self._saved
            logger.setLevel(level)
        self.document += self._collector.pending
        self._collector.pending = []

    @contextlib.contextmanager
    def page(self, page: Any) -> Iterator[None]:
        """Check ``page``'s streams, then file log records made while it is read under it."""
        number = int(page.page_number)
        self.document += self._collector.pending
        self._collector.pending = []
        reasons: list[str] = []
        if (stream := _stream_damage(page)) is not None:
            reasons.append(stream)
        yield
        reasons += dict.fromkeys(self._collector.pending)  # once per distinct message
        self._collector.pending = []
        if reasons:
            self.reasons[number] = reasons
        with contextlib.suppress(Exception):
            if not page.chars:
                self.empty.add(number)

    def findings(self, table_pages: Iterable[int]) -> list[Finding]:
        """``damaged_page`` per damaged page (including textless pages inside a run of table
        pages) and ``pdf_warning`` for pdfminer's records outside any page."""
        pages = sorted(set(table_pages))
        inside = {
            p for p in self.empty for a, b in zip(pages, pages[1:], strict=False) if a < p < b
        }
        found = []
        for number in sorted(set(self.reasons) | inside):
            why = self.reasons.get(number) or ["no text on a page inside a table"]
            found.append(
                Finding(
                    "damaged_page",
                    number,
                    f"{self.path.name} p. {number}: content could not be fully decoded "
                    f"({'; '.join(why[:3])}); rows of this page may be missing or incomplete",
                )
            )
        for message in dict.fromkeys(self.document):
            found.append(Finding("pdf_warning", 0, f"{self.path.name}: {message}"))
        return found


__all__ = ["PageDamage"]
