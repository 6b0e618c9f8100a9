"""The ``followup`` command: a thin layer over the library; every command calls one function."""

from __future__ import annotations

import typer

from followup import __version__
from followup.commands import audit, diff, extract

app = typer.Typer(
    name="followup",
    help="Swedish municipal follow-up reports (PDF) → one tidy table; year-over-year diff; audit.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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

if __name__ == "__main__":  # pragma: no cover
    app()
