"""Morphology: slovnet news tags as UD POS/features, lemmas from pymorphy3.

The lemma comes from the pymorphy3 parse that agrees best with slovnet's tag,
so «стороны» tagged Nom Plur lemmatises to «сторона», not to a genitive reading.
Whitespace tokens get POS ``SPACE`` and themselves as lemma.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from ..backends import pymorphy, slovnet
from ._batching import BatchedStage, register
from .tokenize import model_sentences


class MorphStage(BatchedStage):
    def __init__(self) -> None:
        # per model tag: (spaCy POS id, morphology key, features as a tuple); a few hundred tags
        self._tag_codes: dict[slovnet.MorphTag, tuple[int, int, tuple]] = {}

    def _codes(self, tag: slovnet.MorphTag, doc: Doc) -> tuple[int, int, tuple]:
        codes = self._tag_codes.get(tag)
        if codes is None:
            if tag.pos not in POS_IDS:
                raise ValueError(f"expected a UD part of speech from the morph model, got {tag.pos!r}")
            morph = doc.vocab.morphology.add(tag.feats) if tag.feats else 0
            codes = self._tag_codes[tag] = (POS_IDS[tag.pos], morph, tuple(tag.feats.items()))
        return codes

    def process(self, docs: list[Doc]) -> None:
        per_doc = [model_sentences(doc) for doc in docs]
        tags = iter(slovnet.tag_morph([sent.words for sents in per_doc for sent in sents]))
        for doc, sents in zip(docs, per_doc):
            if not len(doc):
                continue
            strings = doc.vocab.strings
            # whitespace tokens keep these: POS SPACE, no features, the token's text as lemma
            array = numpy.zeros((len(doc), 3), dtype="uint64")
            array[:, 0] = POS_IDS["SPACE"]
            array[:, 2] = doc.to_array(ORTH)
            for sent, sent_tags in zip(sents, tags):
                for i, word, tag in zip(sent.indexes, sent.words, sent_tags):
                    pos, morph, feats = self._codes(tag, doc)
                    array[i, 0] = pos
                    array[i, 1] = morph
                    array[i, 2] = strings.add(pymorphy.lemmatize_tagged(word, tag.pos, feats))
            doc.from_array([POS, MORPH, LEMMA], array)


register("ruevents_morph", MorphStage, assigns=["token.pos", "token.morph", "token.lemma"])
