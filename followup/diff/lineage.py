"""Activities followed across several years: one row per lineage (``followup diff --wide``).

A lineage is a chain of rows paired year to year by the diff (the same pairing as
:func:`followup.diff.diff_many`). Columns: ``report``, ``perspective``, ``goal`` and ``activity``
as last reported; one ``status_<year>`` column per year, empty where the activity is not in that
year's report; ``changes``, how it changed year by year (``2021 reworded (context 74); 2022
status_changed``); one ``page_<year>`` column per year, where it is in that year's report.
Lineages come in order of first appearance: the first year's activities in report order, then
those new in the second year, and so on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from followup.diff.core import (
    DEFAULT_MIN_SIMILARITY,
    Link,
    cell_text,
    column_values,
    link_frames,
    years_in_order,
)

WIDE_LEADING = ["report", "perspective", "goal", "activity"]


@dataclass
class _Lineage:
    rows: dict[int, int] = field(default_factory=dict)  # year index -> row of that year's frame
    report: str = ""
    changes: list[str] = field(default_factory=list)


def _note(year: int, link: Link) -> str:
    if link.change == "reworded":
        return f"{year} reworded ({link.reason} {link.similarity})"
    if link.change.startswith("report_"):
        return f"{year} {link.change.replace('_', ' ')}"  # "report added"
    return f"{year} {link.change}"


def diff_wide(
    frames: Sequence[pd.DataFrame],
    *,
    min_similarity: int = DEFAULT_MIN_SIMILARITY,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per activity lineage across the years of ``frames`` (see the module docstring)."""
    sides = [(int(y or 0), f.reset_index(drop=True)) for y, f, _ in years_in_order(frames, labels)]
    lineages = [_Lineage({0: row}) for row in range(len(sides[0][1]))]
    current = {row: lineage for row, lineage in enumerate(lineages)}
    for k in range(1, len(sides)):
        year, (old, new) = sides[k][0], (sides[k - 1][1], sides[k][1])
        following: dict[int, _Lineage] = {}
        for link in link_frames(old, new, min_similarity):
            if link.change == "report_removed":
                for row in link.rows:
                    current[row].changes.append(_note(year, link))
            elif link.change == "report_added":
                for row in link.rows:
                    following[row] = _Lineage({k: row}, link.report, [_note(year, link)])
                    lineages.append(following[row])
            elif link.change == "removed":
                assert link.old is not None
                current[link.old].changes.append(_note(year, link))
            elif link.change == "added":
                assert link.new is not None
                following[link.new] = _Lineage({k: link.new}, link.report, [_note(year, link)])
                lineages.append(following[link.new])
            else:  # paired
                assert link.old is not None and link.new is not None
                lineage = current[link.old]
                lineage.rows[k] = link.new
                lineage.report = link.report
                lineage.changes.append(_note(year, link))
                following[link.new] = lineage
        current = following
    fields = ("report", "perspective", "goal", "activity", "status", "page")
    values = [{c: column_values(frame, c) for c in fields} for _, frame in sides]
    years = [year for year, _ in sides]
    records = []
    for lineage in lineages:
        k_last = max(lineage.rows)
        last, row = values[k_last], lineage.rows[k_last]
        rec: dict[str, object] = {
            "report": lineage.report or cell_text(last["report"][row]) or None,
            "perspective": last["perspective"][row],
            "goal": last["goal"][row],
            "activity": last["activity"][row],
        }
        for k, year in enumerate(years):
            at = lineage.rows.get(k)
            rec[f"status_{year}"] = None if at is None else cell_text(values[k]["status"][at])
        rec["changes"] = "; ".join(lineage.changes) or None
        for k, year in enumerate(years):
            at = lineage.rows.get(k)
            rec[f"page_{year}"] = None if at is None else values[k]["page"][at]
        records.append(rec)
    status_cols = [f"status_{y}" for y in years]
    page_cols = [f"page_{y}" for y in years]
    columns = [*WIDE_LEADING, *status_cols, "changes", *page_cols]
    out = pd.DataFrame.from_records(records, columns=columns)
    for col in page_cols:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    return out
