"""Which tokens a coreference pass needs to look at, read from the Doc's columns,
and the Doc's tokens, tree and sentences as Python lists (:class:`TokenTable`).

Each pass looks for a few words (titles, «столица», «ведомство»…): iterating
the Doc makes a ``Token`` object of every token, passes after pass.  Here the
lemma column is searched for a pass's words with numpy, and a pass gets only
the tokens with its words.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from typing import Iterable, Sequence

import numpy
from spacy.attrs import DEP, ENT_IOB, HEAD, IDX, LEMMA, MORPH, ORTH, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

#: ``doc.user_data`` key of the Doc's :class:`TokenTable`
TOKEN_TABLE = "ruevents.token_table"


class TableToken(Token):
    """A ``Token`` of the token table with its word, lemma, part of speech,
    relation and head read from the Doc's columns into slots of its own (its
    head is the table's token), its children (:func:`children`), and its
    position and Doc.

    The rules read these of the same tokens again and again (each trigger of
    a sentence walks its tree anew), and spaCy makes a new string or token
    for each read (200–400 ns, against some 30 from a slot); even ``i`` and
    ``doc``, read most of all, go through a Cython property (a new int for
    ``i``).  They do not change after the parser, before the coreference
    stage makes the table.
    A slot stands before spaCy's attribute of the same name: setting one
    changes the token, not the Doc (no rule sets them).
    """

    __slots__ = ("i", "doc", "text", "lemma_", "pos_", "dep_", "head", "child_tokens")


#: the Doc's columns the table reads, in this order
_COLUMNS = [HEAD, ORTH, LEMMA, POS, DEP, MORPH, IDX, ENT_IOB]

#: spaCy's number of a part of speech → its name, ``token.pos_``, indexed by a POS column
_POS_STRINGS = numpy.array([sys.intern(POS_NAMES.get(number, "")) for number in range(max(POS_NAMES) + 1)], dtype=object)

#: spaCy hash → its string, for the columns of the token tables (the hash is
#: the text's: it stays right when a memory zone frees the string)
_STRINGS: dict[int, str] = {}
#: the number of strings remembered
STRINGS_MEMORY = 200_000


def _column_strings(doc: Doc, column: list[int]) -> Sequence[str]:
    """The strings of a column of spaCy hashes, looked up in one call of
    ``itemgetter`` (``map`` makes a call per token)."""
    if len(column) < 2:  # ``itemgetter`` of one key gives the string itself, of none fails
        return [doc.vocab.strings[key] for key in column]
    known = _STRINGS
    try:
        return itemgetter(*column)(known)
    except KeyError:  # words not met before
        if len(known) >= STRINGS_MEMORY:
            known.clear()
        strings = doc.vocab.strings
        for key in set(column).difference(known):
            # interned: the rules compare these with the words of their lexicons and
            # tuples («NOUN», «nsubj»), and equal strings that are one object compare at once
            known[key] = sys.intern(strings[key])
        return itemgetter(*column)(known)


class TokenTable:
    """The Doc's tokens, their children and sentences, made once per Doc for
    the rules that walk the tree.

    spaCy makes a new ``Token`` for every ``doc[i]`` and every child that
    ``token.children`` yields (a few microseconds each), and ``token.sent``
    walks the sentence to make a new ``Span`` (tens of microseconds); the
    coreference and event rules ask for them thousands of times per document.
    Tokens are views of the Doc, so the ones made here (:class:`TableToken`)
    serve every rule, and the tree, the sentences and the morphology do not
    change after their stages.  The children of a token are in text order, as ``token.children``
    yields them.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        count = len(doc)
        vocab = doc.vocab
        self.tokens: list[Token] = list(map(TableToken, repeat(vocab, count), repeat(doc, count), range(count)))
        # one call for every column the table and its helpers read: spaCy's cost is per token and column
        columns = doc.to_array(_COLUMNS) if count else numpy.zeros((0, len(_COLUMNS)), dtype="uint64")
        # HEAD is a signed offset stored in an unsigned column; a token without a head heads itself
        heads = (columns[:, 0].astype("int64") + numpy.arange(count, dtype="int64")).tolist()
        texts = _column_strings(doc, columns[:, 1].tolist())
        lemmas = _column_strings(doc, columns[:, 2].tolist())
        parts = _POS_STRINGS[columns[:, 3]].tolist()
        relations = _column_strings(doc, columns[:, 4].tolist())
        #: token index → its children in text order, for the tokens that have some (many are leaves)
        self.children: dict[int, list[Token]] = {}
        children = self.children
        tokens = self.tokens
        for i, (token, head, text, lemma, part, relation) in enumerate(zip(tokens, heads, texts, lemmas, parts, relations)):
            token.i = i
            token.doc = doc
            token.text = text
            token.lemma_ = lemma
            token.pos_ = part
            token.dep_ = relation
            token.child_tokens = NO_CHILDREN  # the tokens with children get theirs below
            if head == i:
                # a root is its own head: spaCy's token for it, as the table's would hold
                # itself and wait for the garbage collector when the table goes
                token.head = doc[i]
                continue
            token.head = tokens[head]
            if head in children:
                children[head].append(token)
            else:
                children[head] = [token]
        for head, below in children.items():
            tokens[head].child_tokens = below
        #: token index → its chain of controlling predicates, for ``events.syntax.controllers``
        self.controller_chains: dict[int, list[Token]] = {}
        #: token index → its title phrase's tokens, for ``coref.phrase._title_subtree``
        self.title_subtrees: dict[int, list[Token]] = {}
        #: end of a sentence → the last character of its text, for ``confidence``
        self.last_characters: dict[int, str] = {}
        #: spaCy hash of each token's morphology, the key of :func:`morph_values`
        self.morph_keys: list[int] = columns[:, 5].tolist()
        self.sentences: list[Span] | None = None
        self.sentence_of: list[int] = []
        if count and doc.has_annotation("SENT_START"):
            self.sentences = list(doc.sents)
            for number, sent in enumerate(self.sentences):
                self.sentence_of += [number] * (sent.end - sent.start)
        # token character offsets, made into lists when :meth:`span_of_chars` is first asked
        self._idx_column = columns[:, 6]
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        #: spaCy's IOB code of each token's entity, for :func:`capitalised_words_outside_entities`
        self.ent_iob_column = columns[:, 7]
        #: spaCy hash of each token's lemma; word list → :func:`positions_with_lemma`
        self.lemma_column = numpy.ascontiguousarray(columns[:, 2])
        #: spaCy's number of each token's part of speech and hash of its morphology, for ``events.triggers.trigger_starts``
        self.pos_column = numpy.ascontiguousarray(columns[:, 3])
        self.morph_column = numpy.ascontiguousarray(columns[:, 5])
        self.positions_of_lemmas: dict[frozenset[str], list[int]] = {}

    def span_of_chars(self, start: int, end: int, label: str | int = 0) -> Span | None:
        """``doc.char_span(start, end, label=label, alignment_mode="expand")``,
        found by bisecting the token offsets (spaCy makes Token objects to
        compare offsets, a few microseconds a mention)."""
        bounds = self.bounds_of_chars(start, end)
        if bounds is None:
            return None
        first, end = bounds  # not ``*bounds``: a call with a starred argument and a keyword builds a tuple and a dict
        return Span(self.doc, first, end, label=label)

    def bounds_of_chars(self, start: int, end: int) -> tuple[int, int] | None:
        """The start and end token of :meth:`span_of_chars`, for the rules
        that need no ``Span`` (spaCy makes three ``Token`` objects for one)."""
        if self._starts is None:
            self._starts = self._idx_column.tolist()
            if self._starts:
                # a token owns its characters and the whitespace after it, up to where the next one starts
                last = self.tokens[-1]
                self._ends = [*self._starts[1:], self._starts[-1] + len(last.text) + len(last.whitespace_)]
        starts, ends = self._starts, self._ends
        # the tokens whose text or trailing whitespace holds the first and the last character
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end - 1) - 1
        if first < 0 or last < 0 or start >= ends[first] or end - 1 >= ends[last]:
            return None
        if start == starts[first] + len(self.tokens[first].text):
            first += 1  # the whitespace after a token is not part of it
        return first, last + 1

    def __reduce__(self):
        # Tokens cannot be pickled or deep-copied: a copied Doc (``doc.copy()``,
        # pickling) goes without the table and makes its own on first use
        return (_no_table, ())


