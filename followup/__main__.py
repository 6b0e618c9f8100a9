"""``python -m followup``: the same as the ``followup`` command."""

from followup.entry import main

if __name__ == "__main__":  # worker processes import this module: never run the app there
    main()
