"""The command line as analysts' tools expect it: ``-`` for standard input and output,
``--format`` authoritative with conflicts refused, numeric options validated with the flag's name,
plural forms, and ``--help`` with choices and examples."""

from __future__ import annotations

import importlib.metadata
import io
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from followup.cli import app
from followup.commands.paths import UsageError, plural, resolve_output
from tests.conftest import EXPECTED, ROOT, SAMPLES
from tests.test_extract import assert_same_cells

runner = CliRunner()
PDF = SAMPLES / "vss-2020-grid.pdf"


def _followup(
    *args: str, cwd: Path = ROOT, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "followup", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=180,
        check=False,
    )


def _csv(data: bytes | str) -> pd.DataFrame:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


# --- "-" is standard input and standard output ----------------------------------------------


def test_dash_out_is_stdout_and_writes_no_file_named_dash(tmp_path: Path) -> None:
    proc = _followup("extract", str(PDF), "-o", "-", "--no-cache", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.iterdir()) == []
    got = _csv(proc.stdout)
    expected = _csv((EXPECTED / f"{PDF.stem}.csv").read_bytes())
    assert set(got["path"]) == {PDF.as_posix()}  # outside the working folder: absolute
    assert_same_cells(got.drop(columns="path"), expected.drop(columns="path"), "-o -")


