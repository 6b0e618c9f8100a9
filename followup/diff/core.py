"""Year-over-year diff of two (or more) extraction frames.

Every new row is either matched one-to-one to an old row or reported as added; old rows left over
are removed. The matching is globally optimal (Hungarian algorithm on the whole table), not greedy.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from followup.diff.assign import max_weight_matching
from followup.diff.text import norm
from followup.errors import FollowupError

#: Default for ``min_similarity`` (activity similarity 0-100), chosen on the VSS samples
#: (``samples/data/vss_2020.json`` -> ``vss_2021.json``, true pairs in ``pairs_2020_2021.csv``):
#:
#: * real rewordings score 87-99 (87, 92, 92, 93, 96, 96, 96, 99; the other 21 pairs are 100);
#: * unrelated activities score at most 74 across the two years (2020's removed "Ta fram enhetliga
#:   mätningar av kundnöjdhet ..." vs 2021's added "Genomföra kundnöjdhetsmätningar ..."), at most
#:   71 within one report, at most 52 against another board's report (KFN 2022).
#:
#: Every threshold from 75 to 87 pairs all 29 true pairs and nothing else (70: one false pair,
#: 60: six, 90: one real rewording lost). 80 sits in the middle of that gap, with about six points
#: of margin on either side.
DEFAULT_MIN_SIMILARITY = 80

#: Assignment evidence beside the activity similarity (0-100): same perspective adds this many
#: points, and the goal similarity (0-100) adds ``GOAL_WEIGHT`` points per point.
PERSPECTIVE_BONUS = 10
GOAL_WEIGHT = 0.1

CHANGE_KINDS = ("unchanged", "status_changed", "reworded", "added", "removed")
DIFF_COLUMNS = [
    "change",
    "perspective",
    "goal_old",
    "goal_new",
    "activity_old",
    "activity_new",
    "status_old",
    "status_new",
    "similarity",
    "page_old",
    "page_new",
]


class SameYearWarning(UserWarning):
    """Two compared reports are from the same year."""


def _column(frame: pd.DataFrame, name: str) -> list[object]:
    if name not in frame.columns:
        return [None] * len(frame)
    return [None if _missing(v) else v for v in frame[name].tolist()]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _text(value: object) -> str:
    return "" if _missing(value) else str(value)


def frame_year(frame: pd.DataFrame, label: str) -> int | None:
    """The report year of ``frame`` (``None`` when it has none); several years is an error."""
    if "year" not in frame.columns:
        return None
    years = sorted({int(y) for y in pd.to_numeric(frame["year"], errors="coerce").dropna()})
    if len(years) > 1:
        listed = ", ".join(map(str, years))
        raise FollowupError(f"{label}: holds several years ({listed}); pass one report per side")
    return years[0] if years else None


def _check_side(frame: pd.DataFrame, label: str) -> None:
    if len(frame) == 0:
        raise FollowupError(f"{label}: no rows to compare")
    if "activity" not in frame.columns:
        raise FollowupError(f"{label}: no 'activity' column; is it an extraction table?")


def _similarity_matrix(a: list[str], b: list[str]) -> np.ndarray:
    scores = process.cdist(a, b, scorer=fuzz.token_sort_ratio, dtype=np.float64)
    return np.floor(scores + 0.5).astype(np.int64)


def _weights(old: pd.DataFrame, new: pd.DataFrame, sim: np.ndarray) -> np.ndarray:
    """Integer assignment weights, compared lexicographically by magnitude.

    First the score in tenths of a point: ``10 * (similarity + PERSPECTIVE_BONUS * same
    perspective + GOAL_WEIGHT * goal similarity)``; then, only to break exact ties, the smaller
    displacement between the rows' relative positions in their reports.
    """
    n, m = sim.shape
    p_old = [norm(v) for v in _column(old, "perspective")]
    p_new = [norm(v) for v in _column(new, "perspective")]
    same = np.array([[a != "" and a == b for b in p_new] for a in p_old], dtype=bool).reshape(n, m)
    g_old = [norm(v) for v in _column(old, "goal")]
    g_new = [norm(v) for v in _column(new, "goal")]
    goal = _similarity_matrix(g_old, g_new)
    goal[[g == "" for g in g_old], :] = 0
    goal[:, [g == "" for g in g_new]] = 0
    tenths = 10 * sim + round(10 * PERSPECTIVE_BONUS) * same + round(10 * GOAL_WEIGHT) * goal
    rows = np.arange(n, dtype=np.int64)[:, None]
    cols = np.arange(m, dtype=np.int64)[None, :]
    displacement = np.abs(rows * m - cols * n)  # |i/n - j/m| scaled by n*m
    scale = min(n, m) * n * m + 1  # larger than any total displacement
    return tenths.astype(np.int64) * scale - displacement


def match_rows(
    old: pd.DataFrame, new: pd.DataFrame, min_similarity: int
) -> tuple[dict[int, int], np.ndarray]:
    """Optimal one-to-one matching ``{new position: old position}`` and the similarity matrix."""
    a_old = [norm(v) for v in _column(old, "activity")]
    a_new = [norm(v) for v in _column(new, "activity")]
    sim = _similarity_matrix(a_old, a_new).reshape(len(a_old), len(a_new))
    pairs = max_weight_matching(_weights(old, new, sim), sim >= min_similarity)
    return {j: i for i, j in pairs}, sim


def _same_status(a: object, b: object) -> bool:
    return _text(a).strip() == _text(b).strip()


def diff_frames(
    old: pd.DataFrame,
    new: pd.DataFrame,
    *,
    min_similarity: int = DEFAULT_MIN_SIMILARITY,
    labels: tuple[str, str] = ("old", "new"),
) -> pd.DataFrame:
    """Compare two extraction frames (an older and a newer report) activity by activity.

    ``min_similarity`` (0-100): pairs whose activity similarity is below it are never matched;
    they come out as one ``removed`` and one ``added`` row. ``labels`` name the sides in errors and
    warnings (file names, say). Warns with :class:`SameYearWarning` when both sides have the same
    year; raises :class:`FollowupError` when a side has no rows.
    """
    if not 0 <= min_similarity <= 100:
        raise FollowupError(f"min_similarity must be between 0 and 100, not {min_similarity}")
    _check_side(old, labels[0])
    _check_side(new, labels[1])
    y_old, y_new = frame_year(old, labels[0]), frame_year(new, labels[1])
    if y_old is not None and y_old == y_new:
        warnings.warn(
            f"{labels[0]} and {labels[1]} are both from {y_old}: "
            "comparing two reports of the same year",
            SameYearWarning,
            stacklevel=2,
        )
    old = old.reset_index(drop=True)
    new = new.reset_index(drop=True)
    matches, sim = match_rows(old, new, min_similarity)
    o = {c: _column(old, c) for c in ("perspective", "goal", "activity", "status", "page")}
    n = {c: _column(new, c) for c in ("perspective", "goal", "activity", "status", "page")}
    records: list[dict[str, object]] = []
    for j in range(len(new)):
        i = matches.get(j)
        if i is None:
            change, score = "added", None
        else:
            score = int(sim[i, j])
            if score < 100:
                change = "reworded"
            elif _same_status(o["status"][i], n["status"][j]):
                change = "unchanged"
            else:
                change = "status_changed"
        records.append(
            {
                "change": change,
                "perspective": n["perspective"][j],
                "goal_old": None if i is None else o["goal"][i],
                "goal_new": n["goal"][j],
                "activity_old": None if i is None else o["activity"][i],
                "activity_new": n["activity"][j],
                "status_old": None if i is None else o["status"][i],
                "status_new": n["status"][j],
                "similarity": score,
                "page_old": None if i is None else o["page"][i],
                "page_new": n["page"][j],
            }
        )
    matched_old = set(matches.values())
    for i in range(len(old)):
        if i in matched_old:
            continue
        records.append(
            {
                "change": "removed",
                "perspective": o["perspective"][i],
                "goal_old": o["goal"][i],
                "goal_new": None,
                "activity_old": o["activity"][i],
                "activity_new": None,
                "status_old": o["status"][i],
                "status_new": None,
                "similarity": None,
                "page_old": o["page"][i],
                "page_new": None,
            }
        )
    return _typed(pd.DataFrame.from_records(records, columns=DIFF_COLUMNS))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("similarity", "page_old", "page_new"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    for col in DIFF_COLUMNS:
        if col not in ("similarity", "page_old", "page_new"):
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def diff_many(
    frames: Sequence[pd.DataFrame],
    *,
    min_similarity: int = DEFAULT_MIN_SIMILARITY,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Diff consecutive reports: frames sorted by year (stable), then each neighbouring pair.

    The result is the pairs' diffs stacked, with ``from_year`` and ``to_year`` in front.
    """
    names = list(labels) if labels is not None else [f"frame {k + 1}" for k in range(len(frames))]
    if len(names) != len(frames):
        raise ValueError("labels must name every frame")
    if len(frames) < 2:
        raise FollowupError(f"need at least two reports to compare, got {len(frames)}")
    for frame, name in zip(frames, names, strict=True):
        _check_side(frame, name)
    years: list[int] = []
    for frame, name in zip(frames, names, strict=True):
        year = frame_year(frame, name)
        if year is None:
            raise FollowupError(f"{name}: has no year, so it cannot be put in order")
        years.append(year)
    order = sorted(range(len(frames)), key=lambda k: years[k])
    parts = []
    for a, b in zip(order, order[1:], strict=False):
        part = diff_frames(
            frames[a], frames[b], min_similarity=min_similarity, labels=(names[a], names[b])
        )
        part.insert(0, "to_year", pd.Series(years[b], index=part.index, dtype="Int64"))
        part.insert(0, "from_year", pd.Series(years[a], index=part.index, dtype="Int64"))
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
