"""``python -m ruevents.cli``: the same as the ``ruevents`` command."""

from . import main

main()
