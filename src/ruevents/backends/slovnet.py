"""slovnet news models (morph, syntax, NER) with batched, length-sorted inference.

slovnet's own ``map()`` batches in input order and decodes heads by argmax.
Here sequences from many documents are sorted by length before batching (less
padding), the head scores are handed to a tree decoder so that every sentence
gets one well-formed tree, and results come back in input order.

The arithmetic is slovnet's, to the bit; only the data movement around it is
ours: word and shape ids are remembered per word, and the CNN encoder keeps
its activations as (batch, position, feature) instead of transposing them
twice per layer (:func:`cnn_encode`; tested against slovnet's own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
from navec import Navec
from threadpoolctl import ThreadpoolController
from slovnet import NER, Morph, Syntax
from slovnet.conll import parse_conll_tag
from slovnet.exec.mask import fill_masked
from slovnet.shape import word_shape

from .paths import EMBEDDING_FILE, MORPH_FILE, NER_FILE, SYNTAX_FILE, model_path

#: Sequences per model call.  Sorting by length keeps padding small; larger
#: batches stop paying off around here and cost memory.
DEFAULT_BATCH_SIZE = 64

Words = Sequence[str]


@lru_cache(maxsize=None)
def _thread_pools() -> ThreadpoolController:
    return ThreadpoolController()


def one_blas_thread():
    """A context in which numpy's BLAS uses one thread (restored after).

    slovnet's matrices are small: a second BLAS thread only spins against the
    other processes for the cores (on a shared 2-core machine, default
    threads made the chain three times slower).  Set here, around each model
    run, so that library callers get it without setting ``OMP_NUM_THREADS``.
    """
    return _thread_pools().limit(limits=1, user_api="blas")


@lru_cache(maxsize=None)
def embedding() -> Navec:
    return Navec.load(str(model_path(EMBEDDING_FILE)))


def _sharing_navec_words(api):
    """The model with its words vocabulary read from navec's own word list and
    index, when they are the same words (they are, for the news models).

    Each model pack carries its own copy of the 250,000 words and their index:
    about 40 MB a model.  Sharing navec's leaves one copy in the process.
    """
    navec_vocab = embedding().vocab
    words_vocab = api.infer.encoder.words_vocab
    if (words_vocab.items == navec_vocab.words and (words_vocab.unk_id, words_vocab.pad_id) == (navec_vocab.unk_id, navec_vocab.pad_id)):
        words_vocab.items, words_vocab.item_ids = navec_vocab.words, navec_vocab.word_ids
    return api


@lru_cache(maxsize=None)
def morph_model() -> Morph:
    return _sharing_navec_words(Morph.load(str(model_path(MORPH_FILE))).navec(embedding()))


@lru_cache(maxsize=None)
def syntax_model() -> Syntax:
    return _sharing_navec_words(Syntax.load(str(model_path(SYNTAX_FILE))).navec(embedding()))


@lru_cache(maxsize=None)
def ner_model() -> NER:
    return _sharing_navec_words(NER.load(str(model_path(NER_FILE))).navec(embedding()))


def length_sorted_batches(items: Sequence[Words], batch_size: int) -> list[list[int]]:
    """Indexes of ``items`` grouped into batches of similar length (empty items skipped)."""
    order = sorted((i for i, words in enumerate(items) if len(words)), key=lambda i: len(items[i]))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


@dataclass
class Inputs:
    """A batch as the models take it: ids padded to the longest sequence."""

    word_id: np.ndarray  # (batch, length), the words vocabulary's pad id after each sequence
    shape_id: np.ndarray
    pad_mask: np.ndarray  # True on padding


#: distinct words whose ids are remembered (then forgotten all at once: memory stays flat)
WORD_IDS_MEMORY = 50_000
# word -> (word id, shape id), one table per distinct pair of vocabularies: the
# three news models share theirs, so a word is looked up once for all three
_id_tables: list[tuple[list, list, dict[str, tuple[int, int]]]] = []
_id_table_of_encoder: dict[int, dict[str, tuple[int, int]]] = {}


def _ids_table(encoder) -> dict[str, tuple[int, int]]:
    table = _id_table_of_encoder.get(id(encoder))
    if table is None:
        words, shapes = encoder.words_vocab.items, encoder.shapes_vocab.items
        table = next((known for w, s, known in _id_tables if w == words and s == shapes), None)
        if table is None:
            table = {}
            _id_tables.append((words, shapes, table))
        _id_table_of_encoder[id(encoder)] = table  # the encoders live as long as the cached models
    return table


def _encode(api, batch: Sequence[Words]) -> Inputs:
    """slovnet's ``encoder.input([encoder.item(words) ...])``, with the ids of each word remembered."""
    encoder = api.infer.encoder
    words_vocab, shapes_vocab = encoder.words_vocab, encoder.shapes_vocab
    known = _ids_table(encoder)
    if len(known) >= WORD_IDS_MEMORY:
        known.clear()
    length = max(len(words) for words in batch)
    word_id = np.full((len(batch), length), words_vocab.pad_id)
    shape_id = np.full((len(batch), length), shapes_vocab.pad_id)
    for row, words in enumerate(batch):
        ids = []
        for word in words:
            pair = known.get(word)
            if pair is None:
                pair = known[word] = (words_vocab.encode(word.lower()), shapes_vocab.encode(word_shape(word)))
            ids.append(pair)
        if ids:
            word_id[row, : len(ids)], shape_id[row, : len(ids)] = zip(*ids)
    return Inputs(word_id, shape_id, word_id == words_vocab.pad_id)