def test_dash_input_reads_a_pdf_from_stdin(tmp_path: Path) -> None:
    proc = _followup("extract", "-", "--no-cache", "-q", stdin=PDF.read_bytes(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = _csv(proc.stdout)
    expected = _csv((EXPECTED / f"{PDF.stem}.csv").read_bytes())
    assert set(got["source"]) == {"-"} and set(got["path"]) == {"-"}
    both = ["source", "path"]
    assert_same_cells(got.drop(columns=both), expected.drop(columns=both), "stdin")


def test_dash_input_that_is_not_a_pdf_is_one_line_naming_dash() -> None:
    proc = _followup("extract", "-", "--no-cache", "-q", stdin=b"<html>nope</html>")
    assert proc.returncode == 1
    lines = proc.stderr.decode().strip().splitlines()
    assert lines and all(line.startswith("error: -: ") for line in lines), lines
    assert "followup-stdin" not in proc.stderr.decode()


def test_diff_reads_one_side_from_stdin() -> None:
    old = EXPECTED / "vss-2020-grid.csv"
    new = EXPECTED / "vss-2021-hrules.csv"
    proc = _followup("diff", str(old), "-", stdin=new.read_bytes())
    assert proc.returncode == 0, proc.stderr
    expected = (EXPECTED / "diff_vss-2020-grid_vss-2021-hrules.csv").read_text(encoding="utf-8")
    assert proc.stdout.decode("utf-8") == expected


def test_diff_refuses_two_sides_from_stdin() -> None:
    result = runner.invoke(app, ["diff", "-", "-"])
    assert result.exit_code == 2
    assert "only one report can be read from standard input" in result.output


# --- --format is authoritative; conflicts are refused with the reason ------------------------


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--format", "csv", "-o", "x.parquet"], "--format csv conflicts with -o x.parquet"),
        (["--format", "parquet", "-o", "x.csv"], "--format parquet conflicts with -o x.csv"),
        (["--excel", "-o", "x.parquet"], "--excel applies to CSV only"),
        (["--excel", "--format", "parquet", "-o", "rows"], "--excel applies to CSV only"),
        (["-o", "rows.xlsx"], "-o rows.xlsx: cannot tell the format from suffix '.xlsx'"),
    ],
)
def test_format_conflicts_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(PDF), *args], env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert f"error: {reason}" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_format_decides_over_the_name(tmp_path: Path) -> None:
    out = tmp_path / "rows.out"
    result = runner.invoke(app, ["extract", str(PDF), "--format", "csv", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"source,path,source_sha256,")
    pq = tmp_path / "rows.bin"
    result = runner.invoke(app, ["extract", str(PDF), "--format", "PARQUET", "-o", str(pq), "-q"])
    assert result.exit_code == 0, result.output
    assert pq.read_bytes()[:4] == b"PAR1"


def test_format_parquet_without_out_writes_parquet_to_a_pipe() -> None:
    proc = _followup("extract", str(PDF), "--format", "parquet", "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout[:4] == b"PAR1"
    frame = pd.read_parquet(io.BytesIO(proc.stdout))
    assert len(frame) == len(_csv((EXPECTED / f"{PDF.stem}.csv").read_bytes()))


def test_parquet_is_never_written_to_a_terminal() -> None:
    with pytest.raises(UsageError, match="refusing to write binary Parquet to a terminal"):
        resolve_output(None, "parquet", stdout_is_terminal=True)
    assert resolve_output(None, None, stdout_is_terminal=True).format == "csv"
    assert resolve_output("-", "parquet", stdout_is_terminal=False).format == "parquet"


def test_resolve_output_formats(tmp_path: Path) -> None:
    assert resolve_output(tmp_path / "a.parquet", None).format == "parquet"
    assert resolve_output(tmp_path / "a.CSV", None).format == "csv"
    assert resolve_output(tmp_path / "rows", "parquet", dataset=True).format == "dataset"
    assert resolve_output(tmp_path / "rows", "parquet").format == "parquet"
    assert resolve_output(tmp_path / "rows", None).format == "csv"
    with pytest.raises(UsageError, match="from a folder"):
        resolve_output(tmp_path, None)


# --- numeric options are validated, messages name the flag -----------------------------------


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["extract", str(PDF), "--jobs", "0"], "--jobs"),
        (["extract", str(PDF), "--jobs", "-3"], "--jobs"),
        (["extract", str(PDF), "--timeout", "0"], "--timeout"),
        (["extract", str(PDF), "--timeout", "-1.5"], "--timeout"),
        (["extract", str(PDF), "--max-pages", "0"], "--max-pages"),
        (["extract", str(PDF), "--year", "20"], "--year"),
        (["diff", "a.csv", "b.csv", "--min-similarity", "101"], "--min-similarity"),
        (["diff", "a.csv", "b.csv", "--min-similarity", "-1"], "--min-similarity"),
    ],
)
def test_numeric_options_are_validated(args: list[str], flag: str) -> None:
    proc = _followup(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert f"Invalid value for '{flag}'" in err
    snake = flag.lstrip("-").replace("-", "_")  # min_similarity, max_pages
    assert snake == flag.lstrip("-") or snake not in err
    assert "Traceback" not in err


def test_summary_uses_singular_for_one() -> None:
    proc = _followup("extract", str(PDF), "--no-cache", "-o", "-")
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "1 file (0 from cache), 7 pages, 62 rows, 0 failed" in err
    assert "1 files" not in err


def test_plural() -> None:
    assert [plural(n, "file") for n in (0, 1, 2)] == ["0 files", "1 file", "2 files"]
    assert plural(1, "activity", "activities") == "1 activity"
    assert plural(3, "activity", "activities") == "3 activities"


# --- --help: choices, examples, no artefacts; pinned typer and click --------------------------

COMMANDS = ["extract", "diff", "audit", "schema", "cache info", "cache clear"]


def test_every_command_is_checked() -> None:
    """A new command gets its examples too: the list above is every command of the app."""
    import click
    import typer.main

    group = typer.main.get_command(app)
    ctx = click.Context(group)
    names = []
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        names.extend(f"{name} {sub}" for sub in subs) if subs else names.append(name)
    assert sorted(names) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_examples_and_no_artefacts(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    text = result.output
    assert "<bool>" not in text and "{" not in text.split("Examples:")[0], text
    assert re.search(r"<\w+>", text.split("Examples:")[0]) is None, text
    examples = text.split("Examples:", 1)[1]
    assert 2 <= len(re.findall(rf"followup {command}\b", examples)) <= 3, examples


def test_format_help_lists_its_choices() -> None:
    for command in ("extract", "diff"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
        assert "[csv|parquet]" in result.output


def test_typer_and_click_are_pinned_to_the_tested_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {re.split(r"[<>=!~ ]", d, maxsplit=1)[0]: d for d in project["project"]["dependencies"]}
    for name in ("typer", "click"):
        spec = pins[name]
        assert "<" in spec and ">=" in spec, spec
        low = re.search(r">=([\d.]+)", spec).group(1)  # type: ignore[union-attr]
        high = re.search(r"<([\d.]+)", spec).group(1)  # type: ignore[union-attr]
        installed = importlib.metadata.version(name)

        def key(v: str) -> tuple[int, ...]:
            return tuple(int(x) for x in v.split(".")[:3])

        assert key(low) <= key(installed) < key(high), (name, installed, spec)


def test_shell_completion_script() -> None:
    proc = _followup("--show-completion", "bash")
    assert proc.returncode == 0, proc.stderr
    assert b"_FOLLOWUP_COMPLETE" in proc.stdout
