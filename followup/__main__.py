"""``python -m followup``: the same as the ``followup`` command."""

from followup.cli import app

if __name__ == "__main__":  # worker processes import this module: never run the app there
    app(prog_name="followup")
