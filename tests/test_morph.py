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


def test_morph_whitespace_tokens_are_space_with_their_text_as_lemma(nlp):
    doc = nlp("Стороны  обсудят\n\nвопросы.")
    spaces = [t for t in doc if t.is_space]
    assert spaces and all(t.pos_ == "SPACE" and t.lemma_ == t.text and not str(t.morph) for t in spaces)
    assert [t.pos_ for t in doc if not t.is_space] == ["NOUN", "VERB", "NOUN", "PUNCT"]


def test_morph_batched_tags_match_slovnet_own_tagger():
    """Our inference (cached ids, our CNN data layout, tags decoded once) gives slovnet's tags."""
    from slovnet import Morph

    from ruevents.backends import slovnet
    from ruevents.backends.paths import MORPH_FILE, model_path

    sentences = [
        ["Валерий", "Герасимов", "прибыл", "в", "Баку", "."],
        ["Стороны", "обсудят", "вопросы", "военной", "деятельности", "НАТО", "и", "России", "."],
        ["Привет"],
        ["Стороны", "обсудят", "вопросы", "."],
    ]
    reference = Morph.load(str(model_path(MORPH_FILE))).navec(slovnet.embedding())
    expected = [[(t.pos, t.feats) for t in markup.tokens] for markup in reference.map(sentences)]
    got = slovnet.tag_morph(sentences, batch_size=2)
    assert [[(tag.pos, tag.feats) for tag in tags] for tags in got] == expected
    # one object per model tag: the stages cache per tag
    assert got[1][0] is got[3][0]


def test_morph_parses_are_shared_across_letter_case():
    assert pymorphy.parses("Стороны") is pymorphy.parses("стороны")
    assert pymorphy.parses("СТОРОНЫ")[0].normal_form == "сторона"


def test_morph_lemmatize_same_answer_whatever_the_order_of_features():
    feats = {"Case": "Nom", "Number": "Plur", "Gender": "Fem"}
    assert pymorphy.lemmatize("стороны", "NOUN", feats) == "сторона"
    assert pymorphy.lemmatize("стороны", "NOUN", dict(reversed(feats.items()))) == "сторона"
    assert pymorphy.lemmatize("стороны", "NOUN", {"Case": "Gen", "Number": "Sing"}) == "сторона"
    assert pymorphy.lemmatize("стороны", "VERB", {}) == "сторона"  # no verb reading: the best one left


def test_morph_tags_compare_by_their_whole_tag():
    from ruevents.backends.slovnet import MorphTag

    nominative = MorphTag("NOUN", {"Case": "Nom"}, conll="NOUN|Case=Nom")
    genitive = MorphTag("NOUN", {"Case": "Gen"}, conll="NOUN|Case=Gen")
    assert nominative != genitive and len({nominative, genitive}) == 2
    with pytest.raises(TypeError):
        MorphTag("NOUN", {"Case": "Nom"})  # a tag says what it is
