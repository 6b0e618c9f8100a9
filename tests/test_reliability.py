"""Reliability under pressure: inputs are never modified, a large batch with hostile files loses
nothing of the good ones and keeps memory flat, a worker killed with SIGKILL costs one file, a
run killed with SIGKILL leaves the previous output as it was, a dead worker is seen at once, and
the cache never serves rows written under another schema."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from followup import records, schema
from followup.batch import _Runner, run_batch
from followup.cache import cache_key
from followup.cli import app
from followup.errors import FollowupError
from followup.schema import Column
from tests.conftest import EXPECTED, ROOT, SAMPLES
from tests.hostile import hostile_worker, orphaning_worker, serve_dies_before_ready
from tests.test_exit_codes import _children

runner = CliRunner()
SMALL = SAMPLES / "kfn-2022-ansvarig.pdf"


# --- no command ever modifies a file given as input -----------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _workspace(root: Path) -> None:
    """Inputs of every kind, plus a symbolic and a hard link to some of them."""
    shutil.copyfile(SMALL, root / "a.pdf")
    shutil.copyfile(EXPECTED / "vss-2020-grid.csv", root / "b.csv")
    pd.read_csv(EXPECTED / "vss-2021-hrules.csv", dtype=str, keep_default_na=False).to_parquet(
        root / "c.parquet"
    )
    (root / "bad.pdf").write_text("<html>not a pdf</html>", encoding="utf-8")
    (root / "sub").mkdir()
    shutil.copyfile(SAMPLES / "vss-2021-hrules.pdf", root / "sub" / "d.pdf")
    (root / "ab").mkdir()  # named like a cache shard: `cache clear --cache .` must keep it
    shutil.copyfile(SMALL, root / "ab" / "e.pdf")
    (root / "link.pdf").symlink_to(root / "a.pdf")
    os.link(root / "b.csv", root / "hard.csv")


#: The files each name given on the command line stands for.
REAL = {
    "link.pdf": ["a.pdf"],
    "hard.csv": ["b.csv"],
    "sub": ["sub/d.pdf"],
    ".": ["a.pdf", "b.csv", "c.parquet", "bad.pdf", "sub/d.pdf", "ab/e.pdf"],
    "ab": ["ab/e.pdf"],
}
OUTPUTS = ["a.pdf", "b.csv", "c.parquet", "bad.pdf", "sub/d.pdf", "link.pdf", "hard.csv"]
OUTPUTS += ["sub", ".", "new.csv", "new.html", "-"]
COMMANDS = {
    "extract": [["a.pdf"], ["a.pdf", "bad.pdf"], ["sub"], ["link.pdf", "sub/d.pdf"]],
    "diff": [["b.csv", "c.parquet"], ["c.parquet", "hard.csv"], ["bad.pdf", "b.csv"]],
    "audit": [["a.pdf"], ["link.pdf"], ["bad.pdf", "a.pdf"], ["sub/d.pdf"]],
    "cache": [["."], ["ab"]],  # `cache info|clear --cache DIR`: DIR is the input
}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    command=st.sampled_from(sorted(COMMANDS)),
    pick=st.integers(min_value=0, max_value=3),
    out=st.sampled_from(OUTPUTS),
    parquet=st.booleans(),
)
def test_no_command_modifies_an_input(
    tmp_path_factory: pytest.TempPathFactory, command: str, pick: int, out: str, parquet: bool
) -> None:
    root = tmp_path_factory.mktemp("inputs")
    _workspace(root)
    inputs = COMMANDS[command][pick % len(COMMANDS[command])]
    given_files = sorted({real for name in inputs for real in REAL.get(name, [name])})
    before = {name: _digest(root / name) for name in given_files}
    if command == "cache":
        args = ["cache", "clear" if parquet else "info", "--cache", str(root / inputs[0])]
    else:
        args = [command, *(str(root / i) for i in inputs)]
        args += ["-o", out if out == "-" else str(root / out)]
        args += ["--cache", str(tmp_path_factory.getbasetemp() / "cache"), "--jobs", "1"]
    if command == "extract":
        args += ["-q", *(["--format", "parquet"] if parquet else [])]
    if command == "audit":
        args += ["--resolution", "36"]
    cwd = os.getcwd()
    os.chdir(root)  # whatever a command writes by default lands here, not in the repository
    try:
        result = runner.invoke(app, args)
    finally:
        os.chdir(cwd)
    assert "Traceback" not in result.output
    assert {name: _digest(root / name) for name in given_files} == before, result.output
    assert (root / "link.pdf").is_symlink()
    shutil.rmtree(root)


def test_cache_clear_keeps_files_that_are_not_entries(tmp_path: Path) -> None:
    _workspace(tmp_path)
    result = runner.invoke(app, ["cache", "clear", "--cache", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "removed 0 entries" in result.output
    assert _digest(tmp_path / "ab" / "e.pdf") == _digest(SMALL)  # a folder named like a shard


# --- 1,000 files, 10 % hostile ---------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


HOSTILE = {"bad": 40, "boom": 30, "crash": 20, "memory": 7, "hang": 3}


def test_thousand_files_ten_percent_hostile(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"ok-{i:04}.pdf" for i in range(900)]
    names += [f"{kind}-{i:04}.pdf" for kind, n in HOSTILE.items() for i in range(n)]
    payload = "Genomföra åtgärd " * 4  # the same few bytes for every good file
    for name in names:
        (folder / name).write_text(f"{payload}{name}", encoding="utf-8")
    rss: list[float] = []

    def progress(done: int, total: int, pages: int, ocr_pages: int) -> None:
        if done in (200, 1000):
            rss.append(_rss_mb())

    result = run_batch(
        [folder],
        None,
        jobs=2,
        timeout=2.0,
        use_cache=False,
        worker=hostile_worker,
        on_progress=progress,
    )
    good = sorted(n for n in names if n.startswith("ok-"))
    assert [e.path.name for e in result.extractions] == good
    frame = result.frame()
    assert frame["activity"].tolist() == [f"{payload}{n}" for n in good]
    reasons = {f.path.name.split("-")[0]: f.reason for f in result.failures}
    assert len(result.failures) == 100
    assert reasons["bad"].startswith("not a PDF")
    assert reasons["boom"].startswith("corrupt PDF (KeyError")
    assert reasons["crash"] == "worker crashed (exit code 11)"
    assert reasons["memory"].startswith("too large to read into memory")
    assert reasons["hang"] == "timed out after 2 s"
    assert len(rss) == 2 and rss[1] - rss[0] < 50, rss  # the parent does not grow per file
    assert result.peak_worker_rss_kb < 400_000


def test_worker_killed_with_sigkill_costs_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"ok-{i:03}.pdf" for i in range(40)] + ["victim-000.pdf"]
    for name in names:
        (folder / name).write_text(name, encoding="utf-8")
    pids = tmp_path / "pids"
    pids.mkdir()

    def killer() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = list(pids.glob("*.pid"))
            if found and found[0].read_text():
                os.kill(int(found[0].read_text()), signal.SIGKILL)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    result = run_batch(
        [folder], str(pids), jobs=2, timeout=50, use_cache=False, worker=hostile_worker
    )
    thread.join(5)
    assert [f"{f.path.name}: {f.reason}" for f in result.failures] == [
        "victim-000.pdf: worker crashed (killed by SIGKILL; out of memory?)"
    ]
    assert [e.path.name for e in result.extractions] == sorted(names[:-1])


def test_run_killed_with_sigkill_keeps_the_previous_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        shutil.copyfile(SAMPLES / "vss-2020-grid.pdf", folder / f"r{i:02}.pdf")
    out = tmp_path / "rows.csv"
    out.write_text("good,old\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "followup", "extract", str(folder), "-o", str(out), "--no-cache"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(_children(c) for c in _children(proc.pid)):
        time.sleep(0.1)  # until a worker runs: the batch is under way
    time.sleep(1.0)
    assert proc.poll() is None
    proc.kill()
    proc.wait(30)
    assert out.read_text(encoding="utf-8") == "good,old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "rows.csv"]


# --- a worker that dies is seen at once, whoever holds its pipe ------------------------------


def test_worker_dying_with_a_child_holding_its_pipe_is_reported_as_crashed(
    tmp_path: Path,
) -> None:
    """A worker that dies while a process it forked (a pool, a helper tool) still holds its pipe
    open is reported crashed when it dies, not when the file's timeout runs out."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("ok-1.pdf", "orphan-2.pdf", "ok-3.pdf"):
        (folder / name).write_text(name, encoding="utf-8")
    release = tmp_path / "release"
    try:
        result = run_batch(
            [folder], str(release), jobs=1, timeout=30, use_cache=False, worker=orphaning_worker
        )
    finally:
        release.touch()  # the orphan ends
    assert [(f.path.name, f.reason) for f in result.failures] == [
        ("orphan-2.pdf", "worker crashed (exit code 11)")
    ]
    assert [e.path.name for e in result.extractions] == ["ok-1.pdf", "ok-3.pdf"]


