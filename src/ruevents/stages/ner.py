"""Named entities: slovnet news NER (PER, ORG, LOC) into ``doc.ents``.

The model sees a few consecutive sentences at a time (up to
:data:`GROUP_WORDS` words) with a few words of their neighbours on each side:
its CNN looks only a few words either way, so this reproduces whole-document
tagging (without the context, sentence-initial words such as «Американцы»
come out as entities) while keeping batches short and memory bounded on very
long documents.  Spans are read per sentence, so none crosses a sentence end.
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
#: Consecutive sentences of a document are tagged together, up to this many
#: words: the model sees their neighbours whole, and the context words on each
#: side are paid once per group rather than once per sentence.
GROUP_WORDS = 100


def sentence_groups(sentences: list, *, limit: int = GROUP_WORDS) -> list[tuple[int, int]]:
    """``(first, last + 1)`` sentence indexes of consecutive sentences with at
    most ``limit`` words together (a longer sentence is a group of its own)."""
    groups: list[tuple[int, int]] = []
    first, words = 0, 0
    for i, sent in enumerate(sentences):
        if i > first and words + len(sent.words) > limit:
            groups.append((first, i))
            first, words = i, 0
        words += len(sent.words)
    if sentences:
        groups.append((first, len(sentences)))
    return groups


class NERStage(BatchedStage):
    def process(self, docs: list[Doc]) -> None:
        per_doc = [model_sentences(doc) for doc in docs]
        windows: list[list[str]] = []
        # per sentence: (its window, where it starts in the window)
        placed: list[tuple[int, int]] = []
        for sents in per_doc:
            flat = [word for sent in sents for word in sent.words]
            starts = []
            position = 0
            for sent in sents:
                starts.append(position)
                position += len(sent.words)
            for first, last in sentence_groups(sents):
                begin = starts[first]
                end = starts[last - 1] + len(sents[last - 1].words)
                start = max(0, begin - CONTEXT_WORDS)
                for i in range(first, last):
                    placed.append((len(windows), starts[i] - start))
                windows.append(flat[start : end + CONTEXT_WORDS])
        window_tags = slovnet.tag_ner(windows)
        tags = iter(placed)
        for doc, sents in zip(docs, per_doc):
            ents = []
            for sent, (window, offset) in zip(sents, tags):
                sent_tags = window_tags[window][offset : offset + len(sent.words)]
                if sent_tags and sent_tags[0].startswith("I-"):
                    sent_tags = ["B-" + sent_tags[0][2:], *sent_tags[1:]]
                for start, end, label in bio_spans(sent.indexes, sent_tags):
                    ents.append(Span(doc, start, end, label=label))
            doc.ents = ents


register("ruevents_ner", NERStage, assigns=["doc.ents"])
