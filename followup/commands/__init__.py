"""CLI commands; each module registers its command on the typer app and calls the library."""
