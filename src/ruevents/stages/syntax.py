"""Syntax: slovnet news dependencies, decoded into one well-formed tree per sentence.

slovnet picks every head by argmax, which leaves about a quarter of news
sentences with several roots, none, self-loops or cycles; spaCy would accept
them and split ``doc.sents`` at the extra roots.  We decode the best
projective tree over slovnet's head scores instead (``ruevents.tree``): one
root, no cycles, and no arc across another, which in news text is nearly
always a misattachment across the verb.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.tokens import Doc

from ..backends import slovnet
from ..tree import decode_projective_trees
from ._batching import BatchedStage, register
from .tokenize import ModelSentence, model_sentences

ROOT_REL = "root"
SPACE_REL = "dep"


class SyntaxStage(BatchedStage):
    def process(self, docs: list[Doc]) -> None:
        per_doc = [model_sentences(doc) for doc in docs]
        parses = iter(slovnet.parse_syntax([sent.words for sents in per_doc for sent in sents], decode_projective_trees))
        for doc, sents in zip(docs, per_doc):
            heads = list(range(len(doc)))  # absolute head index per token
            rels = [SPACE_REL] * len(doc)
            for sent, (sent_heads, sent_rels) in zip(sents, parses):
                indexes = sent.indexes
                for i, head, rel in zip(indexes, sent_heads, sent_rels):
                    if head == 0:
                        rels[i] = ROOT_REL
                    else:
                        heads[i], rels[i] = indexes[head - 1], rel
            attach_whitespace(doc, heads, sents)
            write_tree(doc, heads, rels)


def attach_whitespace(doc: Doc, heads: list[int], sentences: list[ModelSentence] | None = None) -> None:
    """Hang each whitespace token on a word of its own sentence: the word
    before it, else the sentence's first word; a sentence of whitespace only
    hangs on its first token."""
    for sent in model_sentences(doc) if sentences is None else sentences:
        words = sent.indexes
        if not words:
            for i in range(sent.start, sent.end):
                heads[i] = sent.start
            continue
        last_word = None  # the word before the current token, in one pass over the sentence
        next_word = 0  # position in ``words`` of the next word to meet
        for i in range(sent.start, sent.end):
            if next_word < len(words) and words[next_word] == i:
                last_word = i
                next_word += 1
            else:
                heads[i] = last_word if last_word is not None else words[0]


def write_tree(doc: Doc, heads: list[int], rels: list[str]) -> None:
    if not len(doc):
        return
    starts_before = doc.to_array(SENT_START) == 1
    array = numpy.zeros((len(doc), 2), dtype="uint64")
    # HEAD is stored as a signed offset in an unsigned column
    array[:, 0] = (numpy.asarray(heads, dtype="int64") - numpy.arange(len(doc), dtype="int64")).view("uint64")
    rel_ids = {rel: doc.vocab.strings.add(rel) for rel in set(rels)}
    array[:, 1] = [rel_ids[rel] for rel in rels]
    doc.from_array([HEAD, DEP], array)
    # from_array re-derives sentences from the tree; razdel's must stand
    crossed = numpy.flatnonzero(starts_before[1:] != (doc.to_array(SENT_START) == 1)[1:])
    if len(crossed):
        i = int(crossed[0]) + 1
        raise RuntimeError(f"tree crosses a sentence boundary at token {i} ({doc[i].text!r})")


register("ruevents_syntax", SyntaxStage, assigns=["token.head", "token.dep"], requires=["token.pos"])