def _no_table() -> None:
    return None


def token_table(doc: Doc) -> TokenTable:
    """The Doc's :class:`TokenTable`, made on first use."""
    table = doc.user_data.get(TOKEN_TABLE)
    if table is None or table.doc is not doc:  # a copied Doc carries its original's
        table = doc.user_data[TOKEN_TABLE] = TokenTable(doc)
    return table


def span_of_chars(doc: Doc, start: int, end: int, label: str | int = 0) -> Span | None:
    """``doc.char_span(start, end, label=label, alignment_mode="expand")``, from the token table."""
    return token_table(doc).span_of_chars(start, end, label)


def drop_token_table(doc: Doc) -> None:
    """Forget the Doc's table (the next rule to ask makes a new one).

    Its tokens hold their heads and their heads hold them as children: the
    lists of children are emptied here (one direction of each link is enough),
    so that the table goes when the last reference to it does, instead of
    waiting as cyclic garbage for the collector to walk."""
    table = doc.user_data.pop(TOKEN_TABLE, None)
    if table is not None:
        for below in table.children.values():
            below.clear()


#: the children of a leaf
NO_CHILDREN: tuple[Token, ...] = ()


def children(token: Token) -> Sequence[Token]:
    """``list(token.children)`` without making new tokens; the list is shared: do not change it."""
    if type(token) is TableToken:  # most are
        return token.child_tokens
    # :func:`token_table` spelt out: the rules ask this of tens of thousands of tokens per batch
    doc = token.doc
    table = doc.user_data.get(TOKEN_TABLE)
    if table is None or table.doc is not doc:
        table = token_table(doc)
    return table.children.get(token.i, NO_CHILDREN)


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, made once; the list is shared: do not change it."""
    found = token_table(doc).sentences
    return found if found is not None else list(doc.sents)


def sentence(token: Token) -> Span:
    """``token.sent`` without walking the sentence."""
    table = token_table(token.doc)
    if table.sentences is None:
        return token.sent
    return table.sentences[table.sentence_of[token.i]]


def sentence_tokens(token: Token) -> list[Token]:
    """The tokens of ``token.sent``, in order."""
    sent = sentence(token)
    return token_table(token.doc).tokens[sent.start : sent.end]


def subtree(token: Token) -> list[Token]:
    """``list(token.subtree)``, in its order: the left children's subtrees, the token, the right children's."""
    below = token_table(token.doc).children
    found: list[Token] = []
    # a stack, not a nested function calling itself: that function would be a
    # reference cycle holding the table and its Doc until the collector runs
    stack: list[tuple[Token, bool]] = [(token, False)]  # (node, whether its left side is done)
    while stack:
        node, left_done = stack.pop()
        if left_done:
            found.append(node)
            continue
        kids = below.get(node.i, NO_CHILDREN)
        # pushed in the reverse of the reading order: the right subtrees, the node, the left subtrees
        for child in reversed(kids):
            if child.i > node.i:
                stack.append((child, False))
        stack.append((node, True))
        for child in reversed(kids):
            if child.i < node.i:
                stack.append((child, False))
    return found


#: field → spaCy hash of a morphology → its values, as ``token.morph.get(field)`` gives them
_MORPH_VALUES: dict[str, dict[int, list[str]]] = {}
#: the number of morphologies remembered per field: a tagger's few thousand tags
MORPH_MEMORY = 20_000


def morph_values(token: Token, field: str) -> list[str]:
    """``token.morph.get(field)``, remembered per morphology (spaCy parses the
    feature string anew on each call)."""
    doc = token.doc
    table = doc.user_data.get(TOKEN_TABLE)  # :func:`token_table` spelt out, as in :func:`children`
    if table is None or table.doc is not doc:
        table = token_table(doc)
    # a dict per field, not one keyed by (morphology, field): no key tuple to make per call
    known = _MORPH_VALUES.get(field)
    if known is None:
        known = _MORPH_VALUES[field] = {}
    key = table.morph_keys[token.i]
    values = known.get(key)
    if values is None:
        if len(known) >= MORPH_MEMORY:
            known.clear()
        values = known[key] = token.morph.get(field)
    return list(values)


#: spaCy's code of "outside any entity" in the ENT_IOB column
OUTSIDE = 2
#: spaCy's hash of the label of people's entities: ``ent.label`` is compared without looking up its string
PERSON = hash_string("PER")


@lru_cache(maxsize=64)
def _sorted_hashes(lemmas: frozenset[str]) -> numpy.ndarray:
    return numpy.array(sorted({hash_string(lemma) for lemma in lemmas}), dtype="uint64")


def positions_with_lemma(doc: Doc, lemmas: frozenset[str]) -> list[int]:
    """The positions of the tokens whose lemma is one of ``lemmas``, in text
    order: the lemma column searched in the sorted hashes of the words, with
    numpy; remembered per Doc and word list (the title rules ask at every
    name).  The list is shared: do not change it."""
    table = token_table(doc)
    found = table.positions_of_lemmas.get(lemmas)
    if found is None:
        wanted = _sorted_hashes(lemmas)
        column = table.lemma_column
        if len(wanted) and len(column):
            at = numpy.minimum(numpy.searchsorted(wanted, column), len(wanted) - 1)
            found = numpy.flatnonzero(wanted[at] == column).tolist()
        else:
            found = []
        table.positions_of_lemmas[lemmas] = found
    return found


def tokens_with_lemma(doc: Doc, lemmas: Iterable[str]) -> list[Token]:
    """The tokens whose lemma is one of ``lemmas``, in text order."""
    tokens = token_table(doc).tokens
    return [tokens[i] for i in positions_with_lemma(doc, lemmas if isinstance(lemmas, frozenset) else frozenset(lemmas))]


def capitalised_words_outside_entities(doc: Doc) -> list[Token]:
    """Tokens of letters only, outside the NER's entities, written with a capital first letter."""
    table = token_table(doc)
    tokens = table.tokens
    found = []
    for i in numpy.flatnonzero(table.ent_iob_column == OUTSIDE).tolist():
        token = tokens[i]
        # the capital first, from the token's text: most words are not capitalised
        if token.text[:1].isupper() and token.is_alpha:
            found.append(token)
    return found