def _convolve(conv, x: np.ndarray) -> np.ndarray:
    """slovnet's ``Conv1d`` on (batch, length, features) activations: the same
    windows matrix and product, without transposing in and out."""
    filters, in_dim, kernel = conv.weight.array.shape
    batch, length, _ = x.shape
    padded = np.zeros((batch, length + 2 * conv.padding, in_dim), dtype=x.dtype)
    padded[:, conv.padding : conv.padding + length] = x
    count = padded.shape[1] - kernel + 1
    windows = np.empty((batch, count, in_dim, kernel), dtype=x.dtype)
    for offset in range(kernel):
        windows[:, :, :, offset] = padded[:, offset : offset + count]
    weight = conv.weight.array.reshape(filters, in_dim * kernel)
    x = np.matmul(windows.reshape(batch * count, in_dim * kernel), weight.T) + conv.bias.array
    return x.reshape(batch, count, filters)


def _activate(layer, x: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
    """ReLU, then batch norm, then padding zeroed: the rest of a slovnet CNN layer."""
    norm = layer.norm
    x = x.clip(0)
    x = (x - norm.mean.array) / norm.std.array * norm.weight.array + norm.bias.array
    x[pad_mask] = 0
    return x


def cnn_encode(encoder, x: np.ndarray, pad_mask: np.ndarray, *, first_convolved: bool = False) -> np.ndarray:
    """slovnet's ``CNNEncoder`` (conv → ReLU → batch norm per layer, padding zeroed).

    ``x`` is (batch, length, features).  slovnet pads and transposes to
    (batch, features, length) and builds its convolution windows with a
    strided copy that costs half as much as the matrix product; here the
    windows are copied one kernel offset at a time from the untransposed
    activations.  The windows matrix, the product and every elementwise step
    are the same as slovnet's, so the result is identical.  With
    ``first_convolved`` ``x`` is already the first layer's convolution
    (:class:`FirstLayerProjections`).
    """
    for number, layer in enumerate(encoder.layers):
        if not (first_convolved and number == 0):
            x = _convolve(layer.conv, x)
        x = _activate(layer, x, pad_mask)
    return x


#: distinct words whose first-layer projections each model remembers (3 KB a
#: word and model; then forgotten all at once, so memory stays flat)
WORDS_PROJECTED = 8_000


class FirstLayerProjections:
    """The first convolution of a model's encoder, computed per word instead
    of per window.

    The convolution's input at a position is the word's navec vector and its
    shape's embedding, and it is linear: filter *f* at a window is the sum,
    over the kernel offsets *k*, of what the word at offset *k* contributes.
    That contribution depends on the word alone, so it is computed once per
    distinct word (a product with 300 × 768 weights) and once per shape, and a
    window adds three stored vectors instead of multiplying 990 inputs by 256
    filters: two thirds of the encoder's arithmetic and the navec decoding go.
    The sums are slovnet's up to the order of float32 additions (differences
    around 1e-6; the tags are the same: tested against slovnet's own models).
    """

    def __init__(self, model, capacity: int = WORDS_PROJECTED) -> None:
        conv = model.encoder.layers[0].conv
        filters, in_dim, kernel = conv.weight.array.shape
        if kernel != 2 * conv.padding + 1:
            raise ValueError(f"expected a first convolution that keeps the length (kernel 2 * padding + 1), got kernel {kernel}, padding {conv.padding}")
        word_dim = model.emb.word.dim
        # (input feature, kernel offset × filter): column k * filters + f is filter f at offset k
        by_input = conv.weight.array.transpose(1, 2, 0).reshape(in_dim, kernel * filters)
        self.word_weight = np.ascontiguousarray(by_input[:word_dim])
        self.shape_projections = model.emb.shape.weight.array @ by_input[word_dim:]
        self.kernel, self.filters, self.padding = kernel, filters, conv.padding
        self.bias = conv.bias.array
        self.capacity = capacity
        self.row_of: dict[int, int] = {}  # word id -> row of ``table``
        self.table = np.empty((capacity, kernel * filters), dtype=self.word_weight.dtype)
        self._word_embedding = model.emb.word

    def _project(self, word_ids: np.ndarray) -> np.ndarray:
        return self._word_embedding(word_ids) @ self.word_weight

    def _word_rows(self, unique: np.ndarray) -> np.ndarray | None:
        """Rows of ``table`` for the distinct word ids of a batch, projecting
        the new ones; None when the batch alone has more words than fit."""
        if len(unique) > self.capacity:
            return None
        rows = np.fromiter((self.row_of.get(w, -1) for w in unique.tolist()), dtype=np.int64, count=len(unique))
        new = rows < 0
        if new.any():
            if len(self.row_of) + int(new.sum()) > self.capacity:
                self.row_of.clear()  # start again with this batch's words
                new[:] = True
            start = len(self.row_of)
            positions = np.arange(start, start + int(new.sum()))
            self.table[positions] = self._project(unique[new])
            self.row_of.update(zip(unique[new].tolist(), positions.tolist()))
            rows[new] = positions
        return rows

    def __call__(self, word_id: np.ndarray, shape_id: np.ndarray) -> np.ndarray:
        """The first layer's convolution (before ReLU) for a batch of ids: (batch, length, filters)."""
        batch, length = word_id.shape
        unique, inverse = np.unique(word_id, return_inverse=True)
        rows = self._word_rows(unique)
        per_word = self.table[rows] if rows is not None else self._project(unique)
        contributions = per_word[inverse.reshape(-1)] + self.shape_projections[shape_id.reshape(-1)]
        contributions = contributions.reshape(batch, length, self.kernel, self.filters)
        # the window at t holds the words at t + offset - padding (zero padding outside)
        out = np.broadcast_to(self.bias, (batch, length, self.filters)).copy()
        for offset in range(self.kernel):
            shift = offset - self.padding
            if shift < 0:
                out[:, -shift:] += contributions[:, : length + shift, offset]
            elif shift > 0:
                out[:, : length - shift] += contributions[:, shift:, offset]
            else:
                out += contributions[:, :, offset]
        return out


_projections: dict[int, FirstLayerProjections] = {}


def first_layer(model) -> FirstLayerProjections:
    """The first-layer projections of a loaded model (made once; the models are cached too)."""
    found = _projections.get(id(model))
    if found is None:
        found = _projections[id(model)] = FirstLayerProjections(model)
    return found


def _hidden(model, inputs: Inputs) -> np.ndarray:
    """The encoder's output for a batch: (batch, length, features)."""
    convolved = first_layer(model)(inputs.word_id, inputs.shape_id)
    return cnn_encode(model.encoder, convolved, inputs.pad_mask, first_convolved=True)


@dataclass(frozen=True)
class MorphTag:
    """One of the morph model's tags: UD POS and features.

    The model has a few hundred tags; each is decoded once and shared by every
    word tagged with it (do not change ``feats``).  Tags compare and hash by
    their CoNLL string, so stages can cache per tag.
    """

    pos: str
    feats: dict[str, str] = field(compare=False)
    conll: str  # «NOUN|Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing»: what tags compare by


@lru_cache(maxsize=None)
def morph_tags() -> tuple[MorphTag, ...]:
    """Every tag of the morph model, decoded, by tag id."""
    items = morph_model().infer.decoder.tags_vocab.items
    return tuple(MorphTag(*parse_conll_tag(item), conll=item) for item in items)


def tag_morph(sentences: Sequence[Words], *, batch_size: int = DEFAULT_BATCH_SIZE) -> list[list[MorphTag]]:
    """UD POS and features for every word of every sentence."""
    api = morph_model()
    model, tags_by_id = api.infer.model, morph_tags()
    results: list[list[MorphTag]] = [[] for _ in sentences]
    with one_blas_thread():
        for batch in length_sorted_batches(sentences, batch_size):
            inputs = _encode(api, [sentences[i] for i in batch])
            pred = model.head.decode(model.head(_hidden(model, inputs)))
            for row, index in enumerate(batch):
                results[index] = [tags_by_id[t] for t in pred[row, : len(sentences[index])].tolist()]
    return results


TreeDecoder = Callable[[Sequence[np.ndarray]], Sequence[np.ndarray]]

#: scores are compared at this precision: a sentence's float32 scores differ
#: by up to ~2e-5 with the batch it is computed in (array shapes change the
#: order of the sums), which must not flip a near-tie between two heads
#: («Путин встретился с Путиным в Москве» repeated: two equally good trees)
SCORE_DECIMALS = 4


def parse_syntax(
    sentences: Sequence[Words], decode_trees: TreeDecoder, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> list[tuple[list[int], list[str]]]:
    """Heads (1-based, 0 = root) and relations for every sentence.

    ``decode_trees`` turns the (n, n+1) head score matrices of a batch's
    sentences into their heads (all at once, so that a decoder can share work
    between them); relations are then predicted for those heads, as slovnet
    does for its argmax.
    """
    api = syntax_model()
    model, decode_rel = api.infer.model, api.infer.decoder.rels_vocab.decode
    results: list[tuple[list[int], list[str]]] = [([], []) for _ in sentences]
    with one_blas_thread():
        for batch in length_sorted_batches(sentences, batch_size):
            inputs = _encode(api, [sentences[i] for i in batch])
            hidden = _hidden(model, inputs)
            head_scores = model.head(hidden)
            heads = np.zeros(inputs.word_id.shape, dtype=np.int64)
            lengths = [len(sentences[index]) for index in batch]
            decoded = decode_trees([np.round(head_scores[row, :n, : n + 1], SCORE_DECIMALS) for row, n in enumerate(lengths)])
            for row, (n, sentence_heads) in enumerate(zip(lengths, decoded)):
                heads[row, :n] = sentence_heads
            rel_scores = np.round(model.rel(hidden, heads), SCORE_DECIMALS)
            mask = ~inputs.pad_mask
            rel_ids = fill_masked(rel_scores, ~mask[..., None], rel_scores.min()).argmax(-1)
            for row, index in enumerate(batch):
                n = len(sentences[index])
                results[index] = (heads[row, :n].tolist(), [decode_rel(r) for r in rel_ids[row, :n]])
    return results


def argmax_heads(matrices: Sequence[np.ndarray]) -> list[np.ndarray]:
    """slovnet's own decoding: the best head per token, no tree constraint."""
    return [scores.argmax(-1) for scores in matrices]


def tag_ner(sequences: Sequence[Words], *, batch_size: int = DEFAULT_BATCH_SIZE) -> list[list[str]]:
    """BIO tags (``B-PER``, ``I-ORG``, ``O``...) for every word."""
    api = ner_model()
    model, decode_tag = api.infer.model, api.infer.decoder.tags_vocab.decode
    results: list[list[str]] = [[] for _ in sequences]
    with one_blas_thread():
        for batch in length_sorted_batches(sequences, batch_size):
            inputs = _encode(api, [sequences[i] for i in batch])
            emissions = model.head(_hidden(model, inputs))
            paths = model.head.crf.decode(emissions, ~inputs.pad_mask)
            for row, index in enumerate(batch):
                results[index] = [decode_tag(t) for t in paths[row][: len(sequences[index])]]
    return results
