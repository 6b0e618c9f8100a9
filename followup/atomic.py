"""The one way followup writes files: a failed or interrupted write never leaves a damaged file.

A regular file, or a path that does not exist yet, is written to a temporary file in the target's
own folder, flushed to disk (``fsync``), then renamed over the target: a reader sees the old file
or the new one, never a mix, and a full disk or Ctrl-C leaves the old file as it was and no
temporary file behind. A symbolic link is followed: the file it points to is replaced, the link
stays. A device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a named pipe) is written in place,
never renamed over; ``-`` is standard output. An existing file keeps its permissions; a new one
gets the usual ``0666 & ~umask`` (applied by the kernel, the process umask is never changed), or
``mode`` when given (the cache uses ``0o600``).

Every OS error becomes an :class:`OutputError` naming the target as given, never the temporary
file: ``out.csv: cannot write (read-only file system)``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from followup.errors import FileError

#: The name that means standard output.
STDOUT = "-"


class OutputError(FileError):
    """An output could not be written. ``str(err)`` is ``"<target>: <reason>"``."""

    @property
    def target(self) -> str:
        return str(self.path)


def os_reason(err: OSError) -> str:
    """``strerror`` in lower case ("read-only file system", "no space left on device")."""
    text = err.strerror or str(err) or type(err).__name__
    return text[:1].lower() + text[1:]


def _display(target: str | Path) -> str:
    return "standard output" if str(target) == STDOUT else str(target)


def _fail(target: str | Path, err: OSError) -> OutputError:
    return OutputError(_display(target), f"cannot write ({os_reason(err)})")


def _temp_name(folder: Path, name: str, suffix: str) -> Path:
    return folder / f".{name}.{secrets.token_hex(4)}{suffix}"


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so interpreter shutdown does not fail again."""
    with contextlib.suppress(Exception):
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


@contextlib.contextmanager
def _write_stdout() -> Iterator[IO[bytes]]:
    try:
        sys.stdout.flush()
        out: IO[bytes] = sys.stdout.buffer
        yield out
        out.flush()
    except OSError as err:
        _silence_stdout()
        raise _fail(STDOUT, err) from None


@contextlib.contextmanager
def _write_in_place(target: str | Path) -> Iterator[IO[bytes]]:
    try:
        fh = open(os.open(target, os.O_WRONLY | os.O_CLOEXEC), "wb")  # noqa: SIM115
    except OSError as err:
        raise _fail(target, err) from None
    try:
        with fh:
            yield fh
    except OSError as err:
        raise _fail(target, err) from None


@contextlib.contextmanager
def _write_replacing(
    target: str | Path, existing: os.stat_result | None, mode: int | None
) -> Iterator[IO[bytes]]:
    path = Path(target)
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = real.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        while True:
            tmp = _temp_name(folder, real.name, ".tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
                break
            except FileExistsError:
                continue
    except OSError as err:
        raise _fail(target, err) from None
    fh = open(fd, "wb")  # noqa: SIM115 - closed below, on every path
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        elif existing is not None:
            os.fchmod(fd, stat.S_IMODE(existing.st_mode))
        yield fh
        fh.flush()
        os.fsync(fd)
        fh.close()
        os.replace(tmp, real)
    except BaseException as err:
        with contextlib.suppress(OSError):
            fh.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise _fail(target, err) from None
        raise
    _fsync_folder(folder)


@contextlib.contextmanager
def open_output(target: str | Path, *, mode: int | None = None) -> Iterator[IO[bytes]]:
    """A binary file to write ``target`` through; committed when the block ends without error.

    See the module docstring for what happens with regular files, special files and ``-``.
    Raises :class:`OutputError` (one line naming ``target``) for every OS error.
    """
    if str(target) == STDOUT:
        with _write_stdout() as out:
            yield out
        return
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as err:
        raise _fail(target, err) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(target, "is a folder; give a file name")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with _write_in_place(target) as fh:
            yield fh
        return
    with _write_replacing(target, existing, mode) as fh:
        yield fh


def write_bytes(target: str | Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``target`` (atomically for regular files; see the module docstring)."""
    with open_output(target, mode=mode) as fh:
        fh.write(data)


def write_text(target: str | Path, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` as UTF-8 with the line ends it has (``\\n``)."""
    write_bytes(target, text.encode("utf-8"), mode=mode)


@contextlib.contextmanager
def replace_folder(target: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``target`` to fill; renamed over ``target`` when the block ends.

    An existing ``target`` is moved aside first and deleted only once the new folder is in place;
    on any error the new folder is removed and the old one put back. The caller decides whether
    an existing folder may be replaced.
    """
    out = Path(target)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temp_name(out.parent, out.name, ".tmp")
        tmp.mkdir(mode=0o777)
    except OSError as err:
        raise _fail(target, err) from None
    old: Path | None = None
    try:
        yield tmp
        if out.exists():
            old = _temp_name(out.parent, out.name, ".old")
            os.rename(out, old)
        os.rename(tmp, out)
    except BaseException as err:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not out.exists():
            with contextlib.suppress(OSError):
                os.rename(old, out)
        if isinstance(err, OSError):
            raise _fail(target, err) from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    _fsync_folder(out.parent)


__all__ = [
    "STDOUT",
    "OutputError",
    "open_output",
    "os_reason",
    "replace_folder",
    "write_bytes",
    "write_text",
]
