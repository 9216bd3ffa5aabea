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
    """Paragraph-like blocks: the text cut at the line breaks that end a sentence.

    Only the line before each break is looked at (never the whole block so
    far), so thousands of lines that do not end a sentence stay linear.
    """
    start = 0
    line_start = 0
    block_has_text = False  # text[start:line_start] is more than whitespace
    for match in _LINE_BREAK.finditer(text):
        # the break's own pattern ends in \s*, so a line after a break is never blank
        line, after = text[line_start : match.start()], text[match.end() : match.end() + 1]
        line_start = match.end()
        block_has_text = block_has_text or not line.isspace() and line != ""
        if not block_has_text:
            continue
        if not after or _STARTS_SENTENCE.match(after) or _ENDS_SENTENCE.search(line):
            yield start, match.start()
            start = match.end()
            block_has_text = False
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
