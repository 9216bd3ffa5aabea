"""Syntax stage: slovnet dependencies decoded into one well-formed tree per sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from ruevents.backends import slovnet
from ruevents.stages.tokenize import model_words
from ruevents.tree import is_projective, is_well_formed


def sentence_heads(sent) -> list[int]:
    """1-based heads (0 = root) of the sentence's words, whitespace tokens left out."""
    words = model_words(sent)
    index = {t.i: n for n, t in enumerate(words, 1)}
    return [0 if t.head.i == t.i else index[t.head.i] for t in words]


def assert_trees(doc) -> None:
    for sent in doc.sents:
        roots = [t for t in sent if t.head.i == t.i]
        assert len(roots) == 1, f"{len(roots)} roots in {sent.text!r}"
        assert roots[0].dep_ == "root" or roots[0].is_space
        for token in sent:
            assert sent.start <= token.head.i < sent.end, f"head outside sentence for {token.text!r}"
        if model_words(sent):
            heads = sentence_heads(sent)
            assert is_well_formed(heads)
            assert is_projective(heads), f"crossing arcs in {sent.text!r}"  # the parse is decoded projective


def test_syntax_heads_and_relations(nlp):
    doc = nlp("Валерий Герасимов прибыл в Баку.")
    by_text = {t.text: t for t in doc}
    assert by_text["прибыл"].dep_ == "root"
    assert by_text["Герасимов"].head.text == "прибыл" or by_text["Валерий"].head.text == "прибыл"
    assert by_text["Баку"].head.text == "прибыл"
    assert by_text["Баку"].dep_ == "obl"
    assert by_text["в"].head.text == "Баку"
    assert_trees(doc)


def test_syntax_sentences_stay_razdel_sentences(nlp):
    text = "Первое предложение здесь.\n\nВторое идёт следом. А третье — последнее!"
    doc = nlp(text)
    assert len(list(doc.sents)) == 3
    assert_trees(doc)


def _corpus_texts(shared_dir: Path, limit: int) -> list[str]:
    folders = [shared_dir / "corpora" / "factrueval-2016" / "devset", shared_dir / "corpora" / "nerel-1.1" / "dev"]
    files = [f for folder in folders if folder.is_dir() for f in sorted(folder.glob("*.txt"))]
    if not files:
        pytest.skip("no corpus texts under ../shared/corpora")
    return [f.read_text(encoding="utf-8") for f in files[:limit]]


def test_syntax_every_sentence_of_a_real_corpus_is_one_tree(nlp, shared_dir):
    texts = _corpus_texts(shared_dir, limit=400)
    sentences = malformed_by_argmax = 0
    for doc in nlp.pipe(texts, batch_size=16):
        assert_trees(doc)
        words = [[t.text for t in model_words(s)] for s in doc.sents]
        words = [w for w in words if w]
        sentences += len(words)
        for heads, _ in slovnet.parse_syntax(words, slovnet.argmax_heads):
            malformed_by_argmax += not is_well_formed(heads)
    # the test is only meaningful if slovnet's argmax really breaks trees here
    assert sentences > 1000
    assert malformed_by_argmax / sentences > 0.05, (malformed_by_argmax, sentences)


def test_syntax_argmax_path_matches_slovnet_own_parser():
    """Our batched inference with argmax decoding reproduces slovnet's ``map()``."""
    from slovnet import Syntax

    from ruevents.backends.paths import SYNTAX_FILE, model_path

    sentences = [
        ["Валерий", "Герасимов", "прибыл", "в", "Баку", "."],
        ["Стороны", "обсудят", "вопросы", "военной", "деятельности", "НАТО", "и", "России", "."],
        ["Привет"],
    ]
    reference = Syntax.load(str(model_path(SYNTAX_FILE))).navec(slovnet.embedding())
    expected = [([int(t.head_id) for t in m.tokens], [t.rel for t in m.tokens]) for m in reference.map(sentences)]
    assert slovnet.parse_syntax(sentences, slovnet.argmax_heads, batch_size=2) == expected


def test_syntax_whitespace_hangs_on_the_word_before_it():
    # hand-built Doc, no model: each whitespace token's head is the word before it
    # in its sentence, or the sentence's first word when none comes before
    import spacy
    from spacy.tokens import Doc

    from ruevents.stages.syntax import attach_whitespace

    words = ["\n", "Первое", "\n\n", "слово", "\t", ".", "Второе", "\n"]
    doc = Doc(spacy.blank("ru").vocab, words=words, spaces=[False] * len(words),
              sent_starts=[True, False, False, False, False, False, True, False])
    heads = list(range(len(doc)))
    attach_whitespace(doc, heads)
    assert heads == [1, 1, 1, 3, 3, 5, 6, 6]
