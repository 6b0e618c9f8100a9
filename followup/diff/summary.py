"""A terminal summary of a diff: counts, status transitions, reworded pairs."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from followup.diff.core import CHANGE_KINDS
from followup.records import is_missing

EMPTY_STATUS = "(tom)"
MATCHED = ("unchanged", "status_changed", "reworded")


def _status(value: object) -> str:
    if is_missing(value):
        return EMPTY_STATUS
    text = str(value).strip()
    return text or EMPTY_STATUS


def _counts(diff: pd.DataFrame, title: str) -> Table:
    table = Table(title=title)
    table.add_column("change")
    table.add_column("rows", justify="right")
    counts = diff["change"].value_counts()
    for kind in CHANGE_KINDS:
        if kind.startswith("report_") and not counts.get(kind, 0):
            continue  # whole reports: only when there are any
        table.add_row(kind, str(int(counts.get(kind, 0))))
    table.add_row("total", str(len(diff)), style="bold")
    return table


def _transitions(diff: pd.DataFrame) -> Table:
    matched = diff[diff["change"].isin(MATCHED)]
    old = [_status(v) for v in matched["status_old"]]
    new = [_status(v) for v in matched["status_new"]]
    rows = sorted(set(old), key=lambda s: (s == EMPTY_STATUS, s))
    cols = sorted(set(new), key=lambda s: (s == EMPTY_STATUS, s))
    table = Table(title="Status (old → new), matched rows")
    table.add_column("old \\ new")
    for c in cols:
        table.add_column(Text(c), justify="right")
    pairs = pd.Series(list(zip(old, new, strict=True)), dtype=object).value_counts()
    for r in rows:
        cells = []
        for c in cols:
            k = int(pairs.get((r, c), 0))
            cells.append(f"[bold]{k}[/bold]" if k and r != c else (str(k) if k else "·"))
        table.add_row(Text(r), *cells)
    return table


def _reworded(diff: pd.DataFrame) -> Table:
    rows = diff[diff["change"] == "reworded"]
    table = Table(title=f"Reworded activities ({len(rows)})", show_lines=True)
    table.add_column("sim", justify="right")
    table.add_column("paired on")
    table.add_column("old", ratio=1)
    table.add_column("new", ratio=1)
    table.add_column("status")
    for rec in rows.itertuples(index=False):
        status = f"{_status(rec.status_old)} → {_status(rec.status_new)}"
        table.add_row(
            str(rec.similarity),
            str(rec.pair_reason),
            Text(str(rec.activity_old)),
            Text(str(rec.activity_new)),
            Text(status),
        )
    return table


def _reports(diff: pd.DataFrame) -> Table | None:
    """Per report: its rows by change; reports added or removed as a whole."""
    if (
        "report" not in diff.columns
        or diff["report"].nunique(dropna=True) < 2
        and not (diff["change"].isin(["report_added", "report_removed"]).any())
    ):
        return None
    table = Table(title="Reports")
    table.add_column("report")
    table.add_column("change")
    table.add_column("paired", justify="right")
    table.add_column("added", justify="right")
    table.add_column("removed", justify="right")
    for name, part in diff.groupby("report", sort=False, dropna=False):
        kinds = part["change"].value_counts()
        whole = next((k for k in ("report_added", "report_removed") if k in kinds), None)
        paired = int(sum(kinds.get(k, 0) for k in MATCHED))
        table.add_row(
            Text(str(name)),
            whole or "paired",
            "" if whole else str(paired),
            "" if whole else str(int(kinds.get("added", 0))),
            "" if whole else str(int(kinds.get("removed", 0))),
        )
    return table


def render_summary(diff: pd.DataFrame, console: Console) -> None:
    """Print counts per change kind, the status transition matrix and the reworded pairs."""
    if {"from_year", "to_year"} <= set(diff.columns) and len(diff):
        groups = [
            (f"{a} → {b}", part)
            for (a, b), part in diff.groupby(["from_year", "to_year"], sort=False)
        ]
    else:
        groups = [("Changes", diff)]
    for title, part in groups:
        reports = _reports(part)
        if reports is not None:
            console.print(reports)
        console.print(_counts(part, title))
        console.print(_transitions(part))
        if (part["change"] == "reworded").any():
            console.print(_reworded(part))
