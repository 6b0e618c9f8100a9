"""Year-over-year diff of two (or more) extraction frames, report by report.

Each side may hold several reports (a batch of one year). Reports are paired across the years
first (:mod:`followup.diff.reports`), then the activities of each pair of reports
(:mod:`followup.diff.context`). A report without a partner is one ``report_added`` or
``report_removed`` row, not one row per activity.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from followup.diff.context import Side, pair_activities
from followup.diff.reports import Report, pair_reports, split_duplicates, split_reports
from followup.errors import FollowupError
from followup.records import is_missing

#: Default for ``min_similarity`` (activity similarity 0-100), chosen on the VSS samples; pairs
#: below it are only accepted in context (see :mod:`followup.diff.context` and the README).
DEFAULT_MIN_SIMILARITY = 80

CHANGE_KINDS = (
    "unchanged",
    "status_changed",
    "reworded",
    "added",
    "removed",
    "report_added",
    "report_removed",
)
MATCHED_KINDS = ("unchanged", "status_changed", "reworded")
DIFF_COLUMNS = [
    "change",
    "report",
    "perspective",
    "goal_old",
    "goal_new",
    "activity_old",
    "activity_new",
    "deadline_old",
    "deadline_new",
    "status_old",
    "status_new",
    "similarity",
    "pair_reason",
    "source_old",
    "source_new",
    "page_old",
    "page_new",
]
_INT_COLUMNS = ("similarity", "page_old", "page_new")
_FIELDS = ("perspective", "goal", "activity", "deadline", "status", "source", "page")


class ReversedSidesWarning(UserWarning):
    """The older report was given second; the sides were put in year order."""


class RepeatedReportWarning(UserWarning):
    """A side holds the same report twice (same name, organisation and activities)."""


def column_values(frame: pd.DataFrame, name: str) -> list[object]:
    if name not in frame.columns:
        return [None] * len(frame)
    return [None if is_missing(v) else v for v in frame[name].tolist()]


def cell_text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def frame_year(frame: pd.DataFrame, label: str) -> int | None:
    """The report year of ``frame`` (``None`` when it has none); several years is an error."""
    if "year" not in frame.columns:
        return None
    years = sorted({int(y) for y in pd.to_numeric(frame["year"], errors="coerce").dropna()})
    if len(years) > 1:
        listed = ", ".join(map(str, years))
        raise FollowupError(f"{label}: holds several years ({listed}); pass one year per side")
    return years[0] if years else None


def check_side(frame: pd.DataFrame, label: str) -> None:
    if len(frame) == 0:
        raise FollowupError(f"{label}: no rows to compare")
    if "activity" not in frame.columns:
        raise FollowupError(f"{label}: no 'activity' column; is it an extraction table?")


def _same_year(labels: tuple[str, str], year: int) -> FollowupError:
    return FollowupError(
        f"{labels[0]} and {labels[1]} are both from {year}: "
        "a diff compares two different years (put one year's reports on each side)"
    )


@dataclass(frozen=True)
class Link:
    """One output row before it is rendered: positions into the old and new frames."""

    change: str
    old: int | None  # row of the old frame (for report rows: its first row)
    new: int | None
    similarity: int | None = None
    reason: str | None = None
    report: str = ""
    rows: tuple[int, ...] = ()  # report rows: every row of the report added or removed


def _side(frame: pd.DataFrame, rows: list[int]) -> Side:
    def col(name: str) -> list[str]:
        values = column_values(frame, name)
        return [cell_text(values[k]) for k in rows]

    return Side(col("perspective"), col("goal"), col("activity"), col("deadline"), col("status"))


def link_frames(old: pd.DataFrame, new: pd.DataFrame, min_similarity: int) -> list[Link]:
    """Pair reports, then activities within each pair; one :class:`Link` per output row.

    Row order: reports in the new side's order (each: its new rows in order, then its removed
    rows), then the reports only the old side has. ``old`` and ``new`` have 0..n-1 indexes.
    """
    old_reports, old_repeats = split_duplicates(old, split_reports(old))
    new_reports, new_repeats = split_duplicates(new, split_reports(new))
    for repeat in old_repeats + new_repeats:
        warnings.warn(
            f"{repeat}: the same report twice in one year; compared once",
            RepeatedReportWarning,
            stacklevel=2,
        )
    status_old, status_new = column_values(old, "status"), column_values(new, "status")
    links: list[Link] = []
    for i, j in pair_reports(old, old_reports, new, new_reports, min_similarity):
        ro: Report | None = None if i is None else old_reports[i]
        rn: Report | None = None if j is None else new_reports[j]
        if ro is None and rn is not None:
            links.append(
                Link("report_added", None, rn.rows[0], report=rn.label, rows=tuple(rn.rows))
            )
            continue
        if rn is None and ro is not None:
            links.append(
                Link("report_removed", ro.rows[0], None, report=ro.label, rows=tuple(ro.rows))
            )
            continue
        assert ro is not None and rn is not None
        label = rn.label
        pairs = pair_activities(_side(old, ro.rows), _side(new, rn.rows), min_similarity)
        by_new = {p.new: p for p in pairs}
        for b, jj in enumerate(rn.rows):
            p = by_new.get(b)
            if p is None:
                links.append(Link("added", None, jj, report=label))
                continue
            ii = ro.rows[p.old]
            if p.similarity < 100:
                change = "reworded"
            elif cell_text(status_old[ii]).strip() == cell_text(status_new[jj]).strip():
                change = "unchanged"
            else:
                change = "status_changed"
            links.append(Link(change, ii, jj, p.similarity, p.reason, label))
        paired_old = {p.old for p in pairs}
        links += [
            Link("removed", ii, None, report=label)
            for a, ii in enumerate(ro.rows)
            if a not in paired_old
        ]
    return links


def links_to_frame(old: pd.DataFrame, new: pd.DataFrame, links: list[Link]) -> pd.DataFrame:
    """Render links as the diff table (:data:`DIFF_COLUMNS`)."""
    o = {c: column_values(old, c) for c in _FIELDS}
    n = {c: column_values(new, c) for c in _FIELDS}
    records: list[dict[str, object]] = []
    for link in links:
        report_row = link.change in ("report_added", "report_removed")
        rec: dict[str, object] = {"change": link.change, "report": link.report or None}
        side = n if link.new is not None else o
        at = link.new if link.new is not None else link.old
        assert at is not None
        rec["perspective"] = None if report_row else side["perspective"][at]
        for field in ("goal", "activity", "deadline", "status"):
            for suffix, values, k in (("old", o, link.old), ("new", n, link.new)):
                rec[f"{field}_{suffix}"] = None if k is None or report_row else values[field][k]
        rec["similarity"] = link.similarity
        rec["pair_reason"] = link.reason
        rec["source_old"] = None if link.old is None else o["source"][link.old]
        rec["source_new"] = None if link.new is None else n["source"][link.new]
        rec["page_old"] = None if link.old is None else o["page"][link.old]
        rec["page_new"] = None if link.new is None else n["page"][link.new]
        records.append(rec)
    return _typed(pd.DataFrame.from_records(records, columns=DIFF_COLUMNS))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in _INT_COLUMNS:
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    for col in DIFF_COLUMNS:
        if col not in _INT_COLUMNS:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def ordered_sides(
    frames: Sequence[pd.DataFrame],
    labels: Sequence[str],
    *,
    need_years: bool,
    stacklevel: int = 3,
) -> list[tuple[int | None, pd.DataFrame, str]]:
    """Sides in year order (stable), warning when they were not given in that order; refuses
    two sides of the same year."""
    years = [frame_year(f, name) for f, name in zip(frames, labels, strict=True)]
    if need_years:
        for year, name in zip(years, labels, strict=True):
            if year is None:
                raise FollowupError(f"{name}: has no year, so it cannot be put in order")
    known = [(y, k) for k, y in enumerate(years) if y is not None]
    seen: dict[int, int] = {}
    for y, k in known:
        if y in seen:
            raise _same_year((labels[seen[y]], labels[k]), y)
        seen[y] = k
    sides = list(zip(years, frames, labels, strict=True))
    if len(known) == len(sides):
        ordered = sorted(sides, key=lambda s: s[0] or 0)
        if [s[2] for s in ordered] != list(labels):
            given = ", ".join(f"{name} ({year})" for year, _, name in sides)
            order = " → ".join(str(year) for year, _, _ in ordered)
            warnings.warn(
                f"reports given out of year order ({given}); comparing {order}",
                ReversedSidesWarning,
                stacklevel=stacklevel,
            )
        return ordered
    return sides


def years_in_order(
    frames: Sequence[pd.DataFrame], labels: Sequence[str] | None
) -> list[tuple[int | None, pd.DataFrame, str]]:
    """Two or more checked sides (``labels`` default to "frame 1", …), each with a year, in
    year order: the start of every diff over several years."""
    names = list(labels) if labels is not None else [f"frame {k + 1}" for k in range(len(frames))]
    if len(names) != len(frames):
        raise ValueError("labels must name every frame")
    if len(frames) < 2:
        raise FollowupError(f"need at least two reports to compare, got {len(frames)}")
    for frame, name in zip(frames, names, strict=True):
        check_side(frame, name)
    return ordered_sides(frames, names, need_years=True, stacklevel=4)


def diff_frames(
    old: pd.DataFrame,
    new: pd.DataFrame,
    *,
    min_similarity: int = DEFAULT_MIN_SIMILARITY,
    labels: tuple[str, str] = ("old", "new"),
) -> pd.DataFrame:
    """Compare two extraction frames (one year each, one or more reports each).

    The sides are put in year order (with :class:`ReversedSidesWarning` when ``old`` is the newer
    one); two sides of the same year are refused. ``min_similarity`` (0-100) is the activity
    similarity from which two rows pair on their text alone; below it they pair only in context.
    ``labels`` name the sides in errors and warnings. Raises :class:`FollowupError` for a side
    without rows or two sides of one year.
    """
    if not 0 <= min_similarity <= 100:
        raise FollowupError(f"min_similarity must be between 0 and 100, not {min_similarity}")
    check_side(old, labels[0])
    check_side(new, labels[1])
    (_, old, _), (_, new, _) = ordered_sides([old, new], labels, need_years=False)
    old = old.reset_index(drop=True)
    new = new.reset_index(drop=True)
    return links_to_frame(old, new, link_frames(old, new, min_similarity))


def diff_many(
    frames: Sequence[pd.DataFrame],
    *,
    min_similarity: int = DEFAULT_MIN_SIMILARITY,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Diff consecutive years: sides sorted by year, then each neighbouring pair.

    The result is the pairs' diffs stacked, with ``from_year`` and ``to_year`` in front.
    """
    ordered = years_in_order(frames, labels)
    parts = []
    for (ya, fa, na), (yb, fb, nb) in zip(ordered, ordered[1:], strict=False):
        part = diff_frames(fa, fb, min_similarity=min_similarity, labels=(na, nb))
        part.insert(0, "to_year", pd.Series(yb, index=part.index, dtype="Int64"))
        part.insert(0, "from_year", pd.Series(ya, index=part.index, dtype="Int64"))
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
