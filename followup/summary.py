"""Activities per perspective × status: the one count behind the extract command's summary and
the audit page's summary table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from followup.schema import BUILTIN_STATUSES

#: Label of rows without a status, wherever counts are shown.
NO_STATUS = "(ingen status)"

#: Words that mean "done" in the vocabularies seen so far, most specific first.
DONE_WORDS: tuple[str, ...] = (
    "Klar",
    "Klart",
    "Genomförd",
    "Genomfört",
    "Avslutad",
    "Avslutat",
    "Slutförd",
    "Slutfört",
    "Uppnådd",
    "Uppnått",
    "Färdig",
    "Färdigt",
)


def done_status(statuses: list[str]) -> str | None:
    """The status that counts as done: ``Klar`` or a known synonym, else the first one seen."""
    present = [s for s in statuses if s]
    folded = {s.casefold(): s for s in present}
    for word in DONE_WORDS:
        if word.casefold() in folded:
            return folded[word.casefold()]
    return present[0] if present else None


def status_order(statuses: list[str]) -> list[str]:
    """Built-in statuses in legend order, then others in order of first appearance."""
    seen = list(dict.fromkeys(s for s in statuses if s))
    builtin = [s for s in BUILTIN_STATUSES if s in seen]
    return builtin + [s for s in seen if s not in BUILTIN_STATUSES]


@dataclass
class Summary:
    """Activities per perspective x status, and how many of each perspective are done."""

    perspectives: list[str]
    statuses: list[str]  # column order; NO_STATUS last when any row lacks a status
    counts: dict[tuple[str, str], int]
    totals: dict[str, int]  # per perspective
    done_word: str | None
    done: dict[str, int]  # per perspective

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def total_done(self) -> int:
        return sum(self.done.values())

    def column_total(self, status: str) -> int:
        return sum(self.counts.get((p, status), 0) for p in self.perspectives)


def summarize_counts(pairs: Counter[tuple[str, str]], done_word: str | None = None) -> Summary:
    """The summary of rows counted per (perspective, status), ``""`` for a row without a status
    (counted as :data:`NO_STATUS`); perspectives in order of first appearance. ``done_word``
    defaults to Klar or a synonym (:func:`done_status`)."""
    perspectives = list(dict.fromkeys(p for p, _ in pairs))
    statuses = status_order([s for _, s in pairs])
    if any(not s for _, s in pairs):
        statuses.append(NO_STATUS)
    word = done_word if done_word is not None else done_status(statuses)
    counts: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for (perspective, status), n in pairs.items():
        counts[(perspective, status or NO_STATUS)] += n
        totals[perspective] += n
        if word is not None and status == word:
            done[perspective] += n
    return Summary(
        perspectives=perspectives,
        statuses=statuses,
        counts=dict(counts),
        totals={p: totals[p] for p in perspectives},
        done_word=word,
        done={p: done[p] for p in perspectives},
    )
