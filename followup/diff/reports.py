"""Reports within one side of a diff, and pairing them with the reports of the other side.

A side (one year of a batch) holds one or more reports: rows are grouped by ``source`` file,
``report`` and ``organisation``, in order of first appearance. Reports are paired one-to-one by a
globally optimal assignment on

* **content**: the share of the smaller report's activities that have an activity of at least
  ``min_similarity`` in the other report (0-1, weighted x 100), and
* **name**: the similarity of the two ``report`` names (0-100).

When both reports have a name that occurs once on its side, they are eligible when the names are
at least ``REPORT_SAME_NAME`` similar (a plan with all-new activities is still the same report) or
when at least ``RENAMED_OVERLAP`` of the activities are shared (a renamed board): boards of one
municipality share template activities, so a dropped board and a new one often share a third or
half of their texts and must not be paired on that. Without distinct names (no title found, or
several boards titled just "Verksamhetsplan") content decides: eligible from ``REPORT_MIN_OVERLAP``.
Reports naming different organisations are never paired. When each side holds exactly one
report, the two are compared whatever their names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from followup.diff.assign import max_weight_matching
from followup.diff.context import similarity_matrix
from followup.diff.text import norm
from followup.records import is_missing

REPORT_MIN_OVERLAP = 0.3
RENAMED_OVERLAP = 0.8
REPORT_SAME_NAME = 90
SAME_ORGANISATION = 90


@dataclass
class Report:
    """The rows of one report of one side (positions into the side's frame, in order)."""

    rows: list[int]
    name: str  # the report column ("" when unknown)
    organisation: str
    source: str

    @property
    def label(self) -> str:
        """What the output calls the report: its name, else its file."""
        return self.name or self.source


def _text(value: object) -> str:
    if is_missing(value):
        return ""
    return str(value).strip()


def split_reports(frame: pd.DataFrame) -> list[Report]:
    """Reports of one side, in order of first appearance (``frame`` has a 0..n-1 index)."""

    def col(name: str) -> list[str]:
        if name not in frame.columns:
            return [""] * len(frame)
        return [_text(v) for v in frame[name].tolist()]

    sources, names, orgs = col("source"), col("report"), col("organisation")
    groups: dict[tuple[str, str, str], Report] = {}
    for k, key in enumerate(zip(sources, names, orgs, strict=True)):
        if key not in groups:
            groups[key] = Report([], key[1], key[2], key[0])
        groups[key].rows.append(k)
    return list(groups.values())


def split_duplicates(frame: pd.DataFrame, reports: list[Report]) -> tuple[list[Report], list[str]]:
    """Reports of one side without the repeats of a report: another file with the same name,
    organisation and activities (the same report printed twice, say in two layouts). Returns the
    reports kept and one line per repeat left out ("b.pdf repeats a.pdf")."""
    activities = [norm(v) for v in frame["activity"].tolist()] if "activity" in frame else []
    seen: dict[tuple[str, tuple[str, ...]], list[Report]] = {}
    kept: list[Report] = []
    repeats: list[str] = []
    for report in reports:
        key = (norm(report.name), tuple(activities[k] for k in report.rows))
        org = norm(report.organisation)
        first = next(
            (
                r
                for r in seen.get(key, [])
                if not org or not r.organisation or norm(r.organisation) == org
            ),
            None,
        )
        if first is not None and report.name:
            repeats.append(f"{report.source} repeats {first.source}")
            continue
        seen.setdefault(key, []).append(report)
        kept.append(report)
    return kept, repeats


def _overlap(text: np.ndarray, min_similarity: int) -> float:
    """Share of the smaller report's activities with a match of at least ``min_similarity``."""
    if text.size == 0:
        return 0.0
    hits_old = int((text.max(axis=1) >= min_similarity).sum())
    hits_new = int((text.max(axis=0) >= min_similarity).sum())
    return min(hits_old, hits_new) / min(text.shape)


def pair_reports(
    old_frame: pd.DataFrame,
    old: list[Report],
    new_frame: pd.DataFrame,
    new: list[Report],
    min_similarity: int,
) -> list[tuple[int | None, int | None]]:
    """``(old report, new report)`` index pairs, ``None`` for a report without a partner.

    Paired and new-only reports come in the new side's order, then old-only reports.
    """
    if len(old) == 1 and len(new) == 1:
        return [(0, 0)]
    a_old = [norm(v) for v in old_frame["activity"].tolist()]
    a_new = [norm(v) for v in new_frame["activity"].tolist()]
    text = similarity_matrix(a_old, a_new)
    n_old, n_new = Counter(norm(r.name) for r in old), Counter(norm(r.name) for r in new)
    weights = np.zeros((len(old), len(new)), dtype=np.int64)
    eligible = np.zeros((len(old), len(new)), dtype=bool)
    for i, ro in enumerate(old):
        for j, rn in enumerate(new):
            o1, o2 = norm(ro.organisation), norm(rn.organisation)
            if o1 and o2 and similarity_matrix([o1], [o2])[0, 0] < SAME_ORGANISATION:
                continue
            block = text[np.ix_(ro.rows, rn.rows)]
            content = _overlap(block, min_similarity)
            k1, k2 = norm(ro.name), norm(rn.name)
            name = int(similarity_matrix([k1], [k2])[0, 0]) if k1 and k2 else 0
            if k1 and k2 and n_old[k1] == 1 and n_new[k2] == 1:
                eligible[i, j] = name >= REPORT_SAME_NAME or content >= RENAMED_OVERLAP
            else:
                eligible[i, j] = content >= REPORT_MIN_OVERLAP
            weights[i, j] = round(1000 * content) + 10 * name + 1
    matched = dict((j, i) for i, j in max_weight_matching(weights, eligible))
    out: list[tuple[int | None, int | None]] = [(matched.get(j), j) for j in range(len(new))]
    taken = set(matched.values())
    out += [(i, None) for i in range(len(old)) if i not in taken]
    return out
