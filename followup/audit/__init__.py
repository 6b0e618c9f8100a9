"""Audit page: one self-contained HTML file showing every extracted row on its PDF page.

Row ``n`` (position in ``Extraction.rows`` + 1) is ``#row-n`` in the row table and ``#box-n``
on the page image; both carry ``data-page``, ``data-x0``, ``data-top``, ``data-x1``,
``data-bottom`` (PDF points, two decimals) and ``data-index`` (the 0-based position).
Every text is in one language (:mod:`followup.audit.i18n`: Swedish, or English).
"""

from __future__ import annotations

from followup.audit.collection import AuditBatch, AuditEntry, write_audits, write_index
from followup.audit.i18n import LANGUAGES
from followup.audit.render import AuditError, render_audit, write_audit

__all__ = [
    "LANGUAGES",
    "AuditBatch",
    "AuditEntry",
    "AuditError",
    "render_audit",
    "write_audit",
    "write_audits",
    "write_index",
]
