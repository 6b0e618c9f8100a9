"""Errors that reach users as one line naming the file."""

from __future__ import annotations

from pathlib import Path


class FollowupError(Exception):
    """Base class: a problem the user can act on, never shown with a traceback."""


class ExtractError(FollowupError):
    """A file could not be extracted. ``str(err)`` is ``"<file>: <reason>"``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
