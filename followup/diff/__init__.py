"""Year-over-year diff of follow-up reports.

:func:`diff_frames` compares two extraction frames, :func:`diff_many` a series of years,
:func:`load_side` reads or extracts one side, :func:`render_summary` prints a terminal summary.

Matching. Activity texts are compared after :func:`norm` (NFC, casefold, years -> ``#``, punctuation
-> spaces) with RapidFuzz ``token_sort_ratio`` rounded half up: that is the reported
``similarity``. Old and new rows are paired one-to-one by a globally optimal assignment
(Hungarian algorithm) on the similarity plus evidence: +10 for the same perspective and 0.1 x the
goal similarity; exact ties go to the pair whose positions in the two reports agree best. Pairs
whose activity similarity is below ``min_similarity`` are never paired.

Default ``min_similarity`` = 80: on the samples real rewordings score 87-99 and unrelated
activities at most 74; see ``DEFAULT_MIN_SIMILARITY`` in :mod:`followup.diff.core`.
"""

from followup.diff.core import (
    CHANGE_KINDS,
    DEFAULT_MIN_SIMILARITY,
    DIFF_COLUMNS,
    SameYearWarning,
    diff_frames,
    diff_many,
)
from followup.diff.load import load_side
from followup.diff.summary import render_summary
from followup.diff.text import norm, similarity

__all__ = [
    "CHANGE_KINDS",
    "DEFAULT_MIN_SIMILARITY",
    "DIFF_COLUMNS",
    "SameYearWarning",
    "diff_frames",
    "diff_many",
    "load_side",
    "norm",
    "render_summary",
    "similarity",
]
