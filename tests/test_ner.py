"""NER stage: slovnet news NER into doc.ents."""

from __future__ import annotations

import pytest

from ruevents.stages.ner import bio_spans, sentence_groups


@pytest.mark.parametrize(
    "tags, spans",
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_ner_bio_spans(tags, spans):
    assert bio_spans(list(range(len(tags))), tags) == spans


def test_ner_bio_spans_use_the_token_indexes_given():
    # whitespace tokens are not shown to the model: a span's ends are token indexes, not positions
    assert bio_spans([2, 4, 5, 7], ["B-PER", "I-PER", "O", "B-LOC"]) == [(2, 5, "PER"), (7, 8, "LOC")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Валерий Герасимов прибыл в Баку.", {("Валерий Герасимов", "PER"), ("Баку", "LOC")}),
        ("Пресс-служба Минобороны сообщила об этом.", {("Минобороны", "ORG")}),
        ("Мария Захарова выступила в Москве.", {("Мария Захарова", "PER"), ("Москве", "LOC")}),
    ],
)
def test_ner_labels(nlp, text, expected):
    doc = nlp(text)
    found = {(e.text, e.label_) for e in doc.ents}
    assert expected <= found


def test_ner_entities_never_cross_sentences(nlp):
    doc = nlp("Он приехал в Москву\n\nПутин встретился с Алиевым. В Баку прошли переговоры.")
    for ent in doc.ents:
        assert ent.sent.start <= ent.start and ent.end <= ent.sent.end


def test_ner_matches_slovnet_on_whole_text():
    """Per-sentence tagging gives the spans slovnet finds on the whole text here."""
    from slovnet import NER

    from ruevents import load
    from ruevents.backends import slovnet
    from ruevents.backends.paths import NER_FILE, model_path

    text = "Глава МИД России Сергей Лавров провёл переговоры с Ван И в Пекине. Об этом сообщили в Министерстве иностранных дел КНР."
    reference = NER.load(str(model_path(NER_FILE))).navec(slovnet.embedding())
    expected = {(s.start, s.stop, s.type) for s in reference(text).spans}
    doc = load().make_doc(text)
    doc = load().get_pipe("ruevents_ner")(load().get_pipe("ruevents_syntax")(load().get_pipe("ruevents_morph")(doc)))
    assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} == expected


def test_ner_organisation_of_an_organisation_is_one_name(nlp):
    doc = nlp("Председатель Военного комитета НАТО прибыл в Брюссель.")
    assert ("Военного комитета НАТО", "ORG") in {(e.text, e.label_) for e in doc.ents}
    assert "Военный комитет НАТО" in {e._.canonical for e in doc.ents}


def test_ner_place_after_an_organisation_stays_apart(nlp):
    doc = nlp("Об этом сообщили в МИД России.")
    assert {(e.text, e.label_) for e in doc.ents} >= {("России", "LOC")}


def test_ner_batched_tags_match_slovnet_own_model():
    """Our inference (cached ids, our CNN data layout, length-sorted batches) gives slovnet's tags."""
    from ruevents.backends import slovnet

    sequences = [
        ["Валерий", "Герасимов", "прибыл", "в", "Баку", "."],
        ["Стороны", "обсудят", "вопросы", "военной", "деятельности", "НАТО", "и", "России", "."],
        ["Президент", "Азербайджана", "Ильхам", "Алиев", "заявил", "."],
        ["Привет"],
    ]
    api = slovnet.ner_model()
    encoder, model, decode = api.infer.encoder, api.infer.model, api.infer.decoder.tags_vocab.decode
    expected = []
    for words in sequences:  # slovnet's own path, one sequence at a time
        inputs = encoder.input([encoder.item(words)])
        emissions = model(inputs.word_id, inputs.shape_id, inputs.pad_mask)
        expected.append([decode(t) for t in model.head.crf.decode(emissions, ~inputs.pad_mask)[0]])
    assert slovnet.tag_ner(sequences, batch_size=3) == expected
    assert "B-PER" in expected[0]


