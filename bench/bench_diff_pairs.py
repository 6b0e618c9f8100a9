"""How well the diff pairs activities on the sample years, and what each part of the rule does.

    python bench/bench_diff_pairs.py

Reads the ground truth in samples/data (vss_2020/2021/2022.json and the true pairs files) and
prints, per pair of years, the pairs F1 of text pairing alone at several thresholds, of the
context rule as shipped, and of the rule with one condition dropped at a time; then the margins:
the similarities of the true pairs found in context and of the closest unrelated candidates.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from followup.diff.context import (  # noqa: E402
    CONTEXT_MIN_SIMILARITY,
    FINISHED_STATUSES,
    SAME_GOAL,
    Side,
    pair_activities,
)
from followup.diff.core import DEFAULT_MIN_SIMILARITY  # noqa: E402
from followup.diff.text import similarity  # noqa: E402

DATA = ROOT / "samples" / "data"
YEARS = [
    ("vss_2020.json", "vss_2021.json", "pairs_2020_2021.csv"),
    ("vss_2021.json", "vss_2022.json", "pairs_2021_2022.csv"),
]


def side(name: str) -> tuple[Side, list[dict[str, Any]]]:
    acts = json.loads((DATA / name).read_text(encoding="utf-8"))["activities"]
    cols = ("perspective", "goal", "activity", "deadline", "status")
    return Side(*([a[c] for a in acts] for c in cols)), acts


def truth(name: str) -> set[tuple[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return {(a, b) for a, b in list(csv.reader(fh))[1:]}


def f1(old: Side, new: Side, true: set[tuple[str, str]], **rule: Any) -> tuple[float, int, int]:
    threshold = rule.pop("threshold", DEFAULT_MIN_SIMILARITY)
    pairs = pair_activities(old, new, threshold, **rule)
    found = {(old.activity[p.old], new.activity[p.new]) for p in pairs}
    tp = len(found & true)
    return 2 * tp / (len(found) + len(true)), len(true) - tp, len(found) - tp


def main() -> None:
    off = {"context_min": 101}
    rules: list[tuple[str, dict[str, Any]]] = [
        *((f"text only, threshold {t}", {"threshold": t, **off}) for t in (70, 75, 80, 85, 90)),
        ("text 80 + context (as shipped)", {}),
        ("  without the finished-status condition", {"finished_statuses": frozenset()}),
        ("  without the paired-neighbour condition", {"stretch": False}),
        ("  without either", {"finished_statuses": frozenset(), "stretch": False}),
        *(
            (f"  context_min {c}", {"context_min": c})
            for c in (50, 55, 60, 65, 70)
            if c != CONTEXT_MIN_SIMILARITY
        ),
        ("  same goal from 70 (not 90)", {"same_goal": 70}),
    ]
    sides = [(side(a), side(b), truth(p), f"{a[4:8]}→{b[4:8]}") for a, b, p in YEARS]
    head = " | ".join(f"{name}: F1 (missed, false)" for *_, name in sides)
    print(f"| rule | {head} |")
    print("|---|" + "---|" * len(sides))
    for label, rule in rules:
        cells = []
        for (old, _), (new, _), true, _ in sides:
            score, missed, false = f1(old, new, true, **dict(rule))
            cells.append(f"{score:.3f} ({missed}, {false})")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    print(
        "| years | true pairs | text pairs: lowest sim | context pairs: sims | closest "
        "unrelated pair left after the text pass, same goal: old row open / finished |"
    )
    print("|---|---|---|---|---|")
    for (_, a_old), (_, a_new), true, name in sides:
        sims = sorted(similarity(a, b) for a, b in true)
        text = [s for s in sims if s >= DEFAULT_MIN_SIMILARITY]
        context = [s for s in sims if s < DEFAULT_MIN_SIMILARITY]
        # rows the text pass leaves without a partner compete in the context pass
        paired_old = {a for a, b in true if similarity(a, b) >= DEFAULT_MIN_SIMILARITY}
        paired_new = {b for a, b in true if similarity(a, b) >= DEFAULT_MIN_SIMILARITY}
        best = {True: 0, False: 0}
        for o in a_old:
            for n in a_new:
                if o["goal"] != n["goal"] or (o["activity"], n["activity"]) in true:
                    continue
                if o["activity"] in paired_old or n["activity"] in paired_new:
                    continue
                done = o["status"].casefold() in FINISHED_STATUSES
                best[done] = max(best[done], similarity(o["activity"], n["activity"]))
        print(
            f"| {name} | {len(true)} | {min(text)} | {', '.join(map(str, context))} | "
            f"{best[False]} / {best[True]} |"
        )
    print(
        f"\nshipped: text threshold {DEFAULT_MIN_SIMILARITY}, context_min "
        f"{CONTEXT_MIN_SIMILARITY}, same goal from {SAME_GOAL}"
    )


if __name__ == "__main__":
    main()
