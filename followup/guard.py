"""The one output guard every command runs before it reads anything.

An output is refused when it is one of the inputs: the same file by device and inode, so a
symbolic link, a hard link or another spelling of the path (``./a/../a.csv``) is caught too. A
folder that will be replaced (``extract --format parquet -o DIR``) is refused when it holds an
input. A folder given where a file is expected, and a target the program cannot create a file
beside (read-only file system, permissions), are refused up front, before any work is done.

The commands add the rule no single check can: when nothing succeeded, nothing is written, so a
failed run never replaces a good file (see ``followup.commands``).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from followup.atomic import STDOUT, OutputError, os_reason


def _identity(path: str | Path) -> tuple[int, int] | None:
    # ``a/new/../b`` does not resolve while ``new`` is missing, but the writer creates missing
    # folders first, after which it names ``a/b``: fall back to the lexically normalised path.
    for name in (path, os.path.abspath(path)):
        try:
            st = os.stat(name)
        except (OSError, ValueError):
            continue
        return st.st_dev, st.st_ino
    return None


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when ``a`` and ``b`` name the same existing file (links followed)."""
    ida = _identity(a)
    return ida is not None and ida == _identity(b)


def _probe_folder(target: Path) -> None:
    """Create and delete a file beside ``target``: the write will fail the same way if at all."""
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # missing folders are created on write; probe the nearest one
    probe = folder / f".{target.name}.probe"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        return
    except OSError as err:
        raise OutputError(target, f"cannot write ({os_reason(err)})") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def check_output(
    out: str | Path | None, inputs: Iterable[str | Path], *, folder: bool = False
) -> None:
    """Refuse ``out`` if writing it could destroy an input or is bound to fail.

    ``folder=True``: ``out`` is a folder the command replaces as a whole (a Parquet dataset).
    Raises :class:`followup.atomic.OutputError` with a one-line reason naming ``out``.
    """
    if out is None or str(out) == STDOUT:
        return
    target = Path(out)
    sources = list(inputs)
    for src in sources:
        if same_file(target, src):
            raise OutputError(out, f"is the input {src}; choose another output path")
    try:
        st: os.stat_result | None = os.stat(target)
    except OSError:
        st = None
    if st is not None and not stat.S_ISDIR(st.st_mode) and not stat.S_ISREG(st.st_mode):
        return  # a device or FIFO is written in place
    if folder:
        resolved = target.resolve()
        for src in sources:
            if resolved in Path(src).resolve().parents:
                raise OutputError(out, f"folder holds the input {src}; choose another path")
    elif st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(out, "is a folder; give a file name")
    _probe_folder(Path(os.path.realpath(target)) if target.is_symlink() else target)


__all__ = ["check_output", "same_file"]
