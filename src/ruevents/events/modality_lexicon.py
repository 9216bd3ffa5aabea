"""The modality word list, shared by the syntax helpers and the modality rules."""

from __future__ import annotations

from functools import lru_cache

from ..lexicons import load_words


@lru_cache(maxsize=None)
def modality_lexicon() -> dict[str, str]:
    return {k: v.strip() for k, v in load_words("modality.txt", with_values=True).items()}
