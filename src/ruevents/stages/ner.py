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


#: Words of the neighbouring sentences shown to the model on each side.
CONTEXT_WORDS = 5


class NERStage(BatchedStage):
    def process(self, docs: list[Doc]) -> None:
        per_doc = [[model_words(sent) for sent in doc.sents] for doc in docs]
        windows: list[list[str]] = []
        offsets: list[int] = []
        for sents in per_doc:
            flat = [t.text for words in sents for t in words]
            position = 0
            for words in sents:
                end = position + len(words)
                start = max(0, position - CONTEXT_WORDS)
                windows.append(flat[start : end + CONTEXT_WORDS])
                offsets.append(position - start)
                position = end
        tags = iter(zip(slovnet.tag_ner(windows), offsets))
        for doc, sents in zip(docs, per_doc):
            ents = []
            for sent_words, (window_tags, offset) in zip(sents, tags):
                sent_tags = window_tags[offset : offset + len(sent_words)]
                if sent_tags and sent_tags[0].startswith("I-"):
                    sent_tags = ["B-" + sent_tags[0][2:], *sent_tags[1:]]
                for start, end, label in bio_spans(sent_words, sent_tags):
                    ents.append(Span(doc, start, end, label=label))
            doc.ents = ents


register("ruevents_ner", NERStage, assigns=["doc.ents"])
