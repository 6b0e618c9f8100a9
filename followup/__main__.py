"""``python -m followup``: the same as the ``followup`` command."""

from followup.cli import app

app(prog_name="followup")
