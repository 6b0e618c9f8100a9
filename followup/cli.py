"""The ``followup`` command: a thin layer over the library; every command calls one function.

Each command's module is imported when a command line names it (``followup extract`` loads
neither the diff's nor the audit's options), or when the help lists every command.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from typing import Any

import click
import typer
from typer.core import TyperGroup

from followup import __version__
from followup.errors import EXIT_FAILED, EXIT_INTERRUPTED

#: The commands, in the order the help lists them, and the modules that add them to an app.
COMMANDS = {
    "extract": "followup.commands.extract",
    "diff": "followup.commands.diff",
    "audit": "followup.commands.audit",
    "schema": "followup.commands.schema",
    "cache": "followup.commands.cache",
}

#: The settings every command's app shares (the help as click formats it, no rich markup: it
#: costs 0.2 s per start; no pretty tracebacks: errors are one line).
APP_SETTINGS: dict[str, Any] = {"rich_markup_mode": None, "pretty_exceptions_enable": False}


def load_command(name: str) -> click.Command:
    """The click command ``name`` as its module registers it on an app."""
    holder = typer.Typer(add_completion=False, **APP_SETTINGS)
    holder.callback()(_no_options)  # a group, so the command keeps its name
    importlib.import_module(COMMANDS[name]).register(holder)
    return typer.main.get_group(holder).commands[name]


def _no_options() -> None:
    """The holder group's callback (never run)."""


class _Group(TyperGroup):
    """Runs a command so that Ctrl-C and OS errors end it with one line, never a traceback;
    lists each command with the whole first paragraph of its help (click cuts it short); builds
    a command only when it is asked for (:func:`load_command`)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            self.add_command(load_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                first = inspect.cleandoc(command.help or "").split("\n\n")[0]
                rows.append((name, " ".join(first.split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            sys.stderr.write("error: interrupted\n")
            raise typer.Exit(code=EXIT_INTERRUPTED) from None
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            sys.stderr.write(f"error: {where}{err.strerror or err}\n")
            raise typer.Exit(code=EXIT_FAILED) from None


app = typer.Typer(
    cls=_Group,
    name="followup",
    help="Swedish municipal follow-up reports (PDF) → one tidy table; year-over-year diff; audit.",
    no_args_is_help=True,
    add_completion=True,
    **APP_SETTINGS,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"followup {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """followup: extract, compare and audit follow-up tables."""


if __name__ == "__main__":  # pragma: no cover
    app()
