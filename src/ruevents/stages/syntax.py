"""Syntax: slovnet news dependencies, decoded into one well-formed tree per sentence.

slovnet picks every head by argmax, which leaves about a quarter of news
sentences with several roots, none, self-loops or cycles; spaCy would accept
them and split ``doc.sents`` at the extra roots.  We decode the maximum
spanning tree over slovnet's head scores instead (``ruevents.tree``).
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc

from ..backends import slovnet
from ..tree import decode_tree
from ._batching import BatchedStage, register
from .tokenize import model_words

ROOT_REL = "root"
SPACE_REL = "dep"


class SyntaxStage(BatchedStage):
    def process(self, docs: list[Doc]) -> None:
        per_doc = [[model_words(sent) for sent in doc.sents] for doc in docs]
        flat = [sent for sents in per_doc for sent in sents]
        parses = iter(slovnet.parse_syntax([[t.text for t in s] for s in flat], decode_tree))
        for doc, sents in zip(docs, per_doc):
            heads = list(range(len(doc)))  # absolute head index per token
            rels = [SPACE_REL] * len(doc)
            for sent_words, (sent_heads, sent_rels) in zip(sents, parses):
                for token, head, rel in zip(sent_words, sent_heads, sent_rels):
                    root = head == 0
                    heads[token.i] = token.i if root else sent_words[head - 1].i
                    rels[token.i] = ROOT_REL if root else rel
            attach_whitespace(doc, heads)
            write_tree(doc, heads, rels)


def attach_whitespace(doc: Doc, heads: list[int]) -> None:
    """Hang each whitespace token on a word of its own sentence."""
    for sent in doc.sents:
        words = [t.i for t in sent if not t.is_space]
        last_word = None  # the word before the current token, in one pass over the sentence
        for token in sent:
            if not token.is_space:
                last_word = token.i
            else:
                heads[token.i] = last_word if last_word is not None else (words[0] if words else sent.start)
        if not words:  # a sentence of whitespace only: its first token is the root
            for token in sent:
                heads[token.i] = sent.start


def write_tree(doc: Doc, heads: list[int], rels: list[str]) -> None:
    sent_starts = [t.is_sent_start for t in doc]
    if not len(doc):
        return
    array = numpy.zeros((len(doc), 2), dtype="uint64")
    # HEAD is stored as a signed offset in an unsigned column
    array[:, 0] = (numpy.asarray(heads, dtype="int64") - numpy.arange(len(doc), dtype="int64")).view("uint64")
    array[:, 1] = [doc.vocab.strings.add(rel) for rel in rels]
    doc.from_array([HEAD, DEP], array)
    # from_array re-derives sentences from the tree; razdel's must stand
    for token, start in zip(doc, sent_starts):
        if token.i and bool(start) != bool(token.is_sent_start):
            raise RuntimeError(f"tree crosses a sentence boundary at token {token.i} ({token.text!r})")


register("ruevents_syntax", SyntaxStage, assigns=["token.head", "token.dep"], requires=["token.pos"])
