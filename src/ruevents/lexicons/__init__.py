"""Word lists kept as data files beside this module, loaded once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_words(name: str, *, with_values: bool = False):
    """Read a lexicon: one entry a line, ``#`` starts a comment.

    With ``with_values`` each line is ``key<TAB>value`` and a dict is returned,
    otherwise a frozenset of entries.
    """
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    if with_values:
        pairs = {}
        for entry in entries:
            key, _, value = entry.partition("\t") if "\t" in entry else entry.partition(" ")
            if not value.strip():
                raise ValueError(f"expected 'key<TAB>value' lines in lexicon {name}, got {entry!r}")
            pairs[key.strip()] = value.strip()
        return pairs
    return frozenset(entries)
