"""Errors that reach users as one line naming the file."""

from __future__ import annotations

from pathlib import Path

#: Exit codes of every command: all good; some files failed (or an output could not be written);
#: usage error (click's own); some files partial (damaged pages, rows may be missing); Ctrl-C.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class FollowupError(Exception):
    """Base class: a problem the user can act on, never shown with a traceback."""


class FileError(FollowupError):
    """A problem with one file. ``str(err)`` is ``"<file>: <reason>"``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ExtractError(FileError):
    """A file could not be extracted."""
