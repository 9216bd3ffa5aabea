"""razdel behind two small functions that return plain offsets."""

from __future__ import annotations

from typing import Iterator, NamedTuple

import razdel


class Piece(NamedTuple):
    start: int
    end: int
    text: str


def sentences(text: str) -> Iterator[Piece]:
    """Sentence spans of ``text`` (razdel's rules), with exact offsets."""
    if not text.strip():
        return
    for sent in razdel.sentenize(text):
        yield Piece(sent.start, sent.stop, sent.text)


def tokens(text: str, offset: int = 0) -> Iterator[Piece]:
    """Token spans of ``text`` shifted by ``offset``."""
    for token in razdel.tokenize(text):
        yield Piece(token.start + offset, token.stop + offset, token.text)
