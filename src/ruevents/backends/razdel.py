"""razdel behind two small functions that return plain offsets."""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

import razdel


class Piece(NamedTuple):
    start: int
    end: int
    text: str


# A line break ends a sentence when the next line starts like a sentence
# (capital letter, digit, quote, dash, bullet) or the line before ended one.
# News copied from the web breaks lines mid-sentence («Об этом\n\nсообщает»),
# so a break before a lowercase word or punctuation is kept inside.
_LINE_BREAK = re.compile(r"[ \t]*(?:\r?\n|\r)\s*")
_STARTS_SENTENCE = re.compile(r"[A-ZА-ЯЁ0-9«\"„“'(\[—–\-•*]")
_ENDS_SENTENCE = re.compile(r"[.!?…»\"”:;]\s*$")


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _LINE_BREAK.finditer(text):
        before, after = text[start : match.start()], text[match.end() : match.end() + 1]
        if not before.strip():
            continue
        if not after or _STARTS_SENTENCE.match(after) or _ENDS_SENTENCE.search(before):
            yield start, match.start()
            start = match.end()
    if text[start:].strip():
        yield start, len(text)


def sentences(text: str) -> Iterator[Piece]:
    """Sentence spans of ``text``: razdel's rules inside paragraph-like blocks."""
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        if not block.strip():
            continue
        for sent in razdel.sentenize(block):
            yield Piece(sent.start + block_start, sent.stop + block_start, sent.text)


def tokens(text: str, offset: int = 0) -> Iterator[Piece]:
    """Token spans of ``text`` shifted by ``offset``."""
    for token in razdel.tokenize(text):
        yield Piece(token.start + offset, token.stop + offset, token.text)
