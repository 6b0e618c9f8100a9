"""Pairing the activities of one report with those of its previous year, in context.

Two passes, both one-to-one:

1. **text**: a globally optimal assignment (Hungarian algorithm) among pairs whose activity
   similarity is at least ``min_similarity``. Its weight is the *context score*: the activity
   similarity (0-100) plus ``PERSPECTIVE_POINTS`` for the same perspective, ``GOAL_WEIGHT`` x the
   goal similarity, ``POSITION_POINTS`` x how well the rows' relative positions in their tables
   agree and ``DEADLINE_POINTS`` for the same deadline; exact ties go to the smaller displacement.
2. **context**: among the rows left over, a pair below the threshold is still accepted when both
   rows are each other's *only plausible partner*. A partner is plausible when it is under the same
   perspective and the same goal (goal similarity >= ``SAME_GOAL``), sits in the same stretch of
   the table between rows already paired (so the pair does not cross a paired neighbour), has an
   activity similarity of at least ``CONTEXT_MIN_SIMILARITY``, and the old row is not reported as
   finished (``FINISHED_STATUSES``): finished work is not carried over, a successor is a new
   activity. Repeated until no pair is added, since each new pair narrows the stretches.

The numbers are chosen on the sample years; see ``samples/README.md`` and the README's diff
section for what they were measured on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from followup.diff.assign import max_weight_matching
from followup.diff.text import norm

IntMatrix = npt.NDArray[np.int64]

#: Context score points beside the activity similarity (0-100).
PERSPECTIVE_POINTS = 10
GOAL_WEIGHT = 0.1  # x goal similarity 0-100 -> 0-10 points
POSITION_POINTS = 5  # x (1 - 2 x |difference of relative positions|), at least 0
DEADLINE_POINTS = 5  # same deadline as printed (years ignored)

#: Context pass: lowest activity similarity of a plausible partner, and the goal similarity
#: from which two goals count as the same goal.
CONTEXT_MIN_SIMILARITY = 60
SAME_GOAL = 90

#: Status words (casefolded) of finished activities, from the built-in legend and common
#: legends ("Genomförd", "Avslutad"); an old row with one of these is never paired on context.
FINISHED_STATUSES = frozenset(
    {"klar", "anpassats", "ersatts", "utgått", "genomförd", "avslutad", "slutförd", "avbruten"}
)


@dataclass(frozen=True)
class Side:
    """The columns of one report that pairing looks at, one entry per row, in report order."""

    perspective: Sequence[str]
    goal: Sequence[str]
    activity: Sequence[str]
    deadline: Sequence[str]
    status: Sequence[str]

    def __len__(self) -> int:
        return len(self.activity)


@dataclass(frozen=True)
class Pair:
    old: int
    new: int
    similarity: int  # activity similarity 0-100, as reported
    reason: str  # "text" or "context"


def similarity_matrix(a: Sequence[str], b: Sequence[str]) -> IntMatrix:
    """Rounded-half-up ``token_sort_ratio`` of every pair of (already normalised) texts."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.int64)
    scores = process.cdist(list(a), list(b), scorer=fuzz.token_sort_ratio, dtype=np.float64)
    return np.floor(scores + 0.5).astype(np.int64).reshape(len(a), len(b))


def _relative_positions(perspectives: Sequence[str]) -> npt.NDArray[np.float64]:
    """Each row's position in its perspective's table, 0 (first) to 1 (last)."""
    out = np.zeros(len(perspectives), dtype=np.float64)
    for name in set(perspectives):
        idx = [k for k, p in enumerate(perspectives) if p == name]
        for rank, k in enumerate(idx):
            out[k] = rank / (len(idx) - 1) if len(idx) > 1 else 0.5
    return out


@dataclass
class _Evidence:
    text: IntMatrix
    goal: IntMatrix
    same_perspective: npt.NDArray[np.bool_]
    context_tenths: IntMatrix  # context score in tenths of a point


