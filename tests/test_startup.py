"""Start-up: parsing a command line loads neither pandas nor the PDF parser (checked by the
modules a fresh interpreter has imported, not by a clock: speed is measured in bench/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from followup.commands.diff import DEFAULT_MIN_SIMILARITY
from followup.diff.core import DEFAULT_MIN_SIMILARITY as CORE_MIN_SIMILARITY

HEAVY = ("pandas", "numpy", "pyarrow", "pdfplumber", "pdfminer", "rapidfuzz", "PIL")

_PROBE = """
import contextlib, io, json, sys
from followup.cli import app
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        app(sys.argv[1:], prog_name="followup")
    except SystemExit:
        pass
print(json.dumps({"help": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _imported(*argv: str) -> tuple[str, set[str]]:
    """The output of ``followup ARGV`` and the top-level packages it imported."""
    shown, modules = _imported_modules(*argv)
    return shown, {name.split(".")[0] for name in modules}


def _imported_modules(*argv: str) -> tuple[str, set[str]]:
    """The output of ``followup ARGV`` and every module it imported."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
    )
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return data["help"], set(data["modules"])


@pytest.mark.parametrize(
    "argv",
    [("--help",), ("--version",), ("extract", "--help"), ("diff", "--help"), ("audit", "--help")],
    ids=lambda argv: " ".join(argv),
)
def test_help_imports_neither_pandas_nor_pdfplumber(argv: tuple[str, ...]) -> None:
    shown, modules = _imported(*argv)
    assert "followup" in shown  # the help (or version) was really printed
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_extract_to_csv_imports_the_parser_but_not_pandas(tmp_path) -> None:
    """A report to CSV is parsed (pdfplumber) and written from the rows' columns: pandas,
    numpy and pyarrow, which take longer to import than a short report takes to read, stay
    out."""
    from tests.conftest import SAMPLES

    out = tmp_path / "rows.csv"
    pdf = SAMPLES / "kfn-2022-ansvarig.pdf"
    _, modules = _imported("extract", str(pdf), "-o", str(out), "-q", "--no-cache")
    assert {"pdfplumber", "rapidfuzz"} <= modules
    assert not modules & {"pandas", "numpy", "pyarrow"}, sorted(modules & {"pandas", "numpy"})
    assert "rich" not in modules  # -q: nothing to print, so no console
    assert out.read_text().startswith("source,")


#: The modules that read a structure tree: a document without one never needs them.
TAG_MODULES = {"followup.extract.tags", "followup.extract.tagrows", "followup.extract.crosscheck"}


@pytest.mark.parametrize(
    ("name", "tagged"),
    [("kfn-2022-ansvarig.pdf", False), ("tagged/kfn-2022-chromium.pdf", True)],
)
def test_only_a_document_with_a_structure_tree_loads_the_tag_reader(
    tmp_path, name: str, tagged: bool
) -> None:
    from tests.conftest import SAMPLES

    out = tmp_path / "rows.csv"
    _, modules = _imported_modules(
        "extract", str(SAMPLES / name), "-o", str(out), "-q", "--no-cache"
    )
    loaded = TAG_MODULES & modules
    assert loaded == (TAG_MODULES if tagged else set())
    assert out.read_text().startswith("source,")


def test_extract_to_parquet_imports_pandas(tmp_path) -> None:
    from tests.conftest import SAMPLES

    out = tmp_path / "rows.parquet"
    pdf = SAMPLES / "kfn-2022-ansvarig.pdf"
    _, modules = _imported("extract", str(pdf), "-o", str(out), "-q", "--no-cache")
    assert {"pandas", "pyarrow", "pdfplumber"} <= modules
    assert out.read_bytes().startswith(b"PAR1")


def test_diff_default_similarity_is_the_library_default() -> None:
    assert DEFAULT_MIN_SIMILARITY == CORE_MIN_SIMILARITY


# --- stored help: `followup --help` without building the typer app ----------------------------

_ENTRY_PROBE = """
import contextlib, io, json, sys
from followup.entry import main
sys.argv = ["followup", *sys.argv[1:]]
with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")) as out:
    main()
    out.flush()
    shown = out.buffer.getvalue().decode("utf-8")
print(json.dumps({"help": shown, "modules": sorted(sys.modules)}))
"""


def test_stored_help_is_what_the_app_prints() -> None:
    """help.json is current: regenerate it with `python -m followup.helpgen`."""
    from followup.helpgen import COMMAND_LINES, load, render

    TEXTS = load()

    assert list(TEXTS) == list(COMMAND_LINES)
    for line in COMMAND_LINES:
        assert TEXTS[line] == render(line), f"{line}: run python -m followup.helpgen"
        assert render(line, columns=200) == TEXTS[line]  # wider terminals print the same
        assert max(map(len, TEXTS[line].splitlines())) <= 80, line


def test_every_command_has_stored_help() -> None:
    import click
    import typer.main

    from followup.cli import app
    from followup.helpgen import COMMAND_LINES

    group = typer.main.get_command(app)
    ctx = click.Context(group)
    lines = {"--help", "--version"}
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        lines.add(f"{name} --help")
        lines.update(f"{name} {sub} --help" for sub in getattr(command, "commands", {}))
    assert lines == set(COMMAND_LINES)


@pytest.mark.parametrize("line", ["--help", "extract --help", "cache clear --help", "--version"])
def test_entry_prints_stored_help_without_typer(line: str) -> None:
    from followup.helpgen import load

    TEXTS = load()

    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-c", _ENTRY_PROBE, *line.split()],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["help"] == TEXTS[line]
    assert not {m.split(".")[0] for m in data["modules"]} & {"typer", "click", "rich"}


def test_entry_runs_the_app_on_a_narrow_terminal_and_for_commands(monkeypatch) -> None:
    from followup.entry import stored_output

    monkeypatch.setenv("COLUMNS", "79")
    assert stored_output(["--help"]) is None
    monkeypatch.setenv("COLUMNS", "80")
    assert stored_output(["extract", "--no-such", "--help"]) is None
    assert stored_output(["extract", "a.pdf"]) is None
    assert stored_output([]) is None


def test_console_script_prints_the_stored_help() -> None:
    from followup.helpgen import load

    TEXTS = load()

    env = {**os.environ, "COLUMNS": "120", "PYTHONIOENCODING": "utf-8"}
    argv = [sys.executable, "-m", "followup", "diff", "--help"]
    proc = subprocess.run(argv, capture_output=True, env=env, check=True)
    assert proc.stdout.decode("utf-8") == TEXTS["diff --help"]


@pytest.mark.parametrize(
    ("command", "other"),
    [("extract", "followup.commands.diff"), ("diff", "followup.commands.audit")],
)
def test_a_command_line_loads_only_its_command(command: str, other: str) -> None:
    """Each command's module (its options, its imports) loads when a command line names it."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, command, "--bogus-option"], capture_output=True, text=True
    )
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert f"followup.commands.{command}" in data["modules"]
    assert other not in data["modules"]


_COLLECTIONS = """
import gc, json, sys
counts = {"collections": 0}
def count(phase, info):
    counts["collections"] += phase == "stop"
gc.callbacks.append(count)
sys.argv = ["followup", *sys.argv[1:]]
from followup.entry import main
try:
    main()
except SystemExit:
    pass
print(json.dumps({**counts, "threshold": gc.get_threshold()}))
"""


def test_the_command_collects_garbage_seldom_while_it_starts(tmp_path) -> None:
    """Start-up's objects live as long as the process: the ``followup`` process raises the
    collector's threshold, so a short report is read with a handful of collections, not the
    eighty or so Python's default would run."""
    from followup.entry import CLI_GC_THRESHOLD
    from tests.conftest import SAMPLES

    out = tmp_path / "rows.csv"
    argv = ["extract", str(SAMPLES / "kfn-2022-ansvarig.pdf"), "-q", "--no-cache", "-o", str(out)]
    proc = subprocess.run(
        [sys.executable, "-c", _COLLECTIONS, *argv], capture_output=True, text=True, check=True
    )
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["threshold"][0] == CLI_GC_THRESHOLD
    assert data["collections"] < 20, data
    assert out.read_text().startswith("source,")
