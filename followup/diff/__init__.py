"""Year-over-year diff of follow-up reports.

:func:`diff_frames` compares two years (each one or more reports), :func:`diff_many` a series of
years, :func:`diff_wide` follows every activity across a series of years (one row per lineage),
:func:`load_sides` reads or extracts the sides, :func:`render_summary` prints a terminal summary.

Reports are paired across the years first (:mod:`followup.diff.reports`: fuzzy report name and
shared activities, one-to-one), then the activities within each pair of reports
(:mod:`followup.diff.context`: text pairs by a globally optimal assignment on a context score, then
pairs below the text threshold whose rows are each other's only plausible partner under the same
goal). The reported ``similarity`` is the activity text's alone: RapidFuzz ``token_sort_ratio``
after :func:`norm`, rounded half up.
"""

from followup.diff.context import (
    CONTEXT_MIN_SIMILARITY,
    FINISHED_STATUSES,
    SAME_GOAL,
    pair_activities,
)
from followup.diff.core import (
    CHANGE_KINDS,
    DEFAULT_MIN_SIMILARITY,
    DIFF_COLUMNS,
    RepeatedReportWarning,
    ReversedSidesWarning,
    diff_frames,
    diff_many,
)
from followup.diff.lineage import diff_wide
from followup.diff.load import load_side, load_sides, read_dataset
from followup.diff.summary import render_summary
from followup.diff.text import norm, similarity

__all__ = [
    "CHANGE_KINDS",
    "CONTEXT_MIN_SIMILARITY",
    "DEFAULT_MIN_SIMILARITY",
    "DIFF_COLUMNS",
    "FINISHED_STATUSES",
    "SAME_GOAL",
    "RepeatedReportWarning",
    "ReversedSidesWarning",
    "diff_frames",
    "diff_many",
    "diff_wide",
    "load_side",
    "load_sides",
    "norm",
    "pair_activities",
    "read_dataset",
    "render_summary",
    "similarity",
]
