"""``followup cache info|clear``: size and entries of the extraction cache; empty it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from followup.cache import DEFAULT_MAX_BYTES, ExtractionCache
from followup.messages import plural

cache_app = typer.Typer(
    help="The extraction cache: `info` shows its folder, entries and size; `clear` empties it.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help, as the main command's (no rich import at start)
)

CacheDir = Annotated[
    Path | None, typer.Option("--cache", help="Cache folder (default: user cache).")
]


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


INFO_EXAMPLES = """Examples:

\b
followup cache info
followup cache info --cache /srv/followup-cache
"""
CLEAR_EXAMPLES = """Examples:

\b
followup cache clear
followup cache clear --cache /srv/followup-cache
"""


@cache_app.command("info", epilog=INFO_EXAMPLES)
def info_command(cache: CacheDir = None) -> None:
    """Print the cache folder, its entries and size, and the size limit."""
    found = ExtractionCache(cache).info()
    typer.echo(f"folder: {found.root}")
    typer.echo(f"entries: {found.entries}")
    typer.echo(f"size: {_mb(found.size)} (limit {_mb(DEFAULT_MAX_BYTES)}, see --cache-size)")


@cache_app.command("clear", epilog=CLEAR_EXAMPLES)
def clear_command(cache: CacheDir = None) -> None:
    """Delete every cached extraction."""
    gone = ExtractionCache(cache).clear()
    typer.echo(
        f"removed {plural(gone.entries, 'entry', 'entries')} ({_mb(gone.size)}) from {gone.root}"
    )


def register(app: typer.Typer) -> None:
    """Add the ``cache`` command group to ``app``."""
    app.add_typer(cache_app, name="cache")
