"""The help texts ``followup`` prints without importing typer (:mod:`followup.entry`).

Building the typer app costs more than the help itself (typer and click alone take about 0.1 s
to import), so every ``--help`` page and ``--version`` are rendered here once, with click's
plain formatter at its full width (80 columns and wider terminals print the same text), and
stored as data in ``followup/help.json`` (package data). ``python -m followup.helpgen`` rewrites
that file after a command's options or help change; ``tests/test_startup.py`` checks it equals
what the app prints.
"""

from __future__ import annotations

import json
from pathlib import Path

#: Command lines whose output is stored: every command's ``--help``, and ``--version``.
COMMAND_LINES = (
    "--help",
    "--version",
    "extract --help",
    "diff --help",
    "audit --help",
    "schema --help",
    "cache --help",
    "cache info --help",
    "cache clear --help",
)

STORE = Path(__file__).with_name("help.json")


def render(line: str, columns: int = 80) -> str:
    """What ``followup LINE`` prints on a terminal ``columns`` wide (through the typer app)."""
    import typer.main
    from click.testing import CliRunner

    from followup.cli import app

    result = CliRunner().invoke(
        typer.main.get_command(app),
        line.split(),
        prog_name="followup",
        env={"COLUMNS": str(columns)},
    )
    if result.exit_code != 0:
        raise RuntimeError(f"followup {line}: exit code {result.exit_code}: {result.output}")
    return result.output


def store_text() -> str:
    """The contents of ``help.json`` for the current app: command line -> text printed."""
    texts = {line: render(line) for line in COMMAND_LINES}
    return json.dumps(texts, ensure_ascii=False, indent=1) + "\n"


def load() -> dict[str, str]:
    """The stored texts (empty when the file is missing: the app then prints its help)."""
    try:
        texts = json.loads(STORE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return texts if isinstance(texts, dict) else {}


def main() -> None:
    """Rewrite ``followup/help.json``."""
    STORE.write_text(store_text(), encoding="utf-8")
    print(f"wrote {STORE}")


if __name__ == "__main__":
    main()
