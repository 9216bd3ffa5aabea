"""Tokenizer and sentence splitter from razdel, with exact offsets.

spaCy only records one plain space after a token, so any other gap between
razdel tokens (newlines, several spaces, tabs) becomes a whitespace token of
its own; ``doc.text == text`` always holds, with one exception: a lone
surrogate (U+D800–U+DFFF, legal in a Python ``str``, e.g. after decoding with
``surrogateescape``, but not encodable as UTF-8, which spaCy's string store
needs) becomes U+FFFD, one code point for one, so every offset stays the same.
Whitespace tokens belong to the sentence before them and are never shown to
the models.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from ..backends import razdel as razdel_backend


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length, same offsets)."""
    return _LONE_SURROGATE.sub("\ufffd", text)


#: Longest sentence the models see.  Runs of text with no sentence end (tables,
#: lists, scraped boilerplate) are cut into pieces of at most this many tokens:
#: the parser's head scores grow with the square of sentence length.
MAX_SENTENCE_TOKENS = 200
#: how far back from the limit a cut looks for punctuation to cut after
CUT_WINDOW = 50


def sentence_starts(tokens: list) -> list[bool]:
    """Which tokens open a sentence: the first, and cuts in over-long sentences."""
    starts = [False] * len(tokens)
    position = 0
    while position < len(tokens):
        starts[position] = True
        end = position + MAX_SENTENCE_TOKENS
        if end >= len(tokens):
            break
        cut = next(
            (i + 1 for i in range(end - 1, end - CUT_WINDOW, -1) if not any(ch.isalnum() for ch in tokens[i].text)),
            end,
        )
        position = cut
    return starts


class RazdelTokenizer:
    """``text -> Doc`` with razdel tokens and razdel sentence starts."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        if not isinstance(text, str):
            raise TypeError(f"expected text as str, got {type(text).__name__}")
        text = replace_surrogates(text)
        words: list[str] = []
        spaces: list[bool] = []
        sent_starts: list[bool] = []
        cursor = 0

        def add_gap(gap: str) -> None:
            # A single plain space rides on the previous token; anything else
            # (and a space before the first token) is a whitespace token.
            if not gap:
                return
            if words and not spaces[-1] and gap[0] == " ":
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                sent_starts.append(not sent_starts)

        for sent in razdel_backend.sentences(text):
            tokens = list(razdel_backend.tokens(sent.text, sent.start))
            starts = sentence_starts(tokens)
            for token, start in zip(tokens, starts):
                add_gap(text[cursor : token.start])
                words.append(token.text)
                spaces.append(False)
                sent_starts.append(start)
                cursor = token.end
        add_gap(text[cursor:])
        # a leading whitespace token opens the first sentence; the first word then does not
        if len(sent_starts) > 1 and words[0].isspace() and sent_starts[1]:
            sent_starts[1] = False
        return Doc(self.vocab, words=words, spaces=spaces, sent_starts=sent_starts or None)

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "RazdelTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "RazdelTokenizer":
        return self


@registry.tokenizers("ruevents.razdel_tokenizer.v1")
def create_razdel_tokenizer():
    def make(nlp: Language) -> RazdelTokenizer:
        return RazdelTokenizer(nlp.vocab)

    return make


def model_words(sent) -> list:
    """The tokens of a sentence that the models see (whitespace tokens left out)."""
    return [token for token in sent if not token.is_space]


class ModelSentence(NamedTuple):
    """One sentence as the models see it: its words (whitespace tokens left
    out) with their token indexes, and the token range of the whole sentence."""

    start: int
    end: int
    indexes: list[int]
    words: list[str]


def model_sentences(doc: Doc) -> list[ModelSentence]:
    """Every sentence of ``doc`` as the models see it, in one pass over the
    tokens (cheaper than ``doc.sents`` and a ``Token`` per word in each stage).

    The same sentences as ``doc.sents`` (one sentence when the Doc has no
    sentence starts); a sentence of whitespace only has no words.
    """
    sentences: list[ModelSentence] = []
    start = 0
    indexes: list[int] = []
    words: list[str] = []
    for token in doc:
        if token.is_sent_start and token.i:
            sentences.append(ModelSentence(start, token.i, indexes, words))
            start, indexes, words = token.i, [], []
        if not token.is_space:
            indexes.append(token.i)
            words.append(token.text)
    if len(doc):
        sentences.append(ModelSentence(start, len(doc), indexes, words))
    return sentences