def test_ner_cnn_encoder_equals_slovnet_own_bit_for_bit():
    import numpy as np

    from ruevents.backends import slovnet

    api = slovnet.ner_model()
    words = [["Валерий", "Герасимов", "прибыл", "в", "Баку", "."], ["НАТО", "и", "Россия"], ["Привет"]]
    inputs = slovnet._encode(api, words)
    model = api.infer.model
    x = model.emb(inputs.word_id, inputs.shape_id)
    ours = slovnet.cnn_encode(model.encoder, x, inputs.pad_mask)
    theirs = model.encoder(x, inputs.pad_mask)
    assert ours.shape == theirs.shape
    assert np.array_equal(ours, theirs)
    assert not ours[2, 1:].any()  # padding stays zero


@pytest.mark.parametrize("capacity", [10_000, 5, 3])
def test_ner_first_layer_projections_equal_slovnet_convolution(capacity):
    """Layer 1 computed per word (remembered, forgotten when full, or not
    remembered when a batch alone has more words than fit) is slovnet's
    convolution up to float32 rounding, padding included."""
    import numpy as np

    from ruevents.backends import slovnet

    api = slovnet.ner_model()
    model = api.infer.model
    projections = slovnet.FirstLayerProjections(model, capacity=capacity)
    batches = [
        [["Валерий", "Герасимов", "прибыл", "в", "Баку", "."], ["НАТО", "и", "Россия"], ["Привет"]],
        [["Стороны", "обсудят", "вопросы", "Зыбкоглоть", "42", "!"], ["Баку"]],
    ]
    for words in batches * 2:  # twice: the second time from what was remembered
        inputs = slovnet._encode(api, words)
        conv = model.encoder.layers[0].conv
        x = model.emb(inputs.word_id, inputs.shape_id)
        expected = conv(x.swapaxes(1, 2)).swapaxes(1, 2)  # slovnet's own Conv1d: (batch, filters, length)
        got = projections(inputs.word_id, inputs.shape_id)
        assert got.shape == expected.shape
        assert np.allclose(got, expected, atol=1e-4, rtol=1e-5)
    assert len(projections.row_of) <= capacity


class _Sentence:
    def __init__(self, n):
        self.words = ["w"] * n


@pytest.mark.parametrize(
    "lengths, limit, groups",
    [
        ([], 10, []),
        ([3, 3, 3], 10, [(0, 3)]),
        ([6, 5, 4], 10, [(0, 1), (1, 3)]),
        ([15, 2, 2], 10, [(0, 1), (1, 3)]),  # a long sentence is a group of its own
        ([2, 15, 2], 10, [(0, 1), (1, 2), (2, 3)]),
        ([0, 5, 5], 10, [(0, 3)]),
    ],
)
def test_ner_sentence_groups_hold_consecutive_sentences_up_to_the_limit(lengths, limit, groups):
    assert sentence_groups([_Sentence(n) for n in lengths], limit=limit) == groups


def test_ner_grouped_tagging_gives_every_sentence_its_entities(nlp):
    text = "Валерий Герасимов прибыл в Баку. " * 12 + "Там его встретил Закир Гасанов."
    doc = nlp(text)
    people = [e.text for e in doc.ents if e.label_ == "PER"]
    assert people.count("Валерий Герасимов") == 12 and "Закир Гасанов" in people
    assert all(e.sent.start <= e.start and e.end <= e.sent.end for e in doc.ents)


def test_ner_models_share_navec_word_list_and_index():
    """One copy of the 250,000 words in the process, not one per model (~40 MB each)."""
    from ruevents.backends import slovnet

    navec_vocab = slovnet.embedding().vocab
    for api in (slovnet.morph_model(), slovnet.syntax_model(), slovnet.ner_model()):
        words_vocab = api.infer.encoder.words_vocab
        assert words_vocab.items is navec_vocab.words and words_vocab.item_ids is navec_vocab.word_ids
        assert words_vocab.encode("москва") == navec_vocab["москва"]
