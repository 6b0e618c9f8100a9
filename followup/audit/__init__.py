"""Audit page: one self-contained HTML file showing every extracted row on its PDF page.

Row ``n`` (position in ``Extraction.rows`` + 1) is ``#row-n`` in the side panel and ``#box-n``
on the page image; both carry ``data-page``, ``data-x0``, ``data-top``, ``data-x1``,
``data-bottom`` (PDF points, two decimals) and ``data-index`` (the 0-based position).
"""

from __future__ import annotations

from followup.audit.render import AuditError, render_audit, write_audit, write_audits

__all__ = ["AuditError", "render_audit", "write_audit", "write_audits"]
