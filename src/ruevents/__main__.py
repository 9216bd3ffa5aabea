"""``python -m ruevents``: the same as the ``ruevents`` command."""

from .cli import main

main()
