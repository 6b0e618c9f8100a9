"""The ``followup`` command: a thin layer over the library; every command calls one function."""

from __future__ import annotations

import inspect
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from followup import __version__
from followup.commands import audit, cache, diff, extract, schema
from followup.errors import EXIT_FAILED, EXIT_INTERRUPTED


class _Group(TyperGroup):
    """Runs a command so that Ctrl-C and OS errors end it with one line, never a traceback;
    lists each command with the whole first paragraph of its help (click cuts it short)."""

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
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: rendering it with rich costs 0.2 s per start
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


extract.register(app)
diff.register(app)
audit.register(app)
schema.register(app)
cache.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
