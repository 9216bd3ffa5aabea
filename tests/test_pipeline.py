"""The pipeline as a whole: stage order, batching, determinism."""

from __future__ import annotations

import pytest

import ruevents
from ruevents.pipeline import STAGES, build


def test_pipeline_stage_order(nlp):
    assert tuple(nlp.pipe_names)[: len(STAGES)] == STAGES
    assert nlp.lang == "ru"


def test_pipeline_missing_requirement_fails_at_build():
    with pytest.raises(ValueError, match="requirements"):
        build(stages=("ruevents_syntax",))


def _annotations(doc):
    return (
        [(t.text, t.idx, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_) for t in doc],
        [(e.start_char, e.end_char, e.label_, e._.canonical) for e in doc.ents],
        doc._.entities,
    )


TEXTS = [
    "19 апреля глава российского Генштаба Валерий Герасимов прибыл в Баку.",
    "Стороны обсудят вопросы военной деятельности НАТО и России.",
    "",
    "   \n",
    "Президент Азербайджана Ильхам Алиев заявил, что встречи служат укреплению доверия. Об этом сообщает пресс-служба.",
    "Кратко.",
] * 3


def test_pipeline_batching_leaves_output_identical(nlp):
    one_by_one = [_annotations(nlp(text)) for text in TEXTS]
    for batch_size in (1, 4, 32):
        batched = [_annotations(doc) for doc in nlp.pipe(TEXTS, batch_size=batch_size)]
        assert batched == one_by_one


def test_pipeline_batches_models_across_documents(nlp, monkeypatch):
    from ruevents.backends import slovnet

    calls = []
    original = slovnet.tag_morph

    def counting(sentences, **kwargs):
        calls.append(len(sentences))
        return original(sentences, **kwargs)

    monkeypatch.setattr(slovnet, "tag_morph", counting)
    list(nlp.pipe(TEXTS[:6], batch_size=6))
    # one model call for the whole batch of documents, not one per document
    assert calls == [sum(len(list(nlp.make_doc(t).sents)) for t in TEXTS[:6])]


def test_pipeline_load_is_shared():
    assert ruevents.load() is ruevents.load()


def test_pipeline_load_loads_every_model():
    from ruevents.backends import pymorphy, slovnet

    ruevents.load()
    for model in (slovnet.morph_model, slovnet.syntax_model, slovnet.ner_model, pymorphy.analyzer):
        assert model.cache_info().currsize == 1, model.__name__


def test_pipeline_load_leaves_the_callers_garbage_collection_alone():
    """The library never freezes its caller's heap; the batch run's own processes do."""
    script = (
        "import gc, ruevents\n"
        "from ruevents.batch.work import init_worker\n"
        "ruevents.load(); assert gc.get_freeze_count() == 0, gc.get_freeze_count()\n"
        "init_worker(); assert gc.get_freeze_count() > 10000, gc.get_freeze_count()\n"
    )
    import subprocess
    import sys

    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]


def test_pipeline_leaves_no_reference_cycle_through_the_doc(nlp):
    """A Doc the whole chain has analysed is freed by reference counting when
    its caller lets it go: the stages' working data (token table, mention
    index) holds tokens and spans of the Doc and is dropped at the end, so no
    Doc waits as cyclic garbage for the collector, which would then run (and
    free a batch of Docs) in whatever stage of a later batch it happens to."""
    import gc
    import weakref

    text = "Вчера президент России Владимир Путин встретился в Анкаре с Реджепом Тайипом Эрдоганом. Он заявил, что переговоры были полезными."
    enabled = gc.isenabled()
    gc.disable()  # only reference counting may free it
    try:
        doc = nlp.make_doc(text)
        doc._.date = "2018-04-04"
        doc = nlp(doc)
        assert doc._.events  # the event rules ran, with their indexes
        gone = weakref.ref(doc)
        del doc
        assert gone() is None
    finally:
        if enabled:
            gc.enable()


def test_pipeline_extract_from_several_threads_at_once():
    """Threads take turns through the shared pipeline (its memory zones would
    free each other's strings): every call gives the record it gives alone."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Глава компании «Брамбикс-{n}» Евлампий Куркин-{n} прибыл в Зыряновск-{n}." for n in range(24)]
    alone = [ruevents.extract(text).model_dump() for text in texts]
    with ThreadPoolExecutor(max_workers=3) as pool:
        together = list(pool.map(lambda text: ruevents.extract(text).model_dump(), texts))
    assert together == alone


def test_pipeline_extract_inside_a_callers_memory_zone():
    nlp = ruevents.load()
    with nlp.memory_zone():
        record = ruevents.extract("Аполлинарий Квакшин-77 встретился с Евлампием Куркиным-77 в Кырыштау.")
    assert {e.name for e in record.entities if e.type == "PER"} >= {"Аполлинарий Квакшин-77"}


def test_pipeline_extract_many_batches_by_count_and_by_characters(nlp, monkeypatch):
    from ruevents import api

    batches = []
    original = type(nlp).pipe

    def counting(self, docs, **kwargs):
        docs = list(docs)
        batches.append(len(docs))
        return original(self, docs, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", counting)
    texts = ["Стороны обсудят вопросы.", "Кратко.", "Герасимов прибыл в Баку.", "Вчера."]
    records = list(ruevents.extract_many(texts, batch_size=3))
    assert batches == [3, 1]
    batches.clear()
    monkeypatch.setattr(api, "BATCH_CHARACTERS", 30)  # two short news texts at most
    assert list(ruevents.extract_many(texts, batch_size=3)) == records
    assert batches == [2, 2]


def test_pipeline_extract_many_leaves_the_vocabulary_as_it_found_it():
    """New words of a stream do not stay in spaCy's string store (memory
    zones): memory stays flat over a long run of new text.  Only morphological
    feature strings stay, a set bounded by the morph model's tags."""
    nlp = ruevents.load()
    before = set(nlp.vocab.strings)
    texts = [f"Глава компании «Зюмбрикс-{n}» Аполлинарий Квакшин-{n} встретился с партнёрами в Кырыштау-{n}." for n in range(40)]
    records = list(ruevents.extract_many(texts))
    assert all(record.entities for record in records)
    added = set(nlp.vocab.strings) - before
    assert all("=" in string for string in added), sorted(added)
    assert not any("Квакшин" in string or "Кырыштау" in string for string in nlp.vocab.strings)


def test_pipeline_slow_lexeme_attributes_are_remembered_with_spacy_values():
    import spacy

    from ruevents.pipeline import REMEMBERED_LEXEME_ATTRS

    nlp, plain = ruevents.load(), spacy.blank("ru")
    words = ["Двадцать", "пять", "человек", "example.com", "2018", "Баку", "—"]
    for attr in REMEMBERED_LEXEME_ATTRS:
        ours, theirs = nlp.vocab.lex_attr_getters[attr], plain.vocab.lex_attr_getters[attr]
        assert hasattr(ours, "cache_info")
        assert [ours(w) for w in words] == [theirs(w) for w in words]
    doc = nlp("Двадцать пять человек.")
    assert [t.like_num for t in doc] == [True, True, False, False]
