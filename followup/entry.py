"""The ``followup`` command's entry point: stored help without importing typer, else the app.

``followup --help`` (and every command's ``--help``, and ``--version``) on a terminal at least 80
columns wide prints the text :mod:`followup.helpgen` rendered from the app, byte for byte, in a
fraction of the time building the app takes; any other command line runs the typer app.
"""

from __future__ import annotations

import gc
import os
import sys

#: The environment variable that picks pyarrow's memory pool when it is first imported.
ARROW_POOL = "ARROW_DEFAULT_MEMORY_POOL"

#: Container objects allocated (net) between two collections of the youngest generation in the
#: ``followup`` process (Python's default: 700).
CLI_GC_THRESHOLD = 10_000

#: Click's help is as wide as the terminal up to 80 columns: from there on it does not change.
MIN_COLUMNS = 80


def stored_output(argv: list[str]) -> str | None:
    """The stored output of ``followup ARGV``, or None when the app must run (another command
    line, a narrower terminal, shell completion, an output encoding without UTF-8)."""
    if not argv or argv[-1] not in ("--help", "--version"):
        return None
    if any(name.startswith("_FOLLOWUP_COMPLETE") for name in os.environ):
        return None
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8":
        return None
    from followup.helpgen import load

    text = load().get(" ".join(argv))
    if text is None:
        return None
    import shutil

    if shutil.get_terminal_size().columns < MIN_COLUMNS:
        return None
    return text


def main() -> None:
    """Run ``followup`` with ``sys.argv``."""
    text = stored_output(sys.argv[1:])
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    # Arrow's default allocator (mimalloc) keeps what the output frame's string columns once
    # took: on a long document the run's peak memory grew twice as fast with it as with the C
    # library's allocator. Set before pyarrow loads; a value the user set wins.
    os.environ.setdefault(ARROW_POOL, "system")
    # Start-up creates tens of thousands of objects that live as long as the process (modules,
    # classes, functions): with the default threshold the collector ran 86 times over them
    # while the 2-page sample was read (8 times now), which costs about as long as a page.
    gc.set_threshold(CLI_GC_THRESHOLD, *gc.get_threshold()[1:])
    from followup.cli import app

    app(prog_name="followup")
