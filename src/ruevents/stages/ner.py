"""Named entities: slovnet news NER (PER, ORG, LOC) into ``doc.ents``.

The model sees one sentence at a time with a few words of its neighbours on
each side: its CNN looks only a few words either way, so this reproduces
whole-document tagging (without the context, sentence-initial words such as
«Американцы» come out as entities) while keeping batches short and memory
bounded on very long documents.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..backends import slovnet
from ._batching import BatchedStage, register
from .tokenize import model_sentences


def bio_spans(indexes: list[int], tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token index, last token index + 1, label) from the BIO tags of
    the tokens at ``indexes``.

    A change of type or a ``B-`` starts a new span, a stray ``I-`` opens one.
    """
    spans: list[tuple[int, int, str]] = []
    current: list | None = None
    for i, tag in zip(indexes, tags):
        part, _, label = tag.partition("-")
        if part == "O" or not label:
            current = None
            continue
        if current is None or part == "B" or current[2] != label:
            current = [i, i + 1, label]
            spans.append(current)  # type: ignore[arg-type]
        else:
            current[1] = i + 1
    return [tuple(s) for s in spans]  # type: ignore[misc]


#: Words of the neighbouring sentences shown to the model on each side.
CONTEXT_WORDS = 5


class NERStage(BatchedStage):
    def process(self, docs: list[Doc]) -> None:
        per_doc = [model_sentences(doc) for doc in docs]
        windows: list[list[str]] = []
        offsets: list[int] = []
        for sents in per_doc:
            flat = [word for sent in sents for word in sent.words]
            position = 0
            for sent in sents:
                end = position + len(sent.words)
                start = max(0, position - CONTEXT_WORDS)
                windows.append(flat[start : end + CONTEXT_WORDS])
                offsets.append(position - start)
                position = end
        tags = iter(zip(slovnet.tag_ner(windows), offsets))
        for doc, sents in zip(docs, per_doc):
            ents = []
            for sent, (window_tags, offset) in zip(sents, tags):
                sent_tags = window_tags[offset : offset + len(sent.words)]
                if sent_tags and sent_tags[0].startswith("I-"):
                    sent_tags = ["B-" + sent_tags[0][2:], *sent_tags[1:]]
                for start, end, label in bio_spans(sent.indexes, sent_tags):
                    ents.append(Span(doc, start, end, label=label))
            doc.ents = ents


register("ruevents_ner", NERStage, assigns=["doc.ents"])