def _evidence(old: Side, new: Side) -> _Evidence:
    a_old = [norm(v) for v in old.activity]
    a_new = [norm(v) for v in new.activity]
    text = similarity_matrix(a_old, a_new)
    p_old = [norm(v) for v in old.perspective]
    p_new = [norm(v) for v in new.perspective]
    same_p = np.array([[a == b for b in p_new] for a in p_old], dtype=bool).reshape(text.shape)
    g_old = [norm(v) for v in old.goal]
    g_new = [norm(v) for v in new.goal]
    goal = similarity_matrix(g_old, g_new)
    both_empty = np.outer([g == "" for g in g_old], [g == "" for g in g_new])
    goal = np.where(both_empty, 100, goal)  # no goal column on either side: no evidence against
    d_old = [norm(v) for v in old.deadline]
    d_new = [norm(v) for v in new.deadline]
    same_d = np.array([[a != "" and a == b for b in d_new] for a in d_old], dtype=bool)
    same_d = same_d.reshape(text.shape)
    r_old, r_new = _relative_positions(p_old), _relative_positions(p_new)
    position = np.clip(1.0 - 2.0 * np.abs(r_old[:, None] - r_new[None, :]), 0.0, 1.0)
    position = np.where(same_p, position, 0.0)
    tenths = (
        10 * text
        + 10 * PERSPECTIVE_POINTS * same_p
        + round(10 * GOAL_WEIGHT) * goal
        + np.floor(10 * POSITION_POINTS * position + 0.5).astype(np.int64)
        + 10 * DEADLINE_POINTS * same_d
    ).astype(np.int64)
    return _Evidence(text, goal, same_p, tenths)


def _weights(tenths: IntMatrix) -> IntMatrix:
    """Context score first; exact ties go to the smaller displacement of report positions."""
    n, m = tenths.shape
    rows = np.arange(n, dtype=np.int64)[:, None]
    cols = np.arange(m, dtype=np.int64)[None, :]
    displacement = np.abs(rows * m - cols * n)  # |i/n - j/m| scaled by n*m
    scale = min(n, m) * n * m + 1  # larger than any total displacement
    return tenths * scale - displacement


def _between(pairs: dict[int, int], i: int, j: int) -> bool:
    """``(i, j)`` crosses no paired neighbour: paired rows before i map before j, after to after."""
    return all((a < i) == (b < j) for a, b in pairs.items())


def _finished(status: str, words: frozenset[str]) -> bool:
    return status.strip().rstrip(".*").casefold() in words


def pair_activities(
    old: Side,
    new: Side,
    min_similarity: int,
    *,
    context_min: int = CONTEXT_MIN_SIMILARITY,
    same_goal: int = SAME_GOAL,
    stretch: bool = True,
    finished_statuses: frozenset[str] = FINISHED_STATUSES,
) -> list[Pair]:
    """One-to-one pairs of old and new rows (see the module docstring), sorted by new row.

    The keyword arguments are the context rule's settings (``context_min`` > 100 turns the context
    pass off; ``stretch=False`` drops the paired-neighbour condition), for measuring the rule.
    """
    n, m = len(old), len(new)
    if n == 0 or m == 0:
        return []
    ev = _evidence(old, new)
    chosen = max_weight_matching(_weights(ev.context_tenths), ev.text >= min_similarity)
    pairs = {i: j for i, j in chosen}
    reasons = {i: "text" for i in pairs}
    finished = [_finished(s, finished_statuses) for s in old.status]
    candidate = (
        ev.same_perspective
        & (ev.goal >= same_goal)
        & (ev.text >= context_min)
        & (ev.text < min_similarity)
        & ~np.array(finished, dtype=bool)[:, None]
    )
    while True:
        free_new = set(range(m)) - set(pairs.values())
        plausible = {
            (i, j)
            for i in range(n)
            if i not in pairs
            for j in free_new
            if candidate[i, j] and (not stretch or _between(pairs, i, j))
        }
        unique = [
            (i, j)
            for i, j in sorted(plausible)
            if sum(1 for a, _ in plausible if a == i) == 1
            and sum(1 for _, b in plausible if b == j) == 1
        ]
        added = False
        for i, j in unique:
            if not stretch or _between(pairs, i, j):  # an earlier pair may have cut the stretch
                pairs[i] = j
                reasons[i] = "context"
                added = True
        if not added:
            break
    out = [Pair(i, j, int(ev.text[i, j]), reasons[i]) for i, j in pairs.items()]
    return sorted(out, key=lambda p: p.new)
