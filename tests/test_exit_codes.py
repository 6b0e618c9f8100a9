"""Exit codes: 0 all good, 1 some files failed, 2 usage, 3 some files partial, 130 interrupted."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from followup import errors
from tests.conftest import ROOT, SAMPLES
from tests.test_damaged import _cut_streams

SMALL = SAMPLES / "kfn-2022-ansvarig.pdf"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_exit_codes_0_1_2_3(tmp_path: Path) -> None:
    damaged = _cut_streams(SAMPLES / "vss-2020-grid.pdf", tmp_path / "damaged.pdf", (20, 21))
    cases = {
        0: ["extract", str(SMALL), "--no-cache", "-q"],
        1: ["extract", str(SMALL), str(tmp_path / "nope.pdf"), "--no-cache", "-q"],
        2: ["extract", str(SMALL), "--no-such-option"],
        3: ["extract", str(damaged), "--no-cache", "-q"],
    }
    for code, args in cases.items():
        proc = _run(*args)
        assert proc.returncode == code, (code, proc.stderr)
        assert "Traceback" not in proc.stderr


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    found = [int(x) for x in text.split()]
    return found + [g for c in found for g in _children(c)]


def test_ctrl_c_exits_130_and_keeps_the_previous_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(24):
        shutil.copyfile(SAMPLES / "vss-2020-grid.pdf", folder / f"r{i:02}.pdf")
    out = tmp_path / "rows.csv"
    out.write_text("good,old\n", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "followup",
            "extract",
            str(folder),
            "-o",
            str(out),
            "--no-cache",
            "--jobs",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches it
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(_children(c) for c in _children(proc.pid)):
        time.sleep(0.1)  # until the forkserver has forked a worker: the batch is running
    time.sleep(1.0)
    workers = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "error: interrupted"
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "good,old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "rows.csv"]
    time.sleep(0.5)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and _alive(w)]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- the README's reliability section says what the code does -------------------------------


def _reliability_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n## Reliability\n", 1)[1].split("\n## ", 1)[0]


def test_readme_exit_code_table_is_the_code() -> None:
    rows = re.findall(r"^\| (\d+) \| .+ \| `(EXIT_\w+)` \|$", _reliability_section(), re.M)
    constants = {n: v for n, v in vars(errors).items() if n.startswith("EXIT_")}
    assert {name: int(code) for code, name in rows} == constants
    assert click.UsageError("x").exit_code == errors.EXIT_USAGE  # click's own usage errors


def test_readme_reliability_section_names_existing_tests() -> None:
    named = re.findall(r"`(tests/\w+\.py)::(\w+)`", _reliability_section())
    assert len(named) > 30
    missing = [
        f"{path}::{name}"
        for path, name in named
        if not re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M)
    ]
    assert missing == []
