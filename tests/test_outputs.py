"""Outputs never destroy inputs or good files: the output guard and the atomic writer.

Every command (extract, diff, audit) refuses an output that is one of its inputs, also through a
symbolic or hard link; a run where nothing succeeded writes nothing; a device or FIFO is written in
place, never replaced by a regular file; write errors are one line naming the target, with no
temporary file left behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from followup.atomic import OutputError, open_output, replace_folder, write_bytes
from followup.cli import app
from followup.guard import check_output, same_file
from tests.conftest import EXPECTED, ROOT, SAMPLES

runner = CliRunner()
SMALL = SAMPLES / "kfn-2022-ansvarig.pdf"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _sha(path: Path) -> bytes:
    return path.read_bytes()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


# --- an output that is an input -------------------------------------------------------------


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink", "dotted"])
def test_audit_refuses_its_own_input(tmp_path: Path, link: str) -> None:
    pdf = _copy(SMALL, tmp_path / "self.pdf")
    before = _sha(pdf)
    out = {
        "same": pdf,
        "dotted": tmp_path / "." / "x" / ".." / "self.pdf",
        "symlink": tmp_path / "link.html",
        "hardlink": tmp_path / "hard.html",
    }[link]
    if link == "symlink":
        out.symlink_to(pdf)
    if link == "hardlink":
        os.link(pdf, out)
    result = runner.invoke(app, ["audit", str(pdf), "-o", str(out), "--resolution", "36"])
    assert result.exit_code == 1
    assert "is the input" in result.output and "Traceback" not in result.output
    assert _sha(pdf) == before


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_diff_refuses_its_own_input(tmp_path: Path, link: str) -> None:
    a = _copy(EXPECTED / "vss-2020-grid.csv", tmp_path / "a.csv")
    b = tmp_path / "b.parquet"
    pd.read_csv(EXPECTED / "vss-2021-hrules.csv", dtype=str, keep_default_na=False).to_parquet(b)
    before = (_sha(a), _sha(b))
    out = {"same": a, "symlink": tmp_path / "l.csv", "hardlink": tmp_path / "h.csv"}[link]
    if link == "symlink":
        out.symlink_to(a)
    if link == "hardlink":
        os.link(a, out)
    result = runner.invoke(app, ["diff", str(a), str(b), "-o", str(out)])
    assert result.exit_code == 1
    assert "is the input" in result.output
    assert (_sha(a), _sha(b)) == before


def test_extract_refuses_a_hard_link_to_its_input(tmp_path: Path) -> None:
    pdf = _copy(SMALL, tmp_path / "in" / "a.pdf")
    os.link(pdf, tmp_path / "out.csv")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 1 and "is the input" in result.output
    assert _sha(pdf) == SMALL.read_bytes()


def test_guard_by_inode(tmp_path: Path) -> None:
    a = tmp_path / "a.pdf"
    a.write_bytes(b"%PDF-1.4")
    (tmp_path / "s").symlink_to(a)
    os.link(a, tmp_path / "h")
    assert same_file(a, tmp_path / "s") and same_file(a, tmp_path / "h")
    assert not same_file(a, tmp_path / "missing")
    with pytest.raises(OutputError, match="is the input"):
        check_output(tmp_path / "h", [a])
    with pytest.raises(OutputError, match="holds the input"):
        check_output(tmp_path, [a], folder=True)
    with pytest.raises(OutputError, match="is a folder"):
        check_output(tmp_path, [tmp_path / "elsewhere.pdf"])
    check_output(tmp_path / "out.csv", [a])
    check_output("-", [a])
    check_output(None, [a])
    assert _leftovers(tmp_path) == []  # the writability probe cleans up


# --- a failed run never replaces a good file -------------------------------------------------


def test_failed_extract_keeps_the_previous_output(tmp_path: Path) -> None:
    keep = tmp_path / "keep.csv"
    keep.write_text("source,page\nold.pdf,1\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.pdf"), "-o", str(keep)])
    assert result.exit_code == 1
    assert "nope.pdf: file not found" in result.output
    assert keep.read_text(encoding="utf-8") == "source,page\nold.pdf,1\n"
    assert _leftovers(tmp_path) == []


def test_failed_extract_to_stdout_writes_nothing() -> None:
    proc = _cli("extract", "nope.pdf", "--no-cache")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "nope.pdf: file not found" in proc.stderr


def test_failed_diff_and_audit_keep_the_previous_output(tmp_path: Path) -> None:
    keep = tmp_path / "keep.csv"
    keep.write_text("old\n", encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_text("<html></html>", encoding="utf-8")
    result = runner.invoke(
        app, ["diff", str(bad), str(EXPECTED / "vss-2020-grid.csv"), "-o", str(keep)]
    )
    assert result.exit_code == 1 and keep.read_text(encoding="utf-8") == "old\n"
    page = tmp_path / "keep.html"
    page.write_text("<p>old</p>", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(bad), "-o", str(page)])
    assert result.exit_code == 1 and page.read_text(encoding="utf-8") == "<p>old</p>"


# --- devices, FIFOs and standard output are written in place ------------------------------


@pytest.mark.skipif(not IS_ROOT, reason="creating device nodes needs root")
def test_device_output_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    full = tmp_path / "full"
    null = tmp_path / "null"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # like /dev/full
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # like /dev/null
    proc = _cli("extract", str(SMALL), "-o", str(full), "--no-cache", "-q")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f"error: {full}: cannot write (no space left on device)"
    )
    assert "Traceback" not in proc.stderr
    assert stat.S_ISCHR(full.stat().st_mode)
    proc = _cli("extract", str(SMALL), "-o", str(null), "--no-cache", "-q")
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(null.stat().st_mode)
    assert _leftovers(tmp_path) == []


def test_fifo_output_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    a, b = EXPECTED / "vss-2020-grid.csv", EXPECTED / "vss-2021-hrules.csv"
    result = runner.invoke(app, ["diff", str(a), str(b), "-o", str(fifo)])
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"change,")


def test_dev_stdout_and_dash_write_to_standard_output(tmp_path: Path) -> None:
    for target in ("/dev/stdout", "-"):
        proc = _cli("extract", str(SMALL), "-o", target, "--no-cache", "-q")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("source,")
        assert len(proc.stdout.splitlines()) == len(
            (EXPECTED / "kfn-2022-ansvarig.csv").read_text(encoding="utf-8").splitlines()
        )


def test_full_stdout_is_one_line_error() -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "followup", "extract", str(SMALL), "--no-cache", "-q"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: standard output: cannot write (no space left on device)"


# --- write errors: one line naming the target, nothing left behind --------------------------


def test_existing_folder_as_output_is_refused_up_front(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for args in (
        ["extract", str(SMALL), "-o", str(folder), "--no-cache"],
        [
            "diff",
            str(EXPECTED / "vss-2020-grid.csv"),
            str(EXPECTED / "vss-2021-hrules.csv"),
            "-o",
            str(folder),
        ],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert f"error: {folder}: is a folder; give a file name" in result.output
        assert "Traceback" not in result.output
    assert list(folder.iterdir()) == []


def _enospc_on_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("followup.atomic.os.fsync", full)


def test_full_disk_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("rows.csv", "diff.csv", "page.html"):
        (tmp_path / name).write_text("old", encoding="utf-8")
    _enospc_on_fsync(monkeypatch)
    a, b = EXPECTED / "vss-2020-grid.csv", EXPECTED / "vss-2021-hrules.csv"
    for args, name in (
        (["extract", str(SMALL), "-o", str(tmp_path / "rows.csv"), "--no-cache"], "rows.csv"),
        (["diff", str(a), str(b), "-o", str(tmp_path / "diff.csv")], "diff.csv"),
        (
            ["audit", str(SMALL), "-o", str(tmp_path / "page.html"), "--resolution", "36"],
            "page.html",
        ),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        assert f"error: {tmp_path / name}: cannot write (no space left on device)" in result.output
        assert (tmp_path / name).read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_read_only_target_names_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def read_only(path: object, flags: int, mode: int = 0o777, **kw: object) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("followup.atomic.os.open", read_only)
    monkeypatch.setattr("followup.guard.os.open", read_only)
    a, b = EXPECTED / "vss-2020-grid.csv", EXPECTED / "vss-2021-hrules.csv"
    out = tmp_path / "out.csv"
    for args in (
        ["extract", str(SMALL), "-o", str(out), "--no-cache"],
        ["diff", str(a), str(b), "-o", str(out)],
        ["audit", str(SMALL), "-o", str(tmp_path / "p.html"), "--resolution", "36"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        line = [x for x in result.output.splitlines() if x.startswith("error:")][0]
        assert line.endswith(": cannot write (read-only file system)")
        assert str(tmp_path) in line and ".tmp" not in line
    assert list(tmp_path.iterdir()) == []


def _sandbox(script: str) -> subprocess.CompletedProcess[str] | None:
    """Run ``script`` in a private mount namespace (root only); None when that is not possible."""
    if not IS_ROOT or shutil.which("unshare") is None:
        return None
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return None
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_real_read_only_file_system_and_full_disk(tmp_path: Path) -> None:
    """The same cases on a real read-only and a real full file system (tmpfs, root only)."""
    ro, small = tmp_path / "ro", tmp_path / "small"
    ro.mkdir()
    small.mkdir()
    py = sys.executable
    proc = _sandbox(
        f"set -u; mount -t tmpfs -o ro,size=64k tmpfs {ro} && "
        f"mount -t tmpfs -o size=12k tmpfs {small} && "
        f"printf 'old' > {small}/rows.csv && "
        f"head -c 4096 /dev/zero > {small}/filler && "
        f"{py} -m followup extract {SMALL} -o {ro}/rows.csv --no-cache -q; echo rc=$?; "
        f"{py} -m followup extract {SMALL} -o {small}/rows.csv --no-cache -q; echo rc=$?; "
        f"cat {small}/rows.csv; echo; ls -A {small}"
    )
    if proc is None:
        pytest.skip("needs root and unshare to mount a tmpfs")
    out = proc.stdout.splitlines()
    assert out[:2] == ["rc=1", "rc=1"], proc.stderr
    assert out[2:] == ["old", "filler", "rows.csv"]
    assert proc.stderr.splitlines() == [
        f"error: {ro}/rows.csv: cannot write (read-only file system)",
        f"error: {small}/rows.csv: cannot write (no space left on device)",
    ]


# --- the writer itself ----------------------------------------------------------------------


def test_writer_keeps_mode_follows_symlinks_and_never_touches_umask(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    mask = os.umask(0o022)
    os.umask(mask)
    write_bytes(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    write_bytes(tmp_path / "private", b"x", mode=0o600)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o600
    write_bytes(tmp_path / "plain", b"x")
    assert stat.S_IMODE((tmp_path / "plain").stat().st_mode) == 0o666 & ~mask
    assert _leftovers(tmp_path) == []


def test_writer_error_inside_block_leaves_old_file(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), open_output(target) as fh:
        fh.write(b"half")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old" and _leftovers(tmp_path) == []


def test_replace_folder_restores_old_folder_on_error(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    out.mkdir()
    (out / "part-0.parquet").write_bytes(b"old")
    with pytest.raises(RuntimeError), replace_folder(out) as tmp:
        (tmp / "part-0.parquet").write_bytes(b"new")
        raise RuntimeError("boom")
    assert (out / "part-0.parquet").read_bytes() == b"old"
    with replace_folder(out) as tmp:
        (tmp / "part-0.parquet").write_bytes(b"new")
    assert (out / "part-0.parquet").read_bytes() == b"new"
    assert _leftovers(tmp_path) == []
