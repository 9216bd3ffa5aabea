"""slovnet news models (morph, syntax, NER) with batched, length-sorted inference.

slovnet's own ``map()`` batches in input order and decodes heads by argmax.
Here sequences from many documents are sorted by length before batching (less
padding), the head scores are handed to a tree decoder so that every sentence
gets one well-formed tree, and results come back in input order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
from navec import Navec
from slovnet import NER, Morph, Syntax
from slovnet.conll import parse_conll_tag
from slovnet.exec.mask import fill_masked

from .paths import EMBEDDING_FILE, MORPH_FILE, NER_FILE, SYNTAX_FILE, model_path

#: Sequences per model call.  Sorting by length keeps padding small; larger
#: batches stop paying off around here and cost memory.
DEFAULT_BATCH_SIZE = 64

Words = Sequence[str]


@lru_cache(maxsize=None)
def embedding() -> Navec:
    return Navec.load(str(model_path(EMBEDDING_FILE)))


@lru_cache(maxsize=None)
def morph_model() -> Morph:
    return Morph.load(str(model_path(MORPH_FILE))).navec(embedding())


@lru_cache(maxsize=None)
def syntax_model() -> Syntax:
    return Syntax.load(str(model_path(SYNTAX_FILE))).navec(embedding())


@lru_cache(maxsize=None)
def ner_model() -> NER:
    return NER.load(str(model_path(NER_FILE))).navec(embedding())


def length_sorted_batches(items: Sequence[Words], batch_size: int) -> list[list[int]]:
    """Indexes of ``items`` grouped into batches of similar length (empty items skipped)."""
    order = sorted((i for i, words in enumerate(items) if len(words)), key=lambda i: len(items[i]))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def _encode(api, batch: Sequence[Words]):
    encoder = api.infer.encoder
    return encoder.input([encoder.item(words) for words in batch])


@dataclass(frozen=True)
class MorphTag:
    pos: str
    feats: dict[str, str]


def tag_morph(sentences: Sequence[Words], *, batch_size: int = DEFAULT_BATCH_SIZE) -> list[list[MorphTag]]:
    """UD POS and features for every word of every sentence."""
    api = morph_model()
    model, decode_tag = api.infer.model, api.infer.decoder.tags_vocab.decode
    results: list[list[MorphTag]] = [[] for _ in sentences]
    for batch in length_sorted_batches(sentences, batch_size):
        inputs = _encode(api, [sentences[i] for i in batch])
        pred = model.head.decode(model(inputs.word_id, inputs.shape_id, inputs.pad_mask))
        for row, index in enumerate(batch):
            tags = pred[row, : len(sentences[index])]
            results[index] = [MorphTag(*parse_conll_tag(decode_tag(t))) for t in tags]
    return results


TreeDecoder = Callable[[np.ndarray], np.ndarray]


def parse_syntax(
    sentences: Sequence[Words], decode_tree: TreeDecoder, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> list[tuple[list[int], list[str]]]:
    """Heads (1-based, 0 = root) and relations for every sentence.

    ``decode_tree`` turns one sentence's (n, n+1) head score matrix into heads;
    relations are then predicted for those heads, as slovnet does for its argmax.
    """
    api = syntax_model()
    model, decode_rel = api.infer.model, api.infer.decoder.rels_vocab.decode
    results: list[tuple[list[int], list[str]]] = [([], []) for _ in sentences]
    for batch in length_sorted_batches(sentences, batch_size):
        inputs = _encode(api, [sentences[i] for i in batch])
        hidden = model.encoder(model.emb(inputs.word_id, inputs.shape_id), inputs.pad_mask)
        head_scores = model.head(hidden)
        heads = np.zeros(inputs.word_id.shape, dtype=np.int64)
        for row, index in enumerate(batch):
            n = len(sentences[index])
            heads[row, :n] = decode_tree(head_scores[row, :n, : n + 1])
        rel_scores = model.rel(hidden, heads)
        mask = ~inputs.pad_mask
        rel_ids = fill_masked(rel_scores, ~mask[..., None], rel_scores.min()).argmax(-1)
        for row, index in enumerate(batch):
            n = len(sentences[index])
            results[index] = (heads[row, :n].tolist(), [decode_rel(r) for r in rel_ids[row, :n]])
    return results


def argmax_heads(scores: np.ndarray) -> np.ndarray:
    """slovnet's own decoding: the best head per token, no tree constraint."""
    return scores.argmax(-1)


def tag_ner(sequences: Sequence[Words], *, batch_size: int = DEFAULT_BATCH_SIZE) -> list[list[str]]:
    """BIO tags (``B-PER``, ``I-ORG``, ``O``...) for every word."""
    api = ner_model()
    model, decode_tag = api.infer.model, api.infer.decoder.tags_vocab.decode
    results: list[list[str]] = [[] for _ in sequences]
    for batch in length_sorted_batches(sequences, batch_size):
        inputs = _encode(api, [sequences[i] for i in batch])
        emissions = model(inputs.word_id, inputs.shape_id, inputs.pad_mask)
        paths = model.head.crf.decode(emissions, ~inputs.pad_mask)
        for row, index in enumerate(batch):
            results[index] = [decode_tag(t) for t in paths[row][: len(sequences[index])]]
    return results
