"""Builds the spaCy ``Language`` in stage order and checks that it is whole."""

from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from spacy.attrs import LIKE_NUM, LIKE_URL, SHAPE
from spacy.language import Language

from . import stages  # noqa: F401  (registers the component factories)
from .extensions import register_extensions

#: The chain, in order.  Later issues append coreference, times and events.
STAGES: tuple[str, ...] = (
    "ruevents_morph",
    "ruevents_syntax",
    "ruevents_ner",
    "ruevents_ner_rules",
    "ruevents_names",
    "ruevents_entities",
    "ruevents_coref",
    "ruevents_times",
    "ruevents_events",
)


#: lexeme attributes whose getters are slow enough to remember per word (spaCy's
#: Russian ``like_num`` takes 12 µs a word)
REMEMBERED_LEXEME_ATTRS = (LIKE_NUM, LIKE_URL, SHAPE)
LEXEME_MEMORY = 50_000


def _remember_slow_lexeme_attributes(nlp: Language) -> None:
    """Each batch runs in a memory zone (``api.extract_many``), so the words of
    every batch become new lexemes whose attributes spaCy computes again: the
    slow getters answer from a bounded cache of their own instead.  The values
    are the same."""
    getters = nlp.vocab.lex_attr_getters
    for attr in REMEMBERED_LEXEME_ATTRS:
        if attr in getters and not hasattr(getters[attr], "cache_info"):
            getters[attr] = lru_cache(maxsize=LEXEME_MEMORY)(getters[attr])


def build(*, stages: tuple[str, ...] = STAGES, batch_size: int = 32) -> Language:
    """A fresh pipeline: blank Russian vocab, razdel tokenizer, our stages."""
    register_extensions()
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": "ruevents.razdel_tokenizer.v1"}}})
    _remember_slow_lexeme_attributes(nlp)
    for name in stages:
        batched = "batch_size" in (nlp.get_factory_meta(name).default_config or {})
        nlp.add_pipe(name, config={"batch_size": batch_size} if batched else {})
    problems = nlp.analyze_pipes()["problems"]
    missing = {stage: needs for stage, needs in problems.items() if needs}
    if missing:
        raise ValueError(f"expected every stage's requirements to be met by an earlier stage, got {missing}")
    return nlp


#: run through the chain once by :func:`load`, so that every model and word list is loaded
WARM_UP_TEXT = "19 апреля 2018 года Валерий Герасимов встретился в Баку с министром обороны Азербайджана."


@lru_cache(maxsize=4)
def load(*, batch_size: int = 32) -> Language:
    """The shared pipeline, with every model and word list loaded."""
    nlp = build(batch_size=batch_size)
    doc = nlp.make_doc(WARM_UP_TEXT)
    doc._.date = "2018-04-19"
    nlp(doc)
    return nlp


def freeze_loaded() -> None:
    """Move everything alive now (the loaded models, in a process that has
    just loaded them) out of the cyclic garbage collector's sight.

    The models live as long as the process, and re-scanning their hundred
    thousand objects at every full collection costs several percent of a run.
    ``gc.freeze`` takes every object of the process, so only processes that
    ruevents owns call this (the batch run and its workers), never the
    library on its caller's behalf.
    """
    gc.collect()  # no garbage is kept for ever
    gc.freeze()
