"""A worker for batch tests that fails in every way a PDF parser can, chosen by the file name.

It lives in its own small module: worker processes import it to run it, and a test module
would drag its whole import tree into every worker.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd

from followup.errors import ExtractError
from followup.records import Extraction


def hostile_worker(path: Path, options: object) -> Extraction:
    """Rows from the file's text; hostile files (by name prefix) fail instead."""
    kind = path.name.split("-")[0]
    if kind == "bad":
        raise ExtractError(path, "not a PDF (looks like an HTML page)")
    if kind == "boom":
        raise KeyError("/Root")  # an unexpected exception deep inside the parser
    if kind == "crash":
        os._exit(11)
    if kind == "memory":
        raise MemoryError
    if kind == "hang":
        time.sleep(60)
    if kind == "victim":  # waits to be killed from outside; says where to find it
        Path(str(options)).joinpath(path.stem + ".pid").write_text(str(os.getpid()))
        time.sleep(60)
    text = path.read_text(encoding="utf-8")
    rows = pd.DataFrame({"source": [path.name], "activity": [text], "page": [1]})
    return Extraction(path=path, rows=rows, pages=1)


def _orphan_holding_fds(seconds: float, release: Path | None = None) -> None:
    """Fork a child that keeps every inherited file descriptor open for ``seconds`` (or until
    ``release`` exists), as a process pool or a helper tool started by a parser would."""
    if os.fork() == 0:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (release is not None and release.exists()):
            time.sleep(0.1)
        os._exit(0)


def orphaning_worker(path: Path, options: object) -> Extraction:
    """Like :func:`hostile_worker`; an ``orphan-`` file dies leaving a child that holds its pipe
    until the file ``options`` names exists."""
    if path.name.startswith("orphan-"):
        _orphan_holding_fds(120, Path(str(options)))
        os._exit(11)
    return hostile_worker(path, options)


def serve_dies_before_ready(conn: object) -> None:
    """A worker main loop that dies before its handshake, its pipe held open by a child."""
    _orphan_holding_fds(20)
    os._exit(11)