class _DiesBeforeReady(_Runner):
    serve = staticmethod(serve_dies_before_ready)


def test_worker_dying_before_its_handshake_is_seen_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handshake watches the worker's process, not only its pipe: a worker that dies before
    it is ready fails the start with its exit code (the start timeout is never reached)."""
    monkeypatch.setattr("followup.batch._START_TIMEOUT", 600.0)
    pdf = tmp_path / "ok-1.pdf"
    pdf.write_text("x", encoding="utf-8")
    pool = _DiesBeforeReady(hostile_worker, None, 1, 600)
    try:
        with pytest.raises(FollowupError, match=r"failed to start \(exit code 11\)"):
            pool.start(0, pdf)
    finally:
        pool.shutdown()


# --- the cache never serves rows of another schema ------------------------------------------


def test_cache_key_covers_the_schema_and_the_finding_kinds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = cache_key("0" * 64, "a.pdf", {"year": None})
    trailing = [*schema.TRAILING, Column("new_column", "string", "a column added later")]
    monkeypatch.setattr(schema, "TRAILING", trailing)
    assert cache_key("0" * 64, "a.pdf", {"year": None}) != key
    monkeypatch.undo()
    retyped = [Column(c.name, "int" if c.name == "x0" else c.type, c.meaning) for c in schema.BOX]
    monkeypatch.setattr(schema, "BOX", retyped)
    assert cache_key("0" * 64, "a.pdf", {"year": None}) != key
    monkeypatch.undo()
    monkeypatch.setattr(records, "FINDING_KINDS", (*records.FINDING_KINDS, "new_kind"))
    assert cache_key("0" * 64, "a.pdf", {"year": None}) != key
    monkeypatch.undo()
    assert cache_key("0" * 64, "a.pdf", {"year": None}) == key


def test_entries_of_an_older_schema_are_not_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("ok-1.pdf", "ok-2.pdf"):
        (folder / name).write_text(name, encoding="utf-8")
    kwargs = {"jobs": 1, "cache_dir": tmp_path / "cache", "worker": hostile_worker}
    first = run_batch([folder], None, **kwargs)  # type: ignore[arg-type]
    assert (first.cached, first.extracted) == (0, 2)
    again = run_batch([folder], None, **kwargs)  # type: ignore[arg-type]
    assert (again.cached, again.extracted) == (2, 0)
    monkeypatch.setattr(records, "FINDING_KINDS", (*records.FINDING_KINDS, "new_kind"))
    newer = run_batch([folder], None, **kwargs)  # type: ignore[arg-type]
    assert (newer.cached, newer.extracted) == (0, 2)
