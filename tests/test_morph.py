"""Morphology stage: slovnet UD tags, pymorphy3 lemmas that agree with them."""

from __future__ import annotations

import pytest

from ruevents.backends import pymorphy


@pytest.mark.parametrize(
    "word, pos, feats, lemma",
    [
        ("прибыл", "VERB", {"Tense": "Past", "Gender": "Masc"}, "прибыть"),
        ("стороны", "NOUN", {"Case": "Nom", "Number": "Plur"}, "сторона"),
        ("встречи", "NOUN", {"Case": "Gen", "Number": "Sing"}, "встреча"),
        ("Баку", "PROPN", {"Case": "Loc"}, "баку"),
        ("состоялась", "VERB", {"Gender": "Fem", "Tense": "Past"}, "состояться"),
        ("объединёнными", "ADJ", {"Case": "Ins", "Number": "Plur"}, "объединенный"),
        ("7", "NUM", {}, "7"),
        (",", "PUNCT", {}, ","),
    ],
)
def test_morph_lemma_agrees_with_tag(word, pos, feats, lemma):
    assert pymorphy.lemmatize(word, pos, feats) == lemma


def test_morph_stage_sets_pos_feats_lemmas(nlp):
    doc = nlp("Стороны обсудят вопросы военной деятельности.")
    by_text = {t.text: t for t in doc}
    assert by_text["Стороны"].pos_ == "NOUN"
    assert by_text["Стороны"].lemma_ == "сторона"
    assert by_text["обсудят"].pos_ == "VERB"
    assert by_text["обсудят"].lemma_ == "обсудить"
    assert by_text["военной"].morph.get("Case") == ["Gen"]
    assert by_text["."].pos_ == "PUNCT"


def test_morph_vocab_offers_natasha_interface():
    vocab = pymorphy.MorphVocab()
    forms = vocab("Павелом")
    assert forms[0].pos == "NOUN"
    assert forms[0].feats["Case"] == "Ins"
    assert forms[0].inflect({"Nom"}).word == "павел"
    assert vocab.lemmatize("встречи", "NOUN", {"Case": "Gen", "Number": "Sing"}) == "встреча"


def test_morph_never_imports_pymorphy2():
    import subprocess
    import sys

    code = "import sys, ruevents; ruevents.extract('Герасимов прибыл в Баку.'); print([m for m in sys.modules if m.startswith(('pymorphy2', 'natasha'))])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("word", ["𗀀", "@𗀀", "a𗀀б"])
def test_morph_words_pymorphy3_cannot_read_get_no_parses(word):
    # pymorphy3 raises ValueError from unicodedata.name on letters Python has no
    # name for (Tangut); found by tests/test_fuzz_extract.py
    assert pymorphy.parses(word) == ()
    assert pymorphy.lemmatize(word, "X", {}) == word.lower()


def test_morph_stage_reads_unnamed_letters(nlp):
    doc = nlp("Путин и 𗀀𗀁 встретились.")
    assert [t.lemma_ for t in doc if "𗀀" in t.text] == ["𗀀𗀁"]
