"""Colours for statuses and finding levels; which status counts as done."""

from __future__ import annotations

#: Fixed colours for the built-in status vocabulary.
STATUS_COLOURS: dict[str, str] = {
    "Klar": "#2e7d32",
    "Anpassats": "#1565c0",
    "Ersatts": "#6a1b9a",
    "Pågående": "#ef6c00",
    "Pausad": "#b8860b",
    "Utgått": "#c62828",
}

#: Colours handed out, in sorted order, to statuses outside the built-in vocabulary.
FALLBACK_COLOURS: list[str] = [
    "#00838f",
    "#ad1457",
    "#283593",
    "#558b2f",
    "#4e342e",
    "#d84315",
    "#37474f",
    "#7b1fa2",
]

#: Colour of rows without a status (drawn dashed).
EMPTY_COLOUR = "#8a8a8a"


def status_colours(statuses: list[str], done: str | None = None) -> dict[str, str]:
    """Colour per status word: fixed for the built-in six, fallback palette (sorted) for others.

    A ``done`` word outside the built-in six gets the colour of ``Klar``.
    """
    colours: dict[str, str] = {}
    if done and done not in STATUS_COLOURS and "Klar" not in statuses:
        colours[done] = STATUS_COLOURS["Klar"]
    others = sorted({s for s in statuses if s and s not in STATUS_COLOURS and s not in colours})
    for status in statuses:
        if status in STATUS_COLOURS:
            colours[status] = STATUS_COLOURS[status]
    for i, status in enumerate(others):
        colours[status] = FALLBACK_COLOURS[i % len(FALLBACK_COLOURS)]
    colours[""] = EMPTY_COLOUR
    return colours
