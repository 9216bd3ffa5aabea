"""Named entities: slovnet news NER (PER, ORG, LOC) into ``doc.ents``.

The model sees one sentence at a time: its CNN looks only a few words either
way, so this gives the same spans as whole-document tagging while keeping
batches short and memory bounded on very long documents.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..backends import slovnet
from ._batching import BatchedStage, register
from .tokenize import model_words


def bio_spans(tokens: list, tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token index, last token index + 1, label) from BIO tags.

    A change of type or a ``B-`` starts a new span, a stray ``I-`` opens one.
    """
    spans: list[tuple[int, int, str]] = []
    current: list | None = None
    for token, tag in zip(tokens, tags):
        part, _, label = tag.partition("-")
        if part == "O" or not label:
            current = None
            continue
        if current is None or part == "B" or current[2] != label:
            current = [token.i, token.i + 1, label]
            spans.append(current)  # type: ignore[arg-type]
        else:
            current[1] = token.i + 1
    return [tuple(s) for s in spans]  # type: ignore[misc]


class NERStage(BatchedStage):
    def process(self, docs: list[Doc]) -> None:
        per_doc = [[model_words(sent) for sent in doc.sents] for doc in docs]
        flat = [sent for sents in per_doc for sent in sents]
        tags = iter(slovnet.tag_ner([[t.text for t in s] for s in flat]))
        for doc, sents in zip(docs, per_doc):
            ents = []
            for sent_words, sent_tags in zip(sents, tags):
                for start, end, label in bio_spans(sent_words, sent_tags):
                    ents.append(Span(doc, start, end, label=label))
            doc.ents = ents


register("ruevents_ner", NERStage, assigns=["doc.ents"])
