"""``followup schema [--json | --markdown]``: the output schema (names, types, meanings)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from followup.schema import described, markdown_table

if TYPE_CHECKING:  # rich is imported where a table is printed (fast start)
    from rich.table import Table


def schema_table() -> Table:
    """The schema as a rich table: column, type, null when, meaning."""
    from rich.table import Table

    table = Table(title="followup output schema (columns in this order)")
    for name in ("column", "type", "null when", "meaning"):
        table.add_column(name, overflow="fold")
    for col in described():
        table.add_row(col.name, col.type, col.null or "never", col.meaning)
    return table


def schema_command(
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="JSON: one object per column (name, type, meaning, null, nullable)."
        ),
    ] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="The Markdown table of the README.")
    ] = False,
) -> None:
    """Print the output schema: every column's name, type, when it is null, and meaning.

    The same columns, in the same order, in every command's CSV and Parquet output.
    """
    if as_json and markdown:
        sys.stderr.write("error: --json and --markdown cannot be combined; choose one\n")
        raise typer.Exit(code=2)
    if as_json:
        sys.stdout.write(json.dumps([c.as_dict() for c in described()], indent=2) + "\n")
    elif markdown:
        sys.stdout.write(markdown_table())
    else:
        from rich.console import Console

        Console(soft_wrap=not sys.stdout.isatty()).print(schema_table())


EXAMPLES = """Examples:

\b
followup schema
followup schema --json | jq -r '.[] | select(.nullable) | .name'
followup schema --markdown > schema.md
"""


def register(app: typer.Typer) -> None:
    """Add the ``schema`` command to ``app``."""
    app.command("schema", epilog=EXAMPLES)(schema_command)
